// The year's personal links work until 30 days after it (links/token.ts), so the plan workflow,
// where revocations and ended sessions are recorded, takes them until then: signed off or closed,
// it stays open until its links expire, and only then completes. On the time-skipping server,
// from the last evening of 2020, with the real activities and a real SMTP server on loopback.
//
// At midnight the items' year-end reports and the plan's own year-end timer fall due together. A
// report that woke the plan before its timer came in used to cancel that timer, which the test
// server refuses once it has fired (workflows/plan-timer.ts, PLAN_LETS_DUE_TIMERS_FIRE): the run
// stalled there in 6 of 26 runs here. The plan now leaves a due timer to fire; the test checks the
// history for a timer cancelled once due, and names a stall if one comes back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { linksExpireAt } from '../../domain/roles';
import type { PlanState } from '../../domain/plan-state';
import { startSmtpCatcher } from '../../preview/mail-catcher';
import { finalSignOffUpdate, planStatusQuery, revokeLinksUpdate } from '../../wire/messages';
import { planWorkflow } from '../../workflows/plan';
import { keepHistory } from '../helpers/histories';
import { withinStallLimit } from '../helpers/stall-limit';
import { timeSkippingEnv, workflowBundle } from '../helpers/temporal';

jest.setTimeout(180_000);

const QUEUE = 'civ-plan-links';
/** The whole scenario takes about 10 s; a run still going after this has stalled. */
const STALLED_AFTER_MS = 90_000;
const { EventType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

interface Seen {
  phaseAtSignOff: string;
  statusAfterSignOff: string;
  afterRevocation: PlanState;
  final: PlanState;
  closed: number;
  timers: PlanTimerSeen[];
}

/** One of the plan's timers: its instant in workflow time, and when (in workflow time) it was cancelled. */
interface PlanTimerSeen {
  at: number;
  cancelledAt?: number;
}

/** The year from its last evening to the plan's end, on a server and worker of its own. */
async function runYear(): Promise<Seen> {
  const [env, smtp] = await Promise.all([timeSkippingEnv('2020-12-31T23:30:00+08:00'), startSmtpCatcher()]);
  const dir = mkdtempSync(join(tmpdir(), 'civ-plan-links-'));
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    const activities = createActivities({
      smtpUrl: smtp.url,
      ledgerPath: join(dir, 'notifications.jsonl'),
      client: env.client,
      taskQueue: QUEUE,
    });
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: QUEUE,
      workflowBundle: await workflowBundle(require.resolve('../../workflows')),
      // The test server has no Schedules.
      activities: { ...activities, ensureThemeSchedule: async () => false },
    });
    running = worker.run();
    return await withinStallLimit(env, STALLED_AFTER_MS, 'the plan (a cancelled due timer?)', () =>
      scenario(env),
    );
  } finally {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await Promise.all([env.teardown(), smtp.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function scenario(env: TestWorkflowEnvironment): Promise<Seen> {
  const handle = await env.client.workflow.start(planWorkflow, {
    taskQueue: QUEUE,
    workflowId: 'civ-2020-plan',
    args: [{ year: 2020 }],
  });
  // The year ends at midnight; the head is asked on the next working day (Monday 4 January).
  await env.sleep('5 days');
  const phaseAtSignOff = (await handle.query(planStatusQuery)).phase;
  await handle.executeUpdate(finalSignOffUpdate, {
    args: [{ actor: '王建国', actorEmail: 'wang.jianguo@example.gov.cn', comment: '同意', channel: 'cli' }],
  });
  await env.sleep('2 days');
  const statusAfterSignOff = (await handle.describe()).status.name;
  // A forwarded email found in January: its links are refused from now on.
  const afterRevocation = await handle.executeUpdate(revokeLinksUpdate, {
    args: [{ actor: '赵丽', email: 'he.min@example.gov.cn', reason: '邮件误转发', channel: 'cli' }],
  });
  const final = await handle.result();
  const closed = (await handle.describe()).closeTime!.getTime();
  // The run that started at the year's last evening is the one that went through its midnight.
  const history = await env.client.workflow
    .getHandle(handle.workflowId, handle.firstExecutionRunId)
    .fetchHistory();
  keepHistory('plan-year-end-due-timer', history);
  return {
    phaseAtSignOff,
    statusAfterSignOff,
    afterRevocation,
    final,
    closed,
    timers: timersOf(history.events ?? []),
  };
}

/**
 * The plan's timers as its workflow code saw them. A command's events follow the workflow task
 * that made them, and the code's time is when that task started.
 */
function timersOf(events: HistoryEvent[]): PlanTimerSeen[] {
  const timers = new Map<string, PlanTimerSeen>();
  let taskTime = 0;
  for (const e of events) {
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) taskTime = tsToMs(e.eventTime);
    const started = e.timerStartedEventAttributes;
    if (e.eventType === EventType.EVENT_TYPE_TIMER_STARTED && started)
      timers.set(started.timerId!, { at: taskTime + tsToMs(started.startToFireTimeout) });
    const cancelled = e.timerCanceledEventAttributes;
    if (e.eventType === EventType.EVENT_TYPE_TIMER_CANCELED && cancelled)
      timers.get(cancelled.timerId!)!.cancelledAt = taskTime;
  }
  return [...timers.values()];
}

test('signed off, the year still takes revocations until its links expire, then completes', async () => {
  const seen = await runYear();
  expect(seen.phaseAtSignOff).toBe('awaiting-final-sign-off');
  expect(seen.statusAfterSignOff).toBe('RUNNING');
  expect(seen.afterRevocation.phase).toBe('signed-off');
  expect(seen.afterRevocation.revocations?.map((r) => r.email)).toEqual(['he.min@example.gov.cn']);
  expect(seen.final.revocations).toHaveLength(1);
  expect(seen.closed).toBeGreaterThanOrEqual(linksExpireAt(2020));
  expect(new Date(linksExpireAt(2020)).toISOString()).toBe('2021-01-30T16:00:00.000Z');
  // The year-end timer is among them, and none was cancelled once its instant had come.
  expect(seen.timers.some((t) => t.at === Date.parse('2020-12-31T16:00:00Z'))).toBe(true);
  expect(seen.timers.filter((t) => t.cancelledAt !== undefined && t.cancelledAt >= t.at)).toEqual([]);
});
