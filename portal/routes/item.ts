// An item's page and its forms: 签收 and the report for a branch's lead, the decision and the new
// due date for the office and the leading group, and the evidence files the reports cite.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { localDate } from '../../domain/calendar';
import { canDecide, isLeadingGroup } from '../../domain/item-state';
import type { PersonRole } from '../../domain/roles';
import { evidenceRef, parseEvidenceRef } from '../../evidence/ref';
import { acknowledgeUpdate, decideUpdate, extendDeadlineUpdate, reportUpdate } from '../../wire/messages';
import { act, actorOfLink, fieldsOf, one, Refusal, type Fields } from '../forms';
import { itemPage } from '../item-page';
import { page } from '../layout';
import { doneOutcome, type Outcome } from '../outcome';
import { type ItemForm, refusalField, refusalText, type UpdateRefusal } from '../rejection-text';
import { isRefusal, readReportForm, reportText, reportValues } from '../report-form';
import { sendPage } from '../send-page';
import type { ItemAccess } from '../session';
import { EVIDENCE_MAX_FILES, megabytes } from '../../evidence/content-type';
import type { StagedEvidence } from '../../evidence/store';
import type { PortalContext } from './context';

type PageRoute = { Params: { wf: string }; Querystring: { done?: string } };
type ItemRoute = { Params: { wf: string } };
type ItemRequest = FastifyRequest<ItemRoute>;
type EvidenceRoute = { Params: { wf: string; hash: string } };

export const itemRoutes: FastifyPluginAsync<PortalContext> = async (app, ctx) => {
  /** Every post: the person's session, then its CSRF token and nonce (formUpdateId), then the form. */
  const post = ctx.limits.page;
  const get = ctx.limits.page;
  app.get<PageRoute>('/w/:wf', get, (req, reply) => showItem(ctx, req, reply));
  app.post<ItemRoute>('/w/:wf/acknowledge', post, (req, reply) => acknowledge(ctx, req, reply));
  // The only route that reads multipart: in a scope of its own, where the parser streams.
  await app.register(async (uploads) => {
    uploads.removeContentTypeParser('multipart/form-data');
    await uploads.register(multipart, {
      limits: {
        fileSize: ctx.uploads.perFile,
        files: EVIDENCE_MAX_FILES,
        fields: 40,
        fieldSize: 32 * 1024,
        parts: 50,
      },
    });
    uploads.post<ItemRoute>('/w/:wf/report', post, (req, reply) => report(ctx, req, reply));
  });
  app.post<ItemRoute>('/w/:wf/decide', post, (req, reply) => decide(ctx, req, reply));
  app.post<ItemRoute>('/w/:wf/extend', post, (req, reply) => extend(ctx, req, reply));
  app.get<EvidenceRoute>('/w/:wf/e/:hash', get, (req, reply) => sendEvidence(ctx, req, reply));
};

async function showItem(
  ctx: PortalContext,
  req: FastifyRequest<PageRoute>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const access = await ctx.session.itemAccess(req, reply);
  return renderItem(ctx, reply, access, 200, doneOutcome(req.query.done));
}

async function renderItem(
  ctx: PortalContext,
  reply: FastifyReply,
  access: ItemAccess,
  status: number,
  outcome?: Outcome,
): Promise<FastifyReply> {
  const at = ctx.now();
  const view = itemPage({
    ...access,
    today: localDate(at.getTime()),
    nowMs: at.getTime(),
    outcome,
    uploads: { ...ctx.uploads, ...ctx.quotas },
  });
  return sendPage(
    reply,
    status,
    page({
      title: view.title,
      who: view.who,
      csrf: access.csrf,
      organization: access.def.ref.organization,
      body: view.body,
    }),
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
    form: done,
  });
}

function leadRole(role: PersonRole): { kind: 'lead'; branch: string } {
  if (role.kind !== 'lead') throw new Refusal(403, '无权办理', '只有责任单位负责人可以签收和报送。');
  return role;
}

async function acknowledge(ctx: PortalContext, req: ItemRequest, reply: FastifyReply): Promise<FastifyReply> {
  const access = await ctx.session.itemAccess(req, reply);
  const { fields } = fieldsOf(req);
  const role = leadRole(access.link.role);
  const error = await act(
    ctx.client,
    access.link.workflowId,
    acknowledgeUpdate,
    ctx.session.formUpdateId(access, fields),
    {
      branch: role.branch,
      ...actorOfLink(access),
      channel: 'portal',
    },
  );
  return afterAct(ctx, reply, access, 'acknowledge', error);
}

/**
 * A report: the session checked before a byte of the body is read, then the form read as it
 * streams (the CSRF token before any file), the files staged, the quotas checked, the Update sent,
 * and the files stored only once it is accepted; a refused report leaves nothing behind.
 */
