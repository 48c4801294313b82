// Loads a task's definition from the year's plan file. A missing year or task is a permanent
// failure (retrying cannot fix a plan), reported with the line an admin needs.
import { ApplicationFailure } from '@temporalio/common';
import { defaultPlanPath, loadPlanFile } from '../domain/plan-file';
import { findTask } from '../domain/plan';
import { taskDefinition, type TaskDefinition } from '../domain/task-definition';

export async function loadTaskDefinition(year: number, task: string | number): Promise<TaskDefinition> {
  // Typed into Temporal UI, task 5 may arrive as 5 or "5": the plan numbers it "05".
  const id = String(task).padStart(2, '0');
  const path = defaultPlanPath(year);
  const result = loadPlanFile(path);
  if (!result.ok) {
    throw ApplicationFailure.nonRetryable(
      `plan for ${year} is not usable: ${result.errors[0]}`,
      'InvalidPlan',
    );
  }
  if (!findTask(result.plan, id)) {
    throw ApplicationFailure.nonRetryable(`the ${year} plan has no task "${task}"`, 'UnknownTask');
  }
  return taskDefinition(result.plan, id);
}
