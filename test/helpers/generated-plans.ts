// Plans generated around the calendar's edges, for the tests that run every task of every plan:
// due dates on each weekday, right before, on and after each holiday and 调休 day, on the first
// working day of the year and on the latest one the plan allows, under the plan's default policy
// and under the strictest policy the schema allows. Cases the schema refuses (a due date in the
// review days, a milestone on the due date) are returned with the message they must get.
import { join } from 'node:path';
import { addCalendarDays, calendarTable, latestDueDate, WorkCalendar } from '../../domain/calendar';
import { loadPlanDirectory } from '../../config/plan-files';
import { type Plan, type Task, validatePlan } from '../../domain/plan';
import { rollPlan } from '../../domain/plan-roll';
import { plan2020 } from './plans';

/** Every plan file under plans/. */
export function shippedPlans(): Plan[] {
  return loadPlanDirectory(join(__dirname, '..', '..', 'plans'));
}

/** The strictest reminder and escalation policy the schema allows. */
export const STRICTEST = {
  reminderDaysBefore: [90, 30, 14, 7, 5, 4, 3, 2, 1, 6],
  escalation: { graceWorkingDays: 0, repeatEveryWorkingDays: 1, headAfterWorkingDays: 1 },
};

/** 2027 is beyond chinese-days 1.5.7: the plan brings its own corrections (an example schedule). */
const CORRECTIONS_2027 = {
  holidays: [
    '2027-01-01',
    '2027-02-05',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
    '2027-10-01',
    '2027-10-04',
    '2027-10-05',
    '2027-10-06',
    '2027-10-07',
  ],
  workdays: ['2027-02-20', '2027-09-26', '2027-10-09'],
};

export interface GeneratedPlan {
  plan: Plan;
  /** Task id → what the case is about. */
  cases: Map<string, string>;
}

export interface RefusedCase {
  name: string;
  plan: unknown;
  error: string;
}

/** The due dates worth testing in `year`, each with why. */
function edgeDates(year: number, cal: WorkCalendar, latest: string): [string, string][] {
  const out: [string, string][] = [];
  // Each weekday of a week in November, Monday to Sunday.
  let monday = `${year}-11-09`;
  while (new Date(`${monday}T00:00:00Z`).getUTCDay() !== 1) monday = addCalendarDays(monday, 1);
  for (let i = 0; i < 7; i++) out.push([addCalendarDays(monday, i), `weekday ${i + 1}`]);
  const table = calendarTable(year === 2027 ? CORRECTIONS_2027 : undefined, [year, year]);
  // Around each block of holidays: the day before it, its first day, the day after it.
  const holidays = table.holidays.filter((d) => d.startsWith(`${year}-`));
  for (const [i, day] of holidays.entries()) {
    if (holidays[i - 1] !== addCalendarDays(day, -1)) {
      out.push([addCalendarDays(day, -1), `before the holiday of ${day}`]);
      out.push([day, `first day of the holiday of ${day}`]);
    }
    if (holidays[i + 1] !== addCalendarDays(day, 1))
      out.push([addCalendarDays(day, 1), `after the holiday ending ${day}`]);
  }
  for (const day of table.workdays.filter((d) => d.startsWith(`${year}-`))) {
    out.push([addCalendarDays(day, -1), `before the 调休 day ${day}`]);
    out.push([day, `the 调休 day ${day}`]);
    out.push([addCalendarDays(day, 1), `after the 调休 day ${day}`]);
  }
  out.push([cal.nextWorkingDay(`${year}-01-01`), 'first working day of the year']);
  out.push([latest, 'latest due date of the year']);
  const seen = new Set<string>();
  return out
    .filter(([d]) => d.startsWith(`${year}-`) && d <= latest && !seen.has(d) && seen.add(d))
    .sort(([a], [b]) => a.localeCompare(b));
}

