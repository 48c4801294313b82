// Starting the annual plan workflow and reading its state, for `civ year`, the rollover and the
// local stack.
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowExecutionDescription,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { Plan } from '../domain/plan';
import type { PlanState } from '../domain/plan-state';
import { planWorkflowId } from '../domain/ids';
import { planStatusQuery } from '../wire/messages';
import { CivKind, CivOrg, CivYear } from '../wire/search-attributes';
import { type PlanWorkflow, WORKFLOW_TYPES } from '../wire/workflow-types';
import { TASK_QUEUE } from './connection';

/** How a year's plan workflow ended, when it did not complete: failed, terminated, … and why. */
export interface PlanRunEnd {
  status: string;
  /** The failure's message, the termination's reason, or the timeout. */
  reason: string;
  closedAt?: Date;
}

/**
 * Starts the year's plan workflow. `running` when it runs (or completed: a signed-off or closed
 * year is never started again); `restarted` when its last run had failed, been terminated,
 * cancelled or timed out (planRunEnd says how), and a new one started, finding its items as they are.
 */
export async function startYear(client: Client, plan: Plan): Promise<'started' | 'running' | 'restarted'> {
  const before = await planRunEnd(client, plan.year, plan.org);
  try {
    await client.workflow.start<PlanWorkflow>(WORKFLOW_TYPES.plan, {
      taskQueue: TASK_QUEUE,
      workflowId: planWorkflowId(plan.year, plan.org),
      args: [{ year: plan.year, ...(plan.org && { org: plan.org }) }],
      staticSummary: `${plan.year}年文明单位创建实施方案`,
      staticDetails: `${plan.organization}：${plan.tasks.length}项任务、12个月“一月一主题”、${plan.festivals.length}个传统节日`,
      typedSearchAttributes: [
        { key: CivYear, value: plan.year },
        { key: CivKind, value: 'plan' },
        ...(plan.org ? [{ key: CivOrg, value: plan.org }] : []),
      ],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
    return before ? 'restarted' : 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'running';
    throw err;
  }
}

/** How the year's plan workflow's last run ended, when it ended otherwise than completed; else undefined. */
export async function planRunEnd(
  client: Client,
  year: number,
  org?: string,
): Promise<PlanRunEnd | undefined> {
  let d: WorkflowExecutionDescription;
  try {
    d = await client.workflow.getHandle(planWorkflowId(year, org)).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
  const status = d.status.name;
  if (status === 'RUNNING' || status === 'COMPLETED' || status === 'CONTINUED_AS_NEW') return undefined;
  return {
    status: status.toLowerCase().replace('_', ' '),
    reason: await endReason(client, d),
    closedAt: d.closeTime,
  };
}

/** The reason in the run's last event: the failure's message, the termination's reason. */
async function endReason(client: Client, d: WorkflowExecutionDescription): Promise<string> {
  const history = await client.workflow.getHandle(d.workflowId, d.runId).fetchHistory();
  const last = history.events?.at(-1);
  const failed = last?.workflowExecutionFailedEventAttributes?.failure;
  let cause = failed;
  while (cause?.cause) cause = cause.cause;
  return (
    (cause?.message && cause !== failed ? `${failed?.message}: ${cause.message}` : failed?.message) ??
    last?.workflowExecutionTerminatedEventAttributes?.reason ??
    (last?.workflowExecutionTimedOutEventAttributes ? 'its run timed out' : undefined) ??
    (last?.workflowExecutionCanceledEventAttributes ? 'it was cancelled' : undefined) ??
    'unknown'
  );
}

export async function planStatus(client: Client, year: number, org?: string): Promise<PlanState> {
  return client.workflow.getHandle(planWorkflowId(year, org)).query(planStatusQuery);
}
