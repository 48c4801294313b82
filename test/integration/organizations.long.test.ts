// Several organizations in one deployment, on the real dev server with real SMTP: the home
// organization's year (`plans/<year>.yaml`, ids `civ-<year>-…`) and unit-a's
// (`plans/unit-a/<year>.yaml`, ids `civ-unit-a-<year>-…`, CivOrg = "unit-a") run side by side on
// one worker. Each is found by its own search, mails its own people, answers `civ --org` alone,
// and the portal never lets a link of one organization into the other's pages.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { readPlan } from '../../config/plan-files';
import { localDate } from '../../domain/calendar';
import { FileEvidenceStore } from '../../evidence/store';
import { loadLinkKeys } from '../../links/keys';
import { signLink } from '../../links/token';
import { buildPortal } from '../../portal/app';
import type { SmtpCatcher } from '../../preview/mail-catcher';
import { definitionQuery, statusQuery } from '../../wire/messages';
import { organizationPlanText } from '../helpers/plans';
import { startYearStack, type YearStack } from '../helpers/year-stack';

jest.setTimeout(240_000);

const YEAR = Number(localDate(Date.now()).slice(0, 4));
const QUEUE = 'civ-organizations-test';
const BASE = 'http://portal.test';
const ORG = 'unit-a';
const ORG_NAME = '无锡市示例甲单位';
const keys = loadLinkKeys({ CIV_PORTAL_SECRET: 'test-secret-for-organizations-0123456789' })!;

let stack: YearStack;
let env: TestWorkflowEnvironment;
let smtp: SmtpCatcher;
let portal: FastifyInstance;

beforeAll(async () => {
  stack = await startYearStack({ year: YEAR, queue: QUEUE, links: { keys, baseUrl: BASE } });
  ({ env, smtp } = stack);
  mkdirSync(join(stack.dir, ORG));
  writeFileSync(join(stack.dir, ORG, `${YEAR}.yaml`), organizationPlanText(YEAR, ORG, ORG_NAME));
  portal = await buildPortal({
    client: env.client,
    keys,
    evidence: new FileEvidenceStore({ dir: join(stack.dir, 'evidence') }),
    planOf: readPlan,
  });
});

afterAll(async () => {
  await portal?.close();
  await stack?.close();
});

const civ = (...args: string[]) => stack.civ(...args);

