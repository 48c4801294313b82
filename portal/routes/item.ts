// An item's page and its forms: 签收 and the report for a branch's lead, the decision and the new
// due date for the office and the leading group, and the evidence files the reports cite.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { localDate } from '../../domain/calendar';
import type { PersonRole } from '../../domain/roles';
import { evidenceRef, parseEvidenceRef } from '../../evidence/ref';
import { acknowledgeUpdate, decideUpdate, extendDeadlineUpdate, reportUpdate } from '../../wire/messages';
import { act, fieldsOf, nonceOf, one, Refusal, type Fields } from '../forms';
import { itemPage } from '../item-page';
import { page } from '../layout';
import { doneOutcome, type Outcome } from '../outcome';
import { type ItemForm, refusalField, refusalText, type UpdateRefusal } from '../rejection-text';
import { isRefusal, reportText, reportUploads, reportValues } from '../report-form';
import { sendPage } from '../send-page';
import type { ItemAccess } from '../session';
import type { PortalContext } from './context';

type PageRoute = { Params: { wf: string }; Querystring: { done?: string } };
type ItemRoute = { Params: { wf: string } };
type ItemRequest = FastifyRequest<ItemRoute>;
type EvidenceRoute = { Params: { wf: string; hash: string } };

export const itemRoutes: FastifyPluginAsync<PortalContext> = async (app, ctx) => {
  /** Every post: the person's cookie, the CSRF token, then the form. */
  const post = { preHandler: app.csrfProtection };
  app.get<PageRoute>('/w/:wf', (req, reply) => showItem(ctx, req, reply));
  app.post<ItemRoute>('/w/:wf/acknowledge', post, (req, reply) => acknowledge(ctx, req, reply));
  app.post<ItemRoute>('/w/:wf/report', post, (req, reply) => report(ctx, req, reply));
  app.post<ItemRoute>('/w/:wf/decide', post, (req, reply) => decide(ctx, req, reply));
  app.post<ItemRoute>('/w/:wf/extend', post, (req, reply) => extend(ctx, req, reply));
  app.get<EvidenceRoute>('/w/:wf/e/:hash', (req, reply) => sendEvidence(ctx, req, reply));
};

async function showItem(
  ctx: PortalContext,
  req: FastifyRequest<PageRoute>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const access = await ctx.session.itemAccess(req);
  return renderItem(ctx, reply, access, 200, doneOutcome(req.query.done));
}

