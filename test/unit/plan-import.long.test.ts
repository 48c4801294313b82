// `civ plan import` on real files: the seed's draft filled in as an office would and imported back to
// the tasks of plans/2020.yaml (also after LibreOffice saved it again); a messy workbook of the kind
// offices really have (title rows, a two-row header, merged categories, columns in another order under
// other names, every way of writing a date, several units in a cell, the 单位名单 in a workbook of
// its own); and every kind of problem once, all reported at once by sheet, row and column, with
// nothing written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { loadPlanFile } from '../../config/plan-files';
import { ORG_KEY_RULE } from '../../domain/organization';
import type { Plan } from '../../domain/plan';
import { importPlan } from '../../domain/plan-import';
import type { CellValue } from '../../domain/plan-table';
import { fillDraft, savedByLibreOffice } from '../helpers/office-workbooks';
import { plan2020 } from '../helpers/plans';

jest.setTimeout(90_000);

const repo = path.resolve(__dirname, '../..');
const SEED = path.join(repo, 'test/fixtures/seed-plan-2020.txt');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'civ-import-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function civ(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['bin/civ.js', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  const lines = (s: string) => s.split('\n').filter((l) => l !== '');
  return { status: run.status, stdout: lines(run.stdout), stderr: lines(run.stderr) };
}

function loaded(file: string): Plan {
  const result = loadPlanFile(file);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.plan;
}

/** A task as the table carries it: the plan's own escalation of task 09 and the KPIs' ids are the YAML's. */
function asTabled(t: Plan['tasks'][number]) {
  const { escalation: _escalation, milestones, kpis, ...rest } = t;
  return {
    ...rest,
    ...(milestones && { milestones: milestones.map(({ title, due }) => ({ title, due })) }),
    ...(kpis && { kpis: kpis.map(({ min, unit }) => ({ min, unit })) }),
  };
}

describe('the seed, drafted, filled in and imported', () => {
  let filled: string;
  let imported: Plan;

  beforeAll(async () => {
    const draft = path.join(tmp, 'draft.xlsx');
    expect(civ(['plan', 'draft', SEED, '--out', draft]).status).toBe(0);
    filled = path.join(tmp, '任务分解表（已填写）.xlsx');
    await fillDraft(draft, plan2020(), filled);
  });

  it('becomes a plan that passes civ plan validate, with the 16 tasks of plans/2020.yaml', () => {
    const out = path.join(tmp, '2020.yaml');
    const run = civ(['plan', 'import', filled, '--out', out]);
    expect(run.stderr).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toEqual([
      `${out}: 2020 年, 16 项任务, 8 个支部/处室（导入自 任务分解表（已填写）.xlsx）`,
      '说明：',
      '  领导小组成员：单位名单中各处室、基层单位的负责人（支部书记不列入）。',
    ]);
    expect(civ(['plan', 'validate', out])).toEqual({
      status: 0,
      stdout: [`${out}: OK — 2020 年, 16 项任务, 8 个支部/处室`],
      stderr: [],
    });
    imported = loaded(out);
    const expected = plan2020();
    expect(imported.tasks.map(asTabled)).toEqual(expected.tasks.map(asTabled));
    expect(imported.tasks.flatMap((t) => (t.kpis ?? []).map((k) => `${t.id} ${k.name}≥${k.min}`))).toEqual([
      '05 法治宣传普及率≥95',
      '08 注册志愿者人数占干部职工人数的比例≥90',
      '08 注册志愿者参加志愿服务活动的人数占注册志愿者总人数的比例≥90',
    ]);
    for (const key of ['organization', 'year', 'document', 'leadingGroup', 'branches', 'categories'] as const)
      expect(imported[key]).toEqual(expected[key]);
    for (const key of [
      'themes',
      'festivals',
      'volunteerMonth',
      'defaults',
      'activities',
      'appraisal',
    ] as const)
      expect(imported[key]).toEqual(expected[key]);
    expect(imported.goals).toContain(expected.goals);
  });

  it('imports the same plan from the workbook saved again by LibreOffice', () => {
    const saved = savedByLibreOffice(filled, tmp);
    const out = path.join(tmp, 'from-libreoffice.yaml');
    expect(civ(['plan', 'import', saved, '--out', out]).status).toBe(0);
    expect(loaded(out)).toEqual(imported);
  });

  it('writes into plans/<org>/ when the 方案信息 names the organization, and never over a plan', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(filled);
    const info = wb.getWorksheet('方案信息')!;
    info.getRow(3).getCell(2).value = 'wuxi-jgswj';
    const withOrg = path.join(tmp, 'with-org.xlsx');
    await wb.xlsx.writeFile(withOrg);
    const plans = path.join(tmp, 'plans');
    mkdirSync(plans);
    const env = { CIV_PLANS_DIR: plans };
    const file = path.join(plans, 'wuxi-jgswj', '2020.yaml');
    expect(civ(['plan', 'import', withOrg], env).stdout[0]).toBe(
      `${file}: 2020 年, 16 项任务, 8 个支部/处室（导入自 with-org.xlsx）`,
    );
    expect(loaded(file).org).toBe('wuxi-jgswj');
    expect(civ(['plan', 'import', withOrg], env)).toMatchObject({
      status: 1,
      stderr: [`civ: ${file}：文件已存在，未覆盖（要重新导入，请先删除或改用 --out）`],
    });
    const wrong = path.join(plans, '2020.yaml');
    expect(civ(['plan', 'import', withOrg, '--out', wrong], env).stderr).toEqual([
      `civ: ${wrong}：方案的单位代码是 wuxi-jgswj，应写入 ${path.relative(repo, file)}`,
    ]);
    expect(civ(['--org', 'other-org', 'plan', 'import', withOrg], env).stderr).toEqual([
      'with-org.xlsx: 工作表“方案信息”第3行“单位代码”：“wuxi-jgswj”与命令行的 --org other-org 不一致',
      '共 1 个问题，未写入方案文件。',
    ]);
    expect(existsSync(wrong)).toBe(false);
  });
});

