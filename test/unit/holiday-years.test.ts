// A year whose official holidays are unknown (chinese-days 1.5.7 ends with 2026) is refused until
// the office adds the State Council's schedule to the plan, or says it goes on with weekends only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  calendarTable,
  expandDateRange,
  hasOfficialHolidayData,
  localDate,
  WorkCalendar,
} from '../../domain/calendar';
import { taskDefinition, themeDefinition } from '../../domain/item-definition';
import { validatePlan, type Plan } from '../../domain/plan';
import { rollPlan } from '../../domain/plan-roll';
import { nextPlanNotification } from '../../domain/plan-agenda';
import { initialPlanState } from '../../domain/plan-state';
import { nextYearCalendarWarning, planWarnings } from '../../domain/plan-warnings';
import { yearPlan } from '../../domain/year-plan';
import { plan2020 } from '../helpers/plans';

const repo = resolve(__dirname, '../..');

/** The README's example, the 2026 schedule written as a plan writes it. */
function readmeExample(): { holidays: string[]; workdays: string[] } {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const block = readme.split('<!-- holiday-example:')[1]?.split('```yaml\n')[1]?.split('```')[0];
  if (!block) throw new Error('README has no holiday example');
  return (parse(block) as { calendar: { holidays: string[]; workdays: string[] } }).calendar;
}

function plan2027(calendar?: unknown): unknown {
  const { plan } = rollPlan(plan2020(), 2027);
  return calendar === undefined ? plan : { ...plan, calendar };
}