async function renderItem(
  ctx: PortalContext,
  reply: FastifyReply,
  access: ItemAccess,
  status: number,
  outcome?: Outcome,
): Promise<FastifyReply> {
  const csrfToken = reply.generateCsrf();
  const at = ctx.now();
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

/** After an update: on to the page with its notice, or the page again with the refusal and the values typed. */
async function afterAct(
  ctx: PortalContext,
  reply: FastifyReply,
  access: ItemAccess,
  done: ItemForm,
  error?: UpdateRefusal,
  values?: Fields,
): Promise<FastifyReply> {
  if (!error) return reply.code(303).redirect(`/w/${access.link.workflowId}?done=${done}`);
  const fresh = await ctx.session.refreshed(access);
  const shown: Record<string, string> = {};
  for (const [k, v] of Object.entries(values ?? {})) if (typeof v === 'string') shown[k] = v;
  return renderItem(ctx, reply, fresh, 422, {
    error: { field: refusalField(error, done), message: refusalText(error) },
    values: shown,
  });
}

function leadRole(role: PersonRole): { kind: 'lead'; branch: string } {
  if (role.kind !== 'lead') throw new Refusal(403, '无权办理', '只有责任单位负责人可以签收和报送。');
  return role;
}

async function acknowledge(ctx: PortalContext, req: ItemRequest, reply: FastifyReply): Promise<FastifyReply> {
  const access = await ctx.session.itemAccess(req);
  const { fields } = fieldsOf(req);
  const role = leadRole(access.link.role);
  const error = await act(ctx.client, access.link.workflowId, acknowledgeUpdate, nonceOf(fields), {
    branch: role.branch,
    actor: access.link.name,
    channel: 'portal',
  });
  return afterAct(ctx, reply, access, 'acknowledge', error);
}

async function report(ctx: PortalContext, req: ItemRequest, reply: FastifyReply): Promise<FastifyReply> {
  const access = await ctx.session.itemAccess(req);
  const { fields, files } = fieldsOf(req);
  const role = leadRole(access.link.role);
  const nonce = nonceOf(fields);
  const values = reportValues(fields);
  const refuse = (field: string | undefined, message: string) =>
    renderItem(ctx, reply, access, 422, { error: { field, message }, values });

  const text = reportText(values, access.def);
  if (isRefusal(text)) return refuse(text.field, text.message);
  const uploads = await reportUploads(files);
  if (isRefusal(uploads)) return refuse(uploads.field, uploads.message);
  // Stored only once every file passed, so a refused report leaves nothing behind.
  const stored = [];
  for (const u of uploads) stored.push(evidenceRef((await ctx.evidence.put(u.bytes, u.name)).hash));
  const { summary, kpis, links, milestone, ledger } = text;
  const error = await act(ctx.client, access.link.workflowId, reportUpdate, nonce, {
    branch: role.branch,
    actor: access.link.name,
    channel: 'portal',
    summary,
    evidence: [...links, ...stored],
    ...(Object.keys(kpis).length && { kpis }),
    ...(milestone && { milestone }),
    ...ledger,
  });
  if (error) return refuse(refusalField(error, 'report'), refusalText(error));
  return afterAct(ctx, reply, access, 'report');
}

async function decide(ctx: PortalContext, req: ItemRequest, reply: FastifyReply): Promise<FastifyReply> {
  const access = await ctx.session.itemAccess(req);
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
  const error = await act(ctx.client, access.link.workflowId, decideUpdate, nonce, {
    verdict,
    actor: access.link.name,
    channel: 'portal',
    comment: one(fields, 'comment'),
    ...(verdict === 'return' && rework.length && { branches: rework }),
    ...(verdict === 'return' && newDue && { newDue }),
    ...(verdict === 'approve' && override && { overrideReason: override }),
  });
  return afterAct(ctx, reply, access, 'decide', error, fields);
}

async function extend(ctx: PortalContext, req: ItemRequest, reply: FastifyReply): Promise<FastifyReply> {
  const access = await ctx.session.itemAccess(req);
  if (access.link.role.kind === 'lead') throw new Refusal(403, '无权办理', '此链接不能用于调整完成时限。');
  const { fields } = fieldsOf(req);
  const nonce = nonceOf(fields);
  const error = await act(ctx.client, access.link.workflowId, extendDeadlineUpdate, nonce, {
    actor: access.link.name,
    channel: 'portal',
    newDue: one(fields, 'newDue', 10).trim(),
    reason: one(fields, 'reason', 500),
  });
  return afterAct(ctx, reply, access, 'extend', error, { extendTo: fields.newDue, reason: fields.reason });
}

/** A file the item's reports cite, to the people of the item only; any other hash is not there. */
async function sendEvidence(
  ctx: PortalContext,
  req: FastifyRequest<EvidenceRoute>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const access = await ctx.session.itemAccess(req);
  const hash = req.params.hash.toLowerCase();
  const referenced = access.state.branches.some((b) =>
    [b.report, ...Object.values(b.milestones)].some((r) =>
      r?.evidence.some((e) => parseEvidenceRef(e) === hash),
    ),
  );
  const file = referenced ? await ctx.evidence.get(hash) : undefined;
  if (!file) throw new Refusal(404, '材料不存在', '此佐证材料不存在或不属于本事项。');
  return reply
    .type(file.meta.type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.meta.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.bytes);
}