async function report(ctx: PortalContext, req: ItemRequest, reply: FastifyReply): Promise<FastifyReply> {
  const access = await ctx.session.itemAccess(req, reply);
  const role = leadRole(access.link.role);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > ctx.uploads.perReport + FORM_TEXT_BYTES) throw tooLarge(ctx);
  const form = await readReportForm(req, ctx.evidence, ctx.uploads, (t) => ctx.session.checkCsrf(access, t));
  if (isRefusal(form)) return renderItem(ctx, reply, access, 422, { error: form });
  const { fields, staged } = form;
  const discard = () => Promise.all(staged.map((f) => ctx.evidence.discard(f)));
  try {
    const updateId = ctx.session.formUpdateId(access, fields);
    const values = reportValues(fields);
    const refuse = async (field: string | undefined, message: string) => {
      await discard();
      return renderItem(ctx, reply, access, 422, { error: { field, message }, values, form: 'report' });
    };
    const text = reportText(values, access.def);
    if (isRefusal(text)) return await refuse(text.field, text.message);
    const over = await overQuota(ctx, access, staged);
    if (over) return await refuse('files', over);
    const { summary, kpis, links, milestone, ledger } = text;
    const error = await act(ctx.client, access.link.workflowId, reportUpdate, updateId, {
      branch: role.branch,
      ...actorOfLink(access),
      channel: 'portal',
      summary,
      evidence: [...links, ...staged.map((f) => evidenceRef(f.hash))],
      ...(Object.keys(kpis).length && { kpis }),
      ...(milestone && { milestone }),
      ...ledger,
    });
    if (error) return await refuse(refusalField(error, 'report'), refusalText(error));
    const upload = { workflowId: access.link.workflowId, uploader: access.link.email };
    for (const f of staged) await ctx.evidence.commit(f, upload);
    return await afterAct(ctx, reply, access, 'report');
  } catch (err) {
    await discard();
    throw err;
  }
}

/** Room for the form's text beside its files: the summary, KPI values and links. */
const FORM_TEXT_BYTES = 256 * 1024;

function tooLarge(ctx: PortalContext): Refusal {
  return new Refusal(
    413,
    '提交内容过大',
    `每个文件不超过${megabytes(ctx.uploads.perFile)}，每次报送合计不超过${megabytes(ctx.uploads.perReport)}、最多${EVIDENCE_MAX_FILES}个文件。`,
  );
}

/** Why these files would take the item or the person past their quota, if they would. */
async function overQuota(ctx: PortalContext, access: ItemAccess, staged: StagedEvidence[]) {
  const adding = staged.reduce((n, f) => n + f.size, 0);
  if (adding === 0) return undefined;
  const { workflowId, email } = access.link;
  const item = await ctx.evidence.usage({ workflowId });
  if (item.bytes + adding > ctx.quotas.itemBytes)
    return `本事项的佐证材料合计不能超过${megabytes(ctx.quotas.itemBytes)}（已有${megabytes(item.bytes)}）。请精简后重新上传，或改用材料链接。`;
  const person = await ctx.evidence.usage({ workflowId, uploader: email });
  if (person.bytes + adding > ctx.quotas.personYearBytes)
    return `您本年度上传的佐证材料合计不能超过${megabytes(ctx.quotas.personYearBytes)}（已有${megabytes(person.bytes)}）。请与领导小组办公室联系。`;
  return undefined;
}

async function decide(ctx: PortalContext, req: ItemRequest, reply: FastifyReply): Promise<FastifyReply> {
  const access = await ctx.session.itemAccess(req, reply);
  if (!canDecide(access.def, access.link.email)) throw new Refusal(403, '无权办理', '此链接不能用于审核。');
  const { fields } = fieldsOf(req);
  const updateId = ctx.session.formUpdateId(access, fields);
  const verdict = one(fields, 'verdict', 10);
  if (verdict !== 'approve' && verdict !== 'return')
    throw new Refusal(400, '提交的内容有误', '请选择审核通过或退回整改。');
  const rework =
    fields.rework === undefined ? [] : Array.isArray(fields.rework) ? fields.rework : [fields.rework];
  const override = one(fields, 'override', 500).trim();
  const newDue = one(fields, 'newDue', 10).trim();
  const error = await act(ctx.client, access.link.workflowId, decideUpdate, updateId, {
    verdict,
    ...actorOfLink(access),
    channel: 'portal',
    comment: one(fields, 'comment'),
    ...(verdict === 'return' && rework.length && { branches: rework }),
    ...(verdict === 'return' && newDue && { newDue }),
    ...(verdict === 'approve' && override && { overrideReason: override }),
  });
  return afterAct(ctx, reply, access, 'decide', error, fields);
}

async function extend(ctx: PortalContext, req: ItemRequest, reply: FastifyReply): Promise<FastifyReply> {
  const access = await ctx.session.itemAccess(req, reply);
  if (!isLeadingGroup(access.def, access.link.email))
    throw new Refusal(403, '无权办理', '此链接不能用于调整完成时限。');
  const { fields } = fieldsOf(req);
  const updateId = ctx.session.formUpdateId(access, fields);
  const error = await act(ctx.client, access.link.workflowId, extendDeadlineUpdate, updateId, {
    ...actorOfLink(access),
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
  const access = await ctx.session.itemAccess(req, reply);
  const hash = req.params.hash.toLowerCase();
  const referenced = access.state.branches.some((b) =>
    [b.report, ...Object.values(b.milestones)].some((r) =>
      r?.evidence.some((e) => parseEvidenceRef(e) === hash),
    ),
  );
  // The name this item's uploader gave it: never another item's or organization's (stored once).
  const file = referenced ? await ctx.evidence.get(hash, access.link.workflowId) : undefined;
  if (!file) throw new Refusal(404, '材料不存在', '此佐证材料不存在或不属于本事项。');
  return reply
    .type(file.meta.type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.meta.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.bytes);
}
