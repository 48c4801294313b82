// Working days, deadlines and festival dates in China (DESIGN §2-§3).
//
// Pure: imported by workflow code, which Temporal replays in a deterministic sandbox, so nothing here
// reads the clock, the environment or the disk. Every date is a 'YYYY-MM-DD' string meaning a
// calendar day in Asia/Shanghai; instants are luxon DateTimes or epoch milliseconds.
//
// chinese-days 1.5.7 parses 'YYYY-MM-DD' as UTC midnight but reads it back with the host's local
// getters, so on a host west of UTC its isWorkday/getDayDetail call ordinary Mondays days off and
// its solar terms come out a day early. A worker's zone is not ours to choose, so this module only
// calls the package in ways that give the same answer in every host zone:
// - holidays and swapped working days come from the package's published JSON (plain data, the same
//   table its functions use; the unit tests check that they agree);
// - lunar dates go in as local-midnight Dates, which the package handles with local getters only;
// - the solar-term date is corrected for the shift (see solarTermDate).
import type * as ChineseDays from 'chinese-days';
import officialDays from 'chinese-days/dist/chinese-days.json';
import { DateTime } from 'luxon';
import type { CalendarCorrections } from './plan';

// The package's "module" entry is ES syntax inside a package marked "type": "commonjs", which the
// Temporal workflow bundler (webpack) refuses to parse; its "main" entry, a UMD build, bundles fine.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const chineseDays: typeof ChineseDays = require('chinese-days/dist/index.min.js');
const { getLunarDate, getSolarDateFromLunar, getSolarTermDate } = chineseDays;

export const ZONE = 'Asia/Shanghai';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a 'YYYY-MM-DD' day as its midnight in Asia/Shanghai; throws on anything else. */
function parseDate(date: string, what = 'date'): DateTime {
  const parsed = ISO_DATE.test(date) ? DateTime.fromISO(date, { zone: ZONE }) : undefined;
  if (!parsed?.isValid) throw new RangeError(`${what} "${date}" is not a real date written YYYY-MM-DD`);
  return parsed;
}

function toDate(dt: DateTime): string {
  // toISODate() is only null for invalid DateTimes, which parseDate never lets through.
  return dt.toISODate() as string;
}

function requireCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${n}`);
}

/** The day `days` calendar days after `date` (before it when negative). */
export function addCalendarDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number, got ${days}`);
  return toDate(parseDate(date).plus({ days }));
}

// ---------------------------------------------------------------------------------------------
// Official holiday schedule

const packageHolidays: Readonly<Record<string, string>> = officialDays.holidays;
const packageWorkdays: Readonly<Record<string, string>> = officialDays.workdays;

// The State Council publishes one whole year at a time, so a year either appears in the package's
// table or the package knows nothing about it. Derived from the data rather than typed in, so that
// upgrading chinese-days moves the range by itself (and the unit test pinning 2026 notices).
const officialYears: ReadonlySet<number> = new Set(
  [...Object.keys(packageHolidays), ...Object.keys(packageWorkdays)].map((d) => Number(d.slice(0, 4))),
);

/** First year with an official schedule in chinese-days (2004 in 1.5.7). */
export const OFFICIAL_DATA_FIRST_YEAR: number = Math.min(...officialYears);
/** Last year with an official schedule in chinese-days (2026 in 1.5.7). */
export const OFFICIAL_DATA_LAST_YEAR: number = Math.max(...officialYears);

/**
 * Whether chinese-days holds the State Council's holiday schedule for `year`. When it does not, the
 * working-day functions fall back to weekends plus the plan's corrections, and callers must warn:
 * that is exactly the situation in which reminders could land on a public holiday.
 */
export function hasOfficialHolidayData(year: number): boolean {
  return officialYears.has(year);
}

// ---------------------------------------------------------------------------------------------
// Working days

export class WorkCalendar {
  private readonly extraHolidays: ReadonlySet<string>;
  private readonly extraWorkdays: ReadonlySet<string>;

  /**
   * @param corrections holidays and swapped working days (调休) the package does not know, typically
   *   for a year whose schedule was published after the installed chinese-days. They win over the
   *   package, so a plan can also correct it.
   */
  constructor(corrections?: CalendarCorrections) {
    const holidays = corrections?.holidays ?? [];
    const workdays = corrections?.workdays ?? [];
    holidays.forEach((d) => parseDate(d, 'calendar correction holiday'));
    workdays.forEach((d) => parseDate(d, 'calendar correction workday'));
    this.extraHolidays = new Set(holidays);
    this.extraWorkdays = new Set(workdays);
    const both = holidays.filter((d) => this.extraWorkdays.has(d));
    if (both.length > 0)
      throw new RangeError(`calendar corrections list ${both.join(', ')} as both holiday and workday`);
  }

  isWorkingDay(date: string): boolean {
    return this.works(parseDate(date));
  }

  /** The last working day on or before `date`. */
  previousWorkingDay(date: string): string {
    let day = parseDate(date);
    while (!this.works(day)) day = day.minus({ days: 1 });
    return toDate(day);
  }

  /** The first working day on or after `date`. */
  nextWorkingDay(date: string): string {
    let day = parseDate(date);
    while (!this.works(day)) day = day.plus({ days: 1 });
    return toDate(day);
  }

  /** The n-th working day after `date`; with n = 0, `date` itself if it is a working day, else the next. */
  addWorkingDays(date: string, n: number): string {
    requireCount(n, 'n');
    if (n === 0) return this.nextWorkingDay(date);
    let day = parseDate(date);
    for (let left = n; left > 0;) {
      day = day.plus({ days: 1 });
      if (this.works(day)) left--;
    }
    return toDate(day);
  }

