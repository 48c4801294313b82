// The portal against the real dev server and a real SMTP server: the links in the emails the worker
// sent, the branch lead's 签收 and report (with an evidence file), the office's sign-off, a change of
// lead through the plan workflow, and every refusal: a forged, tampered, expired or foreign link, a
// role that may not act, a cross-site or replayed form, an oversized or malformed field. A refusal
// is a Chinese page with a 4xx status and no change anywhere.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { readPlan } from '../../config/plan-files';
import { localDate } from '../../domain/calendar';
import { FileEvidenceStore } from '../../evidence/store';
import { loadLinkKeys } from '../../links/keys';
import { signLink } from '../../links/token';
import { buildPortal } from '../../portal/app';
import type { SmtpCatcher } from '../../preview/mail-catcher';
import { planStatusQuery, revokeLinksUpdate, statusQuery } from '../../wire/messages';
import { planWorkflow } from '../../workflows/plan';
import { taskWorkflow } from '../../workflows/task';
import { PNG as PNG_BYTES } from '../helpers/evidence-samples';
import { decodedPayloads } from '../helpers/histories';
import { rolledPlanText } from '../helpers/plans';
import { startYearStack, type YearStack } from '../helpers/year-stack';

jest.setTimeout(180_000);

const YEAR = Number(localDate(Date.now()).slice(0, 4));
const QUEUE = 'civ-portal-test';
const BASE = 'http://portal.test';
const TASK = `civ-${YEAR}-task-05`;
const LEGAL = 'he.min@example.gov.cn';
const OFFICE = 'wmcj@example.gov.cn';
const keys = loadLinkKeys({ CIV_PORTAL_SECRET: 'test-secret-for-the-portal-0123456789abcdef' })!;

let stack: YearStack;
let env: TestWorkflowEnvironment;
let smtp: SmtpCatcher;
let dir: string;
let portal: FastifyInstance;

beforeAll(async () => {
  stack = await startYearStack({ year: YEAR, queue: QUEUE, links: { keys, baseUrl: BASE } });
  ({ env, smtp, dir } = stack);
  portal = await buildPortal({
    client: env.client,
    keys,
    evidence: new FileEvidenceStore({ dir: join(dir, 'evidence') }),
    planOf: readPlan,
  });
  await env.client.workflow.start(planWorkflow, {
    taskQueue: QUEUE,
    workflowId: `civ-${YEAR}-plan`,
    args: [{ year: YEAR }],
  });
});

afterAll(async () => {
  await portal?.close();
  await stack?.close();
});

/** The personal link in the email `to` received about `workflowId` (of `kind`). */
async function linkIn(to: string, workflowId: string, kind: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const mail = smtp.messages.find(
      (m) =>
        m.headers.get('x-civ-workflow') === workflowId &&
        m.headers.get('x-civ-kind') === kind &&
        (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.value.some((v) => v.address === to)),
    );
    const url = mail?.text?.match(/http:\/\/portal\.test\/l\/[\w.-]+/)?.[0];
    if (url) return url.slice(BASE.length);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${kind} email with a link to ${to} about ${workflowId}`);
}

/** A browser's visit: keeps the cookies by name and path, as a browser does, and sends the ones a path gets. */
class Visitor {
  private jar = new Map<string, { name: string; value: string; path: string }>();
  constructor(
    readonly origin = BASE,
    private readonly app?: FastifyInstance,
  ) {}
  private get portal(): FastifyInstance {
    return this.app ?? portal;
  }
  /** The value of a cookie, whatever its path. */
  cookie(name: string): string | undefined {
    return [...this.jar.values()].find((c) => c.name === name)?.value;
  }
  set(name: string, value: string, path = '/'): void {
    this.jar.set(`${name}@${path}`, { name, value, path });
  }
  header(url: string): string {
    const path = url.split('?')[0];
    return [...this.jar.values()]
      .filter((c) => c.path === '/' || path === c.path || path.startsWith(`${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
  keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; path?: string }[])
      this.set(c.name, c.value, c.path ?? '/');
    return res;
  }
  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.portal.inject({ method: 'GET', url, headers: { cookie: this.header(url) } }));
  }
  async form(url: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return this.keep(
      await this.portal.inject({
        method: 'POST',
        url,
        headers: { cookie: this.header(url), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }
  async multipart(
    url: string,
    fields: Record<string, string>,
    files: { name: string; bytes: Buffer; type: string }[] = [],
  ): Promise<LightMyRequestResponse> {
    const boundary = '----civtest';
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields))
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    for (const f of files)
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
        ),
        f.bytes,
        Buffer.from('\r\n'),
      );
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.keep(
      await this.portal.inject({
        method: 'POST',
        url,
        headers: { cookie: this.header(url), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat(parts),
      }),
    );
  }
}

/** The hidden fields of the form posting to `action` on a page. */
function formOf(html: string, action: string): { _csrf: string; nonce: string } {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const part = html.slice(start, start + 600);
  return {
    _csrf: /name="_csrf" value="([^"]+)"/.exec(part)![1],
    nonce: /name="nonce" value="([^"]+)"/.exec(part)![1],
  };
}

