// One yearly task of the plan, from assignment to sign-off, on the item lifecycle.
import type { ItemState } from '../domain/item-state';
import type { TaskWorkflowInput } from '../wire/workflow-types';
import { runItem } from './item';

export async function taskWorkflow(input: TaskWorkflowInput): Promise<ItemState> {
  return runItem('task', input);
}
