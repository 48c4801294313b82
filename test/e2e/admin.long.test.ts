// The admin's first hour, as a person would live it: `npm start`'s stack really started (Temporal
// dev server, MailDev, worker, the year's plan), looked at in a real browser (Debian's chromium),
// checked by `civ doctor`, stopped with Ctrl-C and started again without losing anything.
import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { localDate } from '../../domain/calendar';
import { rolledPlanText } from '../helpers/plans';
import { freePort, launchChromium } from '../helpers/browser';
import { type Started, startScript, stopProcess } from '../helpers/processes';
import { waitForEmail } from '../helpers/maildev';

jest.setTimeout(240_000);

const repo = resolve(__dirname, '../..');
const YEAR = Number(localDate(Date.now()).slice(0, 4)) + 1;
const ASSIGNED = `【任务交办】${YEAR}年文明单位创建第5项任务`;

let dir: string;
let env: NodeJS.ProcessEnv;
let ports: { temporal: number; ui: number; smtp: number; inbox: number };
let browser: Browser;
const stacks: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'civ-e2e-'));
  const plan = rolledPlanText(YEAR);
  writeFileSync(join(dir, `${YEAR}.yaml`), plan);
  ports = {
    temporal: await freePort(),
    ui: await freePort(),
    smtp: await freePort(),
    inbox: await freePort(),
  };
  env = {
    ...process.env,
    CIV_TEMPORAL_PORT: String(ports.temporal),
    CIV_UI_PORT: String(ports.ui),
    CIV_SMTP_PORT: String(ports.smtp),
    CIV_INBOX_PORT: String(ports.inbox),
    CIV_PORTAL_PORT: String(await freePort()),
    CIV_DATA_DIR: join(dir, 'data'),
    CIV_PLANS_DIR: dir,
    CIV_YEAR: String(YEAR),
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
  };
  browser = await launchChromium();
});

afterAll(async () => {
  // A failed test must not leave a stack running on the machine.
  for (const proc of stacks) await stopProcess(proc);
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the stack as `npm start` does and resolves once it says "ready", with its output so far. */
async function startStack(): Promise<Started> {
  const started = await startScript('stack/up.ts', env, 'Ctrl-C stops everything', 120_000);
  stacks.push(started.proc);
  return started;
}

const run = promisify(execFile);

/**
 * Finds a mail in MailDev's inbox as an admin would: by typing its subject into the search box.
 * The list shows only the newest 50 mails, and a year's start sends more than that, so a mail
 * looked for on the first page alone may have been pushed off it by the ones after it.
 */
async function findInInbox(page: Page, subject: string): Promise<void> {
  await page.goto(`http://127.0.0.1:${ports.inbox}/`);
  await page.getByTestId('search-input').fill(subject);
  const found = page.getByTestId('email-list-item').filter({ hasText: subject }).first();
  await found.waitFor({ timeout: 60_000 });
  await found.click();
  await page.getByTestId('email-subject').filter({ hasText: subject }).waitFor({ timeout: 10_000 });
}

test('the stack comes up, the admin sees the plan in Temporal UI and the mail in the inbox, and a restart loses nothing', async () => {
  const first = await startStack();
  expect(first.output()).toContain(`stack: plan ${YEAR}: civ-${YEAR}-plan started`);
  expect(first.output()).toContain(`Temporal UI   http://127.0.0.1:${ports.ui}/namespaces/default/workflows`);

  const doctor = await run(process.execPath, ['bin/civ.js', 'doctor'], { cwd: repo, env });
  expect(doctor.stdout).toContain('✔ Search attributes: all 8 registered in default');
  expect(doctor.stdout).toContain('✔ Worker: 1 polling task queue "civ"');
  expect(doctor.stdout).toContain('All green.');

  const page = await browser.newPage();
  // Temporal UI, filtered the way an admin would: by the custom search attributes.
  const query = encodeURIComponent(`CivYear = ${YEAR} AND CivKind = "task" AND CivTask = "05"`);
  await page.goto(`http://127.0.0.1:${ports.ui}/namespaces/default/workflows?query=${query}`);
  await page.getByText(`civ-${YEAR}-task-05`).first().waitFor({ timeout: 60_000 });
  expect(await page.getByText(`civ-${YEAR}-task-06`).count()).toBe(0);
  await page.screenshot({ path: join(tmpdir(), 'civ-e2e-temporal-ui.png'), fullPage: true });

  // The inbox shows the assignment mails the worker sent through MailDev. Waited for on MailDev's
  // API first, so a failure tells a mail that never came (with what the stack printed) from a page
  // that does not show it.
  await waitForEmail(ports.inbox, 'assignment of task 05', (m) => m.subject.startsWith(ASSIGNED)).catch(
    (err: Error) => {
      throw new Error(`${err.message}\nthe stack printed:\n${first.output().slice(-6000)}`);
    },
  );
  await findInInbox(page, ASSIGNED);
  await page.screenshot({ path: join(tmpdir(), 'civ-e2e-inbox.png'), fullPage: true });

  expect(await stopProcess(first.proc)).toBe(0);

  const second = await startStack();
  expect(second.output()).toContain(`stack: plan ${YEAR}: civ-${YEAR}-plan already running`);
  await page.goto(`http://127.0.0.1:${ports.ui}/namespaces/default/workflows?query=${query}`);
  await page.getByText(`civ-${YEAR}-task-05`).first().waitFor({ timeout: 60_000 });
  await findInInbox(page, ASSIGNED);
  expect(await stopProcess(second.proc)).toBe(0);
});