const task = () => env.client.workflow.getHandle(TASK).query(statusQuery);
/** What people's actions change (the workflow's own mailing goes on meanwhile). */
const actions = async () => {
  const s = await task();
  return JSON.stringify([
    s.branches,
    s.kpis,
    s.decisions,
    s.extensions,
    s.acknowledged,
    s.reportsReceived,
    s.due,
  ]);
};

function refusedPage(res: LightMyRequestResponse, status: number, text: RegExp): void {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.body).toMatch(text);
  expect(res.body).not.toMatch(/Error|stack|at \w+ \(/);
}

describe('a branch lead acts from the email', () => {
  const lead = new Visitor();
  let link: string;

  test('the link signs in for that one task, and every page carries the security headers', async () => {
    link = await linkIn(LEGAL, TASK, 'assignment');
    const entered = await lead.get(link);
    expect(entered.statusCode).toBe(303);
    expect(entered.headers.location).toBe(`/w/${TASK}`);
    // The link is exchanged for a session: the cookie holds neither the link nor any part of it.
    const cookie = (
      entered.cookies as { name: string; value: string; path: string; httpOnly: boolean }[]
    ).find((c) => c.name === 'civ-session');
    expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Lax' });
    const [, payload, signature] = link.slice(3).split('.');
    expect(cookie!.value).not.toContain(signature);
    expect(cookie!.value).not.toContain(payload.slice(-24));
    const page = await lead.get(`/w/${TASK}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('积极开展普法知识教育');
    expect(page.body).toContain('何敏（法规处负责人）');
    expect(page.body).toContain('法治宣传普及率');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).not.toContain('<script');
  });

  test('签收 is recorded with the person of the link and the portal as the channel', async () => {
    const page = await lead.get(`/w/${TASK}`);
    const res = await lead.form(`/w/${TASK}/acknowledge`, formOf(page.body, `/w/${TASK}/acknowledge`));
    expect(res.statusCode).toBe(303);
    expect((await task()).acknowledged?.legal).toMatchObject({ actor: '何敏', channel: 'portal' });
  });

  test('a report with a KPI value and a photo: recorded, the evidence stored outside history', async () => {
    const page = await lead.get(`/w/${TASK}`);
    const res = await lead.multipart(
      `/w/${TASK}/report`,
      {
        ...formOf(page.body, `/w/${TASK}/report`),
        summary: '已完成年度普法培训两场。',
        'kpi-law-awareness': '97',
      },
      [{ name: '培训现场.png', bytes: PNG_BYTES, type: 'image/png' }],
    );
    expect(res.statusCode).toBe(303);
    const state = await task();
    const report = state.branches.find((b) => b.id === 'legal')!.report!;
    expect(report).toMatchObject({ actor: '何敏', channel: 'portal', summary: '已完成年度普法培训两场。' });
    expect(report.evidence).toEqual([expect.stringMatching(/^sha256:[0-9a-f]{64}$/)]);
    expect(state.kpis['law-awareness']).toMatchObject({ value: 97, branch: 'legal' });
    // Neither the file nor any link is in the task's history: only the file's hash, only roles.
    const payloads = decodedPayloads(await env.client.workflow.getHandle(TASK).fetchHistory()).join('\n');
    expect(payloads).toContain(report.evidence[0]);
    expect(payloads).toContain('"role":{"kind":"lead","branch":"legal"}');
    expect(payloads).not.toContain(PNG_BYTES.subarray(0, 16).toString('utf8'));
    expect(payloads).not.toContain(link.slice(3));
    expect(payloads).not.toMatch(/\/l\/eyJ|portal\.test/);
    const shown = await lead.get(`/w/${TASK}?done=report`);
    expect(shown.body).toContain('报送成功');
    const file = await lead.get(`/w/${TASK}/e/${report.evidence[0].slice(7)}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(PNG_BYTES)).toBe(true);
  });

  test('refused, with nothing changed: a replayed form, a cross-site form, a bad field, a wrong file', async () => {
    const before = await task();
    const page = await lead.get(`/w/${TASK}`);
    const form = formOf(page.body, `/w/${TASK}/report`);
    const first = await lead.multipart(`/w/${TASK}/report`, { ...form, summary: '补充说明。' });
    expect(first.statusCode).toBe(303);
    const afterFirst = await task();
    // The same form again (a replay, a double click): applied once.
    expect((await lead.multipart(`/w/${TASK}/report`, { ...form, summary: '补充说明。' })).statusCode).toBe(
      303,
    );
    expect((await task()).reportsReceived).toBe(afterFirst.reportsReceived);
    expect(afterFirst.reportsReceived).toBe(before.reportsReceived + 1);

    const fresh = formOf((await lead.get(`/w/${TASK}`)).body, `/w/${TASK}/report`);
    const snapshot = await actions();
    // Cross-site: the browser sends the session cookie, but the page elsewhere cannot know the token.
    refusedPage(
      await lead.multipart(`/w/${TASK}/report`, { nonce: fresh.nonce, summary: 'x' }),
      403,
      /表单已失效/,
    );
    refusedPage(
      await lead.multipart(`/w/${TASK}/report`, { ...fresh, _csrf: 'forged', summary: 'x' }),
      403,
      /表单已失效/,
    );
    // Oversized, empty and malformed fields.
    refusedPage(
      await lead.multipart(`/w/${TASK}/report`, { ...fresh, summary: '很长'.repeat(2_100) }),
      413,
      /提交内容过大/,
    );
    const empty = await lead.multipart(`/w/${TASK}/report`, { ...fresh, summary: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toMatch(
      /<textarea id="summary"[^>]*>[^<]*<\/textarea><p class="field-error" role="alert">请填写完成情况简述。/,
    );
    const kpi = await lead.multipart(`/w/${TASK}/report`, {
      ...fresh,
      summary: 'x',
      'kpi-law-awareness': '120',
    });
    expect(kpi.statusCode).toBe(422);
    expect(kpi.body).toContain('法治宣传普及率请填写0到100之间的数值。');
    // What was typed comes back in its form, to correct rather than retype.
    expect(kpi.body).toMatch(/<textarea id="summary"[^>]*>x<\/textarea>/);
    expect(kpi.body).toMatch(/id="kpi-law-awareness"[^>]*value="120"/);
    const link2 = await lead.multipart(`/w/${TASK}/report`, {
      ...fresh,
      summary: 'x',
      links: 'javascript:alert(1)',
    });
    expect(link2.statusCode).toBe(422);
    // A script renamed .png is refused by its content.
    const wrong = await lead.multipart(`/w/${TASK}/report`, { ...fresh, summary: 'x' }, [
      { name: 'photo.png', bytes: Buffer.from('<script>alert(1)</script>'), type: 'image/png' },
    ]);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('photo.png');
    expect(await actions()).toBe(snapshot);
  });

  test('refused: a tampered, forged, expired or foreign link; a lead on another task; a lead signing off', async () => {
    const snapshot = await actions();
    const token = link.slice(3);
    const tampered = `${token.slice(0, -3)}${token.at(-3) === 'A' ? 'B' : 'A'}${token.slice(-2)}`;
    refusedPage(await new Visitor().get(`/l/${tampered}`), 401, /链接无效/);
    refusedPage(await new Visitor().get('/l/not-a-token'), 401, /链接无效/);
    const other = loadLinkKeys({ CIV_PORTAL_SECRET: 'someone-else-s-secret-0123456789abcdefgh' })!;
    const forged = await signLink(other, {
      name: '何敏',
      email: LEGAL,
      workflowId: TASK,
      role: { kind: 'office' },
    });
    refusedPage(await new Visitor().get(`/l/${forged}`), 401, /链接已失效|链接无效/);
    const old = await signLink(keys, {
      name: '何敏',
      email: LEGAL,
      workflowId: `civ-${YEAR - 1}-task-05`,
      role: { kind: 'lead', branch: 'legal' },
    });
    refusedPage(await new Visitor().get(`/l/${old}`), 401, /链接已过期/);
    // The right key but a role the person does not hold.
    const posing = await signLink(keys, {
      name: '何敏',
      email: LEGAL,
      workflowId: TASK,
      role: { kind: 'office' },
    });
    refusedPage(await new Visitor().get(`/l/${posing}`), 403, /链接已失效/);
    // Task 05's link does not open task 01: the session holds task 05 only.
    refusedPage(await lead.get(`/w/civ-${YEAR}-task-01`), 403, /无权访问/);
    refusedPage(await new Visitor().get(`/w/civ-${YEAR}-task-01`), 401, /请通过邮件链接访问/);
    const page = await lead.get(`/w/${TASK}`);
    expect(page.body).not.toContain(`action="/w/${TASK}/decide"`);
    refusedPage(
      await lead.form(`/w/${TASK}/decide`, {
        ...formOf(page.body, `/w/${TASK}/report`),
        verdict: 'approve',
        comment: '',
      }),
      403,
      /无权办理/,
    );
    expect(await actions()).toBe(snapshot);
  });
});

describe('the office signs off; the lead of a branch changes', () => {
  test('the other branch reports by CLI-free link, the office approves from its own link', async () => {
    const officeLead = new Visitor();
    await officeLead.get(await linkIn('zhou.qiang@example.gov.cn', TASK, 'assignment'));
    const page = await officeLead.get(`/w/${TASK}`);
    expect(
      (
        await officeLead.multipart(`/w/${TASK}/report`, {
          ...formOf(page.body, `/w/${TASK}/report`),
          summary: '办公室已完成。',
          'kpi-law-awareness': '96',
        })
      ).statusCode,
    ).toBe(303);
    expect((await task()).phase).toBe('awaiting-sign-off');

    const office = new Visitor();
    await office.get(await linkIn(OFFICE, TASK, 'ready-for-sign-off'));
    const review = await office.get(`/w/${TASK}`);
    expect(review.body).toContain('补充说明。');
    expect(review.body).toContain('办公室已完成。');
    const res = await office.form(`/w/${TASK}/decide`, {
      ...formOf(review.body, `/w/${TASK}/decide`),
      verdict: 'approve',
      comment: '同意。',
    });
    expect(res.statusCode).toBe(303);
    const state = await task();
    expect(state.phase).toBe('signed-off');
    expect(state.decisions.at(-1)).toMatchObject({
      verdict: 'approve',
      actor: '文明单位创建工作领导小组办公室',
      channel: 'portal',
    });
  });

  test('the office changes the legal branch’s lead: the old lead’s links stop, later emails go to the new one', async () => {
    const office = new Visitor();
    const oldLead = new Visitor();
    const openTask = `civ-${YEAR}-task-04`;
    const before = await linkIn(LEGAL, openTask, 'assignment');
    expect((await oldLead.get(before)).statusCode).toBe(303);
    expect((await oldLead.get(`/w/${openTask}`)).statusCode).toBe(200);

    const planLink = await signLink(keys, {
      name: '文明单位创建工作领导小组办公室',
      email: OFFICE,
      workflowId: `civ-${YEAR}-plan`,
      role: { kind: 'office' },
    });
    expect((await office.get(`/l/${planLink}`)).headers.location).toBe(`/y/${YEAR}`);
    const dashboard = await office.get(`/y/${YEAR}`);
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain('红灯');
    const res = await office.form(`/y/${YEAR}/lead`, {
      ...formOf(dashboard.body, `/y/${YEAR}/lead`),
      branch: 'legal',
      leadName: '陈新',
      leadEmail: 'chen.xin@example.gov.cn',
    });
    expect(res.statusCode).toBe(303);
    const plan = await env.client.workflow.getHandle(`civ-${YEAR}-plan`).query(planStatusQuery);
    expect(plan.leadChanges?.at(-1)).toMatchObject({
      branch: 'legal',
      actor: '文明单位创建工作领导小组办公室',
      channel: 'portal',
    });
    // The item hears of it through the plan workflow.
    let refused = await oldLead.get(`/w/${openTask}`);
    for (let i = 0; i < 50 && refused.statusCode === 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      refused = await oldLead.get(`/w/${openTask}`);
    }
    refusedPage(refused, 403, /链接已失效/);
    refusedPage(await new Visitor().get(before), 403, /链接已失效/);
    // Later emails go to the new lead: the office moves task 04's due date, and 陈新 is told, with a
    // link of his own that works.
    expect((await office.get(`/y/${YEAR}/open/${openTask}`)).headers.location).toBe(`/w/${openTask}`);
    const item = await office.get(`/w/${openTask}`);
    // The workflow's refusal, by its code, in Chinese beside the input it concerns; nothing changes.
    const early = await office.form(`/w/${openTask}/extend`, {
      ...formOf(item.body, `/w/${openTask}/extend`),
      newDue: `${YEAR}-01-05`,
      reason: '提前',
    });
    expect(early.statusCode).toBe(422);
    expect(early.body).toMatch(
      /id="extendTo"[^>]*><p class="field-error" role="alert">新的完成时限(不能早于今天|须晚于当前时限)。/,
    );
    expect(early.body).not.toMatch(/due date|未能办理/);
    expect(
      (
        await office.form(`/w/${openTask}/extend`, {
          ...formOf(item.body, `/w/${openTask}/extend`),
          newDue: `${YEAR}-12-18`,
          reason: '结合年终工作统筹安排',
        })
      ).statusCode,
    ).toBe(303);
    const newLead = new Visitor();
    expect(
      (await newLead.get(await linkIn('chen.xin@example.gov.cn', openTask, 'extended'))).statusCode,
    ).toBe(303);
    const welcome = await newLead.get(`/w/${openTask}`);
    expect(welcome.statusCode).toBe(200);
    expect(welcome.body).toContain('陈新（法规处负责人）');
    // A bad address is refused beside the form, and nothing changes.
    const again = await office.get(`/y/${YEAR}`);
    const bad = await office.form(`/y/${YEAR}/lead`, {
      ...formOf(again.body, `/y/${YEAR}/lead`),
      branch: 'legal',
      leadName: '某人\r\nBcc: x@evil.example',
      leadEmail: 'x@evil.example, y@evil.example',
    });
    expect(bad.statusCode).toBe(422);
    const after = await env.client.workflow.getHandle(`civ-${YEAR}-plan`).query(planStatusQuery);
    expect(after.leadChanges).toHaveLength(1);
  });
});

describe('the same pages for a theme; the links are rate-limited', () => {
  test('this month’s theme: a branch reports its activity from the announcement’s link', async () => {
    const month = localDate(Date.now()).slice(5, 7);
    const theme = `civ-${YEAR}-theme-${month}`;
    const lead = new Visitor();
    // The plan has the branches of task 10 report the themes (activities.reportedBy: lead).
    await lead.get(await linkIn('wu.fang@example.gov.cn', theme, 'assignment'));
    const page = await lead.get(`/w/${theme}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('“一月一主题”');
    // A theme asks for no 签收: the form is the report's.
    const res = await lead.multipart(`/w/${theme}/report`, {
      ...formOf(page.body, `/w/${theme}/report`),
      summary: '开展志愿服务活动一次。',
    });
    expect(res.statusCode).toBe(303);
    const state = await env.client.workflow.getHandle(theme).query(statusQuery);
    expect(state.branches.find((b) => b.id === 'party-committee')?.report).toMatchObject({
      actor: '吴芳',
      channel: 'portal',
    });
  });

  test('a link for another branch of the same task is refused', async () => {
    const asOffice = await signLink(keys, {
      name: '何敏',
      email: LEGAL,
      workflowId: `civ-${YEAR}-task-04`,
      role: { kind: 'lead', branch: 'party-committee' },
    });
    refusedPage(await new Visitor().get(`/l/${asOffice}`), 403, /链接已失效/);
  });

  test('an item whose year has no plan workflow is not opened: no plan record, no revocations, no access', async () => {
    const next = YEAR + 1;
    writeFileSync(join(dir, `${next}.yaml`), rolledPlanText(next));
    const alone = `civ-${next}-task-05`;
    await env.client.workflow.start(taskWorkflow, {
      taskQueue: QUEUE,
      workflowId: alone,
      args: [{ year: next, task: '05' }],
    });
    // Running, with its definition loaded (the first query answered).
    for (let i = 0; i < 100; i++) {
      const ok = await env.client.workflow
        .getHandle(alone)
        .query(statusQuery)
        .then(() => true)
        .catch(() => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const link = await signLink(keys, {
      name: '何敏',
      email: LEGAL,
      workflowId: alone,
      role: { kind: 'lead', branch: 'legal' },
    });
    refusedPage(await new Visitor().get(`/l/${link}`), 403, /链接已失效|无法办理/);
  });

  test('/l/ is rate-limited per address: a guessing run gets 429 pages', async () => {
    const strict = await buildPortal({
      client: env.client,
      keys,
      evidence: new FileEvidenceStore({ dir: join(dir, 'evidence') }),
      planOf: readPlan,
      linkRateLimit: 3,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await strict.inject({ url: `/l/guess-${i}` })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await strict.inject({ url: '/l/guess-9' });
    expect(limited.body).toContain('访问过于频繁');
    await strict.close();
  });
});

describe('evidence files', () => {
  /** Every file the store holds, staging and upload records included. */
  const stored = () =>
    readdirSync(join(dir, 'evidence'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
  /** Distinct small PNGs: a real PNG with a few bytes after its end, as cameras and editors leave. */
  const png = (i: number, size = 0) => Buffer.concat([PNG_BYTES, Buffer.from(`#${i}`), Buffer.alloc(size)]);
  const leadOf = (workflowId: string, branch: string, name: string, email: string) =>
    signLink(keys, { name, email, workflowId, role: { kind: 'lead', branch } });

  test('a refused report stores none of its files: three reports to a signed-off task leave nothing', async () => {
    expect((await task()).phase).toBe('signed-off');
    // The page of a signed-off task has no form any more: a form of the same session, from a task
    // still open, is posted to it, as a page left open since before the sign-off would be.
    const v = new Visitor();
    await v.get(await linkIn('zhou.qiang@example.gov.cn', TASK, 'assignment'));
    await v.get(`/l/${await leadOf(`civ-${YEAR}-task-14`, 'office', '周强', 'zhou.qiang@example.gov.cn')}`);
    const before = stored();
    for (let r = 0; r < 3; r++) {
      const page = await v.get(`/w/civ-${YEAR}-task-14`);
      const res = await v.multipart(
        `/w/${TASK}/report`,
        { ...formOf(page.body, `/w/civ-${YEAR}-task-14/report`), summary: '补报材料。' },
        [0, 1, 2, 3, 4].map((i) => ({ name: `补充${i}.png`, bytes: png(r * 10 + i), type: 'image/png' })),
      );
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('此事项已办结（已审核通过或已随年度结束），不能再提交。');
    }
    expect(stored()).toEqual(before);
  });

  test('the extension follows the content: a PNG named 通知.hta is served as 通知.png', async () => {
    const task06 = `civ-${YEAR}-task-06`;
    const v = new Visitor();
    await v.get(`/l/${await leadOf(task06, 'office', '周强', 'zhou.qiang@example.gov.cn')}`);
    const page = await v.get(`/w/${task06}`);
    expect(page.body).toContain('每次最多5个文件，单个不超过10MB，合计不超过20MB');
    expect(page.body).toContain('本事项材料合计不超过200MB，每人每年度上传合计不超过300MB');
    const polyglot = Buffer.concat([PNG_BYTES, Buffer.from('<script>alert(1)</script>')]);
    const res = await v.multipart(
      `/w/${task06}/report`,
      { ...formOf(page.body, `/w/${task06}/report`), summary: '活动通知已张贴。' },
      [{ name: '通知.hta', bytes: polyglot, type: 'application/hta' }],
    );
    expect(res.statusCode).toBe(303);
    const report = (await env.client.workflow.getHandle(task06).query(statusQuery)).branches.find(
      (b) => b.id === 'office',
    )!.report!;
    const file = await v.get(`/w/${task06}/e/${report.evidence[0].slice(7)}`);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('通知.png')}`,
    );

    // The same bytes sent for another task by another lead: stored once, shown under that lead's name.
    const task01 = `civ-${YEAR}-task-01`;
    const other = new Visitor();
    await other.get(`/l/${await leadOf(task01, 'first-branch', '许文', 'xu.wen@example.gov.cn')}`);
    const page01 = await other.get(`/w/${task01}`);
    expect(
      (
        await other.multipart(
          `/w/${task01}/report`,
          { ...formOf(page01.body, `/w/${task01}/report`), summary: '已完成。' },
          [{ name: '支部活动照片.png', bytes: polyglot, type: 'image/png' }],
        )
      ).statusCode,
    ).toBe(303);
    const theirs = await other.get(`/w/${task01}/e/${report.evidence[0].slice(7)}`);
    expect(theirs.headers['content-disposition']).toContain(encodeURIComponent('支部活动照片.png'));
    expect(
      (await v.get(`/w/${task06}/e/${report.evidence[0].slice(7)}`)).headers['content-disposition'],
    ).toContain(encodeURIComponent('通知.png'));
  });

  test('quotas per item and per person, said beside the form; nothing stored past them', async () => {
    const tight = await buildPortal({
      client: env.client,
      keys,
      evidence: new FileEvidenceStore({ dir: join(dir, 'evidence') }),
      planOf: readPlan,
      evidenceQuotas: { itemBytes: 4096, personYearBytes: 7000 },
    });
    const task07 = `civ-${YEAR}-task-07`;
    const task12 = `civ-${YEAR}-task-12`;
    const v = new Visitor(BASE, tight);
    await v.get(`/l/${await leadOf(task07, 'first-branch', '许文', 'xu.wen@example.gov.cn')}`);
    await v.get(`/l/${await leadOf(task12, 'first-branch', '许文', 'xu.wen@example.gov.cn')}`);
    const post = async (wf: string, i: number, size: number) => {
      const page = await v.get(`/w/${wf}`);
      return v.multipart(
        `/w/${wf}/report`,
        { ...formOf(page.body, `/w/${wf}/report`), summary: `第${i}次。` },
        [{ name: `照片${i}.png`, bytes: png(100 + i, size), type: 'image/png' }],
      );
    };
    expect((await post(task07, 1, 3000)).statusCode).toBe(303);
    const before = stored();
    const overItem = await post(task07, 2, 2000);
    expect(overItem.statusCode).toBe(422);
    expect(overItem.body).toMatch(/本事项的佐证材料合计不能超过/);
    expect((await post(task12, 3, 3000)).statusCode).toBe(303);
    const afterSecond = stored();
    const overPerson = await post(task12, 4, 900);
    expect(overPerson.statusCode).toBe(422);
    expect(overPerson.body).toMatch(/您本年度上传的佐证材料合计不能超过/);
    expect(stored()).toEqual(afterSecond);
    expect(afterSecond.length).toBeGreaterThan(before.length);
    await tight.close();
  });

  test('signed in, a form from elsewhere is refused before its files are read', async () => {
    const task13 = `civ-${YEAR}-task-13`;
    const v = new Visitor();
    await v.get(`/l/${await leadOf(task13, 'office', '周强', 'zhou.qiang@example.gov.cn')}`);
    const form = formOf((await v.get(`/w/${task13}`)).body, `/w/${task13}/report`);
    const before = stored();
    refusedPage(
      await v.multipart(`/w/${task13}/report`, { nonce: form.nonce, summary: 'x' }, [
        { name: 'a.png', bytes: png(200), type: 'image/png' },
      ]),
      403,
      /表单已失效/,
    );
    // Larger than a report may be: refused from its declared length, unread.
    refusedPage(
      await v.multipart(`/w/${task13}/report`, { ...form, summary: 'x' }, [
        { name: 'big.png', bytes: png(201, 21 * 1024 * 1024), type: 'image/png' },
      ]),
      413,
      /提交内容过大/,
    );
    // One file over 10 MB within a report's size: refused beside the form, nothing kept.
    const big = await v.multipart(`/w/${task13}/report`, { ...form, summary: 'x' }, [
      { name: 'big.png', bytes: png(202, 11 * 1024 * 1024), type: 'image/png' },
    ]);
    expect(big.statusCode).toBe(422);
    expect(big.body).toContain('文件过大：单个文件不超过10MB');
    expect(stored()).toEqual(before);
  });
});

describe('sessions', () => {
  const ZHOU = 'zhou.qiang@example.gov.cn';
  const task06 = `civ-${YEAR}-task-06`;
  const linkOf = (workflowId: string, email = ZHOU, name = '周强') =>
    signLink(keys, { name, email, workflowId, role: { kind: 'lead', branch: 'office' } });
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
  let clock = 0;
  let clocked: FastifyInstance;
  beforeAll(async () => {
    clock = Date.now();
    clocked = await buildPortal({
      client: env.client,
      keys,
      evidence: new FileEvidenceStore({ dir: join(dir, 'evidence') }),
      planOf: readPlan,
      now: () => new Date(clock),
    });
  });
  afterAll(() => clocked?.close());
  const minutes = (n: number) => (clock += n * 60_000);

  test('idle for 30 minutes, or 8 hours however active, the session is over; the link signs in again', async () => {
    const v = new Visitor(BASE, clocked);
    expect((await v.get(`/l/${await linkOf(task06)}`)).statusCode).toBe(303);
    minutes(29);
    expect((await v.get(`/w/${task06}`)).statusCode).toBe(200);
    minutes(29);
    expect((await v.get(`/w/${task06}`)).statusCode).toBe(200);
    minutes(31);
    refusedPage(await v.get(`/w/${task06}`), 401, /登录已超时[\s\S]*30分钟/);

    expect((await v.get(`/l/${await linkOf(task06)}`)).statusCode).toBe(303);
    for (let i = 0; i < 19; i++) {
      minutes(25);
      expect([i, (await v.get(`/w/${task06}`)).statusCode]).toEqual([i, 200]);
    }
    minutes(25);
    refusedPage(await v.get(`/w/${task06}`), 401, /登录已超时[\s\S]*8小时/);
  });

  test('退出 ends the session for every portal, not only this browser', async () => {
    const v = new Visitor();
    await v.get(`/l/${await linkOf(task06)}`);
    const page = await v.get(`/w/${task06}`);
    expect(page.body).toContain('action="/logout"');
    const copy = v.cookie('civ-session')!;
    const out = await v.form('/logout', { _csrf: csrfOf(page.body) });
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('已安全退出');
    expect(v.cookie('civ-session')).toBe('');
    // The same cookie, kept by someone before 退出, on another portal: refused.
    const another = await buildPortal({
      client: env.client,
      keys,
      evidence: new FileEvidenceStore({ dir: join(dir, 'evidence') }),
      planOf: readPlan,
    });
    const elsewhere = new Visitor(BASE, another);
    elsewhere.set('civ-session', copy);
    refusedPage(await elsewhere.get(`/w/${task06}`), 401, /您已退出/);
    await another.close();
  });

  test('a link of someone else asks before it replaces a live session; the tokens are the session’s', async () => {
    const v = new Visitor();
    await v.get(`/l/${await linkOf(task06)}`);
    const mine = await v.get(`/w/${task06}`);
    const before = v.cookie('civ-session')!;
    const office = await signLink(keys, {
      name: '创建工作领导小组办公室',
      email: OFFICE,
      workflowId: task06,
      role: { kind: 'office' },
    });
    const asked = await v.get(`/l/${office}`);
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('切换办理人员');
    expect(asked.body).toContain('周强（办公室负责人）');
    expect(asked.body).toContain('创建工作领导小组办公室（领导小组办公室）');
    expect(v.cookie('civ-session')).toBe(before);
    expect((await v.get(`/w/${task06}`)).body).toContain('周强（办公室负责人）');
    // A page elsewhere posting the switch has no token of this session.
    refusedPage(await v.form('/l/switch', { token: office }), 403, /表单已失效/);
    const switched = await v.form('/l/switch', {
      _csrf: csrfOf(asked.body),
      token: /name="token" value="([^"]+)"/.exec(asked.body)![1],
    });
    expect(switched.statusCode).toBe(303);
    const theirs = await v.get(`/w/${task06}`);
    expect(theirs.body).toContain('创建工作领导小组办公室（领导小组办公室）');
    // The replaced session is over, and its form tokens do not work in the new one.
    const old = new Visitor();
    old.set('civ-session', before);
    refusedPage(await old.get(`/w/${task06}`), 401, /您已退出/);
    const snapshot = JSON.stringify(
      (await env.client.workflow.getHandle(task06).query(statusQuery)).extensions,
    );
    refusedPage(
      await v.form(`/w/${task06}/extend`, {
        ...formOf(theirs.body, `/w/${task06}/extend`),
        _csrf: csrfOf(mine.body),
        newDue: `${YEAR}-12-18`,
        reason: '统筹',
      }),
      403,
      /表单已失效/,
    );
    // Nor does a nonce the client made up: the Update's id is the portal's to choose.
    refusedPage(
      await v.form(`/w/${task06}/extend`, {
        _csrf: csrfOf(theirs.body),
        nonce: 'aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbb',
        newDue: `${YEAR}-12-18`,
        reason: '统筹',
      }),
      400,
      /表单已失效/,
    );
    expect(JSON.stringify((await env.client.workflow.getHandle(task06).query(statusQuery)).extensions)).toBe(
      snapshot,
    );
  });

  test('outside loopback the cookie is Secure, under a __Host- name', async () => {
    const secure = await buildPortal({
      client: env.client,
      keys,
      evidence: new FileEvidenceStore({ dir: join(dir, 'evidence') }),
      planOf: readPlan,
      secureCookies: true,
    });
    const res = await secure.inject({ url: `/l/${await linkOf(task06)}` });
    await secure.close();
    expect(res.statusCode).toBe(303);
    const cookie = (res.cookies as { name: string; secure?: boolean; path?: string; domain?: string }[])[0];
    expect(cookie).toMatchObject({ name: '__Host-civ-session', secure: true, path: '/' });
    expect(cookie.domain).toBeUndefined();
  });
});

describe('who acts is the link’s verified address', () => {
  // A deputy head who shares the head's name (两个王建国): the link names the deputy's address.
  const namesake = (workflowId: string) =>
    signLink(keys, { name: '王建国', email: 'li.ming@example.gov.cn', workflowId, role: { kind: 'deputy' } });
  const task03 = `civ-${YEAR}-task-03`;

  test('a deputy who shares the head’s name decides no head-signed task', async () => {
    const lead = new Visitor();
    await lead.get(await linkIn('zhou.qiang@example.gov.cn', task03, 'assignment'));
    const page = await lead.get(`/w/${task03}`);
    expect(
      (
        await lead.multipart(`/w/${task03}/report`, {
          ...formOf(page.body, `/w/${task03}/report`),
          summary: '办公室已按要求完成。',
        })
      ).statusCode,
    ).toBe(303);
    const deputy = new Visitor();
    expect((await deputy.get(`/l/${await namesake(task03)}`)).statusCode).toBe(303);
    const item = await deputy.get(`/w/${task03}`);
    expect(item.body).not.toContain(`action="/w/${task03}/decide"`);
    const res = await deputy.form(`/w/${task03}/decide`, {
      ...formOf(item.body, `/w/${task03}/extend`),
      verdict: 'return',
      comment: '请补充材料。',
    });
    refusedPage(res, 403, /无权办理/);
    const state = await env.client.workflow.getHandle(task03).query(statusQuery);
    expect(state.decisions).toEqual([]);
    expect(state.branches.find((b) => b.id === 'office')?.report).toMatchObject({
      actor: '周强',
      actorEmail: 'zhou.qiang@example.gov.cn',
    });
  });

  test('nor changes a branch’s lead to an outside address, nor signs the year off', async () => {
    const deputy = new Visitor();
    await deputy.get(`/l/${await namesake(task03)}`);
    const csrf = formOf((await deputy.get(`/w/${task03}`)).body, `/w/${task03}/extend`);
    expect((await deputy.get(`/l/${await namesake(`civ-${YEAR}-plan`)}`)).headers.location).toBe(
      `/y/${YEAR}`,
    );
    const before = (await env.client.workflow.getHandle(`civ-${YEAR}-plan`).query(planStatusQuery))
      .leadChanges;
    refusedPage(
      await deputy.form(`/y/${YEAR}/lead`, {
        ...csrf,
        branch: 'first-branch',
        leadName: '外部人员',
        leadEmail: 'outsider@mail.example.com',
      }),
      403,
      /无权办理/,
    );
    refusedPage(await deputy.form(`/y/${YEAR}/sign-off`, { ...csrf, comment: '同意' }), 403, /无权办理/);
    const after = await env.client.workflow.getHandle(`civ-${YEAR}-plan`).query(planStatusQuery);
    expect(after.leadChanges).toEqual(before);
    expect(after.finalSignOff).toBeUndefined();
  });
});

describe('revocation', () => {
  test('the office revokes a person’s links: the ones made before are refused, later ones work', async () => {
    const theirs = await linkIn('zhou.qiang@example.gov.cn', `civ-${YEAR}-task-02`, 'assignment');
    expect((await new Visitor().get(theirs)).statusCode).toBe(303);
    const plan = env.client.workflow.getHandle(`civ-${YEAR}-plan`);
    const refused = await plan
      .executeUpdate(revokeLinksUpdate, {
        args: [{ actor: '周强', email: 'zhou.qiang@example.gov.cn', reason: '邮件误转发' }],
      })
      .catch((err: Error) => (err.cause as Error | undefined)?.message);
    expect(refused).toBe('"周强" may not revoke links: only the office and the head may');
    await plan.executeUpdate(revokeLinksUpdate, {
      args: [{ actor: '赵丽', email: 'Zhou.Qiang@example.gov.cn', reason: '邮件误转发', channel: 'cli' }],
    });
    refusedPage(await new Visitor().get(theirs), 403, /链接已失效/);
    const later = await signLink(
      keys,
      {
        name: '周强',
        email: 'zhou.qiang@example.gov.cn',
        workflowId: `civ-${YEAR}-task-02`,
        role: { kind: 'lead', branch: 'office' },
      },
      new Date(Date.now() + 2_000),
    );
    expect((await new Visitor().get(`/l/${later}`)).statusCode).toBe(303);
  });
});
