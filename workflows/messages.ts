// Message definitions shared by workflows and the client, so both sides agree on names and types.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { FinalSignOffInput, CloseYearInput, PlanState } from '../domain/plan-state';
import type {
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
