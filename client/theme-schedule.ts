// The Schedule of a year's monthly themes: at 09:00 Asia/Shanghai on the 1st of every
// month of the plan year it starts the theme starter, which starts that month's theme workflow under
// the readable id `civ-[<org>-]<year>-theme-<mm>` (a Schedule appends a timestamp to the ids it starts).
import {
  type Client,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleOptions,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import { themeScheduleId, themeStarterWorkflowId } from '../domain/ids';
import { WORKFLOW_TYPES } from '../wire/workflow-types';

export const THEME_SCHEDULE_TIME_ZONE = 'Asia/Shanghai';

export function themeScheduleOptions(year: number, taskQueue: string, org?: string): ScheduleOptions {
  return {
    scheduleId: themeScheduleId(year, org),
    spec: {
      calendars: [{ dayOfMonth: 1, hour: 9, minute: 0, comment: '每月1日09:00启动当月“一月一主题”活动' }],
      timezone: THEME_SCHEDULE_TIME_ZONE,
      // Bounded to the plan year.
      startAt: new Date(`${year}-01-01T00:00:00+08:00`),
      endAt: new Date(`${year}-12-31T23:59:59+08:00`),
    },
    action: {
      type: 'startWorkflow',
      workflowType: WORKFLOW_TYPES.themeStarter,
      args: [{ year, ...(org && { org }) }],
      taskQueue,
      workflowId: themeStarterWorkflowId(year, org),
      staticSummary: `${year}年“一月一主题”：启动当月主题活动`,
    },
    policies: {
      overlap: ScheduleOverlapPolicy.SKIP,
      // A server that was down on the 1st still starts the month's theme within a week.
      catchupWindow: '7 days',
    },
    state: { note: `${year}年崇德乐善“一月一主题”公益活动` },
    memo: { title: `${year}年崇德乐善“一月一主题”` },
  };
}

/** Creates the year's Schedule unless it exists; returns whether it was created now. */
export async function ensureThemeScheduleExists(
  client: Client,
  year: number,
  taskQueue: string,
  org?: string,
): Promise<boolean> {
  try {
    await client.schedule.getHandle(themeScheduleId(year, org)).describe();
    return false;
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  try {
    await client.schedule.create(themeScheduleOptions(year, taskQueue, org));
    return true;
  } catch (err) {
    // Another worker created it in the meantime.
    if (err instanceof ScheduleAlreadyRunning) return false;
    throw err;
  }
}
