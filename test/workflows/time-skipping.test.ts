import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { timeSkippingEnv, workflowBundle } from '../helpers/temporal';
import { doneSignal, signalsQuery, sleeper, waiter } from '../fixtures/sleeper';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnv('2020-01-01T00:00:00+08:00');
});
afterAll(() => env?.teardown());

test('a workflow sleeping 300 days finishes in seconds on the time-skipping server', async () => {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'sleeper',
    workflowBundle: await workflowBundle(require.resolve('../fixtures/sleeper')),
  });
  const wallStart = Date.now();
  const slept = await worker.runUntil(
    env.client.workflow.execute(sleeper, { args: [300], workflowId: 'sleeper-300', taskQueue: 'sleeper' }),
  );
  expect(slept).toBeGreaterThanOrEqual(300 * 86_400_000);
  // The clock started where the test asked: 2020, a past plan year.
  const { startTime, closeTime } = await env.client.workflow.getHandle('sleeper-300').describe();
  expect(startTime.toISOString()).toMatch(/^2019-12-31T16:/);
  expect(closeTime?.getUTCFullYear()).toBe(2020);
  expect(Date.now() - wallStart).toBeLessThan(30_000);
});

// Our launcher implements ResetStickyTaskQueue (scripts/test-server/StickyReset.java), which the
// fault run calls after each kill: without it, a workflow's queries and its next task would wait on
// the sticky queue of the worker that ran it last, long after that worker is gone.
test('a workflow whose worker is gone is served by the next worker once its sticky queue is reset', async () => {
  const bundle = await workflowBundle(require.resolve('../fixtures/sleeper'));
  const options = { connection: env.nativeConnection, taskQueue: 'waiter', workflowBundle: bundle };
  const handle = await env.client.workflow.start(waiter, { workflowId: 'waiter-1', taskQueue: 'waiter' });
  // The first worker runs the workflow (a cache by default, hence a sticky queue of its own) and stops.
  const first = await Worker.create(options);
  expect(await first.runUntil(handle.query(signalsQuery))).toBe(0);
  // Its next task goes to the first worker's sticky queue, where no one polls any more.
  await handle.signal(doneSignal);
  const second = await Worker.create(options);
  const result = second.runUntil(async () => {
    await env.client.workflowService.resetStickyTaskQueue({
      namespace: env.namespace ?? 'default',
      execution: { workflowId: 'waiter-1' },
    });
    return [await handle.result(), await handle.query(signalsQuery)];
  });
  const stalled = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('the task stayed on the dead sticky queue')), 30_000).unref(),
  );
  // The signal reached the workflow, and its queries now go to the second worker.
  expect(await Promise.race([result, stalled])).toEqual([1, 1]);
});
