import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { getDayDetail, getLunarDate } from 'chinese-days';
import officialDays from 'chinese-days/dist/chinese-days.json';
import { DateTime } from 'luxon';
import {
  addCalendarDays,
  FESTIVAL_FIRST_YEAR,
  FESTIVAL_IDS,
  FESTIVAL_LAST_YEAR,
  FESTIVAL_NAMES,
  festivalDates,
  formatChineseDate,
  hasOfficialHolidayData,
  latestDueDate,
  localDate,
  officialDataYears,
  planYearTable,
  WorkCalendar,
  ZONE,
} from '../../domain/calendar';

const calendar = WorkCalendar.official();

describe('official holiday data', () => {
  it('covers 2004-2026 in chinese-days 1.5.7', () => {
    expect(officialDataYears()).toEqual({ first: 2004, last: 2026 });
    expect(hasOfficialHolidayData(2003)).toBe(false);
    expect(hasOfficialHolidayData(2004)).toBe(true);
    expect(hasOfficialHolidayData(2020)).toBe(true);
    expect(hasOfficialHolidayData(2026)).toBe(true);
    expect(hasOfficialHolidayData(2027)).toBe(false);
  });

  it('is the same table the package functions answer from', () => {
    // The calendar reads the package's JSON to stay independent of the host zone; this pins that
    // the JSON and the functions of the installed version still agree, entry by entry.
    for (const [date, name] of Object.entries(officialDays.holidays))
      expect(getDayDetail(date)).toEqual({ date, work: false, name });
    for (const [date, name] of Object.entries(officialDays.workdays))
      expect(getDayDetail(date)).toEqual({ date, work: true, name });
  });

  it('has no 2027 schedule: the package calls 2027-10-01 an ordinary Friday', () => {
    expect(calendar.isWorkingDay('2027-10-01')).toBe(true);
  });
});

describe('festivalDates', () => {
  // The real dates (checked against published calendars), written out rather than recomputed.
  const known: [number, string, string, string, string][] = [
    // year, 春节, 清明, 端午, 中秋
    [2020, '2020-01-25', '2020-04-04', '2020-06-25', '2020-10-01'],
    [2021, '2021-02-12', '2021-04-04', '2021-06-14', '2021-09-21'],
    [2022, '2022-02-01', '2022-04-05', '2022-06-03', '2022-09-10'],
    [2023, '2023-01-22', '2023-04-05', '2023-06-22', '2023-09-29'],
    [2024, '2024-02-10', '2024-04-04', '2024-06-10', '2024-09-17'],
    [2025, '2025-01-29', '2025-04-04', '2025-05-31', '2025-10-06'],
    [2026, '2026-02-17', '2026-04-05', '2026-06-19', '2026-09-25'],
  ];

  it.each(known)('%i: 春节 %s, 清明 %s, 端午 %s, 中秋 %s', (year, spring, qingming, duanwu, midautumn) => {
    expect(festivalDates(year)).toEqual({ spring, qingming, duanwu, midautumn });
  });

  it.each(known)('%i: every festival is an official day off', (year) => {
    // Two independent sources (astronomy/lunar tables vs. the State Council schedule) must agree.
    for (const date of Object.values(festivalDates(year))) expect(calendar.isWorkingDay(date)).toBe(false);
  });

  it('lands the lunar festivals on their lunar dates, also in leap-month years', () => {
    // 2020 has a leap 4th month, 2023 a leap 2nd, 2025 a leap 6th, 2028 a leap 5th (just before 端午).
    for (const year of [2020, 2023, 2025, 2028]) {
      const dates = festivalDates(year);
      const lunar = (date: string) => {
        const l = getLunarDate(date);
        return [l.lunarYear, l.lunarMon, l.lunarDay, l.isLeap];
      };
      expect(lunar(dates.spring)).toEqual([year, 1, 1, false]);
      expect(lunar(dates.duanwu)).toEqual([year, 5, 5, false]);
      expect(lunar(dates.midautumn)).toEqual([year, 8, 15, false]);
    }
    expect(festivalDates(2028).duanwu).toBe('2028-05-28');
  });

  it('computes every supported year and refuses the others', () => {
    for (let year = FESTIVAL_FIRST_YEAR; year <= FESTIVAL_LAST_YEAR; year++) {
      const dates = FESTIVAL_IDS.map((id) => festivalDates(year)[id]);
      expect(dates.every((d) => d.startsWith(`${year}-`))).toBe(true);
      expect([...dates].sort()).toEqual(dates);
    }
    expect(() => festivalDates(FESTIVAL_FIRST_YEAR - 1)).toThrow(RangeError);
    expect(() => festivalDates(FESTIVAL_LAST_YEAR + 1)).toThrow(RangeError);
    expect(() => festivalDates(2020.5)).toThrow(RangeError);
  });

  it('names the festivals in Chinese', () => {
    expect(FESTIVAL_NAMES).toEqual({ spring: '春节', qingming: '清明', duanwu: '端午', midautumn: '中秋' });
  });
});

