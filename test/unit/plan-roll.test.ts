// Carrying a plan to a new year: dates on working days of that year, the old year's parts dropped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WorkCalendar } from '../../domain/calendar';
import { loadPlanFile } from '../../config/plan-files';
import { validatePlan } from '../../domain/plan';
import { rollPlan, yearBoundPhrases } from '../../domain/plan-roll';
import { planWarnings, yearBoundPhraseWarnings } from '../../domain/plan-warnings';
import { plan2020 } from '../helpers/plans';

const repo = resolve(__dirname, '../..');

test('due dates keep month and day, moved back to a working day of the new year', () => {
  const { plan } = rollPlan(plan2020(), 2026);
  const due = Object.fromEntries(plan.tasks.map((t) => [t.id, t.due]));
  expect(due['01']).toBe('2026-12-15'); // a Tuesday in 2026 too
  expect(due['05']).toBe('2026-12-04'); // Friday
  expect(due['10']).toBe('2026-12-24'); // Thursday, the latest due date of 2026
  const cal = WorkCalendar.official();
  for (const t of plan.tasks) {
    expect(cal.isWorkingDay(t.due)).toBe(true);
    for (const m of t.milestones ?? []) expect(cal.isWorkingDay(m.due)).toBe(true);
  }
  // 2021-12-04 is a Saturday: the task falls due on Friday the 3rd.
  expect(rollPlan(plan2020(), 2021).plan.tasks.find((t) => t.id === '05')?.due).toBe('2021-12-03');
});

test('29 February and the first days of January stay inside the new year', () => {
  const source = plan2020();
  source.tasks[0] = { ...source.tasks[0], due: '2020-02-29', milestones: [] };
  source.tasks[1] = { ...source.tasks[1], due: '2020-01-02', milestones: [] };
  const { plan } = rollPlan(source, 2021);
  expect(plan.tasks[0].due).toBe('2021-02-26'); // 28 Feb 2021 is a Sunday, the 26th a Friday
  expect(plan.tasks[1].due).toBe('2021-01-04'); // 1-3 January are the New Year holiday
});

test('a due date in the review days of the new year moves before them', () => {
  const source = plan2020();
  // Ten review days: in 2021 they are 12-20 … 12-31, so task 10 (12-24 in 2020) moves to Friday 12-17.
  source.defaults.reviewWorkingDays = 10;
  source.tasks = source.tasks.map((t) => (t.id === '10' ? t : { ...t, due: '2020-12-01' }));
  const { plan } = rollPlan(source, 2021);
  expect(plan.tasks.find((t) => t.id === '10')?.due).toBe('2021-12-17');
});

test('the old notice and calendar corrections are dropped, year names follow, warnings say what to check', () => {
  const source = plan2020();
  source.calendar = { holidays: ['2020-10-09'], workdays: [] };
  const { plan, warnings } = rollPlan(source, 2027);
  expect(plan.document).toEqual({ title: '无锡市机关事务管理局2027年深化全国文明单位创建工作实施方案' });
  expect(plan.calendar).toBeUndefined();
  expect(JSON.stringify(plan)).not.toContain('2020年');
  expect(warnings).toEqual([
    "the calendar package has no official holiday schedule for 2027: due dates only avoid weekends, and the plan is refused until the State Council's 2027 schedule is added under calendar.holidays and calendar.workdays (or calendar.weekendsOnly: true is set)",
    'texts name editions (第十八届、第六届): check them for 2027',
    'texts carry phrases of 2020, to rewrite for 2027: task 09 description: 疫情防控; task 11 title: 阳光扶贫; ' +
      'task 11 description: 阳光扶贫; task 15 description: 新冠病毒肺炎疫情防控阻击战、全面小康收官仗、全面建成小康社会',
    "the 2020 notice (锡管党委〔2020〕6号) was dropped: add 2027's",
  ]);
});

test('the next year’s days a plan already carries are kept: they are that year’s calendar', () => {
  // A 2026 plan with 2027's schedule copied in (for the January it runs into); 2027-12-03 made a
  // day off to show the roll moving a due date by it.
  const source = rollPlan(plan2020(), 2026).plan;
  source.calendar = {
    holidays: ['2026-10-09', '2027-01-01', '2027-10-01', '2027-12-03'],
    workdays: ['2026-10-10', '2027-02-20'],
  };
  const { plan, warnings } = rollPlan(source, 2027);
  expect(plan.calendar).toEqual({
    holidays: ['2027-01-01', '2027-10-01', '2027-12-03'],
    workdays: ['2027-02-20'],
  });
  expect(plan.tasks.find((t) => t.id === '05')?.due).toBe('2027-12-02'); // 2027-12-03, a Friday, is off
  expect(warnings.some((w) => w.includes('no official holiday schedule'))).toBe(false);
  expect(validatePlan(plan).ok).toBe(true);
});

