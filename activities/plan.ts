// Loads the definitions of a year's items from its plan file. A missing year, task, theme or
// festival is a permanent failure (retrying cannot fix a plan), reported with the line an admin needs.
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { PlanUnusableError, readPlan } from '../config/plan-files';
import type { Plan } from '../domain/plan';
import { findTask } from '../domain/plan';
import { planWorkflowId } from '../domain/ids';
import type { PlanPeople } from '../domain/plan-state';
import type { LeadChange } from '../domain/signals';
import { workflowState } from '../client/workflow-state';
import { workflowStatus } from '../client/workflow-status';
import { planPeopleQuery, planStatusQuery } from '../wire/messages';
import {
  definitionProblem,
  festivalDefinition,
  taskDefinition,
  themeDefinition,
  type ItemDefinition,
} from '../domain/item-definition';

/** The validated plan of `year` (of organization `org`), or a non-retryable failure naming the first problem. */
export function planOf(year: number, org?: string): Plan {
  try {
    return readPlan(year, org);
  } catch (err) {
    if (err instanceof PlanUnusableError) throw ApplicationFailure.nonRetryable(err.message, 'InvalidPlan');
    throw err;
  }
}

export async function loadTaskDefinition(
  year: number,
  task: string | number,
  org?: string,
): Promise<ItemDefinition> {
  // Typed into Temporal UI, task 5 may arrive as 5 or "5": the plan numbers it "05".
  const id = String(task).padStart(2, '0');
  const plan = planOf(year, org);
  if (!findTask(plan, id)) {
    throw ApplicationFailure.nonRetryable(`the ${year} plan has no task "${task}"`, 'UnknownTask');
  }
  return taskDefinition(plan, id);
}

export async function loadThemeDefinition(
  year: number,
  month: number,
  org?: string,
): Promise<ItemDefinition> {
  return themeDefinition(planOf(year, org), month);
}

export async function loadFestivalDefinition(
  year: number,
  festival: string,
  org?: string,
): Promise<ItemDefinition> {
  const plan = planOf(year, org);
  if (!plan.festivals.some((f) => f.id === festival))
    throw ApplicationFailure.nonRetryable(
      `the ${year} plan has no festival "${festival}"`,
      'UnknownFestival',
    );
  return festivalDefinition(plan, festival);
}

/**
 * Why a definition given in an item's start input is unusable, by the plan schema of the code that
 * checks it. An activity, so that the verdict is in the item's history: a later, stricter schema
 * never fails a running item on replay.
 */
export async function checkItemDefinition(definition: unknown): Promise<{ problem?: string }> {
  const problem = definitionProblem(definition);
  return problem ? { problem } : {};
}

/**
 * The loaders an item started on its own calls (from Temporal UI, `civ task start`, a theme whose
 * plan did not run): with a client, each definition carries the branches' leads as the year's plan
 * workflow has them now (a lead changed mid-year), not as the plan file names them.
 */
export function definitionLoaders(client?: Client) {
  const withLeadsNow = async (def: ItemDefinition): Promise<ItemDefinition> => {
    const people = await currentPeople(client, def.ref.year, def.ref.org);
    const lead = (id: string) => people?.branches?.find((b) => b.id === id)?.lead;
    return {
      ...def,
      branches: def.branches.map((b) => ({ ...b, lead: lead(b.id) ?? b.lead })),
    };
  };
  return {
    loadTaskDefinition: async (year: number, task: string | number, org?: string) =>
      withLeadsNow(await loadTaskDefinition(year, task, org)),
    loadThemeDefinition: async (year: number, month: number, org?: string) =>
      withLeadsNow(await loadThemeDefinition(year, month, org)),
    loadFestivalDefinition: async (year: number, festival: string, org?: string) =>
      withLeadsNow(await loadFestivalDefinition(year, festival, org)),
    runningPlan: (year: number, org?: string) => runningPlan(client, year, org),
    planLeadChanges: (year: number, org?: string) => planLeadChanges(client, year, org),
  };
}

/**
 * The changes of lead the year's plan workflow has recorded, oldest first (none without a plan
 * workflow): what an item believes, whoever sent it the leadChanged signal that prompted it to ask.
 */
async function planLeadChanges(
  client: Client | undefined,
  year: number,
  org?: string,
): Promise<LeadChange[]> {
  if (!client) return [];
  const state = await workflowState(client, planWorkflowId(year, org), planStatusQuery);
  return state?.leadChanges ?? [];
}

/**
 * The year's plan workflow, if one is running: an item started by hand reports to it. A plan
 * started later finds its items itself, so an item never signals a plan that is not there.
 */
async function runningPlan(
  client: Client | undefined,
  year: number,
  org?: string,
): Promise<string | undefined> {
  if (!client) return undefined;
  const id = planWorkflowId(year, org);
  return (await workflowStatus(client, id)) === 'RUNNING' ? id : undefined;
}

/** The plan workflow's people now, or undefined when there is no plan workflow to ask. */
async function currentPeople(
  client: Client | undefined,
  year: number,
  org: string | undefined,
): Promise<PlanPeople | undefined> {
  if (!client) return undefined;
  return client.workflow
    .getHandle(planWorkflowId(year, org))
    .query(planPeopleQuery)
    .catch(() => undefined);
}
