// One month of 崇德乐善“一月一主题” (DESIGN §3): announced to every branch on the month's first
// working day, their activity reports collected, the missing ones reminded in the month's last
// week and escalated after it, signed off by the office. Started by the monthly Schedule.
import type { TaskState } from '../domain/task-state';
import { type ItemWorkflowInput, runItem } from './item';

export interface ThemeWorkflowInput extends ItemWorkflowInput {
  /** 1-12. */
  month: number;
}

export async function themeWorkflow(input: ThemeWorkflowInput): Promise<TaskState> {
  return runItem('theme', input);
}
