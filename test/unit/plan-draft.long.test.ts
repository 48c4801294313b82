// `civ plan draft` on the seed: the 实施方案 as a text file (UTF-8 and GB18030) and as a Word document
// (written here with `docx`, read by the command through mammoth), its structure read as the plan's
// own file has it, what it could not read said line by line, and the 任务分解表 it writes read back
// by LibreOffice, independently of the library that wrote it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, LevelFormat, Packer, Paragraph, TextRun } from 'docx';
import { readPlanDocument, type PlanOutline } from '../../domain/plan-document';
import { plan2020 } from '../helpers/plans';
import { sheetsByLibreOffice } from '../helpers/office-workbooks';

jest.setTimeout(60_000);

const repo = path.resolve(__dirname, '../..');
// The seed (../shared/seed/000_e50f38adccc47bb2.txt), byte for byte.
const SEED = path.join(repo, 'test/fixtures/seed-plan-2020.txt');
const seedText = () => readFileSync(SEED, 'utf8');
const VOLUNTEER_NOTE =
  '“第十八届学雷锋志愿服务活动月”：文中未写月份，按惯例定为3月（学雷锋纪念日3月5日所在月），请核对。';
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'civ-draft-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function civ(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/civ.js', ...args], { cwd: repo, encoding: 'utf8' });
  const lines = (s: string) => s.split('\n').filter((l) => l !== '');
  return { status: run.status, stdout: lines(run.stdout), stderr: lines(run.stderr) };
}

const outlineOf = (text: string) => readPlanDocument({ lines: text.split(/\r?\n/), unit: '行' });

/** The outline without where each task starts, to compare a .txt reading with a .docx one. */
const withoutLines = (o: PlanOutline) => ({ ...o, tasks: o.tasks.map(({ line: _line, ...t }) => t) });

async function seedDocx(file: string): Promise<void> {
  const paragraphs = seedText()
    .split(/\r?\n/)
    .map(
      (line) => new Paragraph({ children: [new TextRun({ text: line, font: { eastAsia: '仿宋_GB2312' } })] }),
    );
  writeFileSync(file, await Packer.toBuffer(new Document({ sections: [{ children: paragraphs }] })));
}

describe('reading the seed', () => {
  const outline = outlineOf(seedText());
  const plan = plan2020();

  it('finds the 16 tasks in their 5 categories as plans/2020.yaml has them', () => {
    expect(outline.categories).toEqual(plan.categories);
    expect(
      outline.tasks.map(({ id, category, title, description }) => ({ id, category, title, description })),
    ).toEqual(
      plan.tasks.map(({ id, category, title, description }) => ({ id, category, title, description })),
    );
  });

  it('finds the 3 KPIs with their thresholds, the 12 themes in order and the festivals', () => {
    const kpis = outline.tasks.flatMap((t) => t.kpis.map((k) => [t.id, k.name, k.min, k.unit]));
    expect(kpis).toEqual([
      ['05', '法治宣传普及率', 95, '%'],
      ['08', '注册志愿者人数占干部职工人数的比例', 90, '%'],
      ['08', '注册志愿者参加志愿服务活动的人数占注册志愿者总人数的比例', 90, '%'],
    ]);
    expect(outline.themes).toEqual(plan.themes);
    expect(outline.themeTask).toBe('10');
    expect(outline.festivals).toEqual(plan.festivals.map((f) => f.id));
  });

  it('reads the notice, the unit and year, the goals and the leading group', () => {
    expect(outline.document).toEqual(plan.document);
    expect(outline.document.number).toBe('锡管党委〔2020〕6号');
    expect([outline.organization, outline.year]).toEqual([plan.organization, 2020]);
    expect(outline.goals).toContain(plan.goals);
    expect(outline.volunteerMonth).toEqual(plan.volunteerMonth);
    expect(outline.leadingGroup).toEqual({
      name: '创建工作领导小组',
      headTitle: '局长',
      deputies: '各分管领导',
      members: '局机关各处室、基层单位负责人',
      // As the seed names it ("领导小组，下设办公室"); plans/2020.yaml writes the office's full name.
      officeName: '创建工作领导小组办公室',
      attachedTo: plan.leadingGroup.office.attachedTo,
    });
  });

  it('says the one thing it chose: the month of the 学雷锋 activity month', () => {
    expect(outline.notes).toEqual([VOLUNTEER_NOTE]);
  });

  it('reads the seed saved as GB18030 text and as a Word document the same way', async () => {
    const gbk = path.join(tmp, 'seed-gbk.txt');
    // Node has no GB18030 encoder: iconv, which every Debian has, writes the file as Windows would.
    const iconv = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', SEED], { encoding: 'buffer' });
    writeFileSync(gbk, iconv.stdout);
    const docx = path.join(tmp, 'seed.docx');
    await seedDocx(docx);
    const { readPlanDocumentFile } = await import('../../cli/office-files');
    expect(readFileSync(gbk).includes(Buffer.from('主要任务'))).toBe(false);
    expect(readPlanDocument(await readPlanDocumentFile(gbk))).toEqual(outline);
    const fromWord = readPlanDocument(await readPlanDocumentFile(docx));
    expect(withoutLines(fromWord)).toEqual(withoutLines(outline));
  });
});

