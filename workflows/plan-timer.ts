// The plan workflow's one timer (version PLAN_KEEPS_ITS_TIMER, workflows/plan.ts): the main loop
// waits for the next mail or the end of the year, and is woken meanwhile by its items and Updates.
// A wake that leaves that instant as it was keeps the timer running, rather than cancelling it and
// starting another for the same instant (two events in history each time).
import { CancellationScope, condition, isCancellation, patched, sleep } from '@temporalio/workflow';

/**
 * A timer whose instant has come is left to fire rather than cancelled when the loop moves on to
 * another instant: its TimerFired may already be on its way. Temporal's time-skipping test server
 * refuses the cancel of a timer it has just fired (temporalio/sdk-java#2606, #3088) and leaves the
 * workflow task started for good: the plan stalled at midnight on 31 December when an item's
 * year-end report woke it a few milliseconds before its own year-end timer came in. A real server
 * takes either. Runs without the marker cancel as they did.
 */
export const PLAN_LETS_DUE_TIMERS_FIRE = 'plan-lets-due-timers-fire';

interface Running {
  at: number;
  fired: boolean;
  scope: CancellationScope;
  done: Promise<void>;
}

export class PlanTimer {
  private running: Running | undefined;

  /** Until `at` (epoch ms) or `woken`; the timer is started only when none runs for `at` already. */
  async until(at: number, summary: string, woken: () => boolean): Promise<void> {
    const timer = this.timerAt(at, summary);
    await condition(() => timer.fired || woken());
  }

  private timerAt(at: number, summary: string): Running {
    const current = this.running;
    if (current && current.at === at && !current.fired) return current;
    if (current && !current.fired && !leftToFire(current)) current.scope.cancel();
    const scope = new CancellationScope();
    const timer: Running = { at, fired: false, scope, done: Promise.resolve() };
    timer.done = scope
      .run(() => sleep(Math.max(at - Date.now(), 1), { summary }))
      .then(
        () => {
          timer.fired = true;
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
    this.running = timer;
    return timer;
  }
}

/** Due (in workflow time) but not yet fired here; see PLAN_LETS_DUE_TIMERS_FIRE. */
function leftToFire(timer: Running): boolean {
  return timer.at <= Date.now() && patched(PLAN_LETS_DUE_TIMERS_FIRE);
}
