// The portal's front door against the real dev server and a real SMTP server: the page at `/`, and a
// fresh link asked for there. A known address gets one mail whose links sign in; an unknown one gets
// nothing and the very same answer; a repeat within the quarter hour sends nothing more; the limit
// per client address bites; a form from elsewhere is refused.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { ParsedMail } from 'mailparser';
import { join } from 'node:path';
import { linkRequestWorkflowId } from '../../client/link-request';
import { readPlan } from '../../config/plan-files';
import { localDate } from '../../domain/calendar';
import { FileEvidenceStore } from '../../evidence/store';
import { loadLinkKeys } from '../../links/keys';
import { buildPortal } from '../../portal/app';
import type { SmtpCatcher } from '../../preview/mail-catcher';
import { planStatusQuery } from '../../wire/messages';
import { planWorkflow } from '../../workflows/plan';
import { startYearStack, type YearStack } from '../helpers/year-stack';

jest.setTimeout(180_000);

const YEAR = Number(localDate(Date.now()).slice(0, 4));
const QUEUE = 'civ-front-door-test';
const BASE = 'http://portal.test';
const LEGAL = 'he.min@example.gov.cn';
const HEAD = 'wang.jianguo@example.gov.cn';
const STRANGER = 'nobody@example.gov.cn';
const keys = loadLinkKeys({ CIV_PORTAL_SECRET: 'test-secret-for-the-front-door-0123456789' })!;

let stack: YearStack;
let env: TestWorkflowEnvironment;
let smtp: SmtpCatcher;
let portal: FastifyInstance;

beforeAll(async () => {
  stack = await startYearStack({ year: YEAR, queue: QUEUE, links: { keys, baseUrl: BASE } });
  ({ env, smtp } = stack);
  portal = await buildPortal({
    client: env.client,
    keys,
    evidence: new FileEvidenceStore({ dir: join(stack.dir, 'evidence') }),
    planOf: readPlan,
    taskQueue: QUEUE,
    linkRequestRateLimit: 4,
  });
  const plan = await env.client.workflow.start(planWorkflow, {
    taskQueue: QUEUE,
    workflowId: `civ-${YEAR}-plan`,
    args: [{ year: YEAR }],
  });
  // The plan knows its items once they have told it (task 05 is legal's).
  for (let i = 0; i < 300; i++) {
    const state = await plan.query(planStatusQuery).catch(() => undefined);
    const items = Object.keys(state?.items ?? {});
    if (items.includes(`civ-${YEAR}-task-05`) && items.length >= 16) break;
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  await portal?.close();
  await stack?.close();
});

/** One browser at one client address: its cookies, and the front door's form. */
class Browser {
  private cookies = new Map<string, string>();
  constructor(private readonly ip = '127.0.0.1') {}
  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string }[]) this.cookies.set(c.name, c.value);
    return res;
  }
  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(
      await portal.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { cookie: this.header() } }),
    );
  }
  async post(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.keep(
      await portal.inject({
        method: 'POST',
        url,
        remoteAddress: this.ip,
        headers: { cookie: this.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      }),
    );
  }
  /** Asks at the front door for a fresh link to `email`. */
  async ask(email: string): Promise<LightMyRequestResponse> {
    const door = await this.get('/');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(door.body)![1];
    return this.post('/link-request', { _csrf: csrf, email });
  }
}

const linkMails = (to: string): ParsedMail[] =>
  smtp.messages.filter(
    (m) =>
      m.headers.get('x-civ-kind') === 'link-request' &&
      (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.value.some((v) => v.address === to)),
  );

/** The request workflow's result, once it has run. */
async function requestResult(email: string, at: Date): Promise<{ sent: boolean }> {
  return env.client.workflow.getHandle(linkRequestWorkflowId(email, at)).result();
}

test('/ says what the portal is and how to get in, and offers the form', async () => {
  const res = await new Browser().get('/');
  expect(res.statusCode).toBe(200);
  expect(res.body).toContain('文明单位创建工作平台');
  expect(res.body).toContain('本平台无需账号和密码');
  expect(res.body).toContain('action="/link-request"');
  expect(res.body).not.toContain('<script');
  expect(res.headers['content-security-policy']).toContain("default-src 'none'");
});

