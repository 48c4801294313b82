// Starting a task workflow from outside the plan workflow: `civ task start` and the rollover's
// carry-overs. A year's task runs once: a second start of the same id changes nothing.
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { CivKind, CivOrg, CivTask, CivYear } from '../wire/search-attributes';
import { type TaskWorkflow, type TaskWorkflowInput, WORKFLOW_TYPES } from '../wire/workflow-types';
import { TASK_QUEUE } from './connection';

export interface TaskStart {
  workflowId: string;
  input: TaskWorkflowInput;
  /** Temporal UI's title of the workflow. */
  summary: string;
  details?: string;
  memo?: Record<string, unknown>;
}

/** `running` when a workflow of that id runs, or ran, already. */
export async function startTaskWorkflow(client: Client, s: TaskStart): Promise<'started' | 'running'> {
  const { year, org, task } = s.input;
  try {
    await client.workflow.start<TaskWorkflow>(WORKFLOW_TYPES.task, {
      taskQueue: TASK_QUEUE,
      workflowId: s.workflowId,
      args: [s.input],
      staticSummary: s.summary,
      ...(s.details && { staticDetails: s.details }),
      ...(s.memo && { memo: s.memo }),
      typedSearchAttributes: [
        { key: CivYear, value: year },
        { key: CivKind, value: 'task' },
        { key: CivTask, value: task },
        ...(org ? [{ key: CivOrg, value: org }] : []),
      ],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'running';
    throw err;
  }
}
