// The default 2020 plan and its task definitions, for tests that change a detail or two.
import { defaultPlanPath, loadPlanFile } from '../../domain/plan-file';
import type { Plan } from '../../domain/plan';
import { taskDefinition, type TaskDefinition } from '../../domain/task-definition';

export function plan2020(): Plan {
  const result = loadPlanFile(defaultPlanPath(2020));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.plan;
}

/** Task `id` of the 2020 plan, with test-specific changes. */
export function definition2020(id: string, change: (def: TaskDefinition) => void = () => {}): TaskDefinition {
  const def = taskDefinition(plan2020(), id);
  change(def);
  return def;
}
