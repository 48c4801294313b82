// One festival of 我们的节日 (春节, 清明, 端午, 中秋) on its computed date: announced the plan's
// lead days ahead, reported and signed off like a monthly theme.
import type { ItemState } from '../domain/item-state';
import type { FestivalWorkflowInput } from '../wire/workflow-types';
import { runItem } from './item';

export async function festivalWorkflow(input: FestivalWorkflowInput): Promise<ItemState> {
  return runItem('festival', input);
}
