// One yearly task of the plan, from assignment to sign-off, on the item lifecycle.
import type { TaskState } from '../domain/task-state';
import type { TaskWorkflowInput } from '../wire/workflow-types';
import { runItem } from './item';

export { TASK_WORKFLOW_V2 } from './item';

export async function taskWorkflow(input: TaskWorkflowInput): Promise<TaskState> {
  return runItem('task', input);
}
