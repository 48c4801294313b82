// A year whose official holidays are unknown (chinese-days 1.5.7 ends with 2026) is refused until
// the office adds the State Council's schedule to the plan, or says it goes on with weekends only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { calendarTable, WorkCalendar } from '../../domain/calendar';
import { validatePlan, type Plan } from '../../domain/plan';
import { rollPlan } from '../../domain/plan-roll';
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

  it('civ plan validate and civ year start refuse 2027 until its holidays are in the plan', () => {
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
    expect(civ('plan', 'validate', file)).toMatchObject({ status: 0, stderr: '' });
  });

  it('civ doctor says which years the calendar knows', () => {
    const doctor = civ('doctor');
    expect(doctor.stdout).toMatch(/Official holidays \(chinese-days\): known for 2004-2026/);
  });
});