function task(base: Task, id: number, due: string, policy: 'default' | 'strictest'): Task {
  const milestones =
    due > `${due.slice(0, 4)}-01-02`
      ? [{ id: 'eve', title: '前一日阶段小结', due: addCalendarDays(due, -1) }]
      : [];
  return {
    ...base,
    id: String(id).padStart(2, '0'),
    due,
    milestones,
    kpis: undefined,
    ...(policy === 'strictest' ? STRICTEST : { reminderDaysBefore: undefined, escalation: undefined }),
  };
}

/**
 * One plan per year (2020 and 2026 with official holidays, 2027 without): a task per edge date
 * under the default policy, and the strictest policy on the year's first working day, before its
 * first holiday and on its latest due date.
 */
export function generatedPlans(years: number[] = [2020, 2026, 2027]): GeneratedPlan[] {
  return years.map((year) => {
    const rolled = rollPlan(plan2020(), year).plan;
    if (year === 2027) rolled.calendar = CORRECTIONS_2027;
    const cal = WorkCalendar.official(rolled.calendar);
    const latest = latestDueDate(cal, year, rolled.defaults.reviewWorkingDays);
    const dates = edgeDates(year, cal, latest);
    const base = rolled.tasks[0];
    const cases = new Map<string, string>();
    const tasks: Task[] = [];
    const add = (due: string, why: string, policy: 'default' | 'strictest') => {
      const t = task(base, tasks.length + 1, due, policy);
      tasks.push(t);
      cases.set(t.id, `${year} due ${due} (${why}), ${policy} policy`);
    };
    for (const [due, why] of dates) add(due, why, 'default');
    const firstWorkingDay = cal.nextWorkingDay(`${year}-01-01`);
    const beforeHoliday = dates.find(([d, w]) => d > firstWorkingDay && w.startsWith('before the holiday'));
    add(firstWorkingDay, 'first working day of the year', 'strictest');
    if (beforeHoliday) add(beforeHoliday[0], beforeHoliday[1], 'strictest');
    add(latest, 'latest due date of the year', 'strictest');
    const result = validatePlan({
      ...rolled,
      tasks,
      volunteerMonth: { ...rolled.volunteerMonth, task: '01' },
    });
    if (!result.ok) throw new Error(`generated ${year} plan is invalid: ${result.errors.join('; ')}`);
    return { plan: result.plan, cases };
  });
}

/** Edge cases the plan schema must refuse, each with the exact message. */
export function refusedCases(): RefusedCase[] {
  const plan = rollPlan(plan2020(), 2020).plan;
  const first = plan.tasks[0];
  const withTask = (t: Partial<Task>) => ({ ...plan, tasks: [{ ...first, ...t }, ...plan.tasks.slice(1)] });
  return [
    {
      name: 'due on the last working day of the year',
      plan: withTask({ due: '2020-12-31', milestones: [] }),
      error:
        'tasks[0].due: 2020-12-31 leaves no time for sign-off: the last 5 working days of the year are kept for it, so the latest due date is 2020-12-24',
    },
    {
      name: 'due on the first day of the review days',
      plan: withTask({ due: '2020-12-25', milestones: [] }),
      error:
        'tasks[0].due: 2020-12-25 leaves no time for sign-off: the last 5 working days of the year are kept for it, so the latest due date is 2020-12-24',
    },
    {
      name: 'a milestone on the due date',
      plan: withTask({ due: '2020-11-16', milestones: [{ id: 'm', title: '节点', due: '2020-11-16' }] }),
      error: "tasks[0].milestones[0].due: 2020-11-16 is not before the task's due date 2020-11-16",
    },
    {
      name: 'a reminder offset listed twice',
      plan: withTask({ reminderDaysBefore: [3, 3] }),
      error: 'tasks[0].reminderDaysBefore: must not list an offset twice',
    },
    {
      name: 'more than ten reminder offsets',
      plan: withTask({ reminderDaysBefore: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }),
      error: 'tasks[0].reminderDaysBefore: must list at most 10 offsets',
    },
  ];
}
