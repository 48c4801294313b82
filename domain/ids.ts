// Readable workflow ids, so Temporal UI lists the plan the way the office reads it.
// `org` is the plan's organization key; the home organization has none (domain/organization.ts).
import { scopeKey, workflowIdPattern } from './organization';
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
  return yearItemWorkflowIds(plan.year, plan.org, {
    tasks: plan.tasks.map((t) => t.id),
    months: plan.themes.map((t) => t.month),
    festivals: plan.festivals.map((f) => f.id),
  });
}

/** The same from the items' ids: task numbers, theme months, festival ids. */
export function yearItemWorkflowIds(
  year: number,
  org: string | undefined,
  items: { tasks: string[]; months: number[]; festivals: string[] },
): string[] {
  return [
    ...items.tasks.map((t) => taskWorkflowId(year, t, org)),
    ...items.months.map((m) => themeWorkflowId(year, String(m).padStart(2, '0'), org)),
    ...items.festivals.map((f) => festivalWorkflowId(year, f, org)),
  ];
}

/** The carry-over a task id names: `civ-<year>-carryover-<from>-<nn>` of `year`'s plan, or undefined. */
export function carryoverOf(
  workflowId: string,
  year: number,
  org?: string,
): { fromYear: number; task: string } | undefined {
  const m = new RegExp(`^${prefix(year, org)}-carryover-(\\d{4})-(\\d{2})$`).exec(workflowId);
  return m && Number(m[1]) < year ? { fromYear: Number(m[1]), task: m[2] } : undefined;
}

/** The year a task workflow id names (`civ-[<org>-]<year>-task-<nn>`), as `carriedFrom` holds it. */
export function taskIdYear(workflowId: string): number | undefined {
  if (!workflowIdPattern('task-\\d{2}').test(workflowId)) return undefined;
  return Number(/-(\d{4})-task-\d{2}$/.exec(workflowId)![1]);
}

/**
 * The one workflow id an item's start input may run under: `civ-2027-task-05` for {year 2027, task
 * "05"}, the carry-over's `civ-2027-carryover-2026-05` for a definition carried from 2026.
 */
export function canonicalItemWorkflowId(
  kind: ItemKind,
  year: number,
  id: string,
  org?: string,
  carriedFrom?: string,
): string {
  const from = carriedFrom === undefined ? undefined : taskIdYear(carriedFrom);
  if (kind === 'task' && from !== undefined) return carryoverWorkflowId(year, from, id, org);
  return itemWorkflowId(kind, year, id, org);
}

/**
 * An item's CivTask search attribute: a task's number ("05"), a theme's or festival's kind and key
 * ("theme-04", "festival-duanwu"), so that `CivTask = "04"` finds task 04 alone.
 */
export function itemSearchKey(kind: ItemKind, id: string): string {
  return kind === 'task' ? id : `${kind}-${id}`;
}
