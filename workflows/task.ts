// One yearly task of the plan, from assignment to sign-off (DESIGN §3), on the item lifecycle.
import type { TaskDefinition } from '../domain/task-definition';
import type { TaskState } from '../domain/task-state';
import { type ItemWorkflowInput, runItem } from './item';

export { TASK_WORKFLOW_V2 } from './item';

export interface TaskWorkflowInput extends ItemWorkflowInput {
  /** Two-digit task number, e.g. "05". */
  task: string;
  definition?: TaskDefinition;
}

export async function taskWorkflow(input: TaskWorkflowInput): Promise<TaskState> {
  return runItem('task', input);
}