/** Workflow ids a visibility query finds, once there are `expected` of them. */
async function find(query: string, expected: number): Promise<string[]> {
  let ids: string[] = [];
  for (let i = 0; i < 360; i++) {
    ids = [];
    for await (const wf of env.client.workflow.list({ query })) ids.push(wf.workflowId);
    if (ids.length >= expected) return ids.sort();
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${query}: ${ids.length} of ${expected} found after 90 s`);
}

const recipients = (m: SmtpCatcher['messages'][number]): string[] =>
  [m.to, m.cc]
    .flat()
    .flatMap((a) => a?.value ?? [])
    .map((v) => v.address ?? '');

test('each organization starts its own year: its own ids, its CivOrg, its plans folder', async () => {
  expect(await civ('year', 'start', String(YEAR))).toMatchObject({
    code: 0,
    stdout: `civ-${YEAR}-plan: started\n`,
  });
  expect(await civ('--org', ORG, 'year', 'start', String(YEAR))).toMatchObject({
    code: 0,
    stdout: `civ-${ORG}-${YEAR}-plan: started\n`,
  });
  // The option after the subcommand names the same year.
  expect(await civ('year', 'start', String(YEAR), '--org', ORG)).toMatchObject({
    code: 0,
    stdout: `civ-${ORG}-${YEAR}-plan: already running (nothing changed)\n`,
  });

  const orgTasks = await find(`CivOrg = "${ORG}" AND CivKind = "task"`, 16);
  expect(orgTasks).toHaveLength(16);
  expect(orgTasks.every((id) => id.startsWith(`civ-${ORG}-${YEAR}-task-`))).toBe(true);
  const homeTasks = await find(`CivYear = ${YEAR} AND CivKind = "task" AND CivOrg IS NULL`, 16);
  expect(homeTasks).toHaveLength(16);
  expect(homeTasks.every((id) => id.startsWith(`civ-${YEAR}-task-`))).toBe(true);
  expect(await find(`CivKind = "plan" AND CivOrg = "${ORG}"`, 1)).toEqual([`civ-${ORG}-${YEAR}-plan`]);

  // Its task carries its own definition: the organization's name and key.
  const def = await env.client.workflow.getHandle(`civ-${ORG}-${YEAR}-task-05`).query(definitionQuery);
  expect(def.ref).toMatchObject({ year: YEAR, org: ORG, organization: ORG_NAME });
});

test("each organization's emails go to its own people, about its own workflows", async () => {
  const orgMail = async () => {
    for (let i = 0; i < 300; i++) {
      const mail = smtp.messages.find(
        (m) =>
          m.headers.get('x-civ-workflow') === `civ-${ORG}-${YEAR}-task-05` &&
          m.headers.get('x-civ-kind') === 'assignment',
      );
      if (mail) return mail;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('no assignment of unit-a task 05');
  };
  const mail = await orgMail();
  expect(mail.text).toContain(ORG_NAME);
  expect(mail.text).toContain(`${BASE}/l/`);
  for (const m of smtp.messages) {
    const workflow = String(m.headers.get('x-civ-workflow'));
    const ours = workflow.startsWith(`civ-${ORG}-`);
    for (const address of recipients(m))
      expect(`${workflow} → ${address}: ${address.endsWith(`@${ORG}.example.gov.cn`)}`).toBe(
        `${workflow} → ${address}: ${ours}`,
      );
  }
});

test('civ --org reads and acts on that organization only; a wrong key or folder is one line', async () => {
  const status = await civ('--org', ORG, 'year', 'status', String(YEAR));
  expect(status.code).toBe(0);
  expect(status.stdout).toContain(ORG_NAME);
  expect(status.stdout).toContain(`civ-${ORG}-${YEAR}-task-05`);
  expect(status.stdout).not.toContain(`  civ-${YEAR}-task-05`);

  const report = await civ('--org', ORG, 'year', 'report', String(YEAR));
  expect(report.code).toBe(0);
  expect(report.stdout).toContain(ORG_NAME);

  // A report through the CLI reaches unit-a's task 05, not the home organization's.
  const def = await env.client.workflow.getHandle(`civ-${ORG}-${YEAR}-task-05`).query(definitionQuery);
  const branch = def.branches[0];
  expect(branch.lead.email).toMatch(new RegExp(`@${ORG}\\.example\\.gov\\.cn$`));
  const reported = await civ(
    '--org',
    ORG,
    'task',
    'report',
    String(YEAR),
    '05',
    '--branch',
    branch.id,
    '--actor',
    branch.lead.email,
    '--summary',
    '已按方案完成',
  );
  expect(reported).toMatchObject({ code: 0 });
  const after = await env.client.workflow.getHandle(`civ-${ORG}-${YEAR}-task-05`).query(statusQuery);
  expect(after.branches.find((b) => b.id === branch.id)?.report).toMatchObject({
    actor: branch.lead.email,
    summary: '已按方案完成',
  });
  const home = await env.client.workflow.getHandle(`civ-${YEAR}-task-05`).query(statusQuery);
  expect(home.branches.every((b) => b.report === undefined)).toBe(true);

  const unknown = await civ('--org', 'unit-b', 'year', 'status', String(YEAR));
  expect(unknown.code).not.toBe(0);
  expect(unknown.stderr).toMatch(/^civ: .*unit-b/);
  expect(unknown.stderr.trim().split('\n')).toHaveLength(1);

  const badKey = await civ('--org', 'Unit_A', 'year', 'status', String(YEAR));
  expect(badKey.code).not.toBe(0);
  expect(badKey.stderr).toMatch(/^civ: --org "Unit_A": an organization key is/);

  // unit-a's plan copied into unit-c's folder would run under unit-c's ids: refused, nothing started.
  mkdirSync(join(stack.dir, 'unit-c'));
  writeFileSync(join(stack.dir, 'unit-c', `${YEAR}.yaml`), organizationPlanText(YEAR, ORG, ORG_NAME));
  const misplaced = await civ('--org', 'unit-c', 'year', 'start', String(YEAR));
  expect(misplaced.code).not.toBe(0);
  expect(misplaced.stderr).toMatch(/folder of organization "unit-c" but names "unit-a"/);
  await expect(env.client.workflow.getHandle(`civ-unit-c-${YEAR}-plan`).describe()).rejects.toThrow();
});

test("the portal keeps the organizations apart: one's link never opens the other's pages", async () => {
  const office = { name: '文明单位创建工作领导小组办公室', email: `wmcj@${ORG}.example.gov.cn` };
  const link = await signLink(keys, {
    ...office,
    workflowId: `civ-${ORG}-${YEAR}-plan`,
    role: { kind: 'office' },
  });
  const entered = await portal.inject({ method: 'GET', url: `/l/${link}` });
  expect(entered.statusCode).toBe(303);
  expect(entered.headers.location).toBe(`/y/${ORG}-${YEAR}`);
  // The session holds unit-a's year only; its cookie goes everywhere, and opens nothing else.
  const cookie = (entered.cookies as { name: string; value: string; path?: string }[])[0];
  expect(cookie).toMatchObject({ name: 'civ-session', path: '/' });
  const headers = { cookie: `${cookie.name}=${cookie.value}` };

  const page = await portal.inject({ method: 'GET', url: `/y/${ORG}-${YEAR}`, headers });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain(ORG_NAME);
  expect(page.body).toContain(`/y/${ORG}-${YEAR}/open/civ-${ORG}-${YEAR}-task-05`);
  expect(page.body).not.toContain(`open/civ-${YEAR}-task-05`);

  // From unit-a's dashboard, the home organization's task is not one of its items.
  const foreign = await portal.inject({
    method: 'GET',
    url: `/y/${ORG}-${YEAR}/open/civ-${YEAR}-task-05`,
    headers,
  });
  expect(foreign.statusCode).toBe(404);
  // The same cookie sent to the home organization's dashboard does not sign anyone in there.
  const home = await portal.inject({ method: 'GET', url: `/y/${YEAR}`, headers });
  expect(home.statusCode).toBeGreaterThanOrEqual(400);
  expect(home.body).not.toContain(ORG_NAME);

  // The home organization's office holds no role in unit-a's plan.
  const stranger = await signLink(keys, {
    name: '创建工作领导小组办公室',
    email: 'wmcj@example.gov.cn',
    workflowId: `civ-${ORG}-${YEAR}-plan`,
    role: { kind: 'office' },
  });
  const refused = await portal.inject({ method: 'GET', url: `/l/${stranger}` });
  expect(refused.statusCode).toBe(403);
});
