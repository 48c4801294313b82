// The scale floor's workflows (bench/floors.ts): the least a workflow can do to cause what ours cause, so
// the bench can say how close ours come. Nothing here is the service's; nothing of ours is imported.
import { ParentClosePolicy, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';

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