describe('what it cannot read, line by line', () => {
  it('names each gap and each choice instead of guessing silently', () => {
    const text = seedText()
      .replace('锡管党委〔2020〕6号\n', '')
      .replace(
        '（二）深化核心价值观教育，提升道德建设水平\n',
        '（二）深化核心价值观教育，提升道德建设水平\n请各支部结合实际抓好落实。\n',
      )
      .replace(/根据市文明委统一规划，全年依次开展：[^\n]+/, '根据市文明委统一规划开展主题活动。')
      .replace('有心得交流', '有心得交流，每季度诵读比赛不少于2次')
      .replace('在“春节、清明、端午、中秋”等重要节日', '在“春节、元宵、清明、端午、中秋、重阳”等重要节日')
      .replace('\n9.积极开展学雷锋', '\n8.积极开展学雷锋');
    // Each change above found its text: the test is about these gaps, not about a seed that moved.
    expect(text.match(/请各支部结合实际|不少于2次|元宵|\n8\.积极开展学雷锋/g)).toHaveLength(4);
    const outline = outlineOf(text);
    expect(outline.tasks).toHaveLength(16);
    expect(outline.notes).toEqual([
      '未找到发文字号（如“锡管党委〔2020〕6号”）：请在“方案信息”的“文号”中填写。',
      '第33行“请各支部结合实际抓好落实。”：不在任何类别或任务下，未读入。',
      '任务编号不连续（1、2、3、4、5、6、7、8、8、10、11、12、13、14、15、16），已按全文顺序编为01—16，请核对。',
      '任务07：“不少于2次”以“次”计，不是百分比指标，未列入考核指标（系统只核对百分比），仍保留在具体内容中。',
      '未找到“一月一主题”的月度主题（如“1月“迎新送暖”启程月”）：请在“一月一主题”表中填写12个月的主题。',
      '“我们的节日”中的元宵、重阳：系统目前只安排春节、清明、端午、中秋，未列入。',
      VOLUNTEER_NOTE,
    ]);
    // The task after the stray line still starts its own category, and the KPIs are read as before.
    expect(outline.tasks[5]).toMatchObject({ id: '06', category: 2, title: '开展社会主义核心价值观宣传' });
    expect(outline.tasks.flatMap((t) => t.kpis.map((k) => k.min))).toEqual([95, 90, 90]);
  });

  it('says so when a document is not a plan at all', () => {
    const outline = outlineOf('会议通知\n请各单位于周五前报送材料。');
    expect(outline.tasks).toEqual([]);
    expect(outline.notes).toContain(
      '未找到“主要任务”一节（应为“三、主要任务”之类的标题，其下为（一）（二）类别和1. 2. 任务）：任务请在“任务分解表”中填写。',
    );
    expect(outline.notes).toContain('未能从方案标题读出单位名称和年度：请在“方案信息”中填写。');
  });
});

