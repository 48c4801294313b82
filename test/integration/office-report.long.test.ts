// The office's own files on the real dev server: a new organization's 实施方案 drafted, filled in,
// imported and its year started; and the year in Word, PDF and Excel, from `civ year report --format
// docx|pdf|xlsx` and from the dashboard's downloads in the portal, for the office only. What comes
// out is read back by mammoth, LibreOffice and poppler, and holds what the workflows recorded.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { readPlan } from '../../config/plan-files';
import { localDate } from '../../domain/calendar';
import { rollPlan } from '../../domain/plan-roll';
import { FileEvidenceStore } from '../../evidence/store';
import { loadLinkKeys } from '../../links/keys';
import { signLink } from '../../links/token';
import { buildPortal } from '../../portal/app';
import { planWorkflow } from '../../workflows/plan';
import { fillDraft, parseCsv, sheetsByLibreOffice } from '../helpers/office-workbooks';
import { plan2020 } from '../helpers/plans';
import { startYearStack, type YearStack } from '../helpers/year-stack';

jest.setTimeout(240_000);

const YEAR = Number(localDate(Date.now()).slice(0, 4));
const QUEUE = 'civ-office-report-test';
const BASE = 'http://portal.test';
const ORGANIZATION = '无锡市机关事务管理局';
const TITLE = `${YEAR}年深化全国文明单位创建工作情况报告（复查评审台账）`;
const SUMMARY = '开展宪法宣传周活动3场，干部职工普法测试参考率100%';
const keys = loadLinkKeys({ CIV_PORTAL_SECRET: 'test-secret-for-the-office-report-0123456789' })!;

let stack: YearStack;
let portal: FastifyInstance;

beforeAll(async () => {
  stack = await startYearStack({ year: YEAR, queue: QUEUE, links: { keys, baseUrl: BASE } });
  portal = await buildPortal({
    client: stack.env.client,
    keys,
    evidence: new FileEvidenceStore({ dir: join(stack.dir, 'evidence') }),
    planOf: readPlan,
  });
  await stack.env.client.workflow.start(planWorkflow, {
    taskQueue: QUEUE,
    workflowId: `civ-${YEAR}-plan`,
    args: [{ year: YEAR }],
  });
  // The plan starts its tasks; the report comes in once task 05 runs.
  for (let i = 0; i < 100; i++) {
    const run = await stack.civ(
      'task',
      'report',
      String(YEAR),
      '05',
      '--branch',
      'legal',
      '--actor',
      '何敏',
      '--summary',
      SUMMARY,
      '--kpi',
      'law-awareness=96',
    );
    if (run.code === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('task 05 never took the report');
});

afterAll(async () => {
  await portal?.close();
  await stack?.close();
});

describe('civ year report --format docx|pdf|xlsx', () => {
  it('writes the Word report of the running year', async () => {
    const out = join(stack.dir, 'report.docx');
    const run = await stack.civ('year', 'report', String(YEAR), '--format', 'docx', '--out', out);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      new RegExp(`^${out.replace(/[.\\]/g, '\\$&')}: ${YEAR}年年度报告（docx，截至${YEAR}-`),
    );
    const text = (await mammoth.extractRawText({ buffer: readFileSync(out) })).value;
    expect(text.startsWith(TITLE)).toBe(true);
    expect(text).toContain('第5项　积极开展普法知识教育');
    expect(text).toContain(SUMMARY);
  });

  it('writes the 台账 workbook and the PDF, and refuses an unknown format in one line', async () => {
    const xlsx = join(stack.dir, 'ledger.xlsx');
    expect((await stack.civ('year', 'report', String(YEAR), '--format', 'xlsx', '--out', xlsx)).code).toBe(0);
    const sheets = sheetsByLibreOffice(xlsx);
    const row = parseCsv(sheets['（一）强化思想引领，推动理论武装走深走实']).find(
      (r) => r[0] === '第5项' && r[4] === '法规处',
    );
    expect(row?.slice(5, 10)).toEqual([
      '最终报送',
      '已报送',
      expect.stringMatching(new RegExp(`^${YEAR}-`)),
      // The actor as the year record shows a command-line report: the name, the channel, the OS user.
      expect.stringMatching(/^何敏（命令行/),
      SUMMARY,
    ]);
    const summary = parseCsv(sheets['汇总']);
    expect(summary.filter((r) => r[0] === '工作任务')).toHaveLength(16);

    const pdf = join(stack.dir, 'report.pdf');
    expect((await stack.civ('year', 'report', String(YEAR), '--format', 'pdf', '--out', pdf)).code).toBe(0);
    expect(execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s/g, '')).toContain(
      SUMMARY,
    );

    expect(await stack.civ('year', 'report', String(YEAR), '--format', 'doc')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'civ: --format must be one of md, html, csv, docx, pdf, xlsx, not "doc"\n',
    });
  });
});

