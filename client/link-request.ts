// Starting the front door's fresh-link request. One workflow per address and quarter of an hour:
// its id carries a hash of the address (not the address) and the quarter, so a repeat within it,
// from any portal, is the same workflow and sends nothing more.
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { LINK_REQUEST_BUCKET_MS, type LinkRequestInput } from '../wire/link-request';
import { WORKFLOW_TYPES } from '../wire/workflow-types';

/** `civ-link-request-<16 hex of sha256(address)>-<quarter-hour number>`. */
export function linkRequestWorkflowId(email: string, now: Date): string {
  const hash = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16);
  return `civ-link-request-${hash}-${Math.floor(now.getTime() / LINK_REQUEST_BUCKET_MS)}`;
}

/** Starts the request, or finds it started already; either way nothing tells whether the address is known. */
export async function requestFreshLinks(
  client: Client,
  taskQueue: string,
  email: string,
  now: Date,
): Promise<void> {
  const input: LinkRequestInput = { email: email.trim().toLowerCase() };
  try {
    await client.workflow.start(WORKFLOW_TYPES.linkRequest, {
      taskQueue,
      workflowId: linkRequestWorkflowId(email, now),
      args: [input],
      // Once it has run, the same quarter hour starts nothing again (the default would run it anew).
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
