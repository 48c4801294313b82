// The front door's fresh-link request: who the address is in every open plan (read from the plan
// workflows and their items), that person's links made as their other emails' are, and the mail
// sent through the same delivery as every other (ledger, retries, SMTP). An address no open plan
// knows is sent nothing.
import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { localDate } from '../domain/calendar';
import { planWorkflowId } from '../domain/ids';
import {
  branchesLedBy,
  linkMailOffice,
  linkRequestMail,
  personLinks,
  type LinkMailOffice,
  type PersonLinks,
  type PlanSeen,
} from '../domain/link-request';
import { scopeOfWorkflowId } from '../domain/organization';
import { queryOrMissing } from '../client/query-or-missing';
import { signLink } from '../links/token';
import { WORKFLOW_TYPES } from '../wire/workflow-types';
import type { LinkRequestInput, LinkRequestResult } from '../wire/link-request';
import { definitionQuery, planPeopleQuery, planStatusQuery } from '../wire/messages';
import type { EmailActivities } from './email';

export interface LinkRequestActivityOptions {
  client?: Client;
  deliver: EmailActivities['deliver'];
  linkConfig: EmailActivities['linkConfig'];
}

/** Every open plan year of the namespace, with its people, state and items' branches. */
async function openPlans(client: Client): Promise<PlanSeen[]> {
  const plans: PlanSeen[] = [];
  const query = `WorkflowType = "${WORKFLOW_TYPES.plan}" AND ExecutionStatus = "Running"`;
  for await (const wf of client.workflow.list({ query })) {
    const scope = scopeOfWorkflowId(wf.workflowId);
    if (!scope || wf.workflowId !== planWorkflowId(scope.year, scope.org)) continue;
    const handle = client.workflow.getHandle(wf.workflowId);
    const seen = await queryOrMissing(() =>
      Promise.all([handle.query(planPeopleQuery), handle.query(planStatusQuery)]),
    );
    if (!seen) continue;
    const [people, state] = seen;
    plans.push({
      scope,
      planWorkflowId: wf.workflowId,
      organization: state.organization,
      people,
      state,
      itemBranches: {},
    });
  }
  return plans;
}

/** The branches of the items a plan lists, for the plans where the address leads a branch. */
async function withItemBranches(client: Client, plan: PlanSeen): Promise<PlanSeen> {
  const itemBranches: Record<string, string[]> = {};
  for (const workflowId of Object.keys(plan.state.items)) {
    const def = await queryOrMissing(() => client.workflow.getHandle(workflowId).query(definitionQuery));
    if (def) itemBranches[workflowId] = def.branches.map((b) => b.id);
  }
  return { ...plan, itemBranches };
}

/** Who signs the mail and whom to ask, from one item of the plan that knows the person. */
async function mailOffice(client: Client, person: PersonLinks): Promise<LinkMailOffice | undefined> {
  const first = Object.keys(person.plan.state.items).sort()[0];
  if (first === undefined) return undefined;
  const def = await queryOrMissing(() => client.workflow.getHandle(first).query(definitionQuery));
  return def ? linkMailOffice(person, def.ref) : undefined;
}

export function createLinkRequestActivities(options: LinkRequestActivityOptions) {
  async function sendRequestedLinks(input: LinkRequestInput): Promise<LinkRequestResult> {
    if (!options.client)
      throw ApplicationFailure.nonRetryable(
        'this worker has no Temporal client for its activities',
        'NoClient',
      );
    const config = options.linkConfig();
    if (!config)
      throw ApplicationFailure.nonRetryable(
        'no portal key is set (CIV_PORTAL_SECRET or CIV_PORTAL_KEYS_FILE): mails carry no links',
        'NoLinks',
      );
    const client = options.client;
    // Items are read only in the plans where the address leads a branch.
    const plans = await Promise.all(
      (await openPlans(client)).map((p) =>
        branchesLedBy(p.people, p.state, input.email).length > 0 ? withItemBranches(client, p) : p,
      ),
    );
    const full = personLinks(plans, input.email);
    if (!full) return { sent: false };
    const links = await Promise.all(
      full.grants.map(async (g) => ({
        label: g.label,
        url: `${config.baseUrl}/l/${await signLink(config.keys, { name: full.name, email: full.email, workflowId: g.workflowId, role: g.role })}`,
      })),
    );
    const office = await mailOffice(client, full);
    const today = localDate(Date.now());
    await options.deliver(
      {
        workflowId: activityInfo().workflowExecution?.workflowId ?? 'civ-link-request',
        key: 'link-request',
        kind: 'link-request',
        to: [{ name: full.name, email: full.email }],
      },
      () => linkRequestMail(full, links, today, office),
    );
    return { sent: true };
  }
  return { sendRequestedLinks };
}
