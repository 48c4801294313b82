// The workflow types this service runs, by the names Temporal knows them under, with their inputs
// and results. Clients start and address workflows through these (never by importing workflow
// code); the worker registers functions of exactly these names (workflows/index.ts, checked by a
// unit test). The names are on the wire: running workflows carry them, so they never change.
import type { FestivalId } from '../domain/calendar';
import type { PlanState } from '../domain/plan-state';
import type { YearPlan } from '../domain/year-plan';
import type { ItemDefinition } from '../domain/item-definition';
import type { ItemState } from '../domain/item-state';

export const WORKFLOW_TYPES = {
  plan: 'planWorkflow',
  task: 'taskWorkflow',
  theme: 'themeWorkflow',
  festival: 'festivalWorkflow',
  themeStarter: 'monthlyThemeStarter',
  /** A fresh link asked for at the portal's front door (wire/link-request.ts). */
  linkRequest: 'linkRequestWorkflow',
} as const;

export interface PlanWorkflowInput {
  year: number;
  /** The organization key (domain/organization.ts); absent for the home organization. */
  org?: string;
  /** Carried over by continue-as-new, and accepted from nowhere else. */
  state?: PlanState;
  /** The year's plan as the first run loaded it, carried over by continue-as-new (never read again). */
  plan?: YearPlan;
}

/** The input of a task, theme or festival workflow; the item is named by `task`, `month` or `festival`. */
export interface ItemWorkflowInput {
  year: number;
  /** The organization key (domain/organization.ts); absent for the home organization. */
  org?: string;
  /** Given by the annual plan workflow; loaded from the plan file when absent (a start from the UI). */
  definition?: ItemDefinition;
  /** Carried over by continue-as-new, and accepted from nowhere else. */
  state?: ItemState;
  /** The year's plan workflow, told whenever what Temporal UI shows of this item changes. */
  reportTo?: string;
}

export interface TaskWorkflowInput extends ItemWorkflowInput {
  /** Two-digit task number, e.g. "05". */
  task: string;
}

export interface ThemeWorkflowInput extends ItemWorkflowInput {
  /** 1-12. */
  month: number;
}

export interface FestivalWorkflowInput extends ItemWorkflowInput {
  festival: FestivalId;
}

/** What the monthly-theme Schedule starts each month. */
export interface ThemeStarterInput {
  year: number;
  org?: string;
}

export type PlanWorkflow = (input: PlanWorkflowInput) => Promise<PlanState>;
export type TaskWorkflow = (input: TaskWorkflowInput) => Promise<ItemState>;
export type ThemeWorkflow = (input: ThemeWorkflowInput) => Promise<ItemState>;
export type FestivalWorkflow = (input: FestivalWorkflowInput) => Promise<ItemState>;
export type ThemeStarterWorkflow = (input: ThemeStarterInput) => Promise<string>;
