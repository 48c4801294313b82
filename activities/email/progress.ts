// What an attempt has sent so far, kept in the activity's heartbeat details: the Temporal server
// holds them and hands them to the next attempt on whichever worker it runs, so a retry on another
// host does not send again what this one already sent (the ledger is only this host's).
import { asyncLocalStorage } from '@temporalio/activity';
import { HEARTBEAT_INTERVAL_MS } from '../../domain/delivery';

/** The keys of the copies this and earlier attempts have handed to the SMTP server. */
export interface Progress {
  sent: string[];
}

export function progressOfEarlierAttempts(): Progress {
  const details = asyncLocalStorage.getStore()?.info.heartbeatDetails as Partial<Progress> | undefined;
  return { sent: Array.isArray(details?.sent) ? details.sent.filter((k) => typeof k === 'string') : [] };
}

/** Records a sent copy in the heartbeat details at once, not at the next interval. */
export function markSent(progress: Progress, key: string): void {
  progress.sent.push(key);
  asyncLocalStorage.getStore()?.heartbeat(progress);
}

/**
 * Runs one SMTP transaction under a hard deadline, heartbeating inside an activity. The
 * transaction is cut when the deadline passes or Temporal cancels the activity (its timeout ran
 * out, the workflow went away), so no earlier attempt is still sending when a retry starts.
 */
export async function withinDeadline<T>(
  deadlineMs: number,
  progress: Progress,
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const activity = asyncLocalStorage.getStore();
  const signals = [AbortSignal.timeout(deadlineMs)];
  if (activity) signals.push(activity.cancellationSignal);
  const beat = activity && setInterval(() => activity.heartbeat(progress), HEARTBEAT_INTERVAL_MS);
  try {
    activity?.heartbeat(progress);
    return await send(AbortSignal.any(signals));
  } finally {
    if (beat) clearInterval(beat);
  }
}

/**
 * Whether one more transaction, cut at `deadlineMs`, still ends inside the attempt's start-to-close
 * timeout, counted on this host's clock from `attemptStartMs` (the server's clock may differ, and
 * on the time-skipping test server it runs ahead). Outside an activity, always. A copy started later
 * could still be sending when the timeout runs out and the retry starts.
 */
export function timeForAnotherTransaction(deadlineMs: number, attemptStartMs: number): boolean {
  const budget = asyncLocalStorage.getStore()?.info.startToCloseTimeoutMs;
  if (!budget) return true;
  return Date.now() + deadlineMs < attemptStartMs + budget;
}
