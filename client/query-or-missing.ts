// A query of a workflow that may not exist (not started yet, or an item over before its plan began).
import { WorkflowNotFoundError } from '@temporalio/client';

/** `query`'s answer, or undefined when its workflow does not exist. */
export async function queryOrMissing<T>(query: () => Promise<T>): Promise<T | undefined> {
  try {
    return await query();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
