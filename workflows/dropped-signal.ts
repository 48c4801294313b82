// A signal that is not acted on (malformed, or not believable): said in the worker's log, nothing
// else. The workflow logger is replay-aware, so a replay does not say it again.
import { log } from '@temporalio/workflow';

export function dropped(signal: string, why: string, input?: unknown): void {
  const shown = JSON.stringify(input) ?? String(input);
  log.warn(`${signal} signal dropped: ${why}`, { signal, input: shown.slice(0, 300) });
}
