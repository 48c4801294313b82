// The state a workflow answers with: a completed workflow's result, as its last run returned it, and
// otherwise what its status query answers now. A query of a closed workflow makes a worker replay
// its whole history first (about 65 ms for an item of the default plan); its result is one read.
import { type Client, WorkflowClient } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import { queryOrMissing } from './query-or-missing';

const resultReaders = new WeakMap<Client, WorkflowClient>();

/**
 * A plain workflow client on `client`'s connection, to read results with: the time-skipping test
 * server's client unlocks time skipping around every result it reads, and one read from an
 * activity, in the middle of the driver's own sleep, left time locked for good.
 */
function resultReader(client: Client): WorkflowClient {
  let reader = resultReaders.get(client);
  if (!reader) {
    const { namespace, dataConverter } = client.options;
    reader = new WorkflowClient({ connection: client.connection, namespace, dataConverter });
    resultReaders.set(client, reader);
  }
  return reader;
}

/** What a completed workflow returned (its last run), read without a replay. */
export function completedResult<T>(client: Client, workflowId: string): Promise<T> {
  return resultReader(client).result(workflowId) as Promise<T>;
}

/** The workflow's state, or undefined when it does not exist (not started, or over before its plan began). */
export function workflowState<T>(
  client: Client,
  workflowId: string,
  query: QueryDefinition<T, []>,
): Promise<T | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  return queryOrMissing(async () => {
    const { status } = await handle.describe();
    // The status query answers with the very state the workflow returns when it completes.
    if (status.name === 'COMPLETED') return completedResult<T>(client, workflowId);
    return handle.query(query);
  });
}
