// The year floor (issue 18): the simulated year's load, read from its own histories and mails, done
// again by trivial workflows (bench/floor-workflows.ts `floorYear`) on a new time-skipping server and
// a real SMTP server: one floor workflow per workflow of ours, with its timers, mails, signals and
// Updates at the simulated times ours had them. Floor / ours is how much of the year's time is the least any
// workflows doing that work would take.
import { performance } from 'node:perf_hooks';
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SendMailOptions } from 'nodemailer';
import { startSmtpCatcher } from '../preview/mail-catcher';
import { timeSkippingEnv } from '../preview/time-skipping';
import { floorSignal, floorUpdate, type FloorStep, type FloorYearInput } from './floor-workflows';
import { floorBundle, floorMails, floorWorker } from './floors';

/** An event's type by name, whether the history holds it as a number or as its name. */
export const eventType = (t: unknown): string => {
  const name = typeof t === 'number' ? String(temporal.api.enums.v1.EventType[t]) : String(t);
  return name.replace(/^EVENT_TYPE_/, '');
};

interface HistoryEvent {
  eventId?: unknown;
  eventTime?: { seconds?: unknown; nanos?: unknown } | null;
  eventType?: unknown;
  timerFiredEventAttributes?: { startedEventId?: unknown } | null;
  timerCanceledEventAttributes?: { startedEventId?: unknown } | null;
  signalExternalWorkflowExecutionInitiatedEventAttributes?: {
    workflowExecution?: { workflowId?: string | null } | null;
  } | null;
  markerRecordedEventAttributes?: { markerName?: string | null } | null;
}

/** Epoch ms of an event (its seconds a number, a string or a Long). */
const timeOf = (e: HistoryEvent): number =>
  Number(String(e.eventTime?.seconds ?? 0)) * 1000 + Math.floor(Number(e.eventTime?.nanos ?? 0) / 1e6);

/** What one workflow of ours did, read from its runs' histories and its mails. */
export interface WorkflowLoad {
  id: string;
  /** When its first run started (epoch ms, simulated). */
  startedAt: number;
  timers: { at: number; until: number }[];
  /** Signals it sent to other workflows: when, and to which. */
  sent: { at: number; to: string }[];
  /** When each signal it received arrived. */
  received: number[];
  /** When each Update it accepted arrived (the people's reports, decisions, sign-offs). */
  updates: number[];
  /** Its mails (indexes into the year's mails), when each went out. */
  mails: { at: number; mail: number }[];
}

