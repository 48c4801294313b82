// What an admin does in Temporal UI, or what happens in an office, never breaks a year: on the
// time-skipping server with the annual plan workflow, its items and the real activities. An outage
// of Temporal while the plan starts; a month's theme triggered again after it closed; items started
// by hand and a carry-over started before its year's plan; the plan terminated and started again;
// the plan file gone while the plan continues as new.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { carriedTaskDefinition, taskDefinition } from '../../domain/item-definition';
import {
  carryoverWorkflowId,
  planWorkflowId,
  taskWorkflowId,
  themeStarterWorkflowId,
  themeWorkflowId,
} from '../../domain/ids';
import type { ItemState } from '../../domain/item-state';
import type { PlanState } from '../../domain/plan-state';
import { rollPlan } from '../../domain/plan-roll';
import {
  changeLeadUpdate,
  extendDeadlineUpdate,
  decideUpdate,
  definitionQuery,
  planStatusQuery,
  reportUpdate,
  statusQuery,
} from '../../wire/messages';
import { type ThemeStarterWorkflow, type TaskWorkflow, WORKFLOW_TYPES } from '../../wire/workflow-types';
import { recordHistory } from '../helpers/histories';
import { PLAN_QUEUE, planHarness, type PlanHarness } from '../helpers/plan-harness';
import { plan2020, rolledPlanText } from '../helpers/plans';

jest.setTimeout(300_000);

const PLAN = planWorkflowId(2020);
const THEME_11 = themeWorkflowId(2020, '11');
const THEME_12 = themeWorkflowId(2020, '12');
const TASK_05 = taskWorkflowId(2020, '05');
const CARRIED = carryoverWorkflowId(2021, 2020, '05');

let h: PlanHarness;
let scheduleCalls = 0;
beforeAll(async () => {
  h = await planHarness(
    '2020-11-02T09:30:00+08:00',
    {
      '2020.yaml': readFileSync(join(__dirname, '..', '..', 'plans', '2020.yaml'), 'utf8'),
      '2021.yaml': rolledPlanText(2021),
    },
    (activities) => ({
      ...activities,
      // Temporal is out for a while when the 2020 plan makes sure of its Schedule.
      ensureThemeSchedule: async (year: number) => {
        if (year === 2020 && ++scheduleCalls <= 4)
          throw ApplicationFailure.retryable('connection refused (simulated outage)', 'Unavailable');
        return false;
      },
    }),
  );
});
afterAll(() => h?.close());

const handle = (id: string) => h.env.client.workflow.getHandle(id);
const itemState = (id: string): Promise<ItemState> => handle(id).query(statusQuery);
const planState = (id = PLAN): Promise<PlanState> => handle(id).query(planStatusQuery);
const mails = (workflowId: string, kind: string) =>
  h.smtp.messages.filter(
    (m) => m.headers.get('x-civ-workflow') === workflowId && m.headers.get('x-civ-kind') === kind,
  ).length;
/**
 * Workflow tasks that failed. Left out: the server's refusal of a continue-as-new while signals were
 * still coming in (UNHANDLED_COMMAND), which Temporal answers with a new task holding them.
 */
async function failedTasks(workflowId: string, runId?: string): Promise<number> {
  const history = await h.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  const UNHANDLED_COMMAND =
    temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND;
  return history.events!.filter(
    (e) =>
      e.workflowTaskFailedEventAttributes && e.workflowTaskFailedEventAttributes.cause !== UNHANDLED_COMMAND,
  ).length;
}

/** TIMER_CANCELED events in the plan workflow's current run. */
async function planTimersCancelled(): Promise<number> {
  const history = await handle(PLAN).fetchHistory();
  return history.events!.filter((e) => e.timerCanceledEventAttributes).length;
}

test('an outage of Temporal while the plan starts: its activities are retried, and the year goes on', async () => {
  await h.startPlan(2020);
  await h.until(async () => (await itemState(TASK_05)).handledKeys.includes('assignment'), 'task 05');
  // Retried after 5, 10, 20 and 40 s: a version that gave up after 3 attempts failed the year here.
  await h.env.sleep(90_000);
  expect(scheduleCalls).toBe(5);
  expect((await handle(PLAN).describe()).status.name).toBe('RUNNING');
});

