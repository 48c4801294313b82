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

const TITLE = '无锡市机关事务管理局2020年文明单位创建复查评审年度报告';
let tmp: string;

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
    writeFileSync(file, await renderDocx(sampleYearRecord()));
    const buffer = readFileSync(file);
    html = (await mammoth.convertToHtml({ buffer })).value;
    text = (await mammoth.extractRawText({ buffer })).value;
  });

  it('reads as the report: its headings in order, the goals, every task and the sign-off', () => {
    const h1 = [...html.matchAll(/<h1>(.*?)<\/h1>/g)].map((m) => m[1]);
    expect(h1).toEqual([
      '一、创建目标',
      '二、总体情况',
      '三、年度绩效考核',
      '四、工作任务办理情况',
      '五、“一月一主题”活动开展情况',
      '六、“我们的节日”活动开展情况',
      '七、领导小组审定意见',
    ]);
    const h2 = [...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]);
    expect(h2.slice(0, 5)).toEqual([
      '一、强化思想引领，推动理论武装走深走实',
      '二、深化核心价值观教育，提升道德建设水平',
      '三、积极开展学雷锋活动，认真履行社会责任',
      '四、积极开展文化体育活动，丰富活跃机关文化建设',
      '五、积极开展各类主题活动，不断提升创建水平',
    ]);
    const h3 = [...html.matchAll(/<h3>(.*?)<\/h3>/g)].map((m) => m[1]);
    expect(h3.filter((h) => h.startsWith('任务'))).toHaveLength(16);
    expect(h3).toContain('任务16　不断拓展文明创建范围');
    expect(text.startsWith(TITLE)).toBe(true);
    expect(text).toContain('努力实现“六好三优一满意”目标');
    expect(text).toContain(
      '依据：《关于印发〈无锡市机关事务管理局2020年深化全国文明单位创建工作实施方案〉的通知》',
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
    for (const a of appraise(sampleYearRecord())) {
      const row = rows.find((r) => r[0] === a.name && r.length === 10);
      expect(row?.[9]).toBe(a.score.toFixed(1));
    }
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
    const record = sampleYearRecord();
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
      [
        '汇总',
        '一、强化思想引领，推动理论武装走深走实',
        '二、深化核心价值观教育，提升道德建设水平',
        '三、积极开展学雷锋活动，认真履行社会责任',
        '四、积极开展文化体育活动，丰富活跃机关文化建设',
        '五、积极开展各类主题活动，不断提升创建水平',
        '一月一主题',
        '我们的节日',
        '量化指标',
        '考核',
      ].sort(),
    );
    const summary = rows('汇总');
    expect(summary[0][0]).toBe(TITLE);
    const header = summary.findIndex((r) => r[0] === '事项类型');
    expect(summary.slice(header + 1)).toHaveLength(32);
    expect(summary[header + 1]).toEqual([
      '工作任务',
      '一、强化思想引领，推动理论武装走深走实',
      '任务01',
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
    expect(summary[header + 8][11]).toBe(
      '注册志愿者占干部职工比例：92（要求≥90，达标）\n参加志愿服务人数占注册志愿者比例：85（要求≥90，未达标）',
    );
  });

  it('lists every report as a row, its evidence files named, text as text', () => {
    const law = rows('一、强化思想引领，推动理论武装走深走实').find(
      (r) => r[0] === '任务05' && r[4] === '法规处',
    );
    expect(law?.slice(5, 11)).toEqual([
      '最终报送',
      '已报送',
      expect.stringMatching(/^2020-12-\d\d \d\d:\d\d$/),
      '何敏',
      expect.any(String),
      '普法宣传照片.jpg（附件 abababab）\nhttps://wmcj.example.gov.cn/x.pdf',
    ]);
    const culture = rows('四、积极开展文化体育活动，丰富活跃机关文化建设');
    // A formula typed as a summary is shown as typed, not computed into "点击查看".
    expect(culture.some((r) => r[9] === FORMULA_SUMMARY)).toBe(true);
    expect(culture.some((r) => r[9] === SCRIPT_SUMMARY)).toBe(true);
    // Task 16: 资产管理处 never reported, and a row says so.
    const missing = rows('五、积极开展各类主题活动，不断提升创建水平').find(
      (r) => r[0] === '任务16' && r[4] === '资产管理处',
    );
    expect(missing?.slice(5, 8)).toEqual(['最终报送', '逾期未报送', '']);
  });

  it('has the appraisal as figures, one row per branch, and its formula', () => {
    const sheet = rows('考核');
    expect(sheet[1][0]).toMatch(/^考核得分 = 100 × 按时报送率/);
    for (const a of appraise(sampleYearRecord())) {
      const row = sheet.find((r) => r[0] === a.name);
      expect(row?.[9]).toBe(String(a.score));
      expect(row?.[5]).toBe(`${(a.onTimeRate * 100).toFixed(1)}%`);
    }
    expect(rows('量化指标').filter((r) => /^任务\d{2}$/.test(r[0]))).toHaveLength(4);
  });
});
