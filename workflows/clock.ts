// The workflow's clock as the domain rules read it. Inside a workflow `Date.now()` is the time of
// the current workflow task, the same on every replay.
import { localDate } from '../domain/calendar';

/** Today in Asia/Shanghai. */
export function today(): string {
  return localDate(Date.now());
}

/** Now as an ISO instant, for what the state records. */
export function stamp(): string {
  return new Date().toISOString();
}
