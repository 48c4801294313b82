// What a valid plan should still have looked at before its year runs: not errors (the plan works
// as written), but what would go out wrong. `civ plan validate` prints them all, `civ year start`
// the calendar's, and `civ plan roll` lists the old year's phrases the same way.
import {
  addCalendarDays,
  festivalDates,
  holidaysKnown,
  knownHolidayYears,
  planYearTable,
  WorkCalendar,
} from './calendar';
import { formatPath, type Plan, unknownCalendarProblem } from './plan';

/**
 * Working days after the year's end that the plan still mails in: the head's last reminder of the
 * final sign-off, 15 working days after it was asked for (domain/plan-agenda.ts).
 */
const NEXT_YEAR_REACH_WORKING_DAYS = 15;

/**
 * The next year's days off that a calendar without its official schedule counts as working days,
 * within what the plan reaches of that year: 元旦 always, 春节 when it comes that early.
 */
function daysAtRisk(next: number, reach: string): string[] {
  const newYear = `${next}-01-01`;
  const weekday = new Date(`${newYear}T00:00:00Z`).getUTCDay();
  const days = [
    weekday === 0 || weekday === 6
      ? `the weekdays of the 元旦 holiday around ${newYear} (元旦 falls on a weekend)`
      : `${newYear} (元旦)`,
  ];
  const eve = addCalendarDays(festivalDates(next).spring, -1);
  if (eve <= reach) days.push(`the 春节 holiday from ${eve}`);
  return days;
}

/**
 * The warning for a plan whose next year's official holidays are unknown (neither in the calendar
 * package nor in the plan's own corrections): the sign-off reminders of January, and the year's last
 * escalations that run into it, count that year's days off as working days. None when the plan's
 * own year is unknown (that is an error already) or the office chose weekends only.
 */
export function nextYearCalendarWarning(plan: Pick<Plan, 'year' | 'calendar'>): string | undefined {
  const next = plan.year + 1;
  if (plan.calendar?.weekendsOnly || unknownCalendarProblem(plan) || holidaysKnown(next, plan.calendar))
    return undefined;
  const corrections = { holidays: plan.calendar?.holidays ?? [], workdays: plan.calendar?.workdays ?? [] };
  const cal = new WorkCalendar(planYearTable(plan.year, corrections));
  const reach = cal.addWorkingDays(`${plan.year}-12-31`, NEXT_YEAR_REACH_WORKING_DAYS);
  const atRisk = daysAtRisk(next, reach);
  return (
    `calendar: the official holidays of ${next} are not known (the calendar knows ${knownHolidayYears(plan.calendar)}), ` +
    `so the sign-off reminders and the last escalations that run into ${next} (until about ${reach}) count ` +
    `${atRisk.join(' and ')} as ${atRisk.length === 1 && atRisk[0].endsWith('(元旦)') ? 'a working day' : 'working days'}: add the State Council's ${next} schedule under ` +
    `calendar.holidays and calendar.workdays once it is issued (README "Official holidays")`
  );
}

/**
 * Phrases of 2020's plan that belong to that year alone (the epidemic, the 全面小康 and 脱贫攻坚
 * deadlines of 2020): a plan of a later year would mail them again, so they are listed for the
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

/** The year the phrases belong to: in its own plan they are right. */
export const YEAR_BOUND_PHRASES_YEAR = 2020;

/** One text of the plan that carries year-bound phrases: where it is, and which (longest first). */
export interface YearBoundText {
  /** The path as zod gives it: `['tasks', 14, 'description']`. */
  path: (string | number)[];
  phrases: string[];
}

/** Every text of the plan that carries year-bound phrases, in the plan's order. */
export function yearBoundTexts(plan: Plan): YearBoundText[] {
  const found: YearBoundText[] = [];
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === 'string') {
      // A longer phrase hides the shorter ones inside it (疫情防控 in …疫情防控阻击战).
      let rest = value;
      const phrases: string[] = [];
      for (const phrase of YEAR_BOUND_PHRASES)
        if (rest.includes(phrase)) {
          phrases.push(phrase);
          rest = rest.replaceAll(phrase, '');
        }
      if (phrases.length) found.push({ path, phrases });
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
  };
  visit(plan, []);
  return found;
}

/** `tasks[14].description: 疫情防控 is a phrase of 2020: rewrite it for 2026`, one line per text. */
export function yearBoundPhraseWarnings(plan: Plan): string[] {
  if (plan.year <= YEAR_BOUND_PHRASES_YEAR) return [];
  return yearBoundTexts(plan).map(
    ({ path, phrases }) =>
      `${formatPath(path)}: ${phrases.join('、')} ${phrases.length > 1 ? 'are phrases' : 'is a phrase'} of ` +
      `${YEAR_BOUND_PHRASES_YEAR}: rewrite ${phrases.length > 1 ? 'them' : 'it'} for ${plan.year}`,
  );
}

/** What the office should look at in a valid plan, one line each naming its path. */
export function planWarnings(plan: Plan): string[] {
  const calendar = nextYearCalendarWarning(plan);
  return [...(calendar ? [calendar] : []), ...yearBoundPhraseWarnings(plan)];
}
