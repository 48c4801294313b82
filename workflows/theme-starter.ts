// What the monthly-theme Schedule starts: it finds the month it runs for and starts that month's
// theme workflow under its readable id, as a child that outlives it. Run twice for one month (a
// manual trigger after the scheduled run), it starts nothing the second time.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ApplicationFailure, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { localDate } from '../domain/calendar';
import { isOrgKey } from '../domain/organization';
import { planWorkflowId, themeWorkflowId } from '../domain/ids';
import type { ThemeStarterInput } from '../wire/workflow-types';
import { themeWorkflow } from './theme';

/** Set by the Schedule on every workflow it starts: the time the action was due (or triggered). */
const ScheduledStartTime = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

export async function monthlyThemeStarter(input: ThemeStarterInput): Promise<string> {
  const year = Number(input?.year);
  const org = input?.org;
  if (!Number.isInteger(year) || year < 2000 || year > 2100 || (org !== undefined && !isOrgKey(org)))
    throw ApplicationFailure.nonRetryable('input must be like {"year": 2027}', 'InvalidInput');
  const info = workflowInfo();
  const at = info.typedSearchAttributes.get(ScheduledStartTime) ?? info.startTime;
  const day = localDate(at.getTime());
  if (!day.startsWith(`${year}-`))
    throw ApplicationFailure.nonRetryable(
      `the ${year} themes were started on ${day}, outside the plan year`,
      'OutsideYear',
    );
  const month = Number(day.slice(5, 7));
  const workflowId = themeWorkflowId(year, String(month).padStart(2, '0'), org);
  try {
    await startChild(themeWorkflow, {
      workflowId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `${year}年${month}月“一月一主题”活动`,
      args: [{ year, ...(org && { org }), month, reportTo: planWorkflowId(year, org) }],
    });
    return `${workflowId} started`;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return `${workflowId} was already running`;
    throw err;
  }
}
