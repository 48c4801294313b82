// Message definitions shared by workflows and the client, so both sides agree on names and types.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DecideInput, ExtendInput, ReportInput, TaskState } from '../domain/task-state';

export const reportUpdate = defineUpdate<TaskState, [ReportInput], 'report'>('report');
export const decideUpdate = defineUpdate<TaskState, [DecideInput], 'decide'>('decide');
export const extendDeadlineUpdate = defineUpdate<TaskState, [ExtendInput], 'extendDeadline'>(
  'extendDeadline',
);
export const statusQuery = defineQuery<TaskState>('status');