describe('a Word document whose tasks Word numbers itself', () => {
  it('says which paragraphs carry automatic numbers instead of reading them into the task above', async () => {
    // Tasks 2–5 as a numbered list: "2." is Word's, not in the paragraph's text.
    const numbered = (line: string) => /^[2-5]\./.test(line);
    const paragraphs = seedText()
      .split(/\r?\n/)
      .map((line) =>
        numbered(line)
          ? new Paragraph({ text: line.replace(/^\d\./, ''), numbering: { reference: 'tasks', level: 0 } })
          : new Paragraph({ text: line }),
      );
    const doc = new Document({
      numbering: {
        config: [{ reference: 'tasks', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.' }] }],
      },
      sections: [{ children: paragraphs }],
    });
    const file = path.join(tmp, 'auto-numbered.docx');
    writeFileSync(file, await Packer.toBuffer(doc));
    const { readPlanDocumentFile } = await import('../../cli/office-files');
    const outline = readPlanDocument(await readPlanDocumentFile(file));
    expect(outline.tasks).toHaveLength(12);
    const auto = outline.notes.filter((n) => n.includes('是Word自动编号的段落'));
    expect(auto).toHaveLength(4);
    expect(auto[0]).toMatch(
      /^第\d+段“建立不忘初心、牢记使命长效机制。强化“永恒课题”……”：是Word自动编号的段落，编号不在文字中，未读入。请在Word中“另存为”纯文本（.txt，编号随之写入文字）后再读取，或把编号改为手工输入。$/,
    );
    // None of the four went into task 1's text, as a paragraph without a number would.
    expect(outline.tasks[0].description).not.toContain('牢记使命');
    expect(outline.tasks[1]).toMatchObject({ category: 2, title: '开展社会主义核心价值观宣传' });
  });
});

describe('civ plan draft', () => {
  it('writes the 任务分解表 of the seed, which LibreOffice reads with every task, theme and KPI', () => {
    const out = path.join(tmp, '任务分解表.xlsx');
    expect(civ('plan', 'draft', SEED, '--out', out)).toEqual({
      status: 0,
      stdout: [
        `${out}: 无锡市机关事务管理局 2020 年，16 项任务（5 个类别），12 个月度主题，3 项考核指标，我们的节日 4 个（春节、清明、端午、中秋），文号 锡管党委〔2020〕6号`,
        '请核对（1 处）：',
        `  ${VOLUNTEER_NOTE}`,
        '待填写：责任单位、完成时限（实施方案未写明）；单位名单；领导小组成员及邮箱；办公室邮箱。',
      ],
      stderr: [],
    });
    const sheets = sheetsByLibreOffice(out);
    expect(Object.keys(sheets).sort()).toEqual(
      ['一月一主题', '任务分解表', '单位名单', '我们的节日', '方案信息', '识别说明', '领导小组'].sort(),
    );
    const rows = sheets['任务分解表'].trim().split('\n');
    expect(rows[0]).toMatch(/^无锡市机关事务管理局2020年文明单位创建工作任务分解表,/);
    expect(rows[1]).toBe(
      '序号,类别,工作任务,具体内容/工作要求,责任单位（牵头）,责任单位（配合）,完成时限,阶段节点,考核指标,审核',
    );
    const tasks = rows.slice(2).filter((r) => /^\d+,/.test(r));
    expect(tasks.map((r) => r.split(',')[0])).toEqual(Array.from({ length: 16 }, (_, i) => String(i + 1)));
    expect(rows.find((r) => r.startsWith('5,'))).toMatch(/积极开展普法知识教育.*法治宣传普及率≥95%/);
    expect(sheets['一月一主题']).toContain('1,迎新送暖,启程月');
    expect(sheets['一月一主题']).toContain('12,公益志愿,展示月');
    expect(sheets['方案信息']).toContain('文号,锡管党委〔2020〕6号');
    expect(sheets['方案信息']).toContain(
      '方案标题,无锡市机关事务管理局2020年深化全国文明单位创建工作实施方案,',
    );
    expect(sheets['方案信息']).toContain(
      '印发通知标题,关于印发《无锡市机关事务管理局2020年深化全国文明单位创建工作实施方案》的通知,',
    );
    // The themes are task 10's and 我们的节日 task 07's: their branches report them, as plans/2020.yaml chooses.
    expect(sheets['方案信息']).toContain('主题和节日活动报送单位,牵头单位,');
    expect(sheets['方案信息']).toContain('一月一主题对应任务,10,');
    expect(sheets['方案信息']).toContain('我们的节日对应任务,7,');
    expect(sheets['领导小组']).toContain('组长,,局长');
    expect(sheets['识别说明']).toContain(VOLUNTEER_NOTE);
  });

  it('reads a .docx and refuses an old .doc, a missing file and an existing output, each in one line', async () => {
    const docx = path.join(tmp, '实施方案.docx');
    await seedDocx(docx);
    const out = path.join(tmp, 'from-word.xlsx');
    const run = civ('plan', 'draft', docx, '--out', out);
    expect(run.status).toBe(0);
    expect(run.stdout[0]).toContain('16 项任务（5 个类别），12 个月度主题，3 项考核指标');
    expect(civ('plan', 'draft', docx, '--out', out)).toEqual({
      status: 1,
      stdout: [],
      stderr: [`civ: ${out}：文件已存在，未覆盖`],
    });
    const doc = path.join(tmp, 'old.doc');
    writeFileSync(doc, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    expect(civ('plan', 'draft', doc, '--out', path.join(tmp, 'x.xlsx')).stderr).toEqual([
      `civ: ${doc}：是旧版 Word 97-2003 文档（.doc/.wps）或已加密：请在 Word 或 WPS 中另存为 .docx 或纯文本 .txt`,
    ]);
    expect(
      civ('plan', 'draft', path.join(tmp, 'none.txt'), '--out', path.join(tmp, 'y.xlsx')).stderr,
    ).toEqual([`civ: ${path.join(tmp, 'none.txt')}：文件不存在`]);
    expect(existsSync(path.join(tmp, 'x.xlsx')) || existsSync(path.join(tmp, 'y.xlsx'))).toBe(false);
  });
});

describe('civ plan template', () => {
  it('writes the empty table with its columns and one example row', () => {
    const out = path.join(tmp, '模板.xlsx');
    expect(civ('plan', 'template', '--year', '2027', '--out', out)).toEqual({
      status: 0,
      stdout: [
        `${out}: 2027年任务分解表模板（任务分解表、方案信息、领导小组、单位名单、一月一主题、我们的节日）`,
      ],
      stderr: [],
    });
    const sheets = sheetsByLibreOffice(out);
    const rows = sheets['任务分解表'].trim().split('\n');
    expect(rows[1]).toBe(
      '序号,类别,工作任务,具体内容/工作要求,责任单位（牵头）,责任单位（配合）,完成时限,阶段节点,考核指标,审核',
    );
    expect(rows.slice(2).join('\n')).toMatch(
      /^示例,（一）强化思想引领.*,法规处,"?办公室、机关党委"?,2027年12月4日,/,
    );
    expect(sheets['单位名单'].trim()).toBe('单位名称,简称,类型,负责人,职务,电子邮箱,分管领导,代码');
    expect(sheets['方案信息']).toContain('年度,2027,');
    expect(sheets['我们的节日']).toContain('中秋,7');
  });
});
