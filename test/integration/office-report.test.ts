// The year in Word, PDF and Excel from a running year on the real dev server: `civ year report
// --format docx|pdf|xlsx`. What comes out is read back by mammoth, LibreOffice and poppler, and holds
// what the workflows recorded.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { localDate } from '../../domain/calendar';
import { loadLinkKeys } from '../../links/keys';
import { planWorkflow } from '../../workflows/plan';
import { parseCsv, sheetsByLibreOffice } from '../helpers/office-workbooks';
import { startYearStack, type YearStack } from '../helpers/year-stack';

jest.setTimeout(240_000);

const YEAR = Number(localDate(Date.now()).slice(0, 4));
const QUEUE = 'civ-office-report-test';
const BASE = 'http://portal.test';
const TITLE = `无锡市机关事务管理局${YEAR}年文明单位创建复查评审年度报告`;
const SUMMARY = '开展宪法宣传周活动3场，干部职工普法测试参考率100%';
const keys = loadLinkKeys({ CIV_PORTAL_SECRET: 'test-secret-for-the-office-report-0123456789' })!;

let stack: YearStack;

beforeAll(async () => {
  stack = await startYearStack({ year: YEAR, queue: QUEUE, links: { keys, baseUrl: BASE } });
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
    expect(text).toContain('任务05　积极开展普法知识教育');
    expect(text).toContain(SUMMARY);
  });

  it('writes the 台账 workbook and the PDF, and refuses an unknown format in one line', async () => {
    const xlsx = join(stack.dir, 'ledger.xlsx');
    expect((await stack.civ('year', 'report', String(YEAR), '--format', 'xlsx', '--out', xlsx)).code).toBe(0);
    const sheets = sheetsByLibreOffice(xlsx);
    const row = parseCsv(sheets['一、强化思想引领，推动理论武装走深走实']).find(
      (r) => r[0] === '任务05' && r[4] === '法规处',
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