test('a known address gets one mail with links that sign in; a repeat sends nothing more', async () => {
  const at = new Date();
  const browser = new Browser('10.0.0.1');
  const res = await browser.ask(LEGAL);
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/?requested=1');
  expect(await requestResult(LEGAL, at)).toEqual({ sent: true });
  const [mail] = linkMails(LEGAL);
  expect(mail.subject).toBe('【文明单位创建】办理链接补发');
  expect(mail.text).toContain('何敏同志：');
  expect(mail.text).toContain('法规处负责人');
  // Signed and with whom to ask, as the plan's other mails are.
  expect(mail.text).toContain('无锡市机关事务管理局文明单位创建工作领导小组办公室');
  expect(mail.text).toMatch(/联系人：\S+，电话：0510-12345678。/);
  const links = [...mail.text!.matchAll(/http:\/\/portal\.test(\/l\/[\w.-]+)/g)].map((m) => m[1]);
  expect(links.length).toBeGreaterThan(0);
  // Each link signs in, to an item of legal's (task 05 among them).
  const entered = await new Browser().get(links[0]);
  expect(entered.statusCode).toBe(303);
  expect(entered.headers.location).toMatch(new RegExp(`^/w/civ-${YEAR}-`));
  const task05 = links.find((l) => Buffer.from(l.split('.')[1], 'base64url').toString().includes('task-05'));
  expect(task05).toBeDefined();
  expect((await new Browser().get(task05!)).headers.location).toBe(`/w/civ-${YEAR}-task-05`);

  // Asked again within the quarter hour: the same answer, no second mail.
  const again = await browser.ask(LEGAL);
  expect(again.headers.location).toBe('/?requested=1');
  await new Promise((r) => setTimeout(r, 2000));
  expect(linkMails(LEGAL)).toHaveLength(1);
});

test('the head gets the year overview link', async () => {
  const at = new Date();
  await new Browser('10.0.0.2').ask(HEAD);
  expect(await requestResult(HEAD, at)).toEqual({ sent: true });
  const [mail] = linkMails(HEAD);
  const link = /http:\/\/portal\.test(\/l\/[\w.-]+)/.exec(mail.text!)![1];
  expect(mail.text).toContain('创建工作总览（领导小组组长）');
  expect((await new Browser().get(link)).headers.location).toBe(`/y/${YEAR}`);
});

test('an unknown address gets no mail and exactly the same answer', async () => {
  const at = new Date();
  const known = await new Browser('10.0.0.3').ask(LEGAL);
  const unknown = await new Browser('10.0.0.4').ask(STRANGER);
  expect(unknown.statusCode).toBe(known.statusCode);
  expect(unknown.headers.location).toBe(known.headers.location);
  expect(unknown.body).toBe(known.body);
  expect(await requestResult(STRANGER, at)).toEqual({ sent: false });
  expect(smtp.messages.some((m) => JSON.stringify(m.to).includes(STRANGER))).toBe(false);
  const notice = await new Browser().get('/?requested=1');
  expect(notice.body).toContain('申请已受理');
});

test('the limit per client address bites, and a form from elsewhere is refused', async () => {
  const browser = new Browser('10.0.0.9');
  for (let i = 0; i < 4; i++) expect((await browser.ask(`someone${i}@example.gov.cn`)).statusCode).toBe(303);
  const limited = await browser.ask('someone4@example.gov.cn');
  expect(limited.statusCode).toBe(429);
  expect(limited.body).toContain('访问过于频繁');
  // No cookie of the door, or a token of another browser's: refused, nothing started.
  const forged = await new Browser('10.0.0.10').post('/link-request', {
    _csrf: 'x'.repeat(43),
    email: LEGAL,
  });
  expect(forged.statusCode).toBe(403);
  const bad = await new Browser('10.0.0.11').ask('not an address, cc: a@b.c');
  expect(bad.statusCode).toBe(400);
  expect(bad.body).toContain('请填写正确的邮箱地址');
});

test('a request started by hand (Temporal UI) with a bad address fails at once with one line', async () => {
  const handle = await env.client.workflow.start('linkRequestWorkflow', {
    taskQueue: QUEUE,
    workflowId: 'civ-link-request-by-hand',
    args: [{ email: 'he.min@example.gov.cn, x@evil.example' }],
  });
  await expect(handle.result()).rejects.toMatchObject({
    cause: { message: 'input must be like {"email": "he.min@example.gov.cn"}' },
  });
  expect(smtp.messages.some((m) => JSON.stringify(m.to).includes('evil.example'))).toBe(false);
});
