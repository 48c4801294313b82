// The portal (DESIGN §8): officials act where their email leads them. A personal link (/l/<token>)
// is checked, exchanged for a cookie scoped to that one workflow's pages, and the person acts in
// the role the link names. Stateless: everything it knows comes from the link and from Temporal,
// so several portals can run behind a proxy.
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { localDate, WorkCalendar } from '../domain/calendar';
import { scopeKey, scopeOfWorkflowId } from '../domain/organization';
import type { Plan } from '../domain/plan';
import type { PersonRole } from '../domain/roles';
import { taskDefinition } from '../domain/task-definition';
import { warningThresholds } from '../domain/warning-light';
import { checkEvidence, EVIDENCE_MAX_FILE_BYTES, EVIDENCE_MAX_FILES } from '../evidence/content-type';
import { evidenceRef, parseEvidenceRef } from '../evidence/ref';
import type { EvidenceStore } from '../evidence/store';
import type { LinkKeys } from '../links/keys';
import { yearRecord } from '../client/year-record';
import {
  acknowledgeUpdate,
  changeLeadUpdate,
  decideUpdate,
  extendDeadlineUpdate,
  finalSignOffUpdate,
  reportUpdate,
} from '../wire/messages';
import { planWorkflowId } from '../domain/ids';
import { yearPath, type Access } from './access';
import { DASHBOARD_CSS, parseDashboardFilter, renderDashboard } from './dashboard';
import { itemPage, type Outcome } from './item-page';
import { act, csrfTokenOf, fieldsOf, nonceOf, one, Refusal, type Fields } from './forms';
import { errorPage, page, PORTAL_CSS } from './layout';
import { planPage } from './plan-page';
import { Session, WORKFLOW_ID } from './session';
import { fieldOfError, translate } from './rejection-text';

export interface PortalOptions {
  client: Client;
  keys: LinkKeys;
  evidence: EvidenceStore;
  /** The year's plan (the dashboard's record is built from it and the workflows). */
  planOf: (year: number, org?: string) => Plan;
  /** Cookies only over HTTPS (true whenever the portal's public URL is https). */
  secureCookies?: boolean;
  /** Requests to /l/ per IP and minute (default 30). */
  linkRateLimit?: number;
  logger?: boolean;
  now?: () => Date;
}

