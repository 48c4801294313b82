// Loads the definitions of a year's items from its plan file. A missing year, task, theme or
// festival is a permanent failure (retrying cannot fix a plan), reported with the line an admin needs.
import { ApplicationFailure } from '@temporalio/common';
import { PlanUnusableError, readPlan } from '../config/plan-files';
import type { Plan } from '../domain/plan';
import { findTask } from '../domain/plan';
import {
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
