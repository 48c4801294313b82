// Readable workflow ids (DESIGN §6), so Temporal UI lists the plan the way the office reads it.
import type { ItemKind } from '../domain/year-record';

export const taskWorkflowId = (year: number, task: string): string => `civ-${year}-task-${task}`;
/** `month` as two digits, e.g. "03". */
export const themeWorkflowId = (year: number, month: string): string => `civ-${year}-theme-${month}`;
export const festivalWorkflowId = (year: number, festival: string): string =>
  `civ-${year}-festival-${festival}`;
export const planWorkflowId = (year: number): string => `civ-${year}-plan`;
/** A task of `fromYear` carried into `year` by the rollover. */
export const carryoverWorkflowId = (year: number, fromYear: number, task: string): string =>
  `civ-${year}-carryover-${fromYear}-${task}`;
export const themeScheduleId = (year: number): string => `civ-${year}-monthly-themes`;

export function itemWorkflowId(kind: ItemKind, year: number, id: string): string {
  if (kind === 'theme') return themeWorkflowId(year, id);
  if (kind === 'festival') return festivalWorkflowId(year, id);
  return taskWorkflowId(year, id);
}