describe('WorkCalendar.isWorkingDay', () => {
  it.each([
    ['2020-01-19', 'Sunday before 春节'],
    ['2020-09-27', 'Sunday before 国庆'],
    ['2020-10-10', 'Saturday after 国庆'],
    ['2024-02-04', 'Sunday before 春节'],
    ['2024-10-12', 'Saturday after 国庆'],
    ['2025-01-26', 'Sunday before 春节'],
    ['2026-02-14', 'Saturday before 春节'],
    ['2026-09-20', 'Sunday before 国庆'],
  ])('%s is a swapped working day (%s)', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(true);
  });

  it.each([
    '2020-10-01',
    '2020-10-02',
    '2020-10-05',
    '2020-10-06',
    '2020-10-07',
    '2020-10-08',
    '2024-02-12',
    '2025-10-01',
    '2026-02-23',
  ])('%s is a holiday', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(false);
  });

  it('follows the week otherwise', () => {
    expect(calendar.isWorkingDay('2020-10-12')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2020-10-16')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2020-10-17')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2020-10-18')).toBe(false); // Sunday
  });

  it('rejects what is not a real YYYY-MM-DD date', () => {
    for (const bad of ['2020-02-30', '2020/10/01', '2020-1-5', '', '2020-10-01T00:00'])
      expect(() => calendar.isWorkingDay(bad)).toThrow(RangeError);
  });
});

