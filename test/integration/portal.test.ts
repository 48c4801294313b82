// The portal against the real dev server and a real SMTP server: the links in the emails the worker
// sent, the branch lead's 签收 and report (with an evidence file), the office's sign-off, a change of
// lead through the plan workflow, and every refusal: a forged, tampered, expired or foreign link, a
// role that may not act, a cross-site or replayed form, an oversized or malformed field. A refusal
// is a Chinese page with a 4xx status and no change anywhere.
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
import { PNG as PNG_BYTES } from '../helpers/evidence-samples';
import { decodedPayloads } from '../helpers/histories';
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
  constructor(readonly origin = BASE) {}
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
    return this.keep(await portal.inject({ method: 'GET', url, headers: { cookie: this.header(url) } }));
  }
  async form(url: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return this.keep(
      await portal.inject({
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
      await portal.inject({
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
    const cookie = (entered.cookies as { name: string; path: string; httpOnly: boolean }[]).find(
      (c) => c.name === 'civ_link',
    );
    expect(cookie).toMatchObject({ path: `/w/${TASK}`, httpOnly: true });
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
    // Cross-site: the CSRF cookie and token are missing.
    const stranger = new Visitor();
    stranger.set('civ_link', lead.cookie('civ_link')!, `/w/${TASK}`);
    refusedPage(await stranger.multipart(`/w/${TASK}/report`, { ...fresh, summary: 'x' }), 403, /表单已失效/);
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
    // Task 05's link does not open task 01: the browser sends no cookie there, and task 05's cookie
    // sent there all the same is refused.
    refusedPage(await lead.get(`/w/civ-${YEAR}-task-01`), 401, /请通过邮件链接访问/);
    const smuggler = new Visitor();
    smuggler.set('civ_link', lead.cookie('civ_link')!, `/w/civ-${YEAR}-task-01`);
    refusedPage(await smuggler.get(`/w/civ-${YEAR}-task-01`), 403, /无权访问/);
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