describe('the dashboard offers the report for download', () => {
  /** The office's cookies for the year's pages, from its personal link. */
  async function officeCookies(): Promise<string> {
    const token = await signLink(keys, {
      name: '创建工作领导小组办公室',
      email: 'wmcj@example.gov.cn',
      workflowId: `civ-${YEAR}-plan`,
      role: { kind: 'office' },
    });
    const res = await portal.inject({ method: 'GET', url: `/l/${token}` });
    expect(res.headers.location).toBe(`/y/${YEAR}`);
    return (res.cookies as { name: string; value: string }[]).map((c) => `${c.name}=${c.value}`).join('; ');
  }

  it('links the three downloads and sends each with its Chinese name', async () => {
    const cookie = await officeCookies();
    const page = await portal.inject({ method: 'GET', url: `/y/${YEAR}`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    for (const f of ['docx', 'pdf', 'xlsx']) expect(page.body).toContain(`href="/y/${YEAR}/report/${f}"`);

    const docx = await portal.inject({ method: 'GET', url: `/y/${YEAR}/report/docx`, headers: { cookie } });
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(docx.headers['cache-control']).toBe('private, no-store');
    expect(docx.headers['content-disposition']).toBe(
      `attachment; filename="civ-report.docx"; filename*=UTF-8''${encodeURIComponent(`${ORGANIZATION}${TITLE}.docx`)}`,
    );
    expect((await mammoth.extractRawText({ buffer: docx.rawPayload })).value).toContain(SUMMARY);

    const xlsx = await portal.inject({ method: 'GET', url: `/y/${YEAR}/report/xlsx`, headers: { cookie } });
    expect(xlsx.statusCode).toBe(200);
    const file = join(stack.dir, 'download.xlsx');
    writeFileSync(file, xlsx.rawPayload);
    expect(sheetsByLibreOffice(file)['汇总']).toContain(TITLE);

    const pdf = await portal.inject({ method: 'GET', url: `/y/${YEAR}/report/pdf`, headers: { cookie } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('gives nothing to a visitor without the year’s session, nor for a format it does not make', async () => {
    const anonymous = await portal.inject({ method: 'GET', url: `/y/${YEAR}/report/docx` });
    expect(anonymous.statusCode).toBeGreaterThanOrEqual(400);
    expect(anonymous.headers['content-type']).toMatch(/^text\/html/);
    const cookie = await officeCookies();
    const odd = await portal.inject({ method: 'GET', url: `/y/${YEAR}/report/exe`, headers: { cookie } });
    expect(odd.statusCode).toBe(404);
    expect(odd.body).toContain('年度报告可下载 Word、PDF 和 Excel 三种格式');
  });
});

describe('a new organization, from its 实施方案 and the filled-in table to a running year', () => {
  it('drafts, imports into plans/<org>/<year>.yaml and starts the year, without a line of YAML by hand', async () => {
    const next = YEAR + 1;
    const draft = join(stack.dir, '实施方案-任务分解表.xlsx');
    const seed = join(__dirname, '../fixtures/seed-plan-2020.txt');
    expect((await stack.civ('plan', 'draft', seed, '--out', draft)).code).toBe(0);
    // The office fills in its units, people and dates (those of the shipped plan, moved to its year),
    // and names its year and its key in 方案信息.
    const filled = join(stack.dir, '任务分解表（新单位）.xlsx');
    await fillDraft(draft, rollPlan(plan2020(), next).plan, filled);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(filled);
    const info = wb.getWorksheet('方案信息')!;
    info.getRow(3).getCell(2).value = 'xin-dw';
    info.getRow(4).getCell(2).value = next;
    // Issued (印发) early in the year before its own: its items start now, not next year.
    info.eachRow((row) => {
      if (row.getCell(1).value === '印发日期') row.getCell(2).value = `${YEAR}-01-01`;
    });
    await wb.xlsx.writeFile(filled);

    const imported = await stack.civ('plan', 'import', filled);
    expect(imported.code).toBe(0);
    const file = join(stack.dir, 'xin-dw', `${next}.yaml`);
    expect(imported.stdout.split('\n')[0]).toBe(
      `${file}: ${next} 年, 16 项任务, 8 个支部/处室（导入自 任务分解表（新单位）.xlsx）`,
    );

    const started = await stack.civ('--org', 'xin-dw', 'year', 'start', String(next));
    expect(started).toMatchObject({ code: 0, stdout: `civ-xin-dw-${next}-plan: started\n` });
    let tasks: string[] = [];
    for (let i = 0; i < 100 && tasks.length < 16; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const status = await stack.civ('--org', 'xin-dw', 'year', 'status', String(next));
      tasks = status.stdout.split('\n').filter((l) => l.includes(`civ-xin-dw-${next}-task-`));
    }
    expect(tasks).toHaveLength(16);
    expect(tasks.find((l) => l.includes('-task-05'))).toContain('积极开展普法知识教育');
  });
});