/** The load of each run of `runs` (by workflow id); `mails[i]` is mail number i. */
export function yearLoad(
  runs: Record<string, unknown[]>,
  mails: { at: string; workflowId: string }[],
): WorkflowLoad[] {
  return Object.entries(runs).map(([id, histories]) => {
    const load: WorkflowLoad = {
      id,
      startedAt: NaN,
      timers: [],
      sent: [],
      received: [],
      updates: [],
      mails: [],
    };
    for (const history of histories) {
      const events = (history as { events?: HistoryEvent[] | null }).events ?? [];
      const ends = new Map<string, number>();
      for (const e of events) {
        const ended = e.timerFiredEventAttributes ?? e.timerCanceledEventAttributes;
        if (ended) ends.set(String(ended.startedEventId), timeOf(e));
      }
      // A timer still running when its run ended (continued as new, completed) lasted to that end.
      const runEnd = events.length ? timeOf(events[events.length - 1]) : 0;
      for (const e of events) {
        const type = eventType(e.eventType);
        if (type === 'TIMER_STARTED')
          load.timers.push({ at: timeOf(e), until: ends.get(String(e.eventId)) ?? runEnd });
        else if (type === 'WORKFLOW_EXECUTION_SIGNALED') load.received.push(timeOf(e));
        else if (type === 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED') load.updates.push(timeOf(e));
        else if (type === 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED') {
          const to = e.signalExternalWorkflowExecutionInitiatedEventAttributes?.workflowExecution?.workflowId;
          load.sent.push({ at: timeOf(e), to: String(to) });
        }
      }
      if (events.length && Number.isNaN(load.startedAt)) load.startedAt = timeOf(events[0]);
    }
    mails.forEach((m, mail) => m.workflowId === id && load.mails.push({ at: Date.parse(m.at), mail }));
    return load;
  });
}

/** The floor workflow standing for one of ours. */
export const floorId = (id: string): string => `bench-year-floor-${id}`;

/** What the bench client does in the floor's year, at the simulated time ours' had it done. */
export type ClientStep =
  | { at: number; start: string; input: FloorYearInput }
  | { at: number; signal: string }
  | { at: number; update: string };

/**
 * The floor's year: each of ours becomes a floor workflow the client starts when ours started, with
 * ours' timers, mails and signals as its steps. A signal ours received from outside the year's
 * workflows (the monthly theme starters' `startTheme`) the client sends at the time ours got it, and
 * each Update ours accepted (the people's reports, decisions and sign-offs, which come from outside).
 */
export function floorYearPlan(loads: WorkflowLoad[]): ClientStep[] {
  const steps: ClientStep[] = [];
  for (const load of loads) {
    const own: FloorStep[] = [
      ...load.timers.map((t) => ({ at: t.at, timerUntil: t.until })),
      ...load.mails,
      ...load.sent.map((s) => ({ at: s.at, signal: floorId(s.to) })),
    ];
    // Stable: steps at the same instant keep the order above (a timer before the mail it led to).
    own.sort((a, b) => a.at - b.at);
    steps.push({
      at: load.startedAt,
      start: floorId(load.id),
      input: { steps: own, signals: load.received.length, updates: load.updates.length },
    });
    // Each signal from one of ours takes up the first arrival at or after it was sent; the rest
    // came from outside.
    const arrivals = [...load.received].sort((a, b) => a - b);
    const fromOurs = loads.flatMap((l) => l.sent.filter((s) => s.to === load.id)).sort((a, b) => a.at - b.at);
    for (const s of fromOurs) {
      const i = arrivals.findIndex((at) => at >= s.at);
      arrivals.splice(i < 0 ? 0 : i, 1);
    }
    steps.push(...arrivals.map((at) => ({ at, signal: floorId(load.id) })));
    steps.push(...load.updates.map((at) => ({ at, update: floorId(load.id) })));
  }
  // A start comes before the messages at its instant.
  return steps.sort((a, b) => a.at - b.at || Number(!('start' in a)) - Number(!('start' in b)));
}

/** Totals of a year: workflows, timers started, signals received, Updates accepted, mails. */
export interface YearCounts {
  workflows: number;
  timers: number;
  signals: number;
  updates: number;
  mails: number;
}

export const countsOf = (loads: WorkflowLoad[]): YearCounts => ({
  workflows: loads.length,
  timers: loads.reduce((n, l) => n + l.timers.length, 0),
  signals: loads.reduce((n, l) => n + l.received.length, 0),
  updates: loads.reduce((n, l) => n + l.updates.length, 0),
  mails: loads.reduce((n, l) => n + l.mails.length, 0),
});

/**
 * What a year's workflows cost the worker beyond their timers, signals and mails: workflow tasks
 * (each a sandbox activation and a round trip to the server), activities, local activities, Updates.
 */
export interface YearWork {
  workflowTasks: number;
  activities: number;
  localActivities: number;
  updates: number;
}

/** The work of `runs` (by workflow id), from their histories. */
export function workOf(runs: Record<string, unknown[]>): YearWork {
  const work: YearWork = { workflowTasks: 0, activities: 0, localActivities: 0, updates: 0 };
  for (const history of Object.values(runs).flat()) {
    for (const e of (history as { events?: HistoryEvent[] | null }).events ?? []) {
      const type = eventType(e.eventType);
      if (type === 'WORKFLOW_TASK_COMPLETED') work.workflowTasks++;
      else if (type === 'ACTIVITY_TASK_SCHEDULED') work.activities++;
      else if (type === 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED') work.updates++;
      // Patches are markers too (core_patch); a local activity's is core_local_activity.
      else if (
        type === 'MARKER_RECORDED' &&
        e.markerRecordedEventAttributes?.markerName === 'core_local_activity'
      )
        work.localActivities++;
    }
  }
  return work;
}

/** The floor's figures, or why it stalled. */
export type FloorOutcome =
  | {
      seconds: number;
      /** Seconds from the start to the client's last step taken (the rest is waiting for the end). */
      lastStepSeconds: number;
      /** The client's steps: workflows started, signals and Updates sent, each at its simulated time. */
      steps: number;
      counts: YearCounts;
      work: YearWork;
    }
  | { stalled: string };

/**
 * The year floor: a new time-skipping server whose clock starts at `startedAt` as ours' did, a new
 * SMTP catcher, a floor worker sending `mails`; the floor's year played; every history fetched. Its
 * seconds count from the server's start to both stopped, as `runPreview`'s do. Given up after
 * `limitMs` of wall time, saying where it stood.
 */
export async function yearFloor(
  startedAt: number,
  loads: WorkflowLoad[],
  mails: SendMailOptions[],
  limitMs = 120_000,
): Promise<FloorOutcome> {
  const progress: Progress = { steps: 0, of: 0, at: startedAt, ended: 0 };
  // A server that never lets its worker or itself stop (or answer) must not hold the bench either.
  const stop = async () => `not stopped ${limitMs / 1000 + 60} s after it began, ${progressText(progress)}`;
  return withLimit(runFloor(startedAt, loads, mails, limitMs, progress), limitMs + 60_000, stop);
}

/** How far the client got: steps taken, the server's simulated time, floor workflows ended. */
interface Progress {
  steps: number;
  of: number;
  at: number;
  ended: number;
}

const progressText = (p: Progress) =>
  `the client at step ${p.steps} of ${p.of} (${new Date(p.at).toISOString()} simulated), ${p.ended} floor workflows ended`;

async function runFloor(
  startedAt: number,
  loads: WorkflowLoad[],
  mails: SendMailOptions[],
  limitMs: number,
  progress: Progress,
): Promise<FloorOutcome> {
  // Bundled before the clock starts, as ours is (the worker's bundle, built ahead).
  await floorBundle();
  const t0 = performance.now();
  const env = await timeSkippingEnv(startedAt);
  const smtp = await startSmtpCatcher().catch(async (err: unknown) => {
    await env.teardown();
    throw err;
  });
  const taskQueue = 'civ-bench-year-floor';
  const ids = loads.map((l) => floorId(l.id));
  let outcome: { runs: Record<string, unknown[]>; lastStepAt: number } | { stalled: string };
  let close = () => {};
  try {
    const floor = await floorWorker(
      { connection: env.nativeConnection, namespace: env.namespace ?? 'default' },
      taskQueue,
      smtp.url,
      mails,
    );
    close = floor.close;
    const { worker } = floor;
    const work = playFloor(env, taskQueue, floorYearPlan(loads), progress).then(async (lastStepAt) => ({
      runs: await floorHistories(env, ids),
      lastStepAt,
    }));
    outcome = await worker.runUntil(withLimit(work, limitMs, () => stallLine(env, ids, progress, limitMs)));
  } finally {
    close();
    await Promise.all([env.teardown(), smtp.close()]);
  }
  if ('stalled' in outcome) return outcome;
  const seconds = (performance.now() - t0) / 1000;
  return {
    seconds,
    lastStepSeconds: (outcome.lastStepAt - t0) / 1000,
    steps: progress.of,
    counts: { ...countsOf(yearLoad(outcome.runs, [])), mails: floorMails(smtp) },
    work: workOf(outcome.runs),
  };
}

/**
 * The client's part: each step at its simulated time, then every floor workflow to its end. Returns
 * when (performance.now()) the last step was taken.
 */
async function playFloor(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  steps: ClientStep[],
  progress: Progress,
): Promise<number> {
  const handles: WorkflowHandle[] = [];
  progress.of = steps.length;
  for (const step of steps) {
    const now = await env.currentTimeMs();
    if (step.at > now) await env.sleep(step.at - now);
    progress.steps++;
    progress.at = Math.max(now, step.at);
    if ('start' in step) {
      const handle = await env.client.workflow.start('floorYear', {
        taskQueue,
        workflowId: step.start,
        args: [step.input],
      });
      handles.push(handle);
    } else if ('signal' in step) await env.client.workflow.getHandle(step.signal).signal(floorSignal);
    else await env.client.workflow.getHandle(step.update).executeUpdate(floorUpdate);
  }
  const lastStepAt = performance.now();
  // One at a time: each wait lets the server skip time until that workflow ends, and the server
  // counts its time-skipping locks (two waits at once unlock it twice, which it refuses with
  // "Unbalanced lock and unlock calls" and then stops answering). That, not its workflows' shape,
  // hung the floor 08d5082 removed: with its 30 waits made one at a time it ends (7-14 s, 3 runs).
  for (const handle of handles) {
    await handle.result();
    progress.ended++;
  }
  return lastStepAt;
}

async function floorHistories(env: TestWorkflowEnvironment, ids: string[]) {
  const runs: Record<string, unknown[]> = {};
  for (const id of ids) runs[id] = [await env.client.workflow.getHandle(id).fetchHistory()];
  return runs;
}

/** `work`, or after `ms` what `stalled` says, whichever comes first. */
async function withLimit<T>(
  work: Promise<T>,
  ms: number,
  stalled: () => Promise<string>,
): Promise<T | { stalled: string }> {
  // Once given up, the work's late failure (its server torn down) is no one's to handle.
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<{ stalled: string }>((resolve) => {
    timer = setTimeout(() => resolve(stalled().then((s) => ({ stalled: s }))), ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** The one line a floor given up prints: how far it got, and what the server says (10 s to say it). */
async function stallLine(
  env: TestWorkflowEnvironment,
  ids: string[],
  progress: Progress,
  limitMs: number,
): Promise<string> {
  const asked = await withLimit(stallReport(env, ids), 10_000, async () => 'the server did not answer');
  const server = typeof asked === 'string' ? asked : asked.stalled;
  return `not done after ${limitMs / 1000} s, ${progressText(progress)}; ${server}`;
}

/** Which floor workflows had not ended, and how the first one's history ends. */
async function stallReport(env: TestWorkflowEnvironment, ids: string[]): Promise<string> {
  const open: string[] = [];
  for (const id of ids) {
    const status = await env.client.workflow
      .getHandle(id)
      .describe()
      .then((d) => d.status.name)
      .catch(() => 'NOT_STARTED');
    if (status !== 'COMPLETED') open.push(id);
  }
  const first = open[0];
  const history = first
    ? await env.client.workflow
        .getHandle(first)
        .fetchHistory()
        .catch(() => undefined)
    : undefined;
  const tail = (history?.events ?? [])
    .slice(-4)
    .map((e) => eventType(e.eventType))
    .join(', ');
  return `${open.length} of ${ids.length} unfinished${tail ? `, ${first}'s history ending ${tail}` : ''}`;
}
