import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { timeSkippingEnv, workflowBundle } from '../helpers/temporal';
import { sleeper } from '../fixtures/sleeper';

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