test('civ plan roll writes the plan once and never overwrites; a year without holidays is refused until they are added', () => {
  const dir = mkdtempSync(join(tmpdir(), 'civ-roll-'));
  try {
    const out = join(dir, '2028.yaml');
    const civ = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/civ.js', ...args], { cwd: repo, encoding: 'utf8' });
    const first = civ('plan', 'roll', 'plans/2020.yaml', '--year', '2028', '--out', out);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(`${out}: 2028 年, 16 项任务 (from plans/2020.yaml)\n`);
    expect(first.stderr).toContain('warning: the calendar package has no official holiday schedule for 2028');
    const rolled = loadPlanFile(out);
    expect(rolled.ok).toBe(false);
    expect(!rolled.ok && rolled.errors).toEqual([
      expect.stringMatching(/^calendar: the official holidays of 2028 are not known/),
    ]);
    const before = readFileSync(out, 'utf8');
    const second = civ('plan', 'roll', 'plans/2020.yaml', '--year', '2028', '--out', out);
    expect(second.status).toBe(1);
    expect(second.stderr).toBe(`civ: ${out} already exists; not overwritten\n`);
    expect(readFileSync(out, 'utf8')).toBe(before);
    const backwards = civ('plan', 'roll', 'plans/2020.yaml', '--year', '2019', '--out', join(dir, 'x.yaml'));
    expect(backwards.stderr).toBe('civ: --year must be a year after 2020, not "2019"\n');
    expect(existsSync(join(dir, 'x.yaml'))).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the committed 2026 plan is the 2020 plan rolled, and valid', () => {
  const committed = loadPlanFile(join(repo, 'plans', '2026.yaml'));
  expect(committed.ok).toBe(true);
  if (!committed.ok) return;
  const rolled = rollPlan(plan2020(), 2026).plan;
  expect(committed.plan.tasks.map((t) => [t.id, t.due])).toEqual(rolled.tasks.map((t) => [t.id, t.due]));
});

/** The comment lines of a YAML text, as written. */
const comments = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('#'));

test('civ plan roll keeps every comment of the old file, lists its year-bound phrases, and writes the rolled plan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'civ-roll-'));
  try {
    const out = join(dir, '2026.yaml');
    const run = spawnSync(
      process.execPath,
      ['bin/civ.js', 'plan', 'roll', 'plans/2020.yaml', '--year', '2026', '--out', out],
      { cwd: repo, encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    const source = readFileSync(join(repo, 'plans', '2020.yaml'), 'utf8');
    const written = readFileSync(out, 'utf8');
    const kept = comments(written);
    for (const line of comments(source)) expect([line, kept.includes(line)]).toEqual([line, true]);
    expect(kept.filter((l) => l.startsWith('# Choice')).length).toBe(15);
    // What the office must rewrite: on stderr and at the head of the file.
    const phrases = 'task 15 description: 新冠病毒肺炎疫情防控阻击战、全面小康收官仗、全面建成小康社会';
    expect(run.stderr).toContain(phrases);
    expect(written).toContain(phrases);
    const loaded = loadPlanFile(out);
    expect(loaded.ok && loaded.plan).toEqual(rollPlan(plan2020(), 2026).plan);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('year-bound phrases: each named once where it stands, a longer one hiding those inside it', () => {
  const plan = plan2020();
  expect(yearBoundPhrases(plan)).toEqual([
    'task 09 description: 疫情防控',
    'task 11 title: 阳光扶贫',
    'task 11 description: 阳光扶贫',
    'task 15 description: 新冠病毒肺炎疫情防控阻击战、全面小康收官仗、全面建成小康社会',
  ]);
  plan.goals = '决胜全面小康、决战脱贫攻坚';
  expect(yearBoundPhrases(plan)[0]).toBe('goals: 决胜全面小康、脱贫攻坚');
});

test('civ plan validate names the same texts by their paths, and only in a plan of a later year', () => {
  const rolled = rollPlan(plan2020(), 2026).plan;
  rolled.goals = '决胜全面小康、打赢脱贫攻坚战';
  expect(yearBoundPhraseWarnings(rolled)).toEqual([
    'goals: 决胜全面小康、脱贫攻坚 are phrases of 2020: rewrite them for 2026',
    'tasks[8].description: 疫情防控 is a phrase of 2020: rewrite it for 2026',
    'tasks[10].title: 阳光扶贫 is a phrase of 2020: rewrite it for 2026',
    'tasks[10].description: 阳光扶贫 is a phrase of 2020: rewrite it for 2026',
    'tasks[14].description: 新冠病毒肺炎疫情防控阻击战、全面小康收官仗、全面建成小康社会 are phrases of 2020: rewrite them for 2026',
  ]);
  expect(planWarnings(rolled).slice(1)).toEqual(yearBoundPhraseWarnings(rolled));
  // In 2020's own plan they are that year's words.
  expect(yearBoundPhraseWarnings(plan2020())).toEqual([]);
  expect(planWarnings(plan2020())).toEqual([]);
});

test('the committed 2026 plan kept the 2020 plan’s comments through the roll', () => {
  const text = (year: number) => readFileSync(join(repo, 'plans', `${year}.yaml`), 'utf8');
  const kept = comments(text(2026));
  for (const line of comments(text(2020)).filter((l) => l.startsWith('# Choice')))
    expect([line, kept.includes(line)]).toEqual([line, true]);
});