type Rows = CellValue[][];

/** A copy of rows (structuredClone would make arrays of another realm than the test's, which exceljs does not see as rows). */
const copy = (rows: Rows): Rows => rows.map((r) => [...r]);

async function writeBook(file: string, sheets: Record<string, Rows>, shape?: (wb: ExcelJS.Workbook) => void) {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  shape?.(wb);
  await wb.xlsx.writeFile(file);
}

const THEMES: Rows = [
  ['月份', '主题', '主题月'],
  ...[
    '迎新送暖启程月',
    '传统文化弘扬月',
    '学习雷锋榜样月',
    '卫生健康普及月',
    '舞动青春奉献月',
    '绿色环保践行月',
  ]
    .concat([
      '红色经典传承月',
      '拥军爱民共建月',
      '尊师重教感恩月',
      '温暖夕阳敬老月',
      '安全防范宣传月',
      '公益志愿展示月',
    ])
    .map((t, i): CellValue[] => [`${i + 1}月`, `“${t.slice(0, 4)}”`, t.slice(4)]),
];

function info(year: number, rows: Rows = []): Rows {
  return [
    ['项目', '内容'],
    ['单位名称', '××市××局'],
    ['年度', `${year}年`],
    ['创建目标', '努力实现“六好三优一满意”目标。'],
    ['办公室名称', '创建工作领导小组办公室'],
    ['挂靠单位', '机关党委'],
    ['办公室邮箱', 'wmcj@example.gov.cn'],
    ['学雷锋活动月', '3月'],
    ['学雷锋活动名称', '第十九届学雷锋志愿服务活动月'],
    ['学雷锋活动对应任务', '任务4'],
    ...rows,
  ];
}

