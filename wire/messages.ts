// Message definitions shared by workflows and the client, so both sides agree on names and types.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CloseYearInput, FinalSignOffInput, PlanPeople, PlanState } from '../domain/plan-state';
import type { TaskDefinition } from '../domain/task-definition';
import type { RevokeLinksInput } from '../domain/task-messages';
import type {
  AcknowledgeInput,
  ChangeLeadInput,
  CloseInput,
  DecideInput,
  ExtendInput,
  ItemSummary,
  ReportInput,
  TaskState,
} from '../domain/task-state';

// A task, theme or festival workflow.
export const reportUpdate = defineUpdate<TaskState, [ReportInput], 'report'>('report');
export const decideUpdate = defineUpdate<TaskState, [DecideInput], 'decide'>('decide');
export const extendDeadlineUpdate = defineUpdate<TaskState, [ExtendInput], 'extendDeadline'>(
  'extendDeadline',
);
/** Ends an item before the year does (the rollover closes the old year): it is recorded unfinished. */
export const closeUpdate = defineUpdate<TaskState, [CloseInput], 'close'>('close');
export const statusQuery = defineQuery<TaskState>('status');
/** 签收: a branch acknowledges its assignment. */
export const acknowledgeUpdate = defineUpdate<TaskState, [AcknowledgeInput], 'acknowledge'>('acknowledge');
/** The item's definition as it stands (a lead changed mid-year included): who may act in which role. */
export const definitionQuery = defineQuery<TaskDefinition>('definition');
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
/** The plan's people (leads as changed): whom the portal lets act on the year as a whole. */
export const planPeopleQuery = defineQuery<PlanPeople>('planPeople');
