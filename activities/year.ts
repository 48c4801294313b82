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
import { ensureThemeScheduleExists } from '../client/theme-schedule';
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

  return { loadYearPlan, ensureThemeSchedule, sendPlanMail };
}
