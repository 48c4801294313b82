// The workflow ids of every item a plan can have in its year, and their states at the end of one.
import type { Client } from '@temporalio/client';
import type { Plan } from '../domain/plan';
import type { TaskState } from '../domain/task-state';
import { festivalWorkflowId, taskWorkflowId, themeWorkflowId } from '../workflows/ids';
import { statusQuery } from '../workflows/messages';

export function itemWorkflowIds(plan: Plan): string[] {
  return [
    ...plan.tasks.map((t) => taskWorkflowId(plan.year, t.id, plan.org)),
    ...plan.themes.map((t) => themeWorkflowId(plan.year, String(t.month).padStart(2, '0'), plan.org)),
    ...plan.festivals.map((f) => festivalWorkflowId(plan.year, f.id, plan.org)),
  ];
}

/** Every item's state by workflow id; an item that never ran (over before the plan began) is absent. */
export async function itemStates(client: Client, plan: Plan): Promise<Record<string, TaskState>> {
  const items: Record<string, TaskState> = {};
  for (const id of itemWorkflowIds(plan)) {
    const state = await client.workflow
      .getHandle(id)
      .query(statusQuery)
      .catch(() => undefined);
    if (state) items[id] = state;
  }
  return items;
}
