// What starts late, on 1 December 2020. A task started after its due date (as on a live year started
// in December) sends its escalations at once, and `escalationLevel`, which `civ task status`,
// Temporal UI and the plan read, says how far the chase went, as the dashboard does. A plan's items
// start at its 印发 date, not the moment its workflow starts: a new year rolled over on 1 December
// mails nothing until its year's first working day (the plan giving no date), and a plan that says
// it was issued in the year before starts its items on that day. One time-skipping server for both.
import type { ParsedMail } from 'mailparser';
import { stringify } from 'yaml';
import type { ItemState } from '../../domain/item-state';
import { rollPlan } from '../../domain/plan-roll';
import { escalationLevel } from '../../domain/warning-light';
import { statusQuery } from '../../wire/messages';
import { WORKFLOW_TYPES } from '../../wire/workflow-types';
import { PLAN_QUEUE, planHarness, type PlanHarness } from '../helpers/plan-harness';
import { definition2020, organizationPlanText, plan2020 } from '../helpers/plans';

jest.setTimeout(300_000);

let h: PlanHarness;
beforeAll(async () => {
  const { plan } = rollPlan(plan2020(), 2021);
  expect(plan.document?.issuedOn).toBeUndefined();
  const early = organizationPlanText(2021, 'unit-a', '甲单位').replace(
    /issuedOn: .*/,
    'issuedOn: 2020-12-15',
  );
  h = await planHarness('2020-12-01T09:30:00+08:00', {
    '2021.yaml': stringify(plan),
    'unit-a/2021.yaml': early,
  });
});
afterAll(() => h?.close());

const assignedAt = async (id: string) =>
  (await exists(id)) ? (await h.env.client.workflow.getHandle(id).query(statusQuery)).assignedAt : undefined;

const exists = (id: string) =>
  h.env.client.workflow
    .getHandle(id)
    .describe()
    .then(() => true)
    .catch(() => false);

test('escalations sent at the start of a late task raise its escalation level', async () => {
  // Task 09 of the 2020 plan is due in April: on 1 December it is long overdue.
  const handle = await h.env.client.workflow.start(WORKFLOW_TYPES.task, {
    taskQueue: PLAN_QUEUE,
    workflowId: 'civ-2020-task-09',
    args: [{ year: 2020, task: '09', definition: definition2020('09') }],
  });
  const state: ItemState = await h.until(async () => {
    const s: ItemState = await handle.query(statusQuery);
    return s.notifications.some((n) => n.kind === 'escalation-head') ? s : undefined;
  }, 'the escalation to the head');
  const kinds = state.notifications.map((n) => n.kind);
  expect(kinds).toEqual(
    expect.arrayContaining(['escalation-office', 'escalation-deputy', 'escalation-head']),
  );
  // What went out: the office, the deputy in charge and the head were each mailed.
  expect(h.smtp.messages.filter((m) => /督办|催办/.test(m.subject ?? '')).length).toBeGreaterThanOrEqual(3);
  expect(state.escalationLevel).toBe(3);
  // The dashboard's count of the same notifications agrees.
  expect(escalationLevel(state)).toBe(state.escalationLevel);
});

/** A mail of the home organization's 2021 plan (the other's go to unit-a.example.gov.cn). */
const home = (m: ParsedMail) =>
  (m.subject ?? '').includes('2021') && !JSON.stringify(m.to ?? '').includes('unit-a');

const sleepUntil = async (instant: string) =>
  h.env.sleep(Date.parse(instant) - (await h.env.currentTimeMs()));

test('no assignment goes out before the plan is issued, nor before its year unless it says so', async () => {
  await h.startPlan(2021);
  await h.startPlan(2021, 'unit-a');
  // Both plan workflows run, and wait: nothing is started, nobody is mailed.
  await new Promise((r) => setTimeout(r, 3000));
  expect(await exists('civ-2021-task-05')).toBe(false);
  expect(await exists('civ-unit-a-2021-task-05')).toBe(false);
  expect(h.smtp.messages.filter((m) => m.subject?.includes('2021'))).toHaveLength(0);

  // The plan issued on 2020-12-15 (its own choice) starts its items that day at 09:00.
  await sleepUntil('2020-12-15T09:01:00+08:00');
  const early = await h.until(
    () => assignedAt('civ-unit-a-2021-task-05'),
    'the early plan’s task 05 assigned',
  );
  expect(Date.parse(early)).toBeGreaterThanOrEqual(Date.parse('2020-12-15T09:00:00+08:00'));
  expect(await exists('civ-2021-task-05')).toBe(false);
  expect(h.smtp.messages.filter(home)).toHaveLength(0);

  // The plan without a date: its year's first working day (1 January is a holiday, then a weekend).
  await sleepUntil('2021-01-04T09:01:00+08:00');
  const assigned = await h.until(() => assignedAt('civ-2021-task-05'), 'task 05 assigned');
  expect(Date.parse(assigned)).toBeGreaterThanOrEqual(Date.parse('2021-01-04T09:00:00+08:00'));
  expect(h.smtp.messages.filter(home).length).toBeGreaterThan(0);
});
