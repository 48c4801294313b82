// The states of every item a plan can have in its year, as their workflows answer (at the end of one).
import type { Client } from '@temporalio/client';
import type { Plan } from '../domain/plan';
import type { ItemState } from '../domain/item-state';
import { itemWorkflowIds } from '../domain/ids';
import { statusQuery } from '../wire/messages';
import { workflowState } from './workflow-state';

/** Every item's state by workflow id; an item that never ran (over before the plan began) is absent. */
export async function itemStates(client: Client, plan: Plan): Promise<Record<string, ItemState>> {
  const items: Record<string, ItemState> = {};
  for (const id of itemWorkflowIds(plan)) {
    const state = await workflowState(client, id, statusQuery);
    if (state) items[id] = state;
  }
  return items;
}
