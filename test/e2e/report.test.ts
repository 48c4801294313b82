// The HTML year report as the office opens it: a file on disk, in a real browser (Debian's chromium),
// on screen and in print preview, with no network and no script.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { renderYearReport } from '../../report/index';
import { sampleYearRecord } from '../helpers/year-record-sample';
import { launchChromium } from '../helpers/browser';

jest.setTimeout(30_000);

const TITLE = '2020年深化全国文明单位创建工作情况报告（复查评审台账）';
const CHARTS = ['各类别工作任务办理状态', '各月累计应完成与已办结事项', '量化指标完成情况'];

let dir: string;
let file: string;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'civ-report-'));
  file = join(dir, '2020年度报告.html');
  writeFileSync(file, renderYearReport(sampleYearRecord(), 'html'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Each chart's drawn size and the number of shapes in it. */
async function charts(page: Page) {
  const svgs = page.locator('figure.chart svg');
  const out: { width: number; height: number; shapes: number; text: string }[] = [];
  for (let i = 0; i < (await svgs.count()); i++) {
    const svg = svgs.nth(i);
    await svg.scrollIntoViewIfNeeded();
    const box = await svg.boundingBox();
    out.push({
      width: box?.width ?? 0,
      height: box?.height ?? 0,
      shapes: await svg.locator('path, rect').count(),
      text: (await svg.textContent()) ?? '',
    });
  }
  return out;
}

test('the report opens from disk, shows its headings and three charts, and prints with them', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));

  await page.goto(pathToFileURL(file).href);
  expect(await page.title()).toBe(TITLE);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  for (const name of ['三、文明创建考评（纳入年度绩效考核）', '四、工作任务办理情况', '七、领导小组审定意见'])
    expect(await page.getByRole('heading', { level: 2, name }).isVisible()).toBe(true);
  expect(await page.getByRole('heading', { name: '第16项　不断拓展文明创建范围' }).isVisible()).toBe(true);
  // Record text with markup is shown as text, and nothing ran it.
  expect(await page.getByText('读书分享会4场<script>alert(1)</script>').isVisible()).toBe(true);
  expect(await page.locator('script, img, iframe').count()).toBe(0);

  const onScreen = await charts(page);
  expect(onScreen).toHaveLength(3);
  onScreen.forEach((c, i) => {
    expect(c.width).toBeGreaterThan(300);
    expect(c.height).toBeGreaterThan(150);
    expect(c.shapes).toBeGreaterThan(10);
    expect(c.text).toContain(CHARTS[i]);
  });

  const screenshot = join(dir, 'report.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  expect(statSync(screenshot).size).toBeGreaterThan(100_000);

  // Print preview at the width of an A4 page's text (210 mm less two 14 mm margins, at 96 dpi).
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 688, height: 1000 });
  expect(await page.getByRole('heading', { level: 1, name: TITLE }).isVisible()).toBe(true);
  const inPrint = await charts(page);
  expect(inPrint).toHaveLength(3);
  for (const c of inPrint) {
    expect(c.width).toBeGreaterThan(300);
    expect(c.width).toBeLessThanOrEqual(688);
    expect(c.height).toBeGreaterThan(150);
    expect(c.shapes).toBeGreaterThan(10);
  }
  // A string, because the project's TypeScript has no DOM library to type a browser function with.
  expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(688);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  expect(pdf.byteLength).toBeGreaterThan(50_000);

  expect(requests).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
});
