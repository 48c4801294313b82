// Who may act here: a verified link is only as good as the person's role today. A branch's new
// lead takes over its links; the old lead's stop working the moment the change is recorded.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { type PlanScope, scopeKey, scopeOfWorkflowId } from '../domain/organization';
import { isRevoked, isSessionEnded, type PlanPeople, type PlanState } from '../domain/plan-state';
import type { ItemDefinition } from '../domain/item-definition';
import type { ItemState } from '../domain/item-state';
import type { VerifiedLink } from '../links/token';
import { planWorkflowId } from '../domain/ids';
import { queryOrMissing } from '../client/query-or-missing';
import { definitionQuery, planPeopleQuery, planStatusQuery, statusQuery } from '../wire/messages';

export type Access =
  | { kind: 'item'; link: VerifiedLink; def: ItemDefinition; state: ItemState }
  | { kind: 'plan'; link: VerifiedLink; people: PlanPeople; state: PlanState; scope: PlanScope }
  | { kind: 'refused'; status: 401 | 403 | 404; title: string; detail: string };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The year's page of one organization: `/y/2020`, or `/y/wuxi-jgswj-2020`. */
export function yearPath(scope: PlanScope): string {
  return `/y/${scopeKey(scope)}`;
}

/**
 * Whether the link's person holds the link's role in the item now. A lead also has to be the one
 * the year's plan names last: the plan records a change of lead first and tells its items after,
 * so a replaced lead is refused before the item has heard of it.
 */
export function holdsItemRole(def: ItemDefinition, link: VerifiedLink, plan?: PlanState): boolean {
  const role = link.role;
  switch (role.kind) {
    case 'lead': {
      const branch = def.branches.find((b) => b.id === role.branch);
      const change = (plan?.leadChanges ?? []).filter((c) => c.branch === role.branch).at(-1);
      return (
        branch !== undefined &&
        same(branch.lead.email, link.email) &&
        (change === undefined || same(change.lead.email, link.email))
      );
    }
    case 'office':
      return same(def.office.email, link.email) || def.office.staff.some((p) => same(p.email, link.email));
    case 'deputy':
      return def.deputies.some((p) => same(p.email, link.email));
    case 'head':
      return same(def.head.email, link.email);
  }
}

/** The plan's pages are the leading group's and the office's: read the year, sign it off, change leads. */
export function holdsPlanRole(people: PlanPeople, link: VerifiedLink): boolean {
  switch (link.role.kind) {
    case 'lead':
      return false;
    case 'office':
      return (people.office ?? []).some((p) => same(p.email, link.email));
    case 'head':
      return same(people.head.email, link.email);
    case 'deputy':
      return people.leadingGroup.some((p) => same(p.email, link.email));
  }
}

const REVOKED = {
  kind: 'refused' as const,
  status: 403 as const,
  title: '链接已失效',
  detail:
    '此链接已停止使用（负责人已调整，或链接已被收回）。如仍需办理，请使用此后收到的通知邮件中的链接，或与领导小组办公室联系。',
};

const ENDED = {
  kind: 'refused' as const,
  status: 401 as const,
  title: '您已退出',
  detail: '此次登录已退出。如需继续办理，请重新点击通知邮件中的链接。',
};

/**
 * Whether the link's person may act on its workflow now: their role, the plan's revocations and,
 * for a signed-in request, whether its session was ended (退出).
 */
export async function resolveAccess(client: Client, link: VerifiedLink, sessionId?: string): Promise<Access> {
  const handle = client.workflow.getHandle(link.workflowId);
  // A verified link names a workflow id of ours (links/token.ts), so it has a scope.
  const scope = scopeOfWorkflowId(link.workflowId)!;
  const planId = planWorkflowId(scope.year, scope.org);
  try {
    if (link.workflowId === planId) {
      const [people, state] = await Promise.all([
        handle.query(planPeopleQuery),
        handle.query(planStatusQuery),
      ]);
      if (sessionId && isSessionEnded(state, sessionId)) return ENDED;
      if (isRevoked(state, link.email, link.issuedAt) || !holdsPlanRole(people, link)) return REVOKED;
      return { kind: 'plan', link, people, state, scope };
    }
    const [plan, def, state] = await Promise.all([
      // Its revocations and its people: without a plan record (an item started on its own, a plan
      // past its retention) nobody can be checked against them, so nobody is let in.
      queryOrMissing(() => client.workflow.getHandle(planId).query(planStatusQuery)),
      handle.query(definitionQuery),
      handle.query(statusQuery),
    ]);
    if (plan && sessionId && isSessionEnded(plan, sessionId)) return ENDED;
    if (!plan || isRevoked(plan, link.email, link.issuedAt) || !holdsItemRole(def, link, plan))
      return REVOKED;
    return { kind: 'item', link, def, state };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      return {
        kind: 'refused',
        status: 404,
        title: '事项不存在',
        detail: '此链接对应的工作事项不存在或已被删除。',
      };
    throw err;
  }
}
