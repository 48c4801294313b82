// The year report as the office files it, read back by readers that share nothing with the writers:
// the Word document by mammoth (its headings, paragraphs and tables), by its own XML (the 公文 page,
// fonts, line pitch and page numbers) and by LibreOffice, which lays it out and prints it to PDF;
// the 台账 workbook by LibreOffice, sheet by sheet.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mammoth from 'mammoth';
import { appraise } from '../../domain/appraisal';
import type { YearRecord } from '../../domain/year-record';
import { evidenceRef } from '../../evidence/ref';
import { renderDocx } from '../../report/docx';
import { renderXlsx } from '../../report/xlsx';
import { parseCsv, sheetsByLibreOffice, soffice } from '../helpers/office-workbooks';
import {
  FORMULA_SUMMARY,
  LOGISTICS_NAME,
  sampleYearRecord,
  SCRIPT_SUMMARY,
} from '../helpers/year-record-sample';
import { readZip } from '../helpers/zip';

jest.setTimeout(120_000);

const TITLE = '2020年深化全国文明单位创建工作情况报告（复查评审台账）';
const CATEGORIES = [
  '（一）强化思想引领，推动理论武装走深走实',
  '（二）深化核心价值观教育，提升道德建设水平',
  '（三）积极开展学雷锋活动，认真履行社会责任',
  '（四）积极开展文化体育活动，丰富活跃机关文化建设',
  '（五）积极开展各类主题活动，不断提升创建水平',
];
const PUBLICITY = ['https://www.wuxi.gov.cn/news/law-week.html', 'https://jgdj.wuxi.gov.cn/a/1123.html'];
const HONOUR = '全市“七五”普法先进集体';
let tmp: string;

/**
 * The sample year, with the 台账 of 法规处's report on task 05 filled in (活动时间, 地点, 参加人数,
 * two 宣传报道 and a 先进典型) and its KPI reported as the two counts of a rate.
 */
