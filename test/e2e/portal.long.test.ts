// The officials' path, as they would live it: the stack `npm start` brings up (Temporal dev server,
// MailDev, worker, portal, the year's plan), an email MailDev received, its link opened in a real
// browser (Debian's chromium) on a phone's 360 px. A branch lead signs in from the email, reports
// with a KPI value, sees the new state and logs out (退出); the office signs off from its own link
// and is asked before another person's link replaces its session; the dashboard shows both; the
// lead is changed and the old lead's link is refused. Every page passes axe-core with no serious or
// critical violation and needs no sideways scrolling at 360 px.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { localDate } from '../../domain/calendar';
import { rolledPlanText } from '../helpers/plans';
import { freePort, launchChromium } from '../helpers/browser';
import { startScript, stopProcess } from '../helpers/processes';
import { waitForEmail } from '../helpers/maildev';

jest.setTimeout(300_000);

const YEAR = Number(localDate(Date.now()).slice(0, 4)) + 1;
const TASK = `civ-${YEAR}-task-05`;
/** A personal link as the local stack's emails carry it. */
const LINK = /http:\/\/127\.0\.0\.1:\d+\/l\/[\w.-]+/;

let dir: string;
let stack: ChildProcess;
let browser: Browser;
let inbox: number;
let portalPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'civ-e2e-portal-'));
  writeFileSync(join(dir, `${YEAR}.yaml`), rolledPlanText(YEAR));
  const [temporal, ui, smtp] = [await freePort(), await freePort(), await freePort()];
  inbox = await freePort();
  portalPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CIV_TEMPORAL_PORT: String(temporal),
    CIV_UI_PORT: String(ui),
    CIV_SMTP_PORT: String(smtp),
    CIV_INBOX_PORT: String(inbox),
    CIV_PORTAL_PORT: String(portalPort),
    CIV_DATA_DIR: join(dir, 'data'),
    CIV_PLANS_DIR: dir,
    CIV_YEAR: String(YEAR),
    TEMPORAL_ADDRESS: `127.0.0.1:${temporal}`,
    SMTP_URL: `smtp://127.0.0.1:${smtp}`,
  };
  delete env.CIV_PORTAL_SECRET;
  delete env.CIV_PORTAL_URL;
  const started = await startScript('stack/up.ts', env, 'Ctrl-C stops everything');
  stack = started.proc;
  expect(started.output()).toContain(`Portal        http://127.0.0.1:${portalPort}`);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (stack) await stopProcess(stack);
  rmSync(dir, { recursive: true, force: true });
});

/** The personal link in the email MailDev received for `to` about `workflowId` (of `kind`). */
async function linkFromInbox(to: string, workflowId: string, kind: string): Promise<string> {
  const mail = await waitForEmail(
    inbox,
    `${kind} email with a link for ${to} about ${workflowId}`,
    (m) =>
      m.headers['x-civ-workflow'] === workflowId &&
      m.headers['x-civ-kind'] === kind &&
      m.to.some((a) => a.address === to) &&
      LINK.test(m.text),
  );
  return mail.text.match(LINK)![0];
}

/** A phone's screen; the CSP blocks injected scripts, so axe-core's context bypasses it. */
function phone(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 360, height: 780 }, bypassCSP: true });
}

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

/** The page as a reader meets it: no serious or critical axe-core violation, nothing wider than 360 px. */
async function readable(page: Page, what: string): Promise<void> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  // Expressions as text: the test's TypeScript has no DOM types, the page runs them.
  const result = (await page.evaluate('axe.run()')) as AxeResult;
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect([what, bad]).toEqual([what, []]);
  const width = await page.evaluate('document.documentElement.scrollWidth');
  expect([what, width]).toEqual([what, 360]);
}

async function report(page: Page, link: string, summary: string, kpi: string): Promise<void> {
  await page.goto(link);
  await page.getByRole('button', { name: '签收' }).click();
  await page.getByText('已签收。').waitFor();
  await page.getByLabel('完成情况简述').fill(summary);
  await page.getByLabel(/法治宣传普及率/).fill(kpi);
  await page.getByRole('button', { name: '提交报送' }).click();
  await page.getByText('报送成功，办理情况已更新。').waitFor();
}

