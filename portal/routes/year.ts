// The year: the leading group's dashboard, the change of a branch's lead, the final sign-off, and
// the ways between the dashboard and an item's page.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { localDate, WorkCalendar } from '../../domain/calendar';
import { planWorkflowId } from '../../domain/ids';
import { scopeKey, scopeOfWorkflowId } from '../../domain/organization';
import { taskDefinition } from '../../domain/item-definition';
import { warningThresholds } from '../../domain/warning-light';
import { yearRecord } from '../../client/year-record';
import { changeLeadUpdate, finalSignOffUpdate } from '../../wire/messages';
import { yearPath } from '../access';
import { parseDashboardFilter, renderDashboard } from '../dashboard';
import { act, actorOfLink, fieldsOf, one, Refusal } from '../forms';
import { page } from '../layout';
import { doneOutcome, type Outcome } from '../outcome';
import { planPage } from '../plan-page';
import { refusalText } from '../rejection-text';
import { sendPage } from '../send-page';
import { WORKFLOW_ID, type PlanAccess } from '../session';
import type { PortalContext } from './context';

type YearRoute = { Params: { scope: string }; Querystring: Record<string, string> };
type YearRequest = FastifyRequest<YearRoute>;
type OpenRoute = { Params: { scope: string; wf: string } };
type ItemRoute = { Params: { wf: string } };

export const yearRoutes: FastifyPluginAsync<PortalContext> = async (app, ctx) => {
  /** Every post: the person's cookie, the CSRF token, then the form. */
  // The year's page reads every workflow of the year: its own, stricter limit, for its forms too.
  const post = ctx.limits.dashboard;
  app.get<YearRoute>('/y/:scope', ctx.limits.dashboard, (req, reply) => showYear(ctx, req, reply));
  app.get<OpenRoute>('/y/:scope/open/:wf', ctx.limits.page, (req, reply) => openItem(ctx, req, reply));
  app.get<ItemRoute>('/w/:wf/year', ctx.limits.page, (req, reply) => openYear(ctx, req, reply));
  app.post<YearRoute>('/y/:scope/lead', post, (req, reply) => changeLead(ctx, req, reply));
  app.post<YearRoute>('/y/:scope/sign-off', post, (req, reply) => signOff(ctx, req, reply));
};

async function showYear(ctx: PortalContext, req: YearRequest, reply: FastifyReply): Promise<FastifyReply> {
  const access = await ctx.session.planAccess(req, reply);
  return renderPlan(ctx, req, reply, access, 200, doneOutcome(req.query.done));
}

async function renderPlan(
  ctx: PortalContext,
  req: FastifyRequest,
  reply: FastifyReply,
  access: PlanAccess,
  status: number,
  outcome?: Outcome,
): Promise<FastifyReply> {
  const plan = ctx.planOf(access.scope.year, access.scope.org);
  const at = ctx.now();
  const record = await yearRecord(ctx.client, plan, at.getTime());
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
  const view = planPage({ access, plan, dashboard: dashboard.body, outcome });
  return sendPage(
    reply,
    status,
    page({
      title: dashboard.title,
      who: view.who,
      csrf: access.csrf,
      organization: plan.organization,
      body: view.body,
      extraCss: true,
    }),
  );
}

/** From the dashboard to an item's page, in the same role: the portal signs the item's link itself. */
async function openItem(
  ctx: PortalContext,
  req: FastifyRequest<OpenRoute>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const access = await ctx.session.planAccess(req, reply);
  const wf = req.params.wf;
  const scope = scopeOfWorkflowId(wf);
  if (!WORKFLOW_ID.test(wf) || !scope || scopeKey(scope) !== scopeKey(access.scope) || wf.endsWith('-plan'))
    throw new Refusal(404, '事项不存在', '此事项不存在。');
  return ctx.session.admitElsewhere(reply, access, wf);
}

/** From an item's page to the year's dashboard, for the leading group and the office alike. */
async function openYear(
  ctx: PortalContext,
  req: FastifyRequest<ItemRoute>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const access = await ctx.session.itemAccess(req, reply);
  if (access.link.role.kind === 'lead')
    throw new Refusal(403, '无权访问', '督办看板仅供领导小组及其办公室查看。');
  return ctx.session.admitElsewhere(reply, access, planWorkflowId(access.def.ref.year, access.def.ref.org));
}

async function changeLead(ctx: PortalContext, req: YearRequest, reply: FastifyReply): Promise<FastifyReply> {
  const access = await ctx.session.planAccess(req, reply);
  if (access.link.role.kind !== 'office' && access.link.role.kind !== 'head')
    throw new Refusal(403, '无权办理', '只有领导小组办公室和领导小组组长可以调整单位负责人。');
  const { fields } = fieldsOf(req);
  const updateId = ctx.session.formUpdateId(access, fields);
  const error = await act(ctx.client, access.link.workflowId, changeLeadUpdate, updateId, {
    branch: one(fields, 'branch', 40),
    ...actorOfLink(access),
    channel: 'portal',
    lead: { name: one(fields, 'leadName', 40).trim(), email: one(fields, 'leadEmail', 254).trim() },
  });
  if (!error) return reply.code(303).redirect(`${yearPath(access.scope)}?done=lead`);
  return renderPlan(ctx, req, reply, await ctx.session.refreshed(access), 422, {
    error: { field: 'lead', message: refusalText(error) },
  });
}

async function signOff(ctx: PortalContext, req: YearRequest, reply: FastifyReply): Promise<FastifyReply> {
  const access = await ctx.session.planAccess(req, reply);
  if (access.link.role.kind !== 'head') throw new Refusal(403, '无权办理', '年度审核由领导小组组长进行。');
  const { fields } = fieldsOf(req);
  const updateId = ctx.session.formUpdateId(access, fields);
  const error = await act(ctx.client, access.link.workflowId, finalSignOffUpdate, updateId, {
    ...actorOfLink(access),
    channel: 'portal',
    comment: one(fields, 'comment'),
  });
  if (!error) return reply.code(303).redirect(`${yearPath(access.scope)}?done=sign-off`);
  return renderPlan(ctx, req, reply, await ctx.session.refreshed(access), 422, {
    error: { field: 'sign-off', message: refusalText(error) },
  });
}
