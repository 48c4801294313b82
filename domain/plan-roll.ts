// A plan carried to another year: the first step of a year rollover. Dates keep their
// month and day and then move back to a working day of the new year; what belonged to the old
// year alone (its notice, its calendar corrections) is dropped for the office to write anew.
import { hasOfficialHolidayData, latestDueDate, WorkCalendar } from './calendar';
import { type Plan, validatePlan } from './plan';

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

/**
 * Phrases of 2020's plan that belong to that year alone (the epidemic, the 全面小康 and 脱贫攻坚
 * deadlines of 2020): a rolled plan would mail them again, so the roll lists where they are for the
 * office to rewrite.
 */
export const YEAR_BOUND_PHRASES = [
  '新冠病毒肺炎疫情防控阻击战',
  '疫情防控',
  '全面小康收官仗',
  '全面建成小康社会',
  '决胜全面小康',
  '脱贫攻坚',
  '阳光扶贫',
  '十三五',
] as const;

/** Where the plan's texts carry year-bound phrases: `task 15 description: 全面小康收官仗、…`. */
export function yearBoundPhrases(plan: Plan): string[] {
  const found: string[] = [];
  const visit = (value: unknown, where: string): void => {
    if (typeof value === 'string') {
      // A longer phrase hides the shorter ones inside it (疫情防控 in …疫情防控阻击战).
      let rest = value;
      const hits: string[] = [];
      for (const phrase of YEAR_BOUND_PHRASES)
        if (rest.includes(phrase)) {
          hits.push(phrase);
          rest = rest.replaceAll(phrase, '');
        }
      if (hits.length) found.push(`${where}: ${hits.join('、')}`);
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${where}[${i}]`));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) visit(v, where ? `${where}.${k}` : k);
  };
  const { tasks, ...rest } = plan;
  visit(rest, '');
  for (const task of tasks) {
    const { id, ...fields } = task;
    for (const [k, v] of Object.entries(fields)) visit(v, `task ${id} ${k}`);
  }
  return found;
}

export function rollPlan(source: Plan, year: number): RolledPlan {
  const cal = WorkCalendar.official();
  // A due date in the old year's review days (they differ from year to year) moves before them.
  const latestDue = latestDueDate(cal, year, source.defaults.reviewWorkingDays);
  const dueDate = (date: string) => {
    const moved = moveDate(date, year, cal);
    return moved > latestDue ? latestDue : moved;
  };
  const { document, calendar: _corrections, ...kept } = renameYear(source, source.year, year);
  const plan: Plan = {
    ...kept,
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
  if (!hasOfficialHolidayData(year)) {
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
  const unknownYear = !hasOfficialHolidayData(year);
  const checked = validatePlan(
    unknownYear ? { ...plan, calendar: { holidays: [], workdays: [], weekendsOnly: true } } : plan,
  );
  if (!checked.ok) throw new Error(`the rolled plan is invalid: ${checked.errors[0]}`);
  const { calendar: _weekendsOnly, ...rolled } = checked.plan;
  return { plan: unknownYear ? rolled : checked.plan, warnings };
}
