// The annual plan workflow's activities: the year's plan as it needs it, the monthly-theme Schedule,
// and its emails (bulletin, final sign-off, year summary), whose content is taken from Temporal at
// the moment of sending. They talk to Temporal through a client of the worker's own.
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { PlanNotification, SentRecord } from '../domain/notification';
import { renderPlanNotification } from '../domain/plan-notifications';
import { renderBlocks } from '../domain/templates';
import { yearPlan, type YearPlan } from '../domain/year-plan';
import { renderYearReport } from '../report';
import {
  carryoverIds,
  type ItemStart,
  type ItemStartOutcome,
  lookUpItem,
  startItem,
} from '../client/item-start';
import { ensureThemeScheduleExists } from '../client/theme-schedule';
import type { ItemSummary } from '../domain/item-state';
import type { ItemKind } from '../domain/year-record';
import { yearRecord } from '../client/year-record';
import type { EmailActivities } from './email';
import { planOf } from './plan';

export interface YearActivityOptions {
  /** A client of the worker's namespace; without one only loadYearPlan works. */
  client?: Client;
  /** The task queue the Schedule's workflows are started on. */
  taskQueue: string;
  deliver: EmailActivities['deliver'];
}

/** A delivery-failed notice names the plan mail it tells of, which is not such a notice itself. */
function checkPlanMail(mail: PlanNotification): void {
  if (mail.kind === 'delivery-failed' && (!mail.failure || mail.failure.kind === 'delivery-failed'))
    throw ApplicationFailure.nonRetryable(
      'a delivery-failed notice must name the plan mail that failed',
      'InvalidNotification',
    );
}

export function createYearActivities(options: YearActivityOptions) {
  const client = (): Client => {
    if (!options.client)
      throw ApplicationFailure.nonRetryable(
        'this worker has no Temporal client for its activities',
        'NoClient',
      );
    return options.client;
  };

  async function loadYearPlan(year: number, org?: string): Promise<YearPlan> {
    return yearPlan(planOf(year, org));
  }

  async function ensureThemeSchedule(year: number, org?: string): Promise<boolean> {
    return ensureThemeScheduleExists(client(), year, options.taskQueue, org);
  }

  async function sendPlanMail(mail: PlanNotification): Promise<SentRecord> {
    checkPlanMail(mail);
    const plan = planOf(mail.year, mail.org);
    const record = await yearRecord(client(), plan);
    const { to, cc, subject, blocks } = renderPlanNotification(mail, plan, record);
    return options.deliver(
      { workflowId: mail.workflowId, key: mail.key, kind: mail.kind, to, cc },
      (link) => ({
        ...renderBlocks(subject, blocks, link),
        attachments:
          mail.kind === 'year-summary'
            ? [
                {
                  filename: `${mail.year}年文明单位创建工作年度报告.html`,
                  content: renderYearReport(record, 'html'),
                  contentType: 'text/html; charset=utf-8',
                },
              ]
            : [],
      }),
    );
  }

  /**
   * Starts the plan's items (or finds them running or closed: a closed item is never started
   * again), each with the plan as its `reportTo`; what became of each, with its first run id.
   * `nowMs` is the plan workflow's clock, which an item's summary is told by.
   */
  async function startPlanItems(
    reportTo: string,
    starts: ItemStart[],
    nowMs?: number,
  ): Promise<ItemStartOutcome[]> {
    const outcomes: ItemStartOutcome[] = [];
    for (const start of starts)
      outcomes.push(await startItem(client(), start, { taskQueue: options.taskQueue, reportTo, nowMs }));
    return outcomes;
  }

  /**
   * Items as Temporal has them (their own status, their first run id): what the plan may believe.
   * With `carriedInto`, also the tasks carried into that year. A running one is asked to report to
   * `reportTo`.
   */
  async function lookUpItems(
    items: { kind: ItemKind; workflowId: string }[],
    o: { nowMs?: number; reportTo?: string; carriedInto?: { year: number; org?: string } } = {},
  ): Promise<ItemSummary[]> {
    const carried = o.carriedInto ? await carryoverIds(client(), o.carriedInto.year, o.carriedInto.org) : [];
    const found: ItemSummary[] = [];
    for (const { kind, workflowId } of [
      ...items,
      ...carried.map((workflowId) => ({ kind: 'task' as const, workflowId })),
    ]) {
      const item = await lookUpItem(client(), kind, workflowId, o);
      if (item) found.push(item.summary);
    }
    return found;
  }

  return { loadYearPlan, ensureThemeSchedule, sendPlanMail, startPlanItems, lookUpItems };
}