/** URLs with a token never reach a log line. */
function redactUrl(url: string): string {
  return url.replace(/\/l\/[^/?#]*/, '/l/<token>');
}

export async function buildPortal(o: PortalOptions): Promise<FastifyInstance> {
  const now = o.now ?? (() => new Date());
  const session = new Session({
    client: o.client,
    keys: o.keys,
    now,
    secureCookies: o.secureCookies ?? false,
  });
  const app = Fastify({
    logger: o.logger
      ? {
          serializers: {
            req: (req: FastifyRequest) => ({ method: req.method, url: redactUrl(req.url) }),
          },
        }
      : false,
    bodyLimit: 64 * 1024,
    // A link's token is a path parameter of about 300 characters.
    routerOptions: { maxParamLength: 2048 },
    trustProxy: true,
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(csrf, {
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: o.secureCookies ?? false },
    getToken: csrfTokenOf,
  });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: {
      fileSize: EVIDENCE_MAX_FILE_BYTES,
      files: EVIDENCE_MAX_FILES,
      fields: 40,
      fieldSize: 32 * 1024,
      parts: 50,
    },
  });
  await app.register(rateLimit, { global: false });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof Refusal) return sendPage(reply, err.status, errorPage(err.title, err.detail));
    const status = err.statusCode ?? 500;
    if (err.code?.startsWith('FST_CSRF'))
      return sendPage(
        reply,
        403,
        errorPage('表单已失效', '此表单已过期或并非来自本平台。请返回办理页面刷新后重新提交。'),
      );
    if (status === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_FILES_LIMIT')
      return sendPage(
        reply,
        413,
        errorPage(
          '提交内容过大',
          `每个文件不超过10MB，最多${EVIDENCE_MAX_FILES}个；文字内容请精简后重新提交。`,
        ),
      );
    if (status === 429) return sendPage(reply, 429, errorPage('访问过于频繁', '请稍后再试。'));
    if (status >= 400 && status < 500)
      return sendPage(
        reply,
        status,
        errorPage('提交的内容有误', '提交的内容格式不正确，请返回办理页面重新填写。'),
      );
    req.log.error({ err: { message: err.message, code: err.code } }, 'portal error');
    return sendPage(reply, 503, errorPage('系统暂时无法办理', '系统暂时无法处理您的请求，请稍后再试。'));
  });
  app.setNotFoundHandler((_req, reply) =>
    sendPage(reply, 404, errorPage('页面不存在', '请通过通知邮件中的链接访问本平台。')),
  );

  app.get('/assets/portal.css', (_req, reply) => reply.type('text/css; charset=utf-8').send(PORTAL_CSS));
  app.get('/assets/dashboard.css', (_req, reply) =>
    reply.type('text/css; charset=utf-8').send(DASHBOARD_CSS),
  );
  app.get('/healthz', (_req, reply) => reply.type('text/plain').send('ok'));

  // ---------------------------------------------------------------------------------------------
  // The link from the email: checked, exchanged for a cookie, and never shown in the address bar
  // of the page that follows (nor sent on as a Referer).

  app.get<{ Params: { token: string } }>(
    '/l/:token',
    { config: { rateLimit: { max: o.linkRateLimit ?? 30, timeWindow: 60_000 } } },
    async (req, reply) => session.admit(reply, req.params.token),
  );

  // ---------------------------------------------------------------------------------------------
  // An item's page and its forms.

  app.get<{ Params: { wf: string }; Querystring: { done?: string } }>('/w/:wf', async (req, reply) => {
    const access = await session.itemAccess(req);
    const done = DONE[req.query.done ?? ''];
    return renderItem(reply, access, 200, done ? { ok: done } : undefined);
  });

  async function renderItem(
    reply: FastifyReply,
    access: Extract<Access, { kind: 'item' }>,
    status: number,
    outcome?: Outcome,
  ): Promise<FastifyReply> {
    const csrfToken = reply.generateCsrf();
    const at = now();
    const view = itemPage({
      ...access,
      today: localDate(at.getTime()),
      nowMs: at.getTime(),
      csrf: csrfToken,
      nonce: () => randomUUID(),
      outcome,
    });
    return sendPage(
      reply,
      status,
      page({ title: view.title, who: view.who, organization: access.def.ref.organization, body: view.body }),
    );
  }

  const DONE: Record<string, string> = {
    acknowledge: '已签收。',
    report: '报送成功，办理情况已更新。',
    decide: '审核意见已提交。',
    extend: '完成时限已调整，相关单位将收到通知。',
    lead: '负责人已调整，此后的通知将发送给新的负责人。',
    'sign-off': '年度审核意见已提交。',
  };

  /** Every post: the person's cookie, the CSRF token, then the form. */
  const post = { preHandler: app.csrfProtection };

  app.post<{ Params: { wf: string } }>('/w/:wf/acknowledge', post, async (req, reply) => {
    const access = await session.itemAccess(req);
    const { fields } = fieldsOf(req);
    const role = leadRole(access.link.role);
    const error = await act(o.client, access.link.workflowId, acknowledgeUpdate, nonceOf(fields), {
      branch: role.branch,
      actor: access.link.name,
      channel: 'portal',
    });
    return afterAct(reply, access, 'acknowledge', error);
  });

  app.post<{ Params: { wf: string } }>('/w/:wf/report', post, async (req, reply) => {
    const access = await session.itemAccess(req);
    const { fields, files } = fieldsOf(req);
    const role = leadRole(access.link.role);
    const nonce = nonceOf(fields);
    const values: Record<string, string> = {};
    for (const name of Object.keys(fields))
      if (name !== '_csrf' && name !== 'nonce') values[name] = one(fields, name);
    const refuse = (field: string | undefined, message: string) =>
      renderItem(reply, access, 422, { error: { field, message }, values });

    const summary = values.summary?.trim() ?? '';
    if (!summary) return refuse('summary', '请填写完成情况简述。');
    const kpis: Record<string, number> = {};
    for (const k of access.def.kpis) {
      const text = values[`kpi-${k.id}`]?.trim();
      if (!text) continue;
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0 || value > 100)
        return refuse(`kpi-${k.id}`, `${k.name}请填写0到100之间的数值。`);
      kpis[k.id] = value;
    }
    const links = (values.links ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    for (const l of links)
      if (!/^https?:\/\/\S+$/i.test(l) || l.length > 2000)
        return refuse('links', `“${l.slice(0, 60)}”不是有效的网址（应以 http:// 或 https:// 开头）。`);
    const uploads: { bytes: Buffer; name: string }[] = [];
    for (const file of files) {
      const bytes = await file.toBuffer();
      const check = await checkEvidence(bytes, file.filename);
      if (!check.ok) return refuse('files', `${file.filename}：${check.reason}`);
      uploads.push({ bytes, name: file.filename });
    }
    // Stored only once every file passed, so a refused report leaves nothing behind.
    const stored = [];
    for (const u of uploads) stored.push(evidenceRef((await o.evidence.put(u.bytes, u.name)).hash));
    const milestone = values.milestone?.trim();
    const error = await act(o.client, access.link.workflowId, reportUpdate, nonce, {
      branch: role.branch,
      actor: access.link.name,
      channel: 'portal',
      summary,
      evidence: [...links, ...stored],
      ...(Object.keys(kpis).length && { kpis }),
      ...(milestone && { milestone }),
    });
    if (error) return refuse(fieldOfError(error), translate(error));
    return afterAct(reply, access, 'report');
  });

  app.post<{ Params: { wf: string } }>('/w/:wf/decide', post, async (req, reply) => {
    const access = await session.itemAccess(req);
    if (access.link.role.kind === 'lead') throw new Refusal(403, '无权办理', '此链接不能用于审核。');
    const { fields } = fieldsOf(req);
    const nonce = nonceOf(fields);
    const verdict = one(fields, 'verdict', 10);
    if (verdict !== 'approve' && verdict !== 'return')
      throw new Refusal(400, '提交的内容有误', '请选择审核通过或退回整改。');
    const rework =
      fields.rework === undefined ? [] : Array.isArray(fields.rework) ? fields.rework : [fields.rework];
    const override = one(fields, 'override', 500).trim();
    const newDue = one(fields, 'newDue', 10).trim();
    const error = await act(o.client, access.link.workflowId, decideUpdate, nonce, {
      verdict,
      actor: access.link.name,
      channel: 'portal',
      comment: one(fields, 'comment'),
      ...(verdict === 'return' && rework.length && { branches: rework }),
      ...(verdict === 'return' && newDue && { newDue }),
      ...(verdict === 'approve' && override && { overrideReason: override }),
    });
    return afterAct(reply, access, 'decide', error, fields);
  });

  app.post<{ Params: { wf: string } }>('/w/:wf/extend', post, async (req, reply) => {
    const access = await session.itemAccess(req);
    if (access.link.role.kind === 'lead') throw new Refusal(403, '无权办理', '此链接不能用于调整完成时限。');
    const { fields } = fieldsOf(req);
    const nonce = nonceOf(fields);
    const error: string | undefined = await act(
      o.client,
      access.link.workflowId,
      extendDeadlineUpdate,
      nonce,
      {
        actor: access.link.name,
        channel: 'portal',
        newDue: one(fields, 'newDue', 10).trim(),
        reason: one(fields, 'reason', 500),
      },
    );
    return afterAct(reply, access, 'extend', error, { extendTo: fields.newDue, reason: fields.reason });
  });

  app.get<{ Params: { wf: string; hash: string } }>('/w/:wf/e/:hash', async (req, reply) => {
    const access = await session.itemAccess(req);
    const hash = req.params.hash.toLowerCase();
    const referenced = access.state.branches.some((b) =>
      [b.report, ...Object.values(b.milestones)].some((r) =>
        r?.evidence.some((e) => parseEvidenceRef(e) === hash),
      ),
    );
    const file = referenced ? await o.evidence.get(hash) : undefined;
    if (!file) throw new Refusal(404, '材料不存在', '此佐证材料不存在或不属于本事项。');
    return reply
      .type(file.meta.type)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.meta.name)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(file.bytes);
  });

  function leadRole(role: PersonRole): { kind: 'lead'; branch: string } {
    if (role.kind !== 'lead') throw new Refusal(403, '无权办理', '只有责任单位负责人可以签收和报送。');
    return role;
  }

  async function afterAct(
    reply: FastifyReply,
    access: Extract<Access, { kind: 'item' }>,
    done: string,
    error?: string,
    values?: Fields,
  ): Promise<FastifyReply> {
    if (!error) return reply.code(303).redirect(`/w/${access.link.workflowId}?done=${done}`);
    const fresh = await session.refreshed(access);
    const shown: Record<string, string> = {};
    for (const [k, v] of Object.entries(values ?? {})) if (typeof v === 'string') shown[k] = v;
    return renderItem(reply, fresh, 422, {
      error: { field: fieldOfError(error), message: translate(error) },
      values: shown,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The year: the leading group's dashboard, the change of a branch's lead, the final sign-off.

  app.get<{ Params: { scope: string }; Querystring: Record<string, string> }>(
    '/y/:scope',
    async (req, reply) => {
      const access = await session.planAccess(req);
      const done = DONE[req.query.done ?? ''];
      return renderPlan(req, reply, access, 200, done ? { ok: done } : undefined);
    },
  );

  async function renderPlan(
    req: FastifyRequest,
    reply: FastifyReply,
    access: Extract<Access, { kind: 'plan' }>,
    status: number,
    outcome?: Outcome,
  ): Promise<FastifyReply> {
    const plan = o.planOf(access.scope.year, access.scope.org);
    const at = now();
    const record = await yearRecord(o.client, plan, at.getTime());
    const calendar = new WorkCalendar(taskDefinition(plan, plan.tasks[0].id).calendar!);
    const dashboard = renderDashboard(record, {
      today: localDate(at.getTime()),
      calendar,
      yellowWorkingDays: warningThresholds(plan).yellowWorkingDays,
      filter: parseDashboardFilter((req.query ?? {}) as Record<string, unknown>),
      links: {
        item: (workflowId) => `${yearPath(access.scope)}/open/${encodeURIComponent(workflowId)}`,
      },
    });
    const view = planPage({
      access,
      plan,
      dashboard: dashboard.body,
      csrf: reply.generateCsrf(),
      nonce: () => randomUUID(),
      outcome,
    });
    return sendPage(
      reply,
      status,
      page({
        title: dashboard.title,
        who: view.who,
        organization: plan.organization,
        body: view.body,
        extraCss: true,
      }),
    );
  }

  /** From the dashboard to an item's page, in the same role: the portal signs the item's link itself. */
  app.get<{ Params: { scope: string; wf: string } }>('/y/:scope/open/:wf', async (req, reply) => {
    const access = await session.planAccess(req);
    const wf = req.params.wf;
    const scope = scopeOfWorkflowId(wf);
    if (!WORKFLOW_ID.test(wf) || !scope || scopeKey(scope) !== scopeKey(access.scope) || wf.endsWith('-plan'))
      throw new Refusal(404, '事项不存在', '此事项不存在。');
    return session.admitElsewhere(reply, access.link, wf);
  });

  /** From an item's page to the year's dashboard, for the leading group and the office alike. */
  app.get<{ Params: { wf: string } }>('/w/:wf/year', async (req, reply) => {
    const access = await session.itemAccess(req);
    if (access.link.role.kind === 'lead')
      throw new Refusal(403, '无权访问', '督办看板仅供领导小组及其办公室查看。');
    return session.admitElsewhere(
      reply,
      access.link,
      planWorkflowId(access.def.ref.year, access.def.ref.org),
    );
  });

  app.post<{ Params: { scope: string } }>('/y/:scope/lead', post, async (req, reply) => {
    const access = await session.planAccess(req);
    const { fields } = fieldsOf(req);
    const nonce = nonceOf(fields);
    const error = await act(o.client, access.link.workflowId, changeLeadUpdate, nonce, {
      branch: one(fields, 'branch', 40),
      actor: access.link.name,
      channel: 'portal',
      lead: { name: one(fields, 'leadName', 40).trim(), email: one(fields, 'leadEmail', 254).trim() },
    });
    if (!error) return reply.code(303).redirect(`${yearPath(access.scope)}?done=lead`);
    return renderPlan(req, reply, await session.refreshed(access), 422, {
      error: { field: 'lead', message: translate(error) },
    });
  });

  app.post<{ Params: { scope: string } }>('/y/:scope/sign-off', post, async (req, reply) => {
    const access = await session.planAccess(req);
    const { fields } = fieldsOf(req);
    const nonce = nonceOf(fields);
    const error = await act(o.client, access.link.workflowId, finalSignOffUpdate, nonce, {
      actor: access.link.name,
      comment: one(fields, 'comment'),
    });
    if (!error) return reply.code(303).redirect(`${yearPath(access.scope)}?done=sign-off`);
    return renderPlan(req, reply, await session.refreshed(access), 422, {
      error: { field: 'sign-off', message: translate(error) },
    });
  });

  return app;
}

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}
