// One month of 崇德乐善“一月一主题”: announced to every branch on the month's first working day,
// their activity reports collected, the missing ones reminded in the month's last week and
// escalated after it, signed off by the office. Started by the monthly Schedule.
import type { ItemState } from '../domain/item-state';
import type { ThemeWorkflowInput } from '../wire/workflow-types';
import { runItem } from './item';

export async function themeWorkflow(input: ThemeWorkflowInput): Promise<ItemState> {
  return runItem('theme', input);
}