describe('a plan year whose official holidays are unknown', () => {
  it('is refused with one line that says what is wrong and how to fix it', () => {
    const result = validatePlan(plan2027());
    expect(result).toEqual({
      ok: false,
      errors: [
        'calendar: the official holidays of 2027 are not known (the calendar knows 2004-2026), so 1 January, 春节 and 国庆 would count as working days: add the State Council\'s 2027 schedule under calendar.holidays and calendar.workdays (README "Official holidays"), or set calendar.weekendsOnly: true to go on with weekends only',
      ],
    });
  });

  it('is accepted once the plan carries the year’s schedule, a holiday to a line', () => {
    const result = validatePlan(
      plan2027({
        holidays: ['2027-01-01', '2027-02-06..2027-02-13', '2027-10-01..2027-10-07'],
        workdays: ['2027-02-20'],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.calendar?.holidays).toHaveLength(1 + 8 + 7);
    const cal = WorkCalendar.official(result.plan.calendar);
    expect(cal.isWorkingDay('2027-01-01')).toBe(false); // a Friday
    expect(cal.isWorkingDay('2027-02-08')).toBe(false); // a Monday in 春节
    expect(cal.isWorkingDay('2027-10-01')).toBe(false);
    expect(cal.isWorkingDay('2027-02-20')).toBe(true); // a Saturday, 调休
  });

  it('is accepted with weekends only when the plan says so', () => {
    expect(validatePlan(plan2027({ weekendsOnly: true })).ok).toBe(true);
  });

  it('refuses a malformed holiday span at its path', () => {
    const result = validatePlan(
      plan2027({ holidays: ['2027-02-13..2027-02-06', '2027-02-30', '2 月 6 日'] }),
    );
    expect(!result.ok && result.errors).toEqual([
      'calendar.holidays[0]: must run forwards, at most a month',
      'calendar.holidays[1]: is not a real calendar date',
      'calendar.holidays[2]: must be a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD',
    ]);
  });

  it('a known year needs nothing, and the README example is that year’s official schedule', () => {
    expect(validatePlan(rollPlan(plan2020(), 2026).plan).ok).toBe(true);
    const example = readmeExample();
    const { plan } = rollPlan(plan2020(), 2026);
    const result = validatePlan({ ...plan, calendar: example });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const official = calendarTable(undefined, [2026, 2026]);
    expect(result.plan.calendar?.holidays).toEqual(official.holidays);
    expect(result.plan.calendar?.workdays).toEqual(official.workdays);
  });
});

/** The 2026 plan (the 2020 plan rolled), with `calendar` when given. */
function plan2026(calendar?: unknown): Plan {
  const { plan } = rollPlan(plan2020(), 2026);
  const result = validatePlan(calendar === undefined ? plan : { ...plan, calendar });
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.plan;
}

// 2027's schedule as the office would copy it in (the days here are an example, not the notice).
const SCHEDULE_2027 = {
  holidays: ['2027-01-01..2027-01-03', '2027-02-05..2027-02-11', '2027-10-01..2027-10-07'],
  workdays: ['2027-02-20'],
};

describe('a known plan year whose next year is unknown', () => {
  it('warns in one line that January of the next year counts 1 January as a working day', () => {
    expect(nextYearCalendarWarning(plan2026())).toBe(
      'calendar: the official holidays of 2027 are not known (the calendar knows 2004-2026), so the sign-off ' +
        'reminders and the last escalations that run into 2027 (until about 2027-01-21) count 2027-01-01 (元旦) ' +
        "as a working day: add the State Council's 2027 schedule under calendar.holidays and calendar.workdays " +
        'once it is issued (README "Official holidays")',
    );
    expect(planWarnings(plan2026())[0]).toBe(nextYearCalendarWarning(plan2026()));
    // Without the schedule, the day the plan workflow counts with is wrong: 1 January works.
    const cal = new WorkCalendar(taskDefinition(plan2026(), '05').calendar!);
    expect(cal.isWorkingDay('2027-01-01')).toBe(true);
  });

  it('the plan may carry the next year’s schedule, and every item and the plan’s own reminders count with it', () => {
    const plan = plan2026(SCHEDULE_2027);
    expect(nextYearCalendarWarning(plan)).toBeUndefined();
    expect(planWarnings(plan).filter((w) => w.startsWith('calendar:'))).toEqual([]);
    for (const def of [taskDefinition(plan, '16'), themeDefinition(plan, 12)]) {
      const cal = new WorkCalendar(def.calendar!);
      expect(cal.isWorkingDay('2027-01-01')).toBe(false);
      expect(cal.isWorkingDay('2027-02-08')).toBe(false);
      expect(cal.isWorkingDay('2027-02-20')).toBe(true); // a Saturday, 调休
      // The head's reminders of the final sign-off, 5 working days after 31 December.
      expect(cal.addWorkingDays('2026-12-31', 5)).toBe('2027-01-08');
      expect(cal.isWorkingDay('2026-10-01')).toBe(false); // the package's own year still counts
    }
    // The plan workflow's own reminders of the final sign-off, asked for on 31 December.
    const firstReminder = (p: Plan) => {
      const year = yearPlan(p);
      const state = initialPlanState(2026, p.organization, '2026-03-09T01:00:00.000Z');
      state.phase = 'awaiting-final-sign-off';
      state.readySince = '2026-12-31T02:00:00.000Z'; // 10:00 in Beijing
      state.handledKeys.push('final-sign-off-request');
      return nextPlanNotification(year, state, new WorkCalendar(year.calendar!))?.key;
    };
    expect(firstReminder(plan)).toBe('final-sign-off-reminder-2027-01-08');
    expect(firstReminder(plan2026())).toBe('final-sign-off-reminder-2027-01-07'); // 1 January counted
    expect(new WorkCalendar(taskDefinition(plan2026(), '16').calendar!).addWorkingDays('2026-12-31', 5)).toBe(
      '2027-01-07',
    );
  });

  it('refuses days of a later year, naming their path', () => {
    const result = validatePlan({
      ...rollPlan(plan2020(), 2026).plan,
      calendar: { holidays: ['2027-01-01', '2027-12-31..2028-01-02'], workdays: ['2025-12-28'] },
    });
    // A span is one entry, named once at its own index.
    expect(!result.ok && result.errors).toEqual([
      'calendar.holidays[1]: 2027-12-31..2028-01-02 is outside the plan year 2026 and the next',
      'calendar.workdays[0]: 2025-12-28 is outside the plan year 2026 and the next',
    ]);
  });

  it('refuses a day listed both as a holiday and as a working day, at the working day’s entry', () => {
    const result = validatePlan({
      ...rollPlan(plan2020(), 2026).plan,
      calendar: { holidays: ['2027-02-05..2027-02-11'], workdays: ['2026-10-10', '2027-02-07'] },
    });
    expect(!result.ok && result.errors).toEqual([
      'calendar.workdays[1]: 2027-02-07 is also listed under calendar.holidays',
    ]);
  });

  it('says nothing when the next year is known, or the plan goes on with weekends only', () => {
    expect(nextYearCalendarWarning(plan2020())).toBeUndefined(); // 2021 is in the package
    expect(
      nextYearCalendarWarning({ year: 2027, calendar: { holidays: [], workdays: [], weekendsOnly: true } }),
    ).toBeUndefined();
    // The plan's own year unknown is an error already, not this warning.
    expect(nextYearCalendarWarning({ year: 2027, calendar: undefined })).toBeUndefined();
  });

  it('names the 元旦 holiday when 1 January is a weekend, and 春节 when it comes within reach', () => {
    // 2028-01-01 is a Saturday; 春节 2028 (26 January) is after the reach.
    const in2027 = nextYearCalendarWarning({
      year: 2027,
      calendar: {
        holidays: SCHEDULE_2027.holidays.flatMap(expandDateRange),
        workdays: SCHEDULE_2027.workdays,
      },
    });
    expect(in2027).toContain(
      'count the weekdays of the 元旦 holiday around 2028-01-01 (元旦 falls on a weekend) as working days',
    );
    expect(in2027).not.toContain('春节');
    // 春节 2042 is on 22 January: its eve, 21 January, is the day of the head's last reminder.
    const in2041 = nextYearCalendarWarning({
      year: 2041,
      calendar: { holidays: ['2041-10-01'], workdays: [] },
    });
    expect(in2041).toContain(
      '(until about 2042-01-21) count 2042-01-01 (元旦) and the 春节 holiday from 2042-01-21',
    );
  });
});

describe('the command line', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'civ-holidays-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const civ = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/civ.js', ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, CIV_PLANS_DIR: dir, TEMPORAL_ADDRESS: '127.0.0.1:1' },
    });

  it('civ plan validate and civ year start refuse 2027 until its holidays are in the plan, then warn of 2028', () => {
    const file = join(dir, '2027.yaml');
    expect(civ('plan', 'roll', 'plans/2020.yaml', '--year', '2027', '--out', file).status).toBe(0);
    const validate = civ('plan', 'validate', file);
    expect(validate.status).toBe(1);
    expect(validate.stderr).toMatch(
      /^\S+2027\.yaml: calendar: the official holidays of 2027 are not known .*\n$/,
    );
    const start = civ('year', 'start', '2027');
    expect(start.status).toBe(1);
    expect(start.stderr).toMatch(/^civ: .*calendar: the official holidays of 2027 are not known/);
    expect(start.stderr.split('\n').filter(Boolean)).toHaveLength(1);

    const plan = parse(readFileSync(file, 'utf8')) as Plan;
    const withHolidays = { ...plan, calendar: { holidays: ['2027-10-01..2027-10-07'], workdays: [] } };
    writeFileSync(file, stringify(withHolidays));
    // Valid now, and warned of what runs into 2028 (2028-01-01 is a Saturday), each on its line
    // with the old year's phrases; the year start says the calendar's before it reaches Temporal
    // (here unreachable: the line after).
    const warning =
      'warning: calendar: the official holidays of 2028 are not known (the calendar knows 2004-2026, 2027)';
    const valid = civ('plan', 'validate', file);
    expect(valid.status).toBe(0);
    const lines = valid.stderr.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(
      new RegExp(
        `^${file.replace(/[.\\]/g, '\\$&')}: ${warning.replace(/[().]/g, '\\$&')}, so .*around 2028-01-01`,
      ),
    );
    expect(lines.every((l) => l.startsWith(`${file}: warning: `))).toBe(true);
    const started = civ('year', 'start', '2027').stderr.split('\n').filter(Boolean);
    expect(started).toEqual([
      lines[0].slice(file.length + 2),
      expect.stringMatching(/^civ: cannot reach Temporal/),
    ]);
  });

  it('civ doctor says which years the calendar knows', () => {
    const doctor = civ('doctor');
    expect(doctor.stdout).toMatch(/Official holidays \(chinese-days\): known for 2004-2026/);
    // The year after this one, when the package lacks it, goes into this year's plan too.
    const year = Number(localDate(Date.now()).slice(0, 4));
    if (!hasOfficialHolidayData(year + 1))
      expect(doctor.stdout).toContain(
        `${year + 1} is not: add its schedule to plans/${year}.yaml (the reminders that run into January) and to plans/${year + 1}.yaml`,
      );
  });
});
