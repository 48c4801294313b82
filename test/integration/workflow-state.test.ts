import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowState } from '../../client/workflow-state';
import { timeSkippingEnv, workflowBundle } from '../helpers/temporal';
import { doneSignal, reader, signalsQuery, waiter } from '../fixtures/sleeper';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnv('2020-01-01T00:00:00+08:00');
});
afterAll(() => env?.teardown());

/** `work`, or a failure naming `what` once it has waited `ms` (a call that waits for good). */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  const stalled = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref(),
  );
  return Promise.race([work, stalled]);
}

const worker = async () =>
  Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'state',
    workflowBundle: await workflowBundle(require.resolve('../fixtures/sleeper')),
  });

test('a running workflow answers its query; a completed one is read from its result, with no worker', async () => {
  const handle = await env.client.workflow.start(waiter, { workflowId: 'state-1', taskQueue: 'state' });
  const running = await (
    await worker()
  ).runUntil(async () => {
    const before = await workflowState(env.client, 'state-1', signalsQuery);
    await handle.signal(doneSignal);
    await handle.result();
    return before;
  });
  expect(running).toBe(0);
  // No worker polls any more: a query of the closed workflow would wait for one to replay it.
  expect(
    await within(10_000, 'the completed workflow', workflowState(env.client, 'state-1', signalsQuery)),
  ).toBe(1);
  expect(await workflowState(env.client, 'state-none', signalsQuery)).toBeUndefined();
});

// An activity reads states while the test driver sleeps through time (the monthly bulletin in a
// previewed year): the read must leave the time-skipping server's clock as it found it. The test
// client's own result() unlocks and locks time skipping around the read, which left it locked.
test('an activity reading a completed workflow during a time-skipping sleep leaves time skipping on', async () => {
  const handle = await env.client.workflow.start(waiter, { workflowId: 'state-2', taskQueue: 'state' });
  const w = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'state',
    workflowBundle: await workflowBundle(require.resolve('../fixtures/sleeper')),
    activities: { readSignals: (id: string) => workflowState(env.client, id, signalsQuery) },
  });
  const seen = await w.runUntil(async () => {
    await handle.signal(doneSignal);
    await handle.result();
    const read = await env.client.workflow.start(reader, {
      workflowId: 'state-reader',
      taskQueue: 'state',
      args: ['state-2'],
    });
    await within(10_000, 'a two-day sleep', env.sleep('2 days'));
    return within(10_000, 'the reader', read.result());
  });
  expect(seen).toBe(1);
});
