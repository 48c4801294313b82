// Message definitions shared by workflows and the client, so both sides agree on names and types.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CloseYearInput,
  EndSessionInput,
  FinalSignOffInput,
  PlanPeople,
  PlanState,
} from '../domain/plan-state';
import type { ItemDefinition } from '../domain/item-definition';
import type { RevokeLinksInput } from '../domain/item-updates';
import type {
  AcknowledgeInput,
  ChangeLeadInput,
  CloseInput,
  DecideInput,
  ExtendInput,
  ItemSummary,
  ReportInput,
  ItemState,
} from '../domain/item-state';

// A task, theme or festival workflow.
export const reportUpdate = defineUpdate<ItemState, [ReportInput], 'report'>('report');
export const decideUpdate = defineUpdate<ItemState, [DecideInput], 'decide'>('decide');
export const extendDeadlineUpdate = defineUpdate<ItemState, [ExtendInput], 'extendDeadline'>(
  'extendDeadline',
);
/** Ends an item before the year does (the rollover closes the old year): it is recorded unfinished. */
export const closeUpdate = defineUpdate<ItemState, [CloseInput], 'close'>('close');
export const statusQuery = defineQuery<ItemState>('status');
/** 签收: a branch acknowledges its assignment. */
export const acknowledgeUpdate = defineUpdate<ItemState, [AcknowledgeInput], 'acknowledge'>('acknowledge');
/** The item's definition as it stands (a lead changed mid-year included): who may act in which role. */
export const definitionQuery = defineQuery<ItemDefinition>('definition');
/** The plan workflow tells its items of a branch's new lead (it validated the change). */
export const leadChangedSignal = defineSignal<[ChangeLeadInput & { at: string }]>('leadChanged');
/** Asks an item that was started on its own to report its changes to the year's plan workflow. */
export const watchSignal = defineSignal<[{ planWorkflowId: string }]>('watch');

// The annual plan workflow.
/** What an item tells its plan workflow whenever what Temporal UI shows of it changes. */
export const itemChangedSignal = defineSignal<[ItemSummary]>('itemChanged');
export const finalSignOffUpdate = defineUpdate<PlanState, [FinalSignOffInput], 'finalSignOff'>(
  'finalSignOff',
);
export const closeYearUpdate = defineUpdate<PlanState, [CloseYearInput], 'closeYear'>('closeYear');
export const planStatusQuery = defineQuery<PlanState>('planStatus');
/** Who leads a branch changes: recorded in the plan and told to every item of the year. */
export const changeLeadUpdate = defineUpdate<PlanState, [ChangeLeadInput], 'changeLead'>('changeLead');
/** A person's links made so far stop working. */
export const revokeLinksUpdate = defineUpdate<PlanState, [RevokeLinksInput], 'revokeLinks'>('revokeLinks');
/** A portal session ends (退出): every portal refuses it from then on. */
export const endSessionUpdate = defineUpdate<PlanState, [EndSessionInput], 'endSession'>('endSession');

/**
 * Asks the plan workflow to start a month's theme (what the monthly-theme Schedule's starter does):
 * the plan starts it with the year's people as they are now, once.
 */
export const startThemeSignal = defineSignal<[{ month: number }]>('startTheme');
/** The plan's people (leads as changed): whom the portal lets act on the year as a whole. */
export const planPeopleQuery = defineQuery<PlanPeople>('planPeople');
