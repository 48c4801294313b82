// Readable workflow ids, so Temporal UI lists the plan the way the office reads it.
// `org` is the plan's organization key; the home organization has none (domain/organization.ts).
import { scopeKey } from './organization';
import type { Plan } from './plan';
import type { ItemKind } from './year-record';

const prefix = (year: number, org: string | undefined): string => `civ-${scopeKey({ year, org })}`;

export const taskWorkflowId = (year: number, task: string, org?: string): string =>
  `${prefix(year, org)}-task-${task}`;
/** `month` as two digits, e.g. "03". */
export const themeWorkflowId = (year: number, month: string, org?: string): string =>
  `${prefix(year, org)}-theme-${month}`;
export const festivalWorkflowId = (year: number, festival: string, org?: string): string =>
  `${prefix(year, org)}-festival-${festival}`;
export const planWorkflowId = (year: number, org?: string): string => `${prefix(year, org)}-plan`;
/** A task of `fromYear` carried into `year` by the rollover. */
export const carryoverWorkflowId = (year: number, fromYear: number, task: string, org?: string): string =>
  `${prefix(year, org)}-carryover-${fromYear}-${task}`;
export const themeScheduleId = (year: number, org?: string): string => `${prefix(year, org)}-monthly-themes`;
/** The workflow the monthly-theme Schedule starts each month. */
export const themeStarterWorkflowId = (year: number, org?: string): string =>
  `${prefix(year, org)}-theme-start`;

export function itemWorkflowId(kind: ItemKind, year: number, id: string, org?: string): string {
  if (kind === 'theme') return themeWorkflowId(year, id, org);
  if (kind === 'festival') return festivalWorkflowId(year, id, org);
  return taskWorkflowId(year, id, org);
}

/** The workflow ids of every item a plan can have in its year. */
export function itemWorkflowIds(plan: Plan): string[] {
  return [
    ...plan.tasks.map((t) => taskWorkflowId(plan.year, t.id, plan.org)),
    ...plan.themes.map((t) => themeWorkflowId(plan.year, String(t.month).padStart(2, '0'), plan.org)),
    ...plan.festivals.map((f) => festivalWorkflowId(plan.year, f.id, plan.org)),
  ];
}
