// The time-skipping test server can leave a workflow task started for good (one cause is a timer
// cancelled as it fires: workflows/plan-timer.ts). A test that meets one fails with that named,
// and lets its server be torn down, rather than hanging until jest's timeout and keeping jest alive.
import { setMaxListeners } from 'node:events';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

/** Runs `fn` with the env's calls under an abort signal; past `limitMs`, aborts them and throws `what`. */
export async function withinStallLimit<T>(
  env: TestWorkflowEnvironment,
  limitMs: number,
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  const abort = new AbortController();
  // One listener per call made under it.
  setMaxListeners(0, abort.signal);
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<'stalled'>(
    (resolve) => (timer = setTimeout(() => resolve('stalled'), limitMs)),
  );
  const run = env.connection.withAbortSignal(abort.signal, fn);
  try {
    const outcome = await Promise.race([run, stalled]);
    if (outcome !== 'stalled') return outcome;
    // Calls in flight (a long poll for a result) are cancelled before the connection closes: a call
    // retried on a closed channel throws outside any test. A call to the test service (a skipping
    // sleep) may not heed the abort, so this waits a little only.
    abort.abort();
    await Promise.race([run.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    throw new Error(`${what} not done within ${limitMs} ms: the time-skipping server stalled`);
  } finally {
    clearTimeout(timer);
  }
}