test('a lead signs in from the email, reports and logs out; the office signs off; every page reads well', async () => {
  const lead = await (await phone()).newPage();
  const legalLink = await linkFromInbox('he.min@example.gov.cn', TASK, 'assignment');
  expect(legalLink.startsWith(`http://127.0.0.1:${portalPort}/l/`)).toBe(true);
  await lead.goto(legalLink);
  await lead.getByText('何敏（法规处负责人）').waitFor();
  await readable(lead, 'the task page of a lead');
  await report(lead, legalLink, '已完成年度普法培训两场。', '97');
  // The address bar holds no token; the page shows the report, who made it and how.
  expect(lead.url()).toBe(`http://127.0.0.1:${portalPort}/w/${TASK}?done=report`);
  await lead.getByText('已完成年度普法培训两场。').waitFor();
  await lead.getByText(/何敏（平台）/).waitFor();
  await readable(lead, 'the task page after the report');
  await lead.screenshot({ path: join(tmpdir(), 'civ-e2e-portal-lead.png'), fullPage: true });
  // 退出: the session is over, on this browser and for the portal.
  await lead.getByRole('button', { name: '退出' }).click();
  await lead.getByText('已安全退出').waitFor();
  await readable(lead, 'the page after 退出');
  const after = await lead.goto(`http://127.0.0.1:${portalPort}/w/${TASK}`);
  expect(after!.status()).toBe(401);
  await lead.getByText('请通过邮件链接访问').first().waitFor();
  await readable(lead, 'a refusal');

  const other = await (await browser.newContext()).newPage();
  await report(
    other,
    await linkFromInbox('zhou.qiang@example.gov.cn', TASK, 'assignment'),
    '办公室已完成。',
    '96',
  );
  await other.getByText('待审核').first().waitFor();

  const office = await (await phone()).newPage();
  await office.goto(await linkFromInbox('wmcj@example.gov.cn', TASK, 'ready-for-sign-off'));
  await readable(office, 'the task page of the office, with its forms');
  await office.getByLabel('审核意见').fill('材料齐全，同意。');
  await office.getByRole('button', { name: '审核通过' }).click();
  await office.getByText('审核意见已提交。').waitFor();
  await office.locator('.state', { hasText: '已办结' }).first().waitFor();

  // Another person's link on this browser asks first, and going back keeps the office signed in.
  await office.goto(legalLink);
  await office.getByText('切换办理人员').first().waitFor();
  await readable(office, 'the question before switching');
  await office.getByRole('link', { name: /不切换/ }).click();
  await office.getByText('创建工作领导小组办公室（领导小组办公室）').waitFor();

  // The dashboard, from the task's page: task 05 done, the report counted for both branches.
  await office.goto(`http://127.0.0.1:${portalPort}/w/${TASK}`);
  await office.getByRole('link', { name: /查看全年督办看板/ }).click();
  await office.getByText('督办看板').first().waitFor();
  const row = office.locator('tr', { hasText: '积极开展普法知识教育' }).first();
  await row.getByText('已办结').first().waitFor();
  await readable(office, 'the dashboard');
  await office.screenshot({ path: join(tmpdir(), 'civ-e2e-portal-dashboard.png'), fullPage: true });

  // The legal branch's lead changes: the old lead's link to another open task stops working.
  const task04 = await linkFromInbox('he.min@example.gov.cn', `civ-${YEAR}-task-04`, 'assignment');
  await office.getByLabel('调整负责人的单位').selectOption('legal');
  await office.getByLabel('新负责人姓名').fill('陈新');
  await office.getByLabel('新负责人电子邮箱').fill('chen.xin@example.gov.cn');
  await office.getByRole('button', { name: '确认调整' }).click();
  await office.getByText('负责人已调整').waitFor();
  const old = await (await phone()).newPage();
  let status = 0;
  for (let i = 0; i < 50; i++) {
    status = (await old.goto(task04))!.status();
    if (status === 403) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  expect(status).toBe(403);
  await old.getByText('链接已失效').waitFor();
  await readable(old, 'a refused link');
});

test('the front door says what the portal is, and a lost link is sent again to its own address', async () => {
  const door = await (await phone()).newPage();
  const res = await door.goto(`http://127.0.0.1:${portalPort}/`);
  expect(res!.status()).toBe(200);
  await door.getByRole('heading', { name: '文明单位创建工作平台' }).waitFor();
  await door.getByText('本平台无需账号和密码').waitFor();
  await readable(door, 'the front door');
  await door.getByLabel('工作邮箱').fill('zheng.gang@example.gov.cn');
  await door.getByRole('button', { name: '发送办理链接' }).click();
  await door.getByText('申请已受理').waitFor();
  expect(door.url()).toBe(`http://127.0.0.1:${portalPort}/?requested=1`);
  await readable(door, 'the front door after a request');
  await door.screenshot({ path: join(tmpdir(), 'civ-e2e-portal-front-door.png'), fullPage: true });

  // The mail in the inbox: its first link opens one of the person's items, signed in.
  const requested = await waitForEmail(
    inbox,
    'link-request email for zheng.gang@example.gov.cn',
    (m) =>
      m.headers['x-civ-kind'] === 'link-request' &&
      m.to.some((a) => a.address === 'zheng.gang@example.gov.cn') &&
      LINK.test(m.text),
    30_000,
  );
  const link = requested.text.match(LINK)?.[0];
  expect(link).toBeDefined();
  const page = await (await phone()).newPage();
  await page.goto(link!);
  await page.getByText('郑刚（').first().waitFor();
  expect(page.url()).toMatch(new RegExp(`/w/civ-${YEAR}-`));
});