function ledgerRecord(): YearRecord {
  const record = sampleYearRecord();
  const item = record.items.find((i) => i.workflowId === 'civ-2020-task-05')!;
  Object.assign(item.branches.find((b) => b.id === 'legal')!.report!, {
    heldOn: '2020-11-20',
    place: '机关三楼会议室',
    participants: 48,
    publicity: PUBLICITY,
    honours: [HONOUR],
  });
  Object.assign(item.kpis[0], {
    numerator: 48,
    denominator: 50,
    counts: { numerator: '参加普法测试人数', denominator: '在编干部职工数' },
  });
  return record;
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'civ-office-report-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the Word report', () => {
  let file: string;
  let html: string;
  let text: string;

  beforeAll(async () => {
    file = path.join(tmp, 'report.docx');
    writeFileSync(file, await renderDocx(ledgerRecord()));
    const buffer = readFileSync(file);
    html = (await mammoth.convertToHtml({ buffer })).value;
    text = (await mammoth.extractRawText({ buffer })).value;
  });

  it('reads as the report: its headings in order, the goals, every task and the sign-off', () => {
    const h1 = [...html.matchAll(/<h1>(.*?)<\/h1>/g)].map((m) => m[1]);
    expect(h1).toEqual([
      '一、创建目标',
      '二、总体情况',
      '三、文明创建考评（纳入年度绩效考核）',
      '四、工作任务办理情况',
      '五、“一月一主题”活动开展情况',
      '六、“我们的节日”活动开展情况',
      '七、领导小组审定意见',
    ]);
    const h2 = [...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]);
    expect(h2.slice(0, 5)).toEqual(CATEGORIES);
    const h3 = [...html.matchAll(/<h3>(.*?)<\/h3>/g)].map((m) => m[1]);
    expect(h3.filter((h) => /^第\d+项\u3000/.test(h))).toHaveLength(16);
    expect(h3).toContain('第16项　不断拓展文明创建范围');
    expect(text.startsWith(TITLE)).toBe(true);
    expect(text).toContain('努力实现“六好三优一满意”目标');
    expect(text).toContain(
      '依据：《无锡市机关事务管理局2020年深化全国文明单位创建工作实施方案》（锡管党委〔2020〕6号，2020年3月9日印发）',
    );
  });

  it('carries the tables cell by cell, record text as text', () => {
    // The appraisal table: one row per branch, its score as the appraisal computes it.
    const decode = (t: string) =>
      t
        .replace(/<[^>]+>/g, '')
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) =>
      [...m[1].matchAll(/<td>(.*?)<\/td>/g)].map((c) => decode(c[1])),
    );
    // 责任单位 … 节点逾期, 宣传报道, 先进典型, 扣分, 加分, 得分, 按时报送率; then the arithmetic of each score.
    const appraisal = appraise(ledgerRecord());
    expect(appraisal.some((a) => a.deductions > 0)).toBe(true);
    for (const a of appraisal) {
      const row = rows.find((r) => r[0] === a.name && r.length === 13);
      expect(row?.slice(7, 12)).toEqual([
        String(a.publicity),
        String(a.honours),
        String(a.deductions),
        String(a.bonus),
        String(a.score),
      ]);
      const sum = rows.find((r) => r[0] === a.name && r.length === 2);
      expect(sum?.[1].startsWith('100')).toBe(true);
      expect(sum?.[1].endsWith(` = ${a.score}`)).toBe(true);
    }
    const legal = appraisal.find((a) => a.branch === 'legal')!;
    expect([legal.publicity, legal.honours, legal.bonus]).toEqual([2, 1, 3]);
    expect(rows.find((r) => r[0] === legal.name && r.length === 2)?.[1]).toContain(
      ' + （宣传报道2篇×0.5 + 先进典型1项×2）',
    );
    // The 台账 of the report, and the KPI as the rate of its two counts.
    expect(rows).toContainEqual([
      '法规处',
      '2020年11月20日',
      '机关三楼会议室',
      '48',
      PUBLICITY.join(''),
      HONOUR,
    ]);
    expect(rows).toContainEqual(expect.arrayContaining(['法治宣传普及率', '≥95', '96（48/50）']));
    expect(rows.some((r) => r.includes(LOGISTICS_NAME))).toBe(true);
    expect(rows.some((r) => r.includes(SCRIPT_SUMMARY))).toBe(true);
    // Markup and formulas in a summary are words in a cell, never markup or a formula.
    expect(text).toContain(SCRIPT_SUMMARY);
    expect(text).toContain(FORMULA_SUMMARY);
    expect(html).not.toContain('<script>');
  });

  it('is laid out as GB/T 9704 asks: A4, the 公文 margins and fonts, 22 lines a page, page numbers outside', async () => {
    const zip = await readZip(file);
    const document = zip.get('word/document.xml')!.toString('utf8');
    const styles = zip.get('word/styles.xml')!.toString('utf8');
    // Twentieths of a point: 210 × 297 mm; 天头 37 mm, 订口 28 mm, so 156 × 225 mm of text.
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(document).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(styles).toMatch(/w:eastAsia="仿宋_GB2312"[^>]*\/>.*?<w:sz w:val="32"\/>/s);
    expect(styles).toMatch(
      /<w:style w:type="paragraph" w:styleId="Title">.*?w:eastAsia="方正小标宋简体".*?<w:sz w:val="44"\/>/s,
    );
    expect(styles).toMatch(/w:styleId="Heading1">.*?w:eastAsia="黑体"/s);
    expect(styles).toMatch(/w:styleId="Heading2">.*?w:eastAsia="楷体_GB2312"/s);
    expect(styles).toMatch(/<w:spacing w:line="579" w:lineRule="exact"\/>/);
    expect(zip.get('word/settings.xml')!.toString('utf8')).toContain('<w:evenAndOddHeaders/>');
    const footers = [...zip.keys()]
      .filter((k) => /^word\/footer\d+\.xml$/.test(k))
      .map((k) => zip.get(k)!.toString('utf8'));
    expect(footers).toHaveLength(2);
    for (const f of footers) {
      expect(f).toMatch(/PAGE/);
      expect(f).toMatch(/w:eastAsia="宋体"/);
      expect(f).toContain('— ');
    }
    expect(footers.some((f) => f.includes('<w:jc w:val="right"/>'))).toBe(true);
    expect(footers.some((f) => f.includes('<w:jc w:val="left"/>'))).toBe(true);
  });

  it('is laid out by LibreOffice on A4 pages numbered — 1 —, — 2 — …', () => {
    soffice(['--convert-to', 'pdf', '--outdir', tmp, file]);
    const pdf = path.join(tmp, 'report.pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThan(10);
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'], {
      encoding: 'utf8',
    });
    expect(first.replace(/\s/g, '')).toContain(TITLE);
    expect(first).toMatch(/—\s*1\s*—/);
    const second = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-layout', pdf, '-'], {
      encoding: 'utf8',
    });
    expect(second).toMatch(/—\s*2\s*—/);
  });
});

