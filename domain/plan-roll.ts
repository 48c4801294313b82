// A plan carried to another year: the first step of a year rollover. Dates keep their
// month and day and then move back to a working day of the new year; what belonged to the old
// year alone (its notice, its calendar corrections) is dropped for the office to write anew. The
// new year's own days, which the old plan may carry already (the State Council's schedule copied
// in for the January that plan runs into), are kept: they are that year's calendar.
import { type CalendarCorrections, holidaysKnown, latestDueDate, WorkCalendar } from './calendar';
import { formatPath, type Plan, validatePlan } from './plan';
import { yearBoundTexts } from './plan-warnings';

export interface RolledPlan {
  plan: Plan;
  /** Things the office should look at before using the plan. */
  warnings: string[];
}

function moveDate(date: string, year: number, cal: WorkCalendar): string {
  const [, month, day] = date.split('-');
  // 29 February has no twin in a common year.
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const sameDay = `${year}-${month}-${month === '02' && day === '29' && !isLeap ? '28' : day}`;
  const before = cal.previousWorkingDay(sameDay);
  // Early January has no earlier working day in the same year: take the next one instead.
  return before.startsWith(`${year}-`) ? before : cal.nextWorkingDay(sameDay);
}

/** Replaces "2020年" by "2026年" in every string of the plan: titles and texts name their year. */
function renameYear<T>(value: T, from: number, to: number): T {
  if (typeof value === 'string') return value.replaceAll(`${from}年`, `${to}年`) as T;
  if (Array.isArray(value)) return value.map((v) => renameYear(v, from, to)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameYear(v, from, to)])) as T;
  }
  return value;
}

export { YEAR_BOUND_PHRASES } from './plan-warnings';

/** Where the plan's texts carry year-bound phrases: `task 15 description: 全面小康收官仗、…`. */
export function yearBoundPhrases(plan: Plan): string[] {
  return yearBoundTexts(plan).map(({ path, phrases }) => {
    const [top, index, ...rest] = path;
    const where =
      top === 'tasks' && typeof index === 'number'
        ? [`task ${plan.tasks[index].id}`, formatPath(rest)].filter(Boolean).join(' ')
        : formatPath(path);
    return `${where}: ${phrases.join('、')}`;
  });
}

/** The corrections of `corrections` that are days of `year`, or undefined when there are none. */
function correctionsOf(year: number, corrections: Plan['calendar']): CalendarCorrections | undefined {
  const inYear = (days: string[] = []) => days.filter((d) => d.startsWith(`${year}-`));
  const kept = { holidays: inYear(corrections?.holidays), workdays: inYear(corrections?.workdays) };
  return kept.holidays.length || kept.workdays.length ? kept : undefined;
}

export function rollPlan(source: Plan, year: number): RolledPlan {
  const carried = correctionsOf(year, source.calendar);
  const cal = WorkCalendar.official(carried);
  // A due date in the old year's review days (they differ from year to year) moves before them.
  const latestDue = latestDueDate(cal, year, source.defaults.reviewWorkingDays);
  const dueDate = (date: string) => {
    const moved = moveDate(date, year, cal);
    return moved > latestDue ? latestDue : moved;
  };
  const { document, calendar: _corrections, ...kept } = renameYear(source, source.year, year);
  const plan: Plan = {
    ...kept,
    ...(carried && { calendar: carried }),
    // The plan keeps its title, its year renamed; the 文号, the day and the notice were the old year's.
    ...(document && { document: { title: document.title } }),
    year,
    tasks: kept.tasks.map((task) => ({
      ...task,
      due: dueDate(task.due),
      ...(task.milestones && {
        milestones: task.milestones.map((m) => ({ ...m, due: moveDate(m.due, year, cal) })),
      }),
    })),
  };
  const warnings: string[] = [];
  const unknownYear = !holidaysKnown(year, carried);
  if (unknownYear) {
    warnings.push(
      `the calendar package has no official holiday schedule for ${year}: due dates only avoid weekends, and ` +
        `the plan is refused until the State Council's ${year} schedule is added under calendar.holidays and ` +
        'calendar.workdays (or calendar.weekendsOnly: true is set)',
    );
  }
  const editions = new Set(JSON.stringify(plan).match(/第[一二三四五六七八九十百]+届/g) ?? []);
  if (editions.size)
    warnings.push(`texts name editions (${[...editions].join('、')}): check them for ${year}`);
  const bound = yearBoundPhrases(plan);
  if (bound.length)
    warnings.push(`texts carry phrases of ${source.year}, to rewrite for ${year}: ${bound.join('; ')}`);
  if (source.document?.number)
    warnings.push(`the ${source.year} notice (${source.document.number}) was dropped: add ${year}'s`);
  // Checked as if the office had accepted weekends only: the year's schedule is theirs to add, and
  // the plan is refused (civ plan validate, civ year start) until they do.
  const days = { holidays: carried?.holidays ?? [], workdays: carried?.workdays ?? [] };
  const checked = validatePlan(unknownYear ? { ...plan, calendar: { ...days, weekendsOnly: true } } : plan);
  if (!checked.ok) throw new Error(`the rolled plan is invalid: ${checked.errors[0]}`);
  const { calendar: _weekendsOnly, ...rolled } = checked.plan;
  return {
    plan: unknownYear ? { ...rolled, ...(carried && { calendar: carried }) } : checked.plan,
    warnings,
  };
}
