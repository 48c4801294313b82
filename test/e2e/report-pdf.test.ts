// The year report as PDF, printed by Debian's chromium, read back by poppler (pdfinfo, pdftotext),
// which shares nothing with the browser that wrote it: A4 pages, numbered, the report's text on them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderPdf, PdfUnavailableError } from '../../report/pdf';
import { SCRIPT_SUMMARY, sampleYearRecord } from '../helpers/year-record-sample';

jest.setTimeout(120_000);

let tmp: string;
let file: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'civ-pdf-'));
  file = path.join(tmp, 'report.pdf');
  writeFileSync(file, await renderPdf(sampleYearRecord()));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const text = (...args: string[]) => execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });

test('is A4, tagged, its pages numbered — 1 — … — n — under the text', () => {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  expect(info).toMatch(/Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)/);
  expect(info).toMatch(/Tagged:\s+yes/);
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  expect(pages).toBeGreaterThan(10);
  for (const n of [1, 2, pages])
    expect(text('-f', String(n), '-l', String(n))).toMatch(new RegExp(`—\\s*${n}\\s*—`));
});

test('carries the report: title, sections, every task, record text as text', () => {
  const all = text().replace(/\s/g, '');
  // The organization over the title, as a 公文 heads it; in content order (-raw), since poppler's
  // reading order puts the title's Latin figures after its Chinese.
  expect(text('-raw', '-f', '1', '-l', '1').replace(/\s/g, '')).toContain(
    '无锡市机关事务管理局2020年深化全国文明单位创建工作情况报告（复查评审台账）',
  );
  for (const h of [
    '一、创建目标',
    '三、文明创建考评（纳入年度绩效考核）',
    '（五）积极开展各类主题活动，不断提升创建水平',
    '七、领导小组审定意见',
    '第16项不断拓展文明创建范围',
  ])
    expect(all).toContain(h.replace(/\s/g, ''));
  // In content order (-raw), a table cell's lines follow each other: markup in a summary is printed as text.
  expect(text('-raw').replace(/\s/g, '')).toContain(SCRIPT_SUMMARY.replace(/\s/g, ''));
});

test('says so in one error when there is no chromium to print with', async () => {
  await expect(renderPdf(sampleYearRecord(), path.join(tmp, 'no-chromium'))).rejects.toBeInstanceOf(
    PdfUnavailableError,
  );
});
