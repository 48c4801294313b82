// The plan schema against the default plan and against malformed plans: each malformed plan must
// produce exactly the error lines an admin would need to fix it, no more and no less.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { defaultPlanPath, loadPlanFile, parsePlanText } from '../../config/plan-files';
import { validatePlan, type Plan } from '../../domain/plan';

const defaultText = readFileSync(defaultPlanPath(2020), 'utf8');

// The raw parsed file, before zod fills in defaults: the shape an admin writes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- malformed plans are untyped on purpose
type Raw = any;
const raw: Raw = parse(defaultText);

function errorsOf(result: ReturnType<typeof validatePlan>): string[] {
  return result.ok ? [] : result.errors;
}

/** Errors of the default plan after `mutate` changed a deep copy of it. */
function errorsAfter(mutate: (plan: Raw) => void): string[] {
  const plan = structuredClone(raw);
  mutate(plan);
  return errorsOf(validatePlan(plan));
}

describe('the default plan (plans/2020.yaml)', () => {
  const result = loadPlanFile(defaultPlanPath(2020));
  const plan = (result.ok ? result.plan : undefined) as Plan;

  it('validates', () => {
    expect(errorsOf(result)).toEqual([]);
    expect(plan.organization).toBe('无锡市机关事务管理局');
    expect(plan.year).toBe(2020);
    expect(plan.timeZone).toBe('Asia/Shanghai');
    expect(plan.document).toEqual({
      title: '无锡市机关事务管理局2020年深化全国文明单位创建工作实施方案',
      number: '锡管党委〔2020〕6号',
      issuedOn: '2020-03-09',
      notice: '关于印发《无锡市机关事务管理局2020年深化全国文明单位创建工作实施方案》的通知',
    });
    // The notice issues the plan under its title.
    expect(plan.document!.notice).toContain(`《${plan.document!.title}》`);
    expect(plan.goals).toContain('六好三优一满意');
  });

  it('has the 16 tasks of the seed, numbered 01-16 in the 5 categories', () => {
    expect(plan.tasks.map((t) => t.id)).toEqual(
      Array.from({ length: 16 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(plan.categories.map((c) => [c.number, c.numeral])).toEqual([
      [1, '一'],
      [2, '二'],
      [3, '三'],
      [4, '四'],
      [5, '五'],
    ]);
    const byCategory = (n: number) => plan.tasks.filter((t) => t.category === n).map((t) => Number(t.id));
    expect(byCategory(1)).toEqual([1, 2, 3, 4, 5]);
    expect(byCategory(2)).toEqual([6, 7]);
    expect(byCategory(3)).toEqual([8, 9, 10, 11]);
    expect(byCategory(4)).toEqual([12, 13, 14]);
    expect(byCategory(5)).toEqual([15, 16]);
    expect(plan.tasks[0].title).toBe('深入学习贯彻新思想');
    expect(plan.tasks[4].title).toBe('积极开展普法知识教育');
    expect(plan.tasks[15].title).toBe('不断拓展文明创建范围');
  });

  it('has the KPIs of the seed: 95 for task 05, 90 and 90 for task 08', () => {
    const kpis = plan.tasks.flatMap((t) => (t.kpis ?? []).map((k) => [t.id, k.name, k.min]));
    expect(kpis).toEqual([
      ['05', '法治宣传普及率', 95],
      ['08', '注册志愿者占干部职工比例', 90],
      ['08', '参加志愿服务人数占注册志愿者比例', 90],
    ]);
  });

  it('has the 12 monthly themes in order, and March as the volunteer month of task 09', () => {
    expect(plan.themes.map((t) => t.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(plan.themes[0]).toEqual({ month: 1, title: '迎新送暖', label: '启程月' });
    expect(plan.themes[11]).toEqual({ month: 12, title: '公益志愿', label: '展示月' });
    expect(plan.festivals.map((f) => f.id)).toEqual(['spring', 'qingming', 'duanwu', 'midautumn']);
    expect(plan.volunteerMonth).toEqual({ month: 3, title: '第十八届学雷锋志愿服务活动月', task: '09' });
  });

  it('names the heads of all 处室 and 基层单位 as leading-group members', () => {
    const heads = plan.branches.filter((b) => b.kind !== '支部').map((b) => b.id);
    expect([...plan.leadingGroup.members].sort()).toEqual([...heads].sort());
  });

  it('reads the same from JSON, which is YAML too', () => {
    expect(errorsOf(parsePlanText(JSON.stringify(raw)))).toEqual([]);
  });
});

describe('a malformed plan gets exactly the expected error lines', () => {
  const cases: [string, (plan: Raw) => void, string[]][] = [
    [
      'duplicate task id',
      (p) => (p.tasks[3].id = '03'),
      ['tasks[3].id: duplicate "03" (already used at index 2)'],
    ],
    [
      'duplicate branch id',
      (p) => p.branches.push({ ...p.branches[0], name: '第二办公室' }),
      ['branches[8].id: duplicate "office" (already used at index 0)'],
    ],
    [
      'unknown branch in a task',
      (p) => p.tasks[0].branches.push('canteen'),
      ['tasks[0].branches[2]: unknown branch "canteen"'],
    ],
    [
      'unknown leading-group member',
      (p) => p.leadingGroup.members.push('canteen'),
      ['leadingGroup.members[7]: unknown branch "canteen"'],
    ],
    [
      'due date outside the year',
      (p) => (p.tasks[3].due = '2021-01-15'),
      ['tasks[3].due: 2021-01-15 is outside the plan year 2020'],
    ],
    [
      'milestone after the due date',
      (p) => (p.tasks[0].milestones[0].due = '2020-12-20'),
      ["tasks[0].milestones[0].due: 2020-12-20 is not before the task's due date 2020-12-15"],
    ],
    [
      'milestone outside the year',
      (p) => (p.tasks[0].milestones[0].due = '2019-12-20'),
      ['tasks[0].milestones[0].due: 2019-12-20 is outside the plan year 2020'],
    ],
    // Task 01 has a milestone: an impossible due date must not also make it "not before".
    [
      'impossible date',
      (p) => (p.tasks[0].due = '2020-02-30'),
      ['tasks[0].due: is not a real calendar date'],
    ],
    [
      'date written with slashes',
      (p) => (p.tasks[3].due = '2020/12/15'),
      ['tasks[3].due: must be a date written YYYY-MM-DD'],
    ],
    [
      'date without leading zeros',
      (p) => (p.document.issuedOn = '2020-3-9'),
      ['document.issuedOn: must be a date written YYYY-MM-DD'],
    ],
    [
      'KPI threshold 120',
      (p) => (p.tasks[4].kpis[0].min = 120),
      ['tasks[4].kpis[0].min: must be between 0 and 100'],
    ],
    [
      'KPI threshold -1',
      (p) => (p.tasks[7].kpis[1].min = -1),
      ['tasks[7].kpis[1].min: must be between 0 and 100'],
    ],
    [
      'bad email of a branch lead',
      (p) => (p.branches[1].lead.email = 'wu.fang.example.gov.cn'),
      ['branches[1].lead.email: must be an email address'],
    ],
    [
      'bad email of the office',
      (p) => (p.leadingGroup.office.email = 'wmcj@'),
      ['leadingGroup.office.email: must be an email address'],
    ],
    [
      'only 11 themes',
      (p) => p.themes.pop(),
      ['themes: must list 12 monthly themes, one per month', 'themes: month 12 has no theme'],
    ],
    [
      '12 themes with a month twice',
      (p) => (p.themes[11].month = 11),
      ['themes[11].month: duplicate "11" (already used at index 10)', 'themes: month 12 has no theme'],
    ],
    ['year as a string', (p) => (p.year = '2020'), ['year: Invalid input: expected number, received string']],
    [
      'branches not an array',
      (p) => (p.branches = { office: p.branches[0] }),
      ['branches: Invalid input: expected array, received object'],
    ],
    [
      'category as a string',
      (p) => (p.tasks[0].category = '一'),
      ['tasks[0].category: Invalid input: expected number, received string'],
    ],
    ['missing task title', (p) => delete p.tasks[5].title, ['tasks[5].title: is required']],
    ['missing office', (p) => delete p.leadingGroup.office, ['leadingGroup.office: is required']],
    ['unknown top-level field', (p) => (p.owner = '办公室'), ['(root): Unrecognized key: "owner"']],
    ['unknown task field', (p) => (p.tasks[2].owner = 'office'), ['tasks[2]: Unrecognized key: "owner"']],
    [
      'unknown volunteer-month task',
      (p) => (p.volunteerMonth.task = '17'),
      ['volunteerMonth.task: unknown task "17"'],
    ],
    [
      'wrong time zone',
      (p) => (p.timeZone = 'Asia/Beijing'),
      ['timeZone: Invalid input: expected "Asia/Shanghai"'],
    ],
    [
      'task id not two digits',
      (p) => (p.tasks[0].id = '1'),
      ['tasks[0].id: must be a two-digit task number such as "05"'],
    ],
    [
      'reminder offset of 0 days',
      (p) => (p.defaults.reminderDaysBefore = [14, 0]),
      ['defaults.reminderDaysBefore[1]: must be at least 1 day'],
    ],
    [
      'unknown sign-off',
      (p) => (p.tasks[1].signOff = 'deputy'),
      ['tasks[1].signOff: Invalid option: expected one of "office"|"head"'],
    ],
    [
      'two problems at once are both reported',
      (p) => {
        p.tasks[1].id = '01';
        p.branches[2].lead.email = 'nobody';
      },
      [
        'branches[2].lead.email: must be an email address',
        'tasks[1].id: duplicate "01" (already used at index 0)',
      ],
    ],
  ];

  it.each(cases)('%s', (_name, mutate, expected) => {
    expect(errorsAfter(mutate)).toEqual(expected);
  });
});

describe('plan text that is not a plan at all', () => {
  it.each([
    ['an empty file', '', ['(root): the plan file is empty']],
    ['a whitespace-only file', '  \n\t\n   \n', ['(root): the plan file is empty']],
    ['a file of comments only', '# 2021 年方案待定\n', ['(root): the plan file is empty']],
    [
      'invalid YAML',
      'year: [2020\n',
      [
        '(root): invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1',
      ],
    ],
    [
      'a key written twice',
      'year: 2020\nyear: 2021\n',
      ['(root): invalid YAML: Map keys must be unique at line 2, column 1'],
    ],
    ['a list instead of a plan', '- 2020\n', ['(root): Invalid input: expected object, received array']],
  ])('%s', (_name, text, expected) => {
    expect(errorsOf(parsePlanText(text))).toEqual(expected);
  });

  it('a missing file', () => {
    expect(errorsOf(loadPlanFile(defaultPlanPath(1999)))).toEqual(['(root): the plan file does not exist']);
  });
});