describe('moving to working days', () => {
  it('finds the previous and next working day across the National Day week', () => {
    expect(calendar.previousWorkingDay('2020-10-05')).toBe('2020-09-30');
    expect(calendar.nextWorkingDay('2020-10-05')).toBe('2020-10-09');
    expect(calendar.previousWorkingDay('2020-09-30')).toBe('2020-09-30');
    expect(calendar.nextWorkingDay('2020-09-30')).toBe('2020-09-30');
  });

  it('reminderDate moves a holiday or weekend back to the previous working day', () => {
    expect(calendar.reminderDate('2020-10-05', 4)).toBe('2020-09-30'); // 2020-10-01, 国庆
    expect(calendar.reminderDate('2020-09-30', 3)).toBe('2020-09-27'); // a Sunday, but 调休
    expect(calendar.reminderDate('2020-11-16', 2)).toBe('2020-11-13'); // Saturday → Friday
    expect(calendar.reminderDate('2020-11-16', 0)).toBe('2020-11-16');
    expect(calendar.reminderDate('2021-01-04', 3)).toBe('2020-12-31'); // across the year
    expect(() => calendar.reminderDate('2020-11-16', -1)).toThrow(RangeError);
  });

  it('addWorkingDays skips the National Day week', () => {
    expect(calendar.addWorkingDays('2020-09-30', 1)).toBe('2020-10-09');
    expect(calendar.addWorkingDays('2020-09-29', 2)).toBe('2020-10-09');
    expect(calendar.addWorkingDays('2020-09-28', 4)).toBe('2020-10-10'); // a Saturday, but 调休
    expect(calendar.addWorkingDays('2020-09-26', 1)).toBe('2020-09-27');
    expect(calendar.addWorkingDays('2020-10-10', 1)).toBe('2020-10-12');
  });

  it('addWorkingDays with 0 is nextWorkingDay', () => {
    expect(calendar.addWorkingDays('2020-10-03', 0)).toBe('2020-10-09');
    expect(calendar.addWorkingDays('2020-09-30', 0)).toBe('2020-09-30');
    expect(() => calendar.addWorkingDays('2020-09-30', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2020-09-30', 1.5)).toThrow(RangeError);
  });

  it('workingDaysBetween counts from < d <= to', () => {
    expect(calendar.workingDaysBetween('2020-09-30', '2020-10-09')).toBe(1);
    // 09-27 (调休), 09-28, 09-29, 09-30, 10-09, 10-10 (调休)
    expect(calendar.workingDaysBetween('2020-09-25', '2020-10-10')).toBe(6);
    expect(calendar.workingDaysBetween('2020-10-09', '2020-10-09')).toBe(0);
    expect(calendar.workingDaysBetween('2020-10-09', '2020-09-30')).toBe(0);
    // 2020 had 249 working days (366 days − 104 weekend days − 19 holiday weekdays + 6 swapped).
    expect(calendar.workingDaysBetween('2019-12-31', '2020-12-31')).toBe(249);
  });

  it('workingDaysBetween inverts addWorkingDays on every day of 2020', () => {
    for (let day = '2020-01-01'; day <= '2020-12-31'; day = addCalendarDays(day, 1)) {
      for (const n of [1, 3, 10])
        expect(calendar.workingDaysBetween(day, calendar.addWorkingDays(day, n))).toBe(n);
    }
  });
});

describe('instants in Asia/Shanghai', () => {
  it('at0900 is 01:00 UTC', () => {
    expect(ZONE).toBe('Asia/Shanghai');
    expect(new Date(calendar.at0900('2020-10-09')).toISOString()).toBe('2020-10-09T01:00:00.000Z');
  });

  it('endOfDay is the next local midnight', () => {
    expect(new Date(calendar.endOfDay('2020-12-31')).toISOString()).toBe('2020-12-31T16:00:00.000Z');
    expect(calendar.endOfDay('2020-12-31')).toBe(Date.UTC(2020, 11, 31, 16));
  });

  it('agrees with luxon on every day of 2000-2100: the zone has one offset, no daylight saving', () => {
    for (let day = '2000-01-01'; day <= '2100-12-31'; day = addCalendarDays(day, 1)) {
      const midnight = DateTime.fromISO(day, { zone: ZONE });
      expect(calendar.at0900(day)).toBe(midnight.set({ hour: 9 }).toMillis());
      expect(calendar.endOfDay(day)).toBe(midnight.plus({ days: 1 }).toMillis());
      expect(localDate(midnight.toMillis())).toBe(day);
      expect(localDate(midnight.toMillis() - 1)).toBe(midnight.minus({ days: 1 }).toISODate());
    }
  });

  it('localDate turns over at 16:00 UTC', () => {
    expect(localDate(Date.UTC(2020, 8, 30, 15, 59, 59, 999))).toBe('2020-09-30');
    expect(localDate(Date.UTC(2020, 8, 30, 16, 0, 0, 0))).toBe('2020-10-01');
    expect(localDate(Date.UTC(2020, 11, 31, 16))).toBe('2021-01-01');
    expect(() => localDate(Number.NaN)).toThrow(RangeError);
  });

  it('formatChineseDate writes 年月日 without leading zeros', () => {
    expect(formatChineseDate('2020-12-15')).toBe('2020年12月15日');
    expect(formatChineseDate('2021-01-05')).toBe('2021年1月5日');
    expect(() => formatChineseDate('2021-13-01')).toThrow(RangeError);
  });
});

describe('corrections from the plan', () => {
  // 2027's schedule is not in chinese-days 1.5.7; a plan supplies its own.
  const plan2027 = WorkCalendar.official({ holidays: ['2027-10-01'], workdays: ['2027-09-25'] });

  it('adds holidays and swapped working days to a year without official data', () => {
    expect(hasOfficialHolidayData(2027)).toBe(false);
    expect(plan2027.isWorkingDay('2027-10-01')).toBe(false); // a Friday
    expect(plan2027.isWorkingDay('2027-09-25')).toBe(true); // a Saturday
    expect(calendar.isWorkingDay('2027-09-25')).toBe(false);
    expect(plan2027.reminderDate('2027-10-04', 3)).toBe('2027-09-30');
    expect(plan2027.addWorkingDays('2027-09-24', 1)).toBe('2027-09-25');
  });

  it('wins over the package', () => {
    const corrected = WorkCalendar.official({ holidays: ['2020-09-27'], workdays: ['2020-10-05'] });
    expect(corrected.isWorkingDay('2020-09-27')).toBe(false);
    expect(corrected.isWorkingDay('2020-10-05')).toBe(true);
  });

  it('rejects invalid or contradictory corrections', () => {
    expect(() => WorkCalendar.official({ holidays: ['2027-02-30'], workdays: [] })).toThrow(/2027-02-30/);
    expect(() => WorkCalendar.official({ holidays: ['2027-10-01'], workdays: ['2027-10-01'] })).toThrow(
      /both holiday and workday/,
    );
  });
});

describe('host time zone', () => {
  // chinese-days' own functions go wrong west of UTC (e.g. they call Monday 2020-10-12 a day off
  // and put 清明 2020 on 04-03). Workers may run in any zone, so the results must not change with it.
  const summary = `
    const c = require(${JSON.stringify(path.resolve(__dirname, '../../domain/calendar.ts'))});
    const w = c.WorkCalendar.official();
    const festivals = [];
    for (let y = 2004; y <= 2030; y++) festivals.push(c.festivalDates(y));
    let workingDays = '';
    for (let d = '2019-12-01'; d <= '2027-01-31'; d = c.addCalendarDays(d, 1)) workingDays += w.isWorkingDay(d) ? '1' : '0';
    process.stdout.write(JSON.stringify({ festivals, workingDays, at: w.at0900('2020-10-09') }));
  `;

  const run = (zone: string) =>
    execFileSync(process.execPath, ['--import', 'tsx', '-e', summary], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, TZ: zone },
      encoding: 'utf8',
    });
  let inShanghai: string;
  beforeAll(() => {
    inShanghai = run('Asia/Shanghai');
  });

  it.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'])('gives the same answers in TZ=%s', (tz) => {
    expect(run(tz)).toBe(inShanghai);
  });
});

