// The floors' workflows (bench/floors.ts, bench/year-floor.ts): the least a workflow can do to cause
// what ours cause, so the bench can say how close ours come. Nothing here is the service's; nothing
// of ours is imported.
import {
  condition,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';

export interface FloorActivities {
  /** Sends the floor's mail number `mail` (bench/floors.ts holds the messages). */
  floorSend(mail: number): Promise<void>;
}

const { floorSend } = proxyActivities<FloorActivities>({ startToCloseTimeout: '1 minute' });

/** A plan: starts its items, each sending its mail (or none: -1), and ends. */
export async function floorPlan(mails: number[]): Promise<void> {
  const { workflowId } = workflowInfo();
  await Promise.all(
    mails.map((mail, i) =>
      startChild(floorItem, {
        workflowId: `${workflowId}-${i}`,
        args: [mail],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    ),
  );
}

export async function floorItem(mail: number): Promise<void> {
  if (mail >= 0) await floorSend(mail);
}

export const floorSignal = defineSignal('floorSignal');

/** The people's messages: ours takes them as Updates (a report, a decision, a sign-off), so does the floor. */
export const floorUpdate = defineUpdate<void>('floorUpdate');

/** One thing a year floor workflow does, at the simulated time (epoch ms) one of ours did it. */
export type FloorStep =
  { at: number; timerUntil: number } | { at: number; mail: number } | { at: number; signal: string };

export interface FloorYearInput {
  /** In time order. */
  steps: FloorStep[];
  /** How many signals it waits for before it ends. */
  signals: number;
  /** How many Updates it waits for before it ends. */
  updates: number;
}

/**
 * One of ours' share of the year, done again: its timers (each started when ours started it, lasting
 * until ours' fired or was cancelled), its mails and its signals to other floor workflows. Before
 * each step it waits for the timers ours had done with by then; then it waits for its signals and
 * Updates.
 */
export async function floorYear({ steps, signals, updates }: FloorYearInput): Promise<void> {
  let received = 0;
  let updated = 0;
  setHandler(floorSignal, () => void received++);
  setHandler(floorUpdate, () => void updated++);
  let timers: { until: number; done: Promise<void> }[] = [];
  const waitFor = async (at: number) => {
    await Promise.all(timers.filter((t) => t.until <= at).map((t) => t.done));
    timers = timers.filter((t) => t.until > at);
  };
  for (const step of steps) {
    await waitFor(step.at);
    if ('timerUntil' in step)
      timers.push({ until: step.timerUntil, done: sleep(Math.max(1, step.timerUntil - Date.now())) });
    else if ('mail' in step) await floorSend(step.mail);
    else await getExternalWorkflowHandle(step.signal).signal(floorSignal);
  }
  await waitFor(Infinity);
  await condition(() => received >= signals && updated >= updates);
}
