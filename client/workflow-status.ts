// The status of a workflow by its id, as `describe` gives it, for the checks that only ask whether
// a run is there and how it stands (a year's plan running, completed).
import type { Client } from '@temporalio/client';

/** `RUNNING`, `COMPLETED`, …, or undefined when Temporal cannot describe the workflow (none of that id). */
export function workflowStatus(client: Client, workflowId: string): Promise<string | undefined> {
  return client.workflow
    .getHandle(workflowId)
    .describe()
    .then((d) => d.status.name)
    .catch(() => undefined);
}
