// What the monthly-theme Schedule starts: it finds the month it runs for and asks the year's plan
// workflow to start that month's theme, which the plan does with the year's people as they are now
// (a branch's new lead, not the plan file's), under the theme's readable id, once: run twice for one
// month (a manual trigger after the scheduled run), or after the month's theme closed, nothing is
// started again. When the plan workflow does not run, the starter starts the theme itself, with the
// plan file's people, through the same activity (never as a child that would outlive it).
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ApplicationFailure,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { Activities } from '../activities';
import { localDate } from '../domain/calendar';
import { isOrgKey } from '../domain/organization';
import { planWorkflowId, themeWorkflowId } from '../domain/ids';
import { startThemeSignal } from '../wire/messages';
import type { ThemeStarterInput } from '../wire/workflow-types';
import { themeWorkflow } from './theme';

/**
 * Version 2: the plan starts the theme (version 1 started it as a child of the starter, with the
 * plan file's people, and under the default reuse policy, so a closed theme could start again).
 */
export const THEME_STARTER_V2 = 'theme-starter-v2';

const { startPlanItems } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

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
  if (!patched(THEME_STARTER_V2)) return startThemeV1(year, org, month, workflowId);
  const planId = planWorkflowId(year, org);
  try {
    await getExternalWorkflowHandle(planId).signal(startThemeSignal, { month });
    return `${planId} was asked to start ${workflowId}`;
  } catch {
    // The plan workflow does not run (not started yet, closed): the theme starts with the plan file.
  }
  const [started] = await startPlanItems(planId, [
    {
      kind: 'theme',
      workflowId,
      input: { year, ...(org && { org }), month, reportTo: planId },
      summary: `${year}年${month}月“一月一主题”活动`,
    },
  ]);
  return `${workflowId} ${started.outcome === 'started' ? 'started' : `was ${started.outcome} already`}`;
}

/** FROZEN: version 1, for starters that ran before version 2 (they replay on it). */
async function startThemeV1(
  year: number,
  org: string | undefined,
  month: number,
  workflowId: string,
): Promise<string> {
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
