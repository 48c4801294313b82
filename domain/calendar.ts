// Working days, deadlines and festival dates in China.
//
// Pure: imported by workflow code, which Temporal replays in a deterministic sandbox, so nothing here
// reads the clock, the environment or the disk. Every date is a 'YYYY-MM-DD' string meaning a
// calendar day in Asia/Shanghai; instants are epoch milliseconds.
//
// chinese-days 1.5.7 parses 'YYYY-MM-DD' as UTC midnight but reads it back with the host's local
// getters, so on a host west of UTC its isWorkday/getDayDetail call ordinary Mondays days off and
// its solar terms come out a day early. A worker's zone is not ours to choose, so this module only
// calls the package in ways that give the same answer in every host zone:
// - holidays and swapped working days come from the package's published JSON (plain data, the same
//   table its functions use; the unit tests check that they agree);
// - lunar dates go in as local-midnight Dates, which the package handles with local getters only;
// - the solar-term date is corrected for the shift (see solarTermDate).
//
// The package and its data are loaded on first use, not on import: Temporal's workflow sandbox
// evaluates every imported module once per workflow, and a task workflow, which works from the
// calendar table in its definition, never needs them (bench: module loading was most of the cost of
// starting a workflow).
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as ChineseDays from 'chinese-days';
import type OfficialDays from 'chinese-days/dist/chinese-days.json';

// The package's "module" entry is ES syntax inside a package marked "type": "commonjs", which the
// Temporal workflow bundler (webpack) refuses to parse; its "main" entry, a UMD build, bundles fine.
const chineseDays = (): typeof ChineseDays => require('chinese-days/dist/index.min.js');
const officialDays = (): typeof OfficialDays => require('chinese-days/dist/chinese-days.json');
/* eslint-enable @typescript-eslint/no-require-imports */

export const ZONE = 'Asia/Shanghai';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

// Days are counted as whole days since 1970-01-01, so working-day arithmetic is integer arithmetic:
// a workflow recomputes its timeline on every activation and during every replay, and luxon's
// per-day objects made that the costliest thing a task workflow did.

/** Day number of a 'YYYY-MM-DD' day (days since 1970-01-01); throws on anything else. */
function dayNumber(date: string, what = 'date'): number {
  if (typeof date === 'string' && ISO_DATE.test(date)) {
    const [y, m, d] = date.split('-').map(Number);
    const ms = Date.UTC(y, m - 1, d);
    const back = new Date(ms);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d)
      return ms / DAY_MS;
  }
  throw new RangeError(`${what} "${String(date)}" is not a real date written YYYY-MM-DD`);
}

function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday; day 0 (1970-01-01) was a Thursday. */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

// China Standard Time has been UTC+8 all year since 1991 (no daylight saving time), and plans are
// years 2000-2100: one offset serves every instant we compute. The unit tests check it against the
// zone database (luxon) for every day of 2000-2100.
const ZONE_OFFSET_MS = 8 * 3_600_000;

function requireCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${n}`);
}

/** The day `days` calendar days after `date` (before it when negative). */
export function addCalendarDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number, got ${days}`);
  return dateOfDay(dayNumber(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  return dayNumber(to, 'to') - dayNumber(from, 'from');
}

// ---------------------------------------------------------------------------------------------
// Official holiday schedule

const packageHolidays = (): Readonly<Record<string, string>> => officialDays().holidays;
const packageWorkdays = (): Readonly<Record<string, string>> => officialDays().workdays;

// The State Council publishes one whole year at a time, so a year either appears in the package's
// table or the package knows nothing about it. Derived from the data rather than typed in, so that
// upgrading chinese-days moves the range by itself (and the unit test pinning 2026 notices).
let officialYearSet: ReadonlySet<number> | undefined;
function officialYears(): ReadonlySet<number> {
  officialYearSet ??= new Set(
    [...Object.keys(packageHolidays()), ...Object.keys(packageWorkdays())].map((d) => Number(d.slice(0, 4))),
  );
  return officialYearSet;
}

/** The years with an official schedule in chinese-days (2004-2026 in 1.5.7). */
export function officialDataYears(): { first: number; last: number } {
  return { first: Math.min(...officialYears()), last: Math.max(...officialYears()) };
}

/**
 * Whether chinese-days holds the State Council's holiday schedule for `year`. When it does not, the
 * working-day functions fall back to weekends plus the plan's corrections, and callers must warn:
 * that is exactly the situation in which reminders could land on a public holiday.
 */
export function hasOfficialHolidayData(year: number): boolean {
  return officialYears().has(year);
}

/**
 * Whether the official holidays of `year` are known: chinese-days holds that year's schedule, or the
 * plan's corrections carry it (at least one holiday of that year: the State Council's schedule as
 * the office copied it into the plan). When neither does, 1 January, 春节 and 国庆 would count as
 * working days.
 */
export function holidaysKnown(year: number, corrections?: Pick<CalendarCorrections, 'holidays'>): boolean {
  return hasOfficialHolidayData(year) || (corrections?.holidays ?? []).some((d) => d.startsWith(`${year}-`));
}

/** The years the calendar knows for `corrections`: the package's range, and any the plan adds. */
export function knownHolidayYears(corrections?: Pick<CalendarCorrections, 'holidays'>): string {
  const { first, last } = officialDataYears();
  const added = [...new Set((corrections?.holidays ?? []).map((d) => Number(d.slice(0, 4))))]
    .filter((y) => !hasOfficialHolidayData(y))
    .sort();
  return [`${first}-${last}`, ...added].join(', ');
}

/**
 * 'YYYY-MM-DD..YYYY-MM-DD' as the days it spans, both ends included; a single date as itself. The
 * State Council writes a holiday as a span (2月6日至13日放假), so a plan may too.
 */
export function expandDateRange(entry: string): string[] {
  const [from, to] = entry.split('..');
  if (to === undefined) return [from];
  const days: string[] = [];
  for (let d = dayNumber(from, 'range start'); d <= dayNumber(to, 'range end'); d++) days.push(dateOfDay(d));
  return days;
}

/** Holidays and swapped working days (调休) a plan adds to, or corrects in, the official schedule. */
export interface CalendarCorrections {
  holidays: string[];
  workdays: string[];
}

/**
 * The exceptions to "Monday to Friday are working days": days off (holidays) and working days
 * (调休) as plain data. A task workflow receives its year's table in its input, so the days it
 * reminds on never change while it runs, whatever version of chinese-days a worker has.
 */
export interface CalendarTable {
  holidays: string[];
  workdays: string[];
}

/**
 * The official schedule from chinese-days, with the plan's corrections (holidays and swapped
 * working days the package does not know yet; they win over the package). `years` limits the
 * table to a range of years, e.g. what one plan year can touch.
 */
export function calendarTable(corrections?: CalendarCorrections, years?: [number, number]): CalendarTable {
  const extraHolidays = corrections?.holidays ?? [];
  const extraWorkdays = corrections?.workdays ?? [];
  extraHolidays.forEach((d) => dayNumber(d, 'calendar correction holiday'));
  extraWorkdays.forEach((d) => dayNumber(d, 'calendar correction workday'));
  const both = extraHolidays.filter((d) => extraWorkdays.includes(d));
  if (both.length > 0)
    throw new RangeError(`calendar corrections list ${both.join(', ')} as both holiday and workday`);

  const inRange = (date: string) => {
    if (!years) return true;
    const year = Number(date.slice(0, 4));
    return year >= years[0] && year <= years[1];
  };
  const merge = (official: Record<string, string>, removed: string[], added: string[]) =>
    [
      ...new Set([...Object.keys(official).filter((d) => inRange(d) && !removed.includes(d)), ...added]),
    ].sort();
  return {
    holidays: merge(packageHolidays(), extraWorkdays, extraHolidays),
    workdays: merge(packageWorkdays(), extraHolidays, extraWorkdays),
  };
}

/**
 * The years a plan year's calendar must cover: reminders can fall in the year before (a due date in
 * early January) and the arithmetic of the last escalations looks into the year after.
 */
export function planYearTable(year: number, corrections?: CalendarCorrections): CalendarTable {
  return calendarTable(corrections, [year - 1, year + 1]);
}

// ---------------------------------------------------------------------------------------------
// Working days

export class WorkCalendar {
  private readonly holidays: ReadonlySet<number>;
  private readonly workdays: ReadonlySet<number>;

  /** The working days of `table`: the days off and working days that differ from the week. */
  constructor(table: CalendarTable) {
    this.holidays = new Set(table.holidays.map((d) => dayNumber(d, 'calendar holiday')));
    this.workdays = new Set(table.workdays.map((d) => dayNumber(d, 'calendar workday')));
    const both = table.holidays.filter((d) => this.workdays.has(dayNumber(d)));
    if (both.length > 0)
      throw new RangeError(`calendar table lists ${both.join(', ')} as both holiday and workday`);
  }

  /** The whole official schedule chinese-days holds, with a plan's corrections. */
  static official(corrections?: CalendarCorrections): WorkCalendar {
    return new WorkCalendar(calendarTable(corrections));
  }

  isWorkingDay(date: string): boolean {
    return this.works(dayNumber(date));
  }

  /** The last working day on or before `date`. */
  previousWorkingDay(date: string): string {
    let day = dayNumber(date);
    while (!this.works(day)) day--;
    return dateOfDay(day);
  }

  /** The first working day on or after `date`. */
  nextWorkingDay(date: string): string {
    return dateOfDay(this.nextWorking(dayNumber(date)));
  }

  /** The n-th working day after `date`; with n = 0, `date` itself if it is a working day, else the next. */
  addWorkingDays(date: string, n: number): string {
    requireCount(n, 'n');
    return dateOfDay(this.addWorking(dayNumber(date), n));
  }

  /** The n-th working day before `date` (n ≥ 1). */
  subtractWorkingDays(date: string, n: number): string {
    requireCount(n, 'n');
    let day = dayNumber(date);
    for (let left = n; left > 0;) if (this.works(--day)) left--;
    return dateOfDay(day);
  }

  /**
   * The working days after `date` at `first`, `first + every`, `first + 2 × every` … working days,
   * up to and including `last`: one pass over the days, however many there are.
   */
  workingDaySeries(date: string, first: number, every: number, last: string): string[] {
    requireCount(first, 'first');
    if (!Number.isInteger(every) || every < 1)
      throw new RangeError(`every must be a whole number ≥ 1, got ${every}`);
    const end = dayNumber(last, 'last');
    const out: string[] = [];
    for (let day = this.addWorking(dayNumber(date), first); day <= end; day = this.addWorking(day, every))
      out.push(dateOfDay(day));
    return out;
  }

  /** How many working days d satisfy from < d <= to; 0 when `to` is not after `from`. */
  workingDaysBetween(from: string, to: string): number {
    const end = dayNumber(to, 'to');
    let count = 0;
    for (let day = dayNumber(from, 'from') + 1; day <= end; day++) if (this.works(day)) count++;
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

  /** The last working day of `year`. */
  lastWorkingDay(year: number): string {
    return this.previousWorkingDay(`${year}-12-31`);
  }

  /** 09:00 Asia/Shanghai on `date` (epoch ms), when the day's reminders go out. */
  at0900(date: string): number {
    return dayNumber(date) * DAY_MS + 9 * 3_600_000 - ZONE_OFFSET_MS;
  }

  /** The instant `date` ends in Asia/Shanghai (the next day's 00:00, epoch ms): a deadline has passed. */
  endOfDay(date: string): number {
    return (dayNumber(date) + 1) * DAY_MS - ZONE_OFFSET_MS;
  }

  private works(day: number): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    const w = weekday(day);
    return w !== 0 && w !== 6;
  }

  private nextWorking(day: number): number {
    while (!this.works(day)) day++;
    return day;
  }

  private addWorking(day: number, n: number): number {
    if (n === 0) return this.nextWorking(day);
    for (let left = n; left > 0;) if (this.works(++day)) left--;
    return day;
  }
}

/**
 * The latest due date of a plan year: `reviewWorkingDays` working days before the year's last
 * working day, so that an overdue notice, an escalation and the sign-off still fit in the year.
 */
export function latestDueDate(cal: WorkCalendar, year: number, reviewWorkingDays: number): string {
  return cal.subtractWorkingDays(cal.lastWorkingDay(year), reviewWorkingDays);
}

/** The Asia/Shanghai calendar day containing the instant `instantMs` (epoch milliseconds). */
export function localDate(instantMs: number): string {
  if (!Number.isFinite(instantMs))
    throw new RangeError(`${instantMs} is not a valid epoch-milliseconds instant`);
  return dateOfDay(Math.floor((instantMs + ZONE_OFFSET_MS) / DAY_MS));
}

/**
 * The Asia/Shanghai calendar day of an ISO instant ('2020-12-15T16:30:00Z' → '2020-12-16'); throws on
 * anything that is not one. Never `slice(0, 10)` of an ISO string: that is the day in UTC, the day
 * before for everything from 00:00 to 08:00 Beijing time.
 */
export function localDateOf(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`"${instant}" is not an ISO instant`);
  return localDate(ms);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Every time a person reads (a report, a 签收, an email sent, a sign-off): Beijing time, as an office
 * writes it, '2020年12月17日 15:00'. The one formatting function of the CLI, the portal, the emails
 * and the year report. Text that is not an instant is shown as it is rather than as a wrong time.
 */
export function formatLocalTime(instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) return String(instant);
  const t = new Date(ms + ZONE_OFFSET_MS);
  return `${formatChineseDate(dateOfDay(Math.floor((ms + ZONE_OFFSET_MS) / DAY_MS)))} ${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}`;
}

/** '2020-12-15' → '2020年12月15日', without leading zeros, as official documents write it. */
export function formatChineseDate(date: string): string {
  const [y, m, d] = dateOfDay(dayNumber(date)).split('-').map(Number);
  return `${y}年${m}月${d}日`;
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
  const { getLunarDate, getSolarDateFromLunar } = chineseDays();
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
function solarTermDate(
  year: number,
  month: number,
  term: Parameters<typeof ChineseDays.getSolarTermDate>[2],
): string {
  const printed = chineseDays().getSolarTermDate(year, month, term);
  const asPackagePrints = (candidate: number) => {
    const [y, m, d] = dateOfDay(candidate).split('-').map(Number);
    const local = new Date(Date.UTC(y, m - 1, d));
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
  };
  const first = dayNumber(printed, 'chinese-days solar term');
  const found = [first, first + 1].find((c) => asPackagePrints(c) === printed);
  if (found === undefined) throw new Error(`cannot interpret chinese-days solar term date ${printed}`);
  return dateOfDay(found);
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