describe('the calendar fixed at a task start', () => {
  it('covers the plan year and its neighbours, with the plan corrections, and nothing else', () => {
    const table = planYearTable(2020, { holidays: ['2020-12-31'], workdays: ['2020-10-08'] });
    expect(table.holidays).toContain('2020-10-01');
    expect(table.holidays).toContain('2019-10-01');
    expect(table.holidays).toContain('2021-10-01');
    expect(table.holidays).toContain('2020-12-31');
    expect(table.holidays).not.toContain('2020-10-08');
    expect(table.workdays).toContain('2020-10-08');
    expect(table.holidays.some((d) => d < '2019-01-01' || d > '2021-12-31')).toBe(false);
  });

  it('answers from its table alone, never from the package', () => {
    const fixed = new WorkCalendar({ holidays: ['2020-11-27'], workdays: [] });
    expect(fixed.isWorkingDay('2020-11-27')).toBe(false); // an ordinary Friday for the package
    expect(fixed.isWorkingDay('2020-10-01')).toBe(true); // a holiday the table does not list
  });

  it('steps through working days in one pass', () => {
    expect(calendar.workingDaySeries('2020-09-25', 1, 2, '2020-10-14')).toEqual([
      '2020-09-27', // 调休 Sunday
      '2020-09-29',
      '2020-10-09',
      '2020-10-12',
      '2020-10-14',
    ]);
    expect(calendar.workingDaySeries('2020-12-28', 1, 5, '2020-12-31')).toEqual(['2020-12-29']);
    expect(calendar.subtractWorkingDays('2020-10-09', 1)).toBe('2020-09-30');
    expect(calendar.lastWorkingDay(2022)).toBe('2022-12-30');
    expect(latestDueDate(calendar, 2020, 5)).toBe('2020-12-24');
    expect(latestDueDate(calendar, 2023, 5)).toBe('2023-12-22');
  });
});
