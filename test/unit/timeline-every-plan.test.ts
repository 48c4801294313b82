// Every task of every shipped plan and of plans generated around the calendar's edges, through the
// timeline: no two planned notifications share a key, every one is at 09:00 on a working day, and
// none falls after the plan year. The workflow test (test/workflows/every-plan.long.test.ts) then
// checks that a simulated run sends each of them exactly once.
import { localDate } from '../../domain/calendar';
import { type Plan, validatePlan } from '../../domain/plan';
import { itemCalendar, taskDefinition } from '../../domain/item-definition';
import { applyReport, initialState } from '../../domain/item-state';
import { planTimeline, type Planned } from '../../domain/item-timeline';
import { generatedPlans, refusedCases, shippedPlans } from '../helpers/generated-plans';

const plans: { name: string; plan: Plan; cases?: Map<string, string> }[] = [
  ...shippedPlans().map((plan) => ({ name: `plans/${plan.year}.yaml`, plan })),
  ...generatedPlans().map(({ plan, cases }) => ({ name: `generated ${plan.year}`, plan, cases })),
];
const tasks = plans.flatMap(({ name, plan, cases }) =>
  plan.tasks.map((t) => [`${name} task ${t.id}${cases ? `: ${cases.get(t.id)}` : ''}`, plan, t.id] as const),
);

/** The collecting timeline (nobody reports) and the signing-off one (all report at once). */
function timelines(plan: Plan, id: string): { def: ReturnType<typeof taskDefinition>; planned: Planned[][] } {
  const def = taskDefinition(plan, id);
  const cal = itemCalendar(def);
  const start = Date.parse(`${plan.year - 1}-10-01T00:00:00+08:00`);
  const open = initialState(def, start);
  const ready = initialState(def, start);
  for (const b of def.branches)
    applyReport(ready, { branch: b.id, actor: 'x', summary: 'y' }, new Date(start).toISOString());
  return { def, planned: [planTimeline(def, open, cal), planTimeline(def, ready, cal)] };
}

test('the cases cover both shipped plans and three generated years', () => {
  expect(plans.map((p) => p.name)).toEqual([
    'plans/2020.yaml',
    'plans/2026.yaml',
    'generated 2020',
    'generated 2026',
    'generated 2027',
  ]);
  expect(tasks.length).toBeGreaterThan(100);
});

describe.each(tasks)('%s', (_name, plan, id) => {
  const { def, planned } = timelines(plan, id);
  const cal = itemCalendar(def);
  const yearEnd = cal.endOfDay(`${plan.year}-12-31`);

  test('no two planned notifications share a key', () => {
    for (const list of planned) expect(new Set(list.map((p) => p.key)).size).toBe(list.length);
  });

  test('every notification is at 09:00 on a working day, none after the plan year', () => {
    for (const p of planned.flat()) {
      const day = localDate(p.at);
      expect([p.key, cal.isWorkingDay(day)]).toEqual([p.key, true]);
      expect(p.at).toBe(cal.at0900(day));
      expect(p.at).toBeLessThan(yearEnd);
    }
  });

  test('branches hear of their due date before it, the overdue notice comes after it, signers are reminded', () => {
    const [open, ready] = planned;
    const dueEnd = cal.endOfDay(def.ref.due);
    expect(open.filter((p) => p.kind === 'reminder').every((p) => p.at < dueEnd)).toBe(true);
    expect(open.filter((p) => p.kind === 'overdue').map((p) => p.at > dueEnd)).toEqual([true]);
    expect(ready.length).toBeGreaterThan(0);
    expect(ready.every((p) => p.kind === 'sign-off-reminder')).toBe(true);
    expect(ready.at(-1)?.lastWorkingDay).toBe(true);
  });
});

test.each(['plans/2020.yaml', 'plans/2026.yaml'])(
  '%s task 02 (due Monday 11-30): the 3- and the 1-day reminder fall on Friday 11-27, planned once',
  (name) => {
    const { plan } = plans.find((p) => p.name === name)!;
    const def = taskDefinition(plan, '02');
    const cal = itemCalendar(def);
    const state = initialState(def, 0);
    const reminders = (legacy: boolean) =>
      planTimeline({ ...def, milestones: [] }, state, cal, { legacy })
        .filter((p) => p.kind === 'reminder')
        .map((p) => localDate(p.at));
    expect(reminders(false)).toEqual([`${plan.year}-11-16`, `${plan.year}-11-27`]);
    // Version 1 planned Friday twice under one key, and the agenda then sent neither.
    expect(reminders(true)).toEqual([`${plan.year}-11-16`, `${plan.year}-11-27`, `${plan.year}-11-27`]);
  },
);

test.each(refusedCases())('the plan schema refuses $name', ({ plan, error }) => {
  const result = validatePlan(plan);
  expect(result.ok ? [] : result.errors).toEqual([error]);
});
