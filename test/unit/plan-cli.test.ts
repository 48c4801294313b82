// `civ plan validate|show` run as an admin runs them: the real bin/civ.js in a child process, so the
// exit code and the exact stdout/stderr lines are what is tested.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repo = path.resolve(__dirname, '../..');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'civ-plan-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function civ(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/civ.js', ...args], { cwd: repo, encoding: 'utf8' });
  const lines = (s: string) => s.split('\n').filter((l) => l !== '');
  return { status: run.status, stdout: lines(run.stdout), stderr: lines(run.stderr) };
}

/** A copy of the default plan with some lines replaced, written to the tmp dir. */
function badPlan(name: string, edit: (text: string) => string): string {
  const file = path.join(tmp, name);
  const text = readFileSync(path.join(repo, 'plans/2020.yaml'), 'utf8');
  const edited = edit(text);
  expect(edited).not.toBe(text);
  writeFileSync(file, edited);
  return file;
}

describe('civ plan validate', () => {
  it('accepts the default plan with a one-line summary', () => {
    expect(civ('plan', 'validate', 'plans/2020.yaml')).toEqual({
      status: 0,
      stdout: ['plans/2020.yaml: OK — 2020 年, 16 项任务, 8 个支部/处室'],
      stderr: [],
    });
  });

  it('warns, one line each with its path, of the phrases of 2020 a later plan still carries, and exits 0', () => {
    const run = civ('plan', 'validate', 'plans/2026.yaml');
    expect(run.status).toBe(0);
    expect(run.stdout).toEqual(['plans/2026.yaml: OK — 2026 年, 16 项任务, 8 个支部/处室']);
    expect(run.stderr.filter((l) => !l.includes(': warning: calendar:'))).toEqual([
      'plans/2026.yaml: warning: tasks[8].description: 疫情防控 is a phrase of 2020: rewrite it for 2026',
      'plans/2026.yaml: warning: tasks[10].title: 阳光扶贫 is a phrase of 2020: rewrite it for 2026',
      'plans/2026.yaml: warning: tasks[10].description: 阳光扶贫 is a phrase of 2020: rewrite it for 2026',
      'plans/2026.yaml: warning: tasks[14].description: 新冠病毒肺炎疫情防控阻击战、全面小康收官仗、全面建成小康社会 are phrases of 2020: rewrite them for 2026',
    ]);
  });

  it('lists every problem of a bad plan on its own line and exits 1', () => {
    const file = badPlan('bad.yaml', (text) =>
      text
        .replace('    due: 2020-12-04\n', '    due: 2021-12-04\n')
        .replace(
          '{ id: law-awareness, name: 法治宣传普及率, unit: "%", min: 95 }',
          '{ id: law-awareness, name: 法治宣传普及率, unit: "%", min: 120 }',
        )
        .replace('  task: "09"', '  task: "19"'),
    );
    expect(civ('plan', 'validate', file)).toEqual({
      status: 1,
      stdout: [],
      stderr: [
        `${file}: tasks[4].kpis[0].min: must be between 0 and 100`,
        `${file}: tasks[4].due: 2021-12-04 is outside the plan year 2020`,
        `${file}: volunteerMonth.task: unknown task "19"`,
      ],
    });
  });

  it('reports invalid YAML in one line', () => {
    const file = badPlan('broken.yaml', (text) => text.replace('year: 2020', 'year: [2020'));
    const run = civ('plan', 'validate', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toHaveLength(1);
    expect(run.stderr[0]).toMatch(
      new RegExp(`^${file.replace(/[.\\]/g, '\\$&')}: \\(root\\): invalid YAML: .+ at line \\d+`),
    );
  });

  it('reports a missing file in one line, without a stack trace', () => {
    expect(civ('plan', 'validate', 'plans/1999.yaml')).toEqual({
      status: 1,
      stdout: [],
      stderr: ['plans/1999.yaml: (root): the plan file does not exist'],
    });
  });

  it('reports an empty file in one line', () => {
    const file = path.join(tmp, 'empty.yaml');
    writeFileSync(file, '\n  \n');
    expect(civ('plan', 'validate', file)).toEqual({
      status: 1,
      stdout: [],
      stderr: [`${file}: (root): the plan file is empty`],
    });
  });
});

describe('civ plan show', () => {
  let run: ReturnType<typeof civ>;
  let text: string;
  beforeAll(() => {
    run = civ('plan', 'show', 'plans/2020.yaml');
    text = run.stdout.join('\n');
  });

  it('prints one table row per task', () => {
    expect(run.status).toBe(0);
    expect(run.stderr).toEqual([]);
    // A row's first line starts with the task number; its other lines have an empty first cell.
    const rows = run.stdout.filter((l) => /^│ \d{2} +│/.test(l)).map((l) => l.slice(2, 4));
    expect(rows).toEqual(Array.from({ length: 16 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(text).toContain('积极开展普法知识教育');
    expect(text).toContain('法规处');
  });

  it('heads the sign-off column 审核 and names who signs off, never 签收 (a branch’s receipt)', () => {
    const header = run.stdout.find((l) => l.includes('序号'))!;
    expect(
      header
        .split('│')
        .map((c) => c.trim())
        .filter(Boolean),
    ).toEqual(['序号', '类别', '任务', '责任支部/处室', '截止日期', '提醒日期', '审核']);
    expect(text).not.toContain('签收');
    // Task 15 is signed off by the head (组长), task 05 by the office.
    const signer = (id: string) =>
      run.stdout
        .find((l) => l.startsWith(`│ ${id} `))!
        .split('│')
        .at(-2)!
        .trim();
    expect(signer('15')).toBe('组长');
    expect(signer('05')).toBe('办公室');
  });

  it('shows the due date, the milestones and the reminders moved to working days', () => {
    const row02 = run.stdout.findIndex((l) => l.startsWith('│ 02 '));
    const rowText = run.stdout.slice(row02, row02 + 3).join('\n');
    expect(rowText).toContain('2020-11-30');
    expect(rowText).toContain('节点 2020-06-30');
    // 3 and 1 days before Monday 2020-11-30 are a Friday and a Sunday: both become Friday 11-27.
    expect(rowText).toContain('2020-11-16');
    expect(rowText.match(/2020-11-27/g)).toHaveLength(1);
  });

  it('lists the KPIs, the monthly themes, the festivals and the volunteer month below the table', () => {
    expect(text).toContain('05 法治宣传普及率 ≥ 95%');
    expect(text).toContain('1月“迎新送暖”启程月');
    expect(text).toContain('12月“公益志愿”展示月');
    expect(text).toContain('我们的节日：春节');
    expect(text).toContain('第十八届学雷锋志愿服务活动月（任务 09）');
  });

  it('refuses a bad plan like validate does', () => {
    const file = badPlan('show-bad.yaml', (text) => text.replace('timeZone: Asia/Shanghai', 'timeZone: UTC'));
    expect(civ('plan', 'show', file)).toEqual({
      status: 1,
      stdout: [],
      stderr: [`${file}: timeZone: Invalid input: expected "Asia/Shanghai"`],
    });
  });
});