  /** How many working days d satisfy from < d <= to; 0 when `to` is not after `from`. */
  workingDaysBetween(from: string, to: string): number {
    let day = parseDate(from, 'from');
    const end = parseDate(to, 'to');
    let count = 0;
    while (day < end) {
      day = day.plus({ days: 1 });
      if (this.works(day)) count++;
    }
    return count;
  }

  /**
   * The day a reminder `daysBefore` calendar days ahead of `due` is sent: moved back, never forward,
   * to a working day, so that it still arrives at least `daysBefore` days early.
   */
  reminderDate(due: string, daysBefore: number): string {
    requireCount(daysBefore, 'daysBefore');
    return this.previousWorkingDay(addCalendarDays(due, -daysBefore));
  }

  // Loops call this on DateTimes they already hold, saving a parse per day.
  private works(day: DateTime): boolean {
    const date = toDate(day);
    if (this.extraHolidays.has(date)) return false;
    if (this.extraWorkdays.has(date)) return true;
    if (packageWorkdays[date] !== undefined) return true;
    if (packageHolidays[date] !== undefined) return false;
    return day.weekday <= 5;
  }

  /** 09:00 Asia/Shanghai on `date`, when the day's reminders go out. */
  at0900(date: string): DateTime {
    return parseDate(date).set({ hour: 9 });
  }

  /** The instant `date` ends in Asia/Shanghai (the next day's 00:00), i.e. when a deadline has passed. */
  endOfDay(date: string): DateTime {
    return parseDate(date).plus({ days: 1 });
  }
}

/** The Asia/Shanghai calendar day containing the instant `instantMs` (epoch milliseconds). */
export function localDate(instantMs: number): string {
  const dt = DateTime.fromMillis(instantMs, { zone: ZONE });
  if (!dt.isValid) throw new RangeError(`${instantMs} is not a valid epoch-milliseconds instant`);
  return toDate(dt);
}

/** '2020-12-15' → '2020年12月15日', without leading zeros, as official documents write it. */
export function formatChineseDate(date: string): string {
  const day = parseDate(date);
  return `${day.year}年${day.month}月${day.day}日`;
}

// ---------------------------------------------------------------------------------------------
// Festivals of 我们的节日

export type FestivalId = 'spring' | 'qingming' | 'duanwu' | 'midautumn';

/** In calendar order. */
export const FESTIVAL_IDS: readonly FestivalId[] = ['spring', 'qingming', 'duanwu', 'midautumn'];

export const FESTIVAL_NAMES: Record<FestivalId, string> = {
  spring: '春节',
  qingming: '清明',
  duanwu: '端午',
  midautumn: '中秋',
};

// chinese-days' lunar table covers lunar years 1900-2100 and silently returns nonsense beyond it;
// its solar-term formula takes the year within the century, so 1900 and 2100 get offset 0 instead
// of 100. Refusing those years is better than answering with a wrong festival date.
export const FESTIVAL_FIRST_YEAR = 1901;
export const FESTIVAL_LAST_YEAR = 2099;

/** The Gregorian date of lunar month/day (never the leap month) of lunar year `year`. */
function lunarToSolar(year: number, month: number, day: number): string {
  // A local-midnight Date keeps the package on local getters throughout (see the top of the file).
  const solar = getSolarDateFromLunar(new Date(year, month - 1, day)).date;
  // The reverse conversion is separate code in the package: if a future version breaks one of them,
  // a workflow fails loudly instead of holding a festival on the wrong day.
  const back = getLunarDate(solar);
  if (back.lunarYear !== year || back.lunarMon !== month || back.lunarDay !== day || back.isLeap)
    throw new Error(
      `chinese-days gave ${solar} for lunar ${year}-${month}-${day}, which it reads back differently`,
    );
  return solar;
}

/**
 * The first day of the solar term `term` in `month` of `year`. chinese-days builds it as UTC
 * midnight and prints it with local getters, a day early west of UTC; printing our candidates the
 * same way and keeping the one that matches recovers the intended day in any host zone.
 */
function solarTermDate(year: number, month: number, term: Parameters<typeof getSolarTermDate>[2]): string {
  const printed = getSolarTermDate(year, month, term);
  const asPackagePrints = (candidate: DateTime) => {
    const d = new Date(Date.UTC(candidate.year, candidate.month - 1, candidate.day));
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  };
  const first = parseDate(printed, 'chinese-days solar term');
  const found = [first, first.plus({ days: 1 })].find((c) => asPackagePrints(c) === printed);
  if (!found) throw new Error(`cannot interpret chinese-days solar term date ${printed}`);
  return toDate(found);
}

/**
 * The dates of 春节 (lunar 1/1), 清明 (first day of the solar term), 端午 (lunar 5/5) and 中秋
 * (lunar 8/15) in `year`, computed from the lunar calendar and solar terms.
 */
export function festivalDates(year: number): Record<FestivalId, string> {
  if (!Number.isInteger(year) || year < FESTIVAL_FIRST_YEAR || year > FESTIVAL_LAST_YEAR)
    throw new RangeError(
      `festival dates are known for ${FESTIVAL_FIRST_YEAR}-${FESTIVAL_LAST_YEAR}, not ${year}`,
    );
  return {
    spring: lunarToSolar(year, 1, 1),
    qingming: solarTermDate(year, 4, 'pure_brightness'),
    duanwu: lunarToSolar(year, 5, 5),
    midautumn: lunarToSolar(year, 8, 15),
  };
}
