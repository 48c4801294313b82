// Starting the annual plan workflow and reading its state, for `civ year`, the rollover and the
// local stack.
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Plan } from '../domain/plan';
import type { PlanState } from '../domain/plan-state';
import { planWorkflowId } from '../domain/ids';
import { planStatusQuery } from '../wire/messages';
import { CivKind, CivOrg, CivYear } from '../wire/search-attributes';
import { type PlanWorkflow, WORKFLOW_TYPES } from '../wire/workflow-types';
import { TASK_QUEUE } from './connection';

/** Starts the year's plan workflow; `running` when it runs (or ran) already. */
export async function startYear(client: Client, plan: Plan): Promise<'started' | 'running'> {
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
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'running';
    throw err;
  }
}

export async function planStatus(client: Client, year: number, org?: string): Promise<PlanState> {
  return client.workflow.getHandle(planWorkflowId(year, org)).query(planStatusQuery);
}
