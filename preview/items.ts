// The workflow ids of every item a plan can have in its year.
import type { Plan } from '../domain/plan';
import { festivalWorkflowId, taskWorkflowId, themeWorkflowId } from '../workflows/ids';

export function itemWorkflowIds(plan: Plan): string[] {
  return [
    ...plan.tasks.map((t) => taskWorkflowId(plan.year, t.id, plan.org)),
    ...plan.themes.map((t) => themeWorkflowId(plan.year, String(t.month).padStart(2, '0'), plan.org)),
    ...plan.festivals.map((f) => festivalWorkflowId(plan.year, f.id, plan.org)),
  ];
}
