// Replays the histories recorded from test/workflows/task.test.ts (CIV_RECORD_HISTORIES=1) with
// today's workflow code: a change that would break workflows already running fails here. Such a
// change needs `patched()` from @temporalio/workflow, and the old histories keep passing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../helpers/temporal';

const dir = join(__dirname, '..', 'fixtures', 'histories');
const histories = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    name: f.replace(/\.json$/, ''),
    history: temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(join(dir, f), 'utf8'))),
  }));

test('recorded histories exist for every task scenario', () => {
  expect(histories.map((h) => h.name).sort()).toEqual([
    'all-report-early',
    'holiday-reminders',
    'invalid-messages',
    'late-message-after-sign-off',
    'milestone-reminders',
    'one-branch-never-reports',
    'return-extend-kpi-override',
    'v1-extension-during-send',
    'v1-reminder-collision',
    'v1-started-after-year',
    'v1-year-end-awaiting-sign-off',
  ]);
});

test.each(histories.map((h) => [h.name, h.history] as const))(
  '%s replays with the current workflow code',
  async (name, history) => {
    const bundle = await workflowBundle(require.resolve('../../workflows'));
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle }, history, `replay-${name}`),
    ).resolves.toBeUndefined();
  },
);

test('an incompatible change is caught', async () => {
  const bundle = await workflowBundle(require.resolve('../fixtures/incompatible-task-workflow'));
  const [first] = histories;
  await expect(
    Worker.runReplayHistory({ workflowBundle: bundle }, first.history, 'replay-broken'),
  ).rejects.toBeInstanceOf(DeterminismViolationError);
});
