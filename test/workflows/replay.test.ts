// Replays the recorded histories with today's workflow code: a change that would break workflows
// already running fails here. Such a change needs `patched()` from @temporalio/workflow, and the
// old histories keep passing. Version 1's (no prefix, and `v1-*` for the scenarios version 2
// changed) run on the version-1 branches; `v2-*` were recorded from version 2 in a later commit
// than the code (CIV_RECORD_HISTORIES=1, see test/helpers/histories.ts). None is ever re-recorded.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { taskWorkflowId } from '../../domain/ids';
import { ITEM_LOCAL_DEFINITION_CHECK } from '../../workflows/item';
import { PLAN_LETS_DUE_TIMERS_FIRE } from '../../workflows/plan-timer';
import { decodedPayloads, HISTORY_DIR } from '../helpers/histories';
import { workflowBundle } from '../helpers/temporal';

const histories = readdirSync(HISTORY_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    name: f.replace(/\.json$/, ''),
    history: temporal.api.history.v1.History.fromObject(
      JSON.parse(readFileSync(join(HISTORY_DIR, f), 'utf8')),
    ),
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
    'v2-all-report-early',
    'v2-due-on-latest-day',
    'v2-extension-during-send',
    'v2-holiday-reminders',
    'v2-invalid-messages',
    'v2-item-local-definition-check',
    'v2-late-message-after-sign-off',
    'v2-lead-address-refused',
    'v2-milestone-reminders',
    'v2-office-mailbox-broken',
    'v2-one-branch-never-reports',
    'v2-org-plan',
    'v2-org-task-05',
    'v2-plan-lead-change-revocation',
    'v2-plan-local-theme-start',
    'v2-plan-mail-refused',
    'v2-plan-year-end-due-timer',
    'v2-reminder-on-friday',
    'v2-return-extend-kpi-override',
    'v2-started-after-year',
    'v2-task-acknowledgement-lead-change',
    'v2-task-forged-lead-change',
    'v2-theme-after-lead-change',
    'v2-year-end-awaiting-sign-off',
    'v2-year-late-festival-qingming',
    'v2-year-late-plan',
    'v2-year-late-task-05',
    'v2-year-late-theme-04',
  ]);
});

test('the year-end recording is one where a due timer was left to fire', () => {
  const { history } = histories.find((h) => h.name === 'v2-plan-year-end-due-timer')!;
  expect(decodedPayloads(history).some((p) => p.includes(`"${PLAN_LETS_DUE_TIMERS_FIRE}"`))).toBe(true);
});

test('the definition-check recording is one of an item that checked its definition locally', () => {
  const { history } = histories.find((h) => h.name === 'v2-item-local-definition-check')!;
  expect(decodedPayloads(history).some((p) => p.includes(`"${ITEM_LOCAL_DEFINITION_CHECK}"`))).toBe(true);
  expect(
    history.events?.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity'),
  ).toBe(true);
});

/**
 * The workflow id a history ran under, where its code checks it: an item of version 3 refuses an id
 * that is not the canonical one for its input. Others replay under a made-up id.
 */
const WORKFLOW_IDS: Record<string, string> = {
  'v2-task-forged-lead-change': taskWorkflowId(2020, '05'),
  'v2-item-local-definition-check': taskWorkflowId(2020, '05'),
};

test.each(histories.map((h) => [h.name, h.history] as const))(
  '%s replays with the current workflow code',
  async (name, history) => {
    const bundle = await workflowBundle(require.resolve('../../workflows'));
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle }, history, WORKFLOW_IDS[name] ?? `replay-${name}`),
    ).resolves.toBeUndefined();
  },
);

test.each(['all-report-early', 'v2-all-report-early'])(
  'an incompatible change is caught by %s',
  async (name) => {
    const bundle = await workflowBundle(require.resolve('../fixtures/incompatible-task-workflow'));
    const first = histories.find((h) => h.name === name)!;
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle }, first.history, 'replay-broken'),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  },
);
