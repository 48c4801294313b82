// A plan's items start at its 印发 date, not the moment its workflow starts: a new year rolled over
// on 1 December mails nothing until its year's first working day (the plan giving no date), and a
// plan that says it was issued in the year before starts its items on that day.
import { stringify } from 'yaml';
import { rollPlan } from '../../domain/plan-roll';
import { statusQuery } from '../../wire/messages';
import { planHarness, type PlanHarness } from '../helpers/plan-harness';
import { organizationPlanText, plan2020 } from '../helpers/plans';

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

const sleepUntil = async (instant: string) =>
  h.env.sleep(Date.parse(instant) - (await h.env.currentTimeMs()));

test('no assignment goes out before the plan is issued, nor before its year unless it says so', async () => {
  await h.startPlan(2021);
  await h.startPlan(2021, 'unit-a');
  // Both plan workflows run, and wait: nothing is started, nobody is mailed.
  await new Promise((r) => setTimeout(r, 3000));
  expect(await exists('civ-2021-task-05')).toBe(false);
  expect(await exists('civ-unit-a-2021-task-05')).toBe(false);
  expect(h.smtp.messages).toHaveLength(0);

  // The plan issued on 2020-12-15 (its own choice) starts its items that day at 09:00.
  await sleepUntil('2020-12-15T09:01:00+08:00');
  const early = await h.until(
    () => assignedAt('civ-unit-a-2021-task-05'),
    'the early plan’s task 05 assigned',
  );
  expect(Date.parse(early)).toBeGreaterThanOrEqual(Date.parse('2020-12-15T09:00:00+08:00'));
  expect(await exists('civ-2021-task-05')).toBe(false);

  // The plan without a date: its year's first working day (1 January is a holiday, then a weekend).
  await sleepUntil('2021-01-04T09:01:00+08:00');
  const assigned = await h.until(() => assignedAt('civ-2021-task-05'), 'task 05 assigned');
  expect(Date.parse(assigned)).toBeGreaterThanOrEqual(Date.parse('2021-01-04T09:00:00+08:00'));
  const home = h.smtp.messages.filter((m) => !m.to || !JSON.stringify(m.to).includes('unit-a'));
  expect(home.length).toBeGreaterThan(0);
  for (const m of home)
    expect(m.date!.getTime()).toBeGreaterThanOrEqual(Date.parse('2021-01-04T09:00:00+08:00'));
});