const GROUP: Rows = [
  ['××局创建工作领导小组'],
  ['组内职务', '姓名', '职务', '邮箱'],
  ['组长', '王建国', '局长', 'wang.jianguo@example.gov.cn'],
  ['副组长', '李明', '副局长', 'li.ming@example.gov.cn'],
  ['副组长', '张华', '副局长', 'zhang.hua@example.gov.cn'],
  ['办公室主任', '赵丽', '办公室主任', 'zhao.li@example.gov.cn'],
];

describe('a messy workbook, with the 单位名单 in a workbook of its own', () => {
  let result: ReturnType<typeof importPlan> & { ok: true };
  let run: ReturnType<typeof civ>;
  const serial = 46_265; // Excel's day number of 2026-08-31
  const book = () => path.join(tmp, '2026年任务分解表.xlsx');
  const units = () => path.join(tmp, '单位名单.xlsx');

  beforeAll(async () => {
    const blank: CellValue[] = [null, null, null, null, null, null, null, null];
    await writeBook(
      book(),
      {
        工作任务分解表: [
          ['附件1'],
          ['××局2026年文明单位创建工作任务分解表'],
          ['序号', '类别', '工作任务', '工作要求', '时间节点', '责任单位', '责任单位', '量化指标', '审核人'],
          ['序号', '类别', '工作任务', '工作要求', '时间节点', '牵头单位', '配合单位', '量化指标', '审核人'],
          [
            1,
            '一、强化思想引领',
            '深入学习贯彻新思想',
            '学习贯彻。',
            new Date(Date.UTC(2026, 5, 30)),
            '机关党委、办公室',
            null,
            null,
            null,
          ],
          [
            '02',
            null,
            '落实意识形态工作责任制',
            '落实责任。',
            '2026年11月30日',
            '法规处，财务处',
            '办公室\n机关党委',
            null,
            '局长',
          ],
          ['二、深化核心价值观教育', ...blank],
          ['3.', null, '开展核心价值观宣传', '宣传。', '6月底', '各处室', null, null, null],
          [
            4,
            '（三）积极开展学雷锋活动',
            '完善志愿服务队伍',
            '志愿。',
            '全年',
            '机关党委（牵头）',
            '第一支部',
            '注册志愿者比例不低于90%',
            null,
          ],
          [
            5,
            '（四）文化体育',
            '开展读书活动',
            '读书。',
            serial,
            '后勤中心',
            null,
            '读书覆盖率≥80%\n参与率达到95%以上',
            null,
          ],
          [
            '任务6',
            '（五）主题活动',
            '深化领跑先锋行动',
            '先锋。',
            '第三季度',
            '第一支部 机关党委',
            null,
            null,
            '组长',
          ],
          ['注：完成时限为最终报送日期。', ...blank],
        ],
        方案信息: info(2026),
        月度主题: [['2026年“一月一主题”安排'], ...THEMES],
        我们的节日: [
          ['节日名称', '提前天数'],
          ['春节', 10],
          ['清明节', null],
          ['中秋节', '7天'],
        ],
      },
      (wb) => {
        const ws = wb.getWorksheet('工作任务分解表')!;
        ws.mergeCells('A2:I2');
        ws.mergeCells('F3:G3');
        for (const c of ['A', 'B', 'C', 'D', 'E', 'H', 'I']) ws.mergeCells(`${c}3:${c}4`);
        ws.mergeCells('B5:B6');
        ws.mergeCells('A7:I7');
        ws.getCell('E5').numFmt = 'yyyy"年"m"月"d"日"';
      },
    );
    await writeBook(units(), {
      单位及负责人: [
        ['2026年责任单位及负责人名单'],
        ['序号', '名称', '类型', '负责人', '邮箱', '分管局领导', '简称', '代码'],
        [1, '机关党委', '处室', '吴芳', 'wu.fang@example.gov.cn', '张华', '党委', 'party-committee'],
        [2, '办公室', '处室', '周强', 'zhou.qiang@example.gov.cn', '李明', '局办', 'office'],
        [3, '法规处', '处室', '何敏', 'he.min@example.gov.cn', 'zhang.hua@example.gov.cn', null, 'legal'],
        [4, '财务处', '处室', '郑刚', 'zheng.gang@example.gov.cn', '李明', null, null],
        [5, '机关第一支部', '支部', '许文', 'xu.wen@example.gov.cn', '张华', '第一支部', null],
        [6, '机关后勤服务中心', '基层单位', '曹颖', 'cao.ying@example.gov.cn', '张华', '后勤中心', null],
      ],
      领导小组: GROUP,
    });
    run = civ(['plan', 'import', book(), '--branches', units(), '--out', path.join(tmp, 'messy.yaml')]);
    const { readWorkbook } = await import('../../cli/office-files');
    const r = importPlan({
      sheets: await readWorkbook(book()),
      people: { file: '单位名单.xlsx', sheets: await readWorkbook(units()) },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    result = r;
  });

  it('finds the header on rows 3–4 and reads every task with its units and dates', () => {
    expect(run.status).toBe(0);
    const p = result.plan;
    expect(p.categories.map((c) => `${c.number}${c.title}`)).toEqual([
      '1强化思想引领',
      '2深化核心价值观教育',
      '3积极开展学雷锋活动',
      '4文化体育',
      '5主题活动',
    ]);
    expect(p.tasks.map((t) => [t.id, t.category, t.branches.join(' '), t.due, t.signOff])).toEqual([
      ['01', 1, 'party-committee office', '2026-06-30', 'office'],
      ['02', 1, 'legal unit-01 office party-committee', '2026-11-30', 'head'],
      ['03', 2, 'party-committee office legal unit-01', '2026-06-30', 'office'],
      ['04', 3, 'party-committee unit-02', '2026-12-24', 'office'],
      ['05', 4, 'unit-03', '2026-08-31', 'office'],
      ['06', 5, 'unit-02 party-committee', '2026-09-30', 'head'],
    ]);
    expect(p.tasks[3].kpis).toEqual([{ id: 'kpi-1', name: '注册志愿者比例', unit: '%', min: 90 }]);
    expect(p.tasks[4].kpis?.map((k) => [k.name, k.min])).toEqual([
      ['读书覆盖率', 80],
      ['参与率', 95],
    ]);
    expect(p.branches.map((b) => [b.id, b.deputy])).toEqual([
      ['party-committee', 'deputy-2'],
      ['office', 'deputy-1'],
      ['legal', 'deputy-2'],
      ['unit-01', 'deputy-1'],
      ['unit-02', 'deputy-2'],
      ['unit-03', 'deputy-2'],
    ]);
    expect(p.themes[0]).toEqual({ month: 1, title: '迎新送暖', label: '启程月' });
    expect(p.festivals).toEqual([
      { id: 'spring', name: '春节', leadDays: 10 },
      { id: 'qingming', name: '清明', leadDays: 7 },
      { id: 'midautumn', name: '中秋', leadDays: 7 },
    ]);
    expect(p.volunteerMonth).toEqual({ month: 3, title: '第十九届学雷锋志愿服务活动月', task: '04' });
  });

  it('says what each vague date and each 各处室 became, and what it skipped', () => {
    const s = '工作表“工作任务分解表”';
    expect(run.stdout.slice(2)).toEqual([
      '  单位名单未填“代码”的3个单位，按顺序编为unit-01—unit-03（代码用于系统内部，年度开始后请勿更改）。',
      `  ${s}第8行“责任单位牵头单位”：“各处室”按单位名单中的4个单位（机关党委、办公室、法规处、财务处）`,
      `  ${s}第8行“时间节点”：“6月底”按2026-06-30（当月最后一个工作日）`,
      `  ${s}第9行“时间节点”：“全年”按2026-12-24（本年度最晚的截止日期：年末5个工作日留作审核）`,
      `  ${s}第10行“时间节点”：Excel日期值${serial}按2026-08-31`,
      `  ${s}第11行“时间节点”：“第三季度”按2026-09-30（第3季度最后一个工作日）`,
      `  ${s}第12行“注：完成时限为最终报送日期”不是任务，未读入。`,
      '  工作表“我们的节日”第3行：清明未填提前启动天数，按7天。',
      '  领导小组成员：单位名单中各处室、基层单位的负责人（支部书记不列入）。',
    ]);
    expect(readFileSync(path.join(tmp, 'messy.yaml'), 'utf8')).toContain(
      'imported from 2026年任务分解表.xlsx',
    );
  });
});

describe('every kind of problem, all at once', () => {
  const GOOD_TASKS: Rows = [
    [
      '序号',
      '类别',
      '工作任务',
      '具体内容/工作要求',
      '责任单位（牵头）',
      '责任单位（配合）',
      '完成时限',
      '阶段节点',
      '考核指标',
      '审核',
    ],
    [
      1,
      '（一）思想引领',
      '理论学习',
      '学习内容。',
      '机关党委',
      '办公室',
      '2026年12月15日',
      '6月30日：上半年小结',
      '学习覆盖率≥95%',
      null,
    ],
    [2, '（二）道德建设', '宣传教育', '宣传内容。', '办公室', null, '11月30日', null, null, '组长'],
    [3, '（三）志愿服务', '志愿服务', '志愿内容。', '机关党委', null, '全年', null, null, null],
    [4, '（四）文化体育', '读书活动', '读书内容。', '法规处', null, '10月底', null, null, null],
    [5, '（五）主题活动', '先锋行动', '先锋内容。', '财务处', null, '9月30日', null, null, null],
  ];
  const GOOD_UNITS: Rows = [
    ['单位名称', '简称', '类型', '负责人', '职务', '电子邮箱', '分管领导', '代码'],
    ['机关党委', null, '处室', '吴芳', null, 'wu.fang@example.gov.cn', '张华', null],
    ['办公室', null, '处室', '周强', null, 'zhou.qiang@example.gov.cn', '李明', null],
    ['法规处', null, '处室', '何敏', null, 'he.min@example.gov.cn', '李明', null],
    ['财务处', null, '处室', '郑刚', null, 'zheng.gang@example.gov.cn', '李明', null],
  ];
  const festivals: Rows = [
    ['节日', '提前启动天数'],
    ['春节', 10],
  ];
  const good = (): Record<string, Rows> => ({
    任务分解表: copy(GOOD_TASKS),
    方案信息: info(2026),
    领导小组: copy(GROUP),
    单位名单: copy(GOOD_UNITS),
    一月一主题: copy(THEMES),
    我们的节日: copy(festivals),
  });

  it('starts from a workbook that imports', async () => {
    const file = path.join(tmp, 'good.xlsx');
    await writeBook(file, good());
    expect(civ(['plan', 'import', file, '--out', path.join(tmp, 'good.yaml')]).status).toBe(0);
  });

  it('lists each problem by sheet, row and column, and writes nothing', async () => {
    const sheets = good();
    const t = sheets['任务分解表'];
    t[1][4] = '机关党委、财务科'; // a unit not in the list
    t[1][7] = '12月31日：年终总结'; // a milestone after the due date
    t[1][8] = '开展活动不少于4次'; // a KPI that is not a percentage
    t[2][6] = '每月'; // a recurring requirement, not a due date
    t[2][9] = '处长'; // who signs off
    t[3][6] = '2025年6月30日'; // another year
    t[4][6] = '12月30日'; // in the days kept for sign-off
    t[5][0] = 4; // a number used twice
    t[5][5] = null;
    t.push([6, null, null, '没有标题的内容。', '办公室', null, '尽快', null, null, null]); // no title, no date
    t.push([7, null, '没有内容的任务', null, null, null, '6月30日、12月15日', null, null, null]);
    sheets['方案信息'] = info(2026, [
      ['单位代码', 'Wuxi'],
      // The lead branches report the activities, but whose: one task is no number, one is missing.
      ['主题和节日活动报送单位', '牵头'],
      ['一月一主题对应任务', '十'],
    ]).filter((r) => r[0] !== '创建目标');
    sheets['领导小组'][2] = ['组员长', '王建国', '局长', 'wang.jianguo@example.gov.cn'];
    const u = sheets['单位名单'];
    u[2][5] = 'zhou.qiang@'; // an address that is not one
    u[3][6] = '王五'; // not a deputy head
    u[4][2] = '科室单位'; // not a kind
    u.push(['办公室', null, '处室', '孙伟', null, 'sun.wei@example.gov.cn', '李明', 'Office']); // twice, bad code
    sheets['一月一主题'] = THEMES.slice(0, 12);
    sheets['我们的节日'].push(['元宵', 5]);
    const file = path.join(tmp, 'bad.xlsx');
    await writeBook(file, sheets);
    const out = path.join(tmp, 'bad.yaml');
    const run = civ(['plan', 'import', file, '--out', out]);
    const at = (sheet: string) => `bad.xlsx: 工作表“${sheet}”`;
    expect(run.stdout).toEqual([]);
    expect(run.stderr).toEqual([
      `${at('方案信息')}第10行“单位代码”：“Wuxi”：${ORG_KEY_RULE}`,
      `${at('方案信息')}“创建目标”：未填写`,
      `${at('方案信息')}第12行“一月一主题对应任务”：“十”不是任务序号`,
      `${at('方案信息')}“我们的节日对应任务”：未填写（报送单位为牵头单位时必填，任务分解表中的序号）`,
      `${at('领导小组')}第3行“组内职务”：“组员长”不是小组职务（组长、副组长或办公室工作人员）`,
      `${at('领导小组')}：未填写组长`,
      `${at('单位名单')}第3行“电子邮箱”：“zhou.qiang@”不是有效的电子邮箱地址`,
      `${at('单位名单')}第4行“分管领导”：“王五”不是“领导小组”表中的副组长`,
      `${at('单位名单')}第5行“类型”：“科室单位”不是单位类型（处室、支部或基层单位）`,
      `${at('单位名单')}第6行“代码”：代码“Office”只能用小写英文字母、数字和连字符，并以字母开头`,
      `${at('单位名单')}第6行“单位名称”：“办公室”在单位名单中出现了两次`,
      `${at('任务分解表')}第2行“责任单位（牵头）”：“财务科”不在单位名单中（单位名单中有“财务处”）`,
      `${at('任务分解表')}第2行“考核指标”：“开展活动不少于4次”不是可核对的百分比指标（写作“法治宣传普及率≥95%”，每行一项；其他要求请写在具体内容中）`,
      `${at('任务分解表')}第2行“阶段节点”：“12月31日：年终总结”：阶段节点应早于完成时限2026-12-15`,
      `${at('任务分解表')}第3行“完成时限”：“每月”是周期性要求，不是完成时限：请写明最终完成日期，每月或每季度的进度写在“阶段节点”列`,
      `${at('任务分解表')}第3行“审核”：“处长”：审核只能填“办公室”或“组长”（不填为办公室）`,
      `${at('任务分解表')}第4行“完成时限”：“2025年6月30日”不在2026年度内`,
      `${at('任务分解表')}第5行“完成时限”：2026-12-30晚于本年度最晚的截止日期2026-12-24（年末5个工作日留作审核和考核）`,
      `${at('任务分解表')}第6行“序号”：序号4与第5行重复`,
      `${at('任务分解表')}第7行“工作任务”：未填写工作任务`,
      `${at('任务分解表')}第7行“完成时限”：读不出日期“尽快”（可写作“2026年6月30日”“6月30日”“6月底”“上半年”或“全年”）`,
      `${at('任务分解表')}第8行“具体内容/工作要求”：未填写具体内容/工作要求`,
      `${at('任务分解表')}第8行“责任单位（牵头）”：未填写责任单位`,
      `${at('任务分解表')}第8行“完成时限”：“6月30日、12月15日”写了多个时间：完成时限只写一个日期，中间节点写在“阶段节点”列`,
      `${at('一月一主题')}：缺少12月的主题（每月一个，共12个）`,
      `${at('我们的节日')}第3行“节日”：“元宵”：系统安排的节日为春节、清明、端午、中秋`,
      '共 26 个问题，未写入方案文件。',
    ]);
    expect(run.status).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it('names a missing sheet, a missing column and a header it cannot find', async () => {
    const sheets = good();
    delete sheets['一月一主题'];
    sheets['单位名单'] = sheets['单位名单'].map((r) => r.filter((_, i) => i !== 5));
    sheets['任务分解表'] = [['2026年任务'], ['说明：见附件']];
    const file = path.join(tmp, 'shape.xlsx');
    await writeBook(file, sheets);
    expect(civ(['plan', 'import', file]).stderr).toEqual([
      'shape.xlsx: 工作表“单位名单”第1行：缺少“电子邮箱”列（也可写作：邮箱、电子邮件、email、e-mail）',
      'shape.xlsx: 工作表“任务分解表”：前15行中找不到表头（应有“类别”“工作任务”“具体内容/工作要求”“责任单位（牵头）”“完成时限”等列）',
      'shape.xlsx: 工作表“一月一主题”：缺少“一月一主题”工作表',
      '共 3 个问题，未写入方案文件。',
    ]);
  });

  it('refuses the template as it comes, and an old .xls, saying why', () => {
    const template = path.join(tmp, 'template.xlsx');
    expect(civ(['plan', 'template', '--year', '2027', '--out', template]).status).toBe(0);
    const run = civ(['plan', 'import', template]);
    expect(run.status).toBe(1);
    expect(run.stderr).toEqual(
      expect.arrayContaining([
        'template.xlsx: 工作表“方案信息”第2行“单位名称”：未填写',
        'template.xlsx: 工作表“领导小组”第2行“姓名”：未填写姓名',
        'template.xlsx: 工作表“单位名单”：单位名单中没有单位',
        'template.xlsx: 工作表“任务分解表”：表中没有任务',
      ]),
    );
    const xls = path.join(tmp, 'old.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect(civ(['plan', 'import', xls]).stderr).toEqual([
      `civ: ${xls}：是旧版 Excel 97-2003 工作簿（.xls/.et）或已加密：请在 Excel 或 WPS 中另存为“Excel 工作簿（.xlsx）”后再导入`,
    ]);
  });

  it('takes the holidays of a year the calendar package does not know from 节假日调整', async () => {
    const sheets = good();
    sheets['方案信息'] = info(2027);
    sheets['任务分解表'] = sheets['任务分解表'].map((r) =>
      r.map((v) => (typeof v === 'string' ? v.replace('2026', '2027') : v)),
    );
    const without = path.join(tmp, 'y2027.xlsx');
    await writeBook(without, sheets);
    const run = civ(['plan', 'import', without, '--out', path.join(tmp, 'y2027.yaml')]);
    expect(run.stderr).toEqual([]);
    // Weekends only, said in the plan as the schema asks, and to the office.
    expect(loaded(path.join(tmp, 'y2027.yaml')).calendar).toEqual({
      holidays: [],
      workdays: [],
      weekendsOnly: true,
    });
    expect(run.stdout).toContain(
      '  2027年的法定节假日和调休尚无官方数据：提醒只避开周末。国务院公布放假安排后，请在“节假日调整”工作表中填写（日期、安排：放假/上班）并重新导入。',
    );
    sheets['节假日调整'] = [
      ['日期', '安排'],
      ['2027年10月1日', '放假'],
      [new Date(Date.UTC(2027, 8, 26)), '上班'],
    ];
    const result = importPlan({ sheets: await sheetsOf(sheets) });
    expect(result.ok && result.plan.calendar).toEqual({ holidays: ['2027-10-01'], workdays: ['2027-09-26'] });
  });
});

async function sheetsOf(sheets: Record<string, Rows>) {
  const file = path.join(tmp, `sheets-${Object.keys(sheets).length}-${Date.now()}.xlsx`);
  await writeBook(file, sheets);
  const { readWorkbook } = await import('../../cli/office-files');
  return readWorkbook(file);
}
