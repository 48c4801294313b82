// The floors' workflows (bench/floors.ts): the least a workflow can do to cause what ours cause, so
// the bench can say how close ours come. Nothing here is the service's; nothing of ours is imported.
import {
  condition,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  defineSignal,
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

export interface FloorYearInput {
  /** The workflow that receives every signal, and how many it waits for. */
  receiver: string;
  signalsToReceive: number;
  signalsToSend: number;
  timers: number;
  /** The mails this workflow sends, by number. */
  mails: number[];
}

/** A year's share of work: its timers (a day each), its mails, its signals, in that order. */
export async function floorYear(input: FloorYearInput): Promise<void> {
  let received = 0;
  setHandler(floorSignal, () => void received++);
  for (let t = 0; t < input.timers; t++) {
    await sleep('1 day');
    const mail = input.mails[t];
    if (mail !== undefined) await floorSend(mail);
  }
  for (const mail of input.mails.slice(input.timers)) await floorSend(mail);
  const receiver = getExternalWorkflowHandle(input.receiver);
  for (let s = 0; s < input.signalsToSend; s++) await receiver.signal(floorSignal);
  await condition(() => received >= input.signalsToReceive);
}