test('a change of lead typed into Temporal UI in the right shape is not believed; the plan’s is', async () => {
  const forged = { name: '冒名', email: 'forged.lead@example.com' };
  const at = new Date(await h.env.currentTimeMs()).toISOString();
  await handle(TASK_05).signal('leadChanged', { branch: 'legal', actor: '赵丽', lead: forged, at });
  // Then a real change, of the other branch, made through the plan as the office makes it.
  const real = { name: '陈新', email: 'chen.xin@example.gov.cn' };
  await handle(PLAN).executeUpdate(changeLeadUpdate, {
    args: [{ branch: 'office', actor: '赵丽', lead: real, channel: 'portal' }],
  });
  const def = await h.until(async () => {
    const d = await handle(TASK_05).query(definitionQuery);
    return d.branches.find((b) => b.id === 'office')?.lead.email === real.email ? d : undefined;
  }, 'the real change to reach task 05');
  expect(def.branches.map((b) => [b.id, b.lead.email])).toEqual([
    ['legal', 'he.min@example.gov.cn'],
    ['office', real.email],
  ]);
  expect((await itemState(TASK_05)).leadChanges?.map((c) => [c.branch, c.to])).toEqual([
    ['office', real.email],
  ]);
  expect(h.smtp.envelopes.filter((e) => e.rcptTo.includes(forged.email))).toEqual([]);
  expect(await failedTasks(TASK_05)).toBe(0);
  await recordHistory(handle(TASK_05), 'task-forged-lead-change');
});

test('an Update that comes while the item asks its plan who leads mails the new lead', async () => {
  const newLead = { name: '李娜', email: 'li.na@example.gov.cn' };
  await handle(PLAN).executeUpdate(changeLeadUpdate, {
    args: [{ branch: 'legal', actor: '赵丽', lead: newLead, channel: 'portal' }],
  });
  // The prompt (as the plan sends it) and, right behind it, an extension: the item is still asking
  // its plan when the extension arrives, and announces it to the lead the plan now names.
  const at = new Date(await h.env.currentTimeMs()).toISOString();
  await handle(TASK_05).signal('leadChanged', { branch: 'legal', actor: '赵丽', lead: newLead, at });
  await handle(TASK_05).executeUpdate(extendDeadlineUpdate, {
    args: [{ actor: '李明', newDue: '2020-12-24', reason: '结合年终工作统筹安排' }],
  });
  const extended = await h.until(async () => {
    const i = h.smtp.messages.findIndex(
      (m) => m.headers.get('x-civ-workflow') === TASK_05 && m.headers.get('x-civ-kind') === 'extended',
    );
    return i < 0 ? undefined : h.smtp.envelopes[i].rcptTo.map((r) => r.toLowerCase());
  }, 'the extension of task 05 to be mailed');
  expect(extended).toContain(newLead.email);
  expect(extended).not.toContain('he.min@example.gov.cn');
  expect(await failedTasks(TASK_05)).toBe(0);
});

test('a closed theme is never started again, by its Schedule triggered again or otherwise', async () => {
  const theme = handle(THEME_11);
  const { branches } = await itemState(THEME_11);
  const timersCancelled = await planTimersCancelled();
  for (const b of branches)
    await theme.executeUpdate(reportUpdate, { args: [{ branch: b.id, actor: '测试', summary: '已开展' }] });
  await theme.executeUpdate(decideUpdate, { args: [{ verdict: 'approve', actor: '赵丽', comment: '同意' }] });
  // Polled with the clock held (awaiting the result would let the test server skip ahead).
  await h.until(async () => (await theme.describe()).status.name === 'COMPLETED', 'theme 11 to complete');
  expect((await itemState(THEME_11)).phase).toBe('signed-off');
  await h.until(async () => (await planState()).items[THEME_11]?.state === 'signed-off', 'the plan to hear');
  // Woken by the close, the plan keeps the timer of its next mail: no timer cancelled and started again.
  expect(await planTimersCancelled()).toBe(timersCancelled);
  const run = (await theme.describe()).runId;

  // The month's starter, triggered by hand after the theme closed.
  const again = await h.env.client.workflow.execute<ThemeStarterWorkflow>(WORKFLOW_TYPES.themeStarter, {
    taskQueue: PLAN_QUEUE,
    workflowId: `${themeStarterWorkflowId(2020)}-again`,
    args: [{ year: 2020 }],
  });
  expect(again).toBe(`${PLAN} was asked to start ${THEME_11}`);
  await h.until(async () => (await planState()).items[THEME_11]?.state === 'signed-off', 'theme 11 closed');
  await h.env.sleep(60_000);
  expect((await theme.describe()).runId).toBe(run);
  expect(mails(THEME_11, 'assignment')).toBe(1);
});

