// An address a year-level command names (`civ year revoke-links --email`) must be one of the plan's
// people: its head, deputies, office, a branch's lead as the plan names it or as a change of lead
// made it. A typo would otherwise be recorded and change nothing, without a word.
import type { Client } from '@temporalio/client';
import { scopeLabel, scopeOfWorkflowId } from '../domain/organization';
import { peopleNow, planPeopleList } from '../domain/plan-state';
import { isPerson } from '../domain/roles';
import { planPeopleQuery, planStatusQuery } from '../wire/messages';
import { CliError } from './errors';

export async function requirePlanAddress(client: Client, planId: string, email: string): Promise<void> {
  const handle = client.workflow.getHandle(planId);
  const [people, state] = await Promise.all([handle.query(planPeopleQuery), handle.query(planStatusQuery)]);
  const known = [...planPeopleList(people), ...planPeopleList(peopleNow(people, state))];
  if (!known.some((p) => isPerson(p, email.trim()))) {
    const scope = scopeOfWorkflowId(planId);
    throw new CliError(
      `--email ${email} is the address of nobody in the ${scope ? scopeLabel(scope) : planId} plan`,
    );
  }
}
