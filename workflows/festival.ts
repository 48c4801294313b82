// One festival of 我们的节日 (春节, 清明, 端午, 中秋) on its computed date (DESIGN §3): announced
// the plan's lead days ahead, reported and signed off like a monthly theme.
import type { FestivalId } from '../domain/calendar';
import type { TaskState } from '../domain/task-state';
import { type ItemWorkflowInput, runItem } from './item';

export interface FestivalWorkflowInput extends ItemWorkflowInput {
  festival: FestivalId;
}

export async function festivalWorkflow(input: FestivalWorkflowInput): Promise<TaskState> {
  return runItem('festival', input);
}