test('an item started by hand, without reportTo, reports to its plan', async () => {
  const started = await h.env.client.workflow.start('themeWorkflow', {
    taskQueue: PLAN_QUEUE,
    workflowId: THEME_12,
    args: [{ year: 2020, month: 12 }],
  });
  const item = await h.until(async () => (await planState()).items[THEME_12], 'theme 12 in the plan');
  expect(item).toMatchObject({ state: 'scheduled', run: started.firstExecutionRunId });
});

test('a carry-over started before its year’s plan reaches the plan once it runs', async () => {
  const plan2021 = rollPlan(plan2020(), 2021).plan;
  const definition = carriedTaskDefinition(taskDefinition(plan2020(), '05'), plan2021, {
    from: TASK_05,
    due: '2021-01-29',
    branches: ['legal'],
  });
  await h.env.client.workflow.start<TaskWorkflow>(WORKFLOW_TYPES.task, {
    taskQueue: PLAN_QUEUE,
    workflowId: CARRIED,
    args: [{ year: 2021, task: '05', definition, reportTo: planWorkflowId(2021) }],
  });
  await h.until(async () => (await itemState(CARRIED)).handledKeys.includes('assignment'), 'the carry-over');
  await h.startPlan(2021);
  await h.env.sleep(2 * 60_000);
  const item = await h.until(
    async () => (await planState(planWorkflowId(2021))).items[CARRIED],
    'the carry-over in the 2021 plan',
  );
  expect(item).toMatchObject({ kind: 'task', id: '05', state: 'open' });
});

test('the plan terminated and started again: what closed stays closed, what runs is found', async () => {
  const before = (await planState()).items;
  await handle(PLAN).terminate('started with the wrong plan file (test)');
  await h.startPlan(2020);
  const after = await h.until(async () => {
    const s = await planState();
    return s.items[THEME_11] && s.items[TASK_05] && s.items[THEME_12] ? s : undefined;
  }, 'the new run to find its items');
  expect(after.items[THEME_11]).toMatchObject({ state: 'signed-off', run: before[THEME_11].run });
  expect(after.items[TASK_05]).toMatchObject({ state: 'open', run: before[TASK_05].run });
  expect(after.items[THEME_12].run).toBe(before[THEME_12].run);
  await h.env.sleep(60_000);
  expect(mails(THEME_11, 'assignment')).toBe(1);
  expect(mails(TASK_05, 'assignment')).toBe(1);
  expect((await handle(THEME_11).describe()).status.name).toBe('COMPLETED');
});

test('continue-as-new carries the year’s plan: the plan file gone, the next run goes on', async () => {
  rmSync(join(h.dir, '2020.yaml'));
  const first = (await handle(PLAN).describe()).runId;
  // Signals no plan acts on (typed into Temporal UI): dropped, but they grow the history.
  for (let i = 0; i < 300; i++) await handle(PLAN).signal('startTheme', { month: 13 });
  const run = await h.until(async () => {
    const d = await handle(PLAN).describe();
    return d.runId !== first ? d.runId : undefined;
  }, 'the plan to continue as new');
  const next = await h.env.client.workflow.getHandle(PLAN, run).fetchHistory();
  const [payload] = next.events![0].workflowExecutionStartedEventAttributes!.input!.payloads!;
  expect(JSON.parse(Buffer.from(payload.data!).toString('utf8'))).toMatchObject({
    year: 2020,
    plan: { year: 2020 },
    state: { phase: 'running' },
  });
  const state = await h.until(async () => {
    const s = await planState();
    return s.items[THEME_11] ? s : undefined;
  }, 'the next run to answer');
  expect(state.items[THEME_11].state).toBe('signed-off');
  expect((await handle(PLAN).describe()).status.name).toBe('RUNNING');
  expect([await failedTasks(PLAN, first), await failedTasks(PLAN, run)]).toEqual([0, 0]);
});