describe('the 台账 workbook', () => {
  let sheets: Record<string, string>;
  const rows = (name: string) => parseCsv(sheets[name]);

  beforeAll(async () => {
    const record = ledgerRecord();
    const hash = 'ab'.repeat(32);
    const legal = record.items
      .find((i) => i.workflowId === 'civ-2020-task-05')!
      .branches.find((b) => b.id === 'legal')!;
    legal.report!.evidence = [evidenceRef(hash), 'https://wmcj.example.gov.cn/x.pdf'];
    const file = path.join(tmp, '台账.xlsx');
    writeFileSync(
      file,
      await renderXlsx(record, { evidenceName: (h) => (h === hash ? '普法宣传照片.jpg' : undefined) }),
    );
    sheets = sheetsByLibreOffice(file);
  });

  it('has a summary sheet, a sheet per category, the themes, the festivals, the KPIs and the appraisal', () => {
    expect(Object.keys(sheets).sort()).toEqual(
      ['汇总', ...CATEGORIES, '一月一主题', '我们的节日', '量化指标', '考核'].sort(),
    );
    const summary = rows('汇总');
    expect(summary[0][0]).toBe(TITLE);
    const header = summary.findIndex((r) => r[0] === '事项类型');
    expect(summary.slice(header + 1)).toHaveLength(32);
    expect(summary[header + 1]).toEqual([
      '工作任务',
      CATEGORIES[0],
      '第1项',
      '深入学习贯彻新思想',
      '2020-12-15',
      '2020-12-15',
      '已办结',
      '2020-12-17 15:00',
      '机关党委、机关第一支部',
      '2',
      '',
      '',
    ]);
    expect(summary[header + 5][11]).toBe('法治宣传普及率：96（48/50）（要求≥95，达标）');
    expect(summary[header + 8][11]).toBe(
      '注册志愿者占干部职工比例：92（要求≥90，达标）\n参加志愿服务人数占注册志愿者比例：85（要求≥90，未达标）',
    );
  });

  it('lists every report as a row, its evidence files, 台账 fields and KPI counts, text as text', () => {
    const sheet = rows(CATEGORIES[0]);
    const header = sheet.find((r) => r[0] === '编号')!;
    expect(header.slice(5)).toEqual([
      '报送类型',
      '报送情况',
      '报送时间',
      '报送人',
      '报送内容',
      '证明材料',
      '活动时间',
      '地点',
      '参加人数',
      '宣传报道',
      '先进典型',
      '量化指标',
      '实际值',
      '分子',
      '分母',
      '按时',
      '逾期工作日',
      '退回整改次数',
    ]);
    const law = sheet.find((r) => r[0] === '第5项' && r[4] === '法规处');
    expect(law?.slice(5)).toEqual([
      '最终报送',
      '已报送',
      expect.stringMatching(/^2020-12-\d\d \d\d:\d\d$/),
      '何敏',
      expect.any(String),
      '普法宣传照片.jpg（附件 abababab）\nhttps://wmcj.example.gov.cn/x.pdf',
      '2020-11-20',
      '机关三楼会议室',
      '48',
      PUBLICITY.join('\n'),
      HONOUR,
      '法治宣传普及率（参加普法测试人数/在编干部职工数）',
      '96',
      '48',
      '50',
      '是',
      '0',
      '0',
    ]);
    // A report giving two KPIs lists them one per line, each value beside its indicator.
    const volunteers = rows(CATEGORIES[2]).find((r) => r[0] === '第8项' && r[4] === '机关党委');
    expect(volunteers?.slice(16, 20)).toEqual([
      '注册志愿者占干部职工比例\n参加志愿服务人数占注册志愿者比例',
      '92\n85',
      '',
      '',
    ]);
    // A stage's progress report is named by the stage, as the plan names it.
    expect(sheet.find((r) => r[0] === '第1项' && r[4] === '机关党委' && r[5] !== '最终报送')?.[5]).toBe(
      '阶段进展：上半年学习情况小结',
    );
    const culture = rows(CATEGORIES[3]);
    // A formula typed as a summary is shown as typed, not computed into "点击查看".
    expect(culture.some((r) => r[9] === FORMULA_SUMMARY)).toBe(true);
    expect(culture.some((r) => r[9] === SCRIPT_SUMMARY)).toBe(true);
    // Task 16: 资产管理处 never reported, and a row says so.
    const missing = rows(CATEGORIES[4]).find((r) => r[0] === '第16项' && r[4] === '资产管理处');
    expect(missing?.slice(5, 8)).toEqual(['最终报送', '逾期未报送', '']);
  });

  it('has the KPIs with their counts, and the 扣分制 appraisal as figures with its rules and arithmetic', () => {
    const kpis = rows('量化指标');
    expect(kpis.filter((r) => /^第\d+项$/.test(r[0]))).toHaveLength(4);
    expect(kpis.find((r) => r[0] === '第5项')).toEqual([
      '第5项',
      '法治宣传普及率（参加普法测试人数/在编干部职工数）',
      '95',
      '96',
      '48',
      '50',
      '法规处',
      '2020-12-02 10:30',
      '达标',
    ]);
    const sheet = rows('考核');
    expect(sheet[0][0]).toBe(`${TITLE}：文明创建考评（纳入年度绩效考核）`);
    expect(sheet[1][0]).toMatch(/^考评实行扣分制：各责任单位基础分100分，逾期报送的每项扣1分/);
    const header = sheet.find((r) => r[0] === '责任单位')!;
    expect(header.slice(9)).toEqual(['扣分', '加分', '得分', '按时报送率', '计算过程']);
    const appraisal = appraise(ledgerRecord());
    expect(appraisal.some((a) => a.deductions > 0)).toBe(true);
    for (const a of appraisal) {
      const row = sheet.find((r) => r[0] === a.name);
      expect(row?.slice(9, 13)).toEqual([
        String(a.deductions),
        String(a.bonus),
        String(a.score),
        `${(a.onTimeRate * 100).toFixed(1)}%`,
      ]);
      expect(row?.[13].endsWith(` = ${a.score}`)).toBe(true);
    }
    expect(sheet.find((r) => r[0] === '法规处')?.[13]).toContain('（宣传报道2篇×0.5 + 先进典型1项×2）');
  });
});
