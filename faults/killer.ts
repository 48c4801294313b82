// Kills the worker at the run's kill points. A point is a simulated instant and a wall delay: once
// the year reaches the instant, the first email the SMTP server receives after it starts the delay,
// and then the worker gets SIGKILL and a new one is started on the same data directory. Tying the
// kill to an email puts it where the year is busy (a burst of reminders, a bulletin, an approval
// being mailed) instead of in the long quiet stretches between events, where a kill costs nothing;
// the delay spreads it over the burst: inside an SMTP transaction, between two copies, in a workflow
// task, or just after.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SmtpCatcher } from '../preview/mail-catcher';
import type { WorkerHost } from './worker-process';

export interface KillPoint {
  /** Simulated instant (epoch ms) from which the next email triggers the kill. */
  at: number;
  /** Wall milliseconds from that email to the SIGKILL. */
  delayMs: number;
}

export interface KillDone {
  point: KillPoint;
  /** The test server's clock at the kill. */
  simAt: number;
  /** Wall ms since the run began. */
  wallMs: number;
  /** Emails the SMTP server had received at the kill. */
  mailsBefore: number;
  /** Wall ms from SIGKILL until the new worker polled. */
  restartMs: number;
}

export interface Killer {
  arm(point: KillPoint): void;
  /** Wall ms (since the run began) each email arrived at, in arrival order. */
  readonly arrivals: number[];
  readonly done: KillDone[];
  /** Lets a kill in progress finish (with its new worker polling); returns the points never reached. */
  stop(): Promise<number>;
}

export function killer(deps: {
  env: TestWorkflowEnvironment;
  catcher: SmtpCatcher;
  host: WorkerHost;
  /** Runs between the SIGKILL and the new worker's start. */
  afterKill: () => Promise<void>;
  t0: number;
  log: (line: string) => void;
}): Killer {
  const { env, catcher, host, afterKill, t0, log } = deps;
  const arrivals: number[] = [];
  const armed: (KillPoint & { mailsAtArm: number })[] = [];
  const done: KillDone[] = [];
  let busy: Promise<void> | undefined;
  let failure: unknown;
  let stopped = false;
  let stopping: Promise<number> | undefined;

  const killNow = async (point: KillPoint): Promise<void> => {
    await sleep(point.delayMs);
    const simAt = await env.currentTimeMs();
    const wallMs = performance.now() - t0;
    const mailsBefore = catcher.messages.length;
    await host.kill();
    const killed = performance.now();
    await afterKill();
    await host.start();
    const restartMs = performance.now() - killed;
    done.push({ point, simAt, wallMs, mailsBefore, restartMs });
    log(
      `  kill ${done.length}: ${new Date(simAt).toISOString()} (simulated), after email ${mailsBefore}, ` +
        `new worker polling in ${(restartMs / 1000).toFixed(1)} s`,
    );
  };

  // Polled, not evented: the catcher offers a one-shot waitFor only, and 10 ms is far below the delays.
  const tick = (): void => {
    const now = performance.now() - t0;
    while (arrivals.length < catcher.messages.length) arrivals.push(now);
    if (stopped || busy || armed.length === 0 || catcher.messages.length <= armed[0].mailsAtArm) return;
    const point = armed.shift()!;
    busy = killNow(point)
      .catch((err: unknown) => {
        failure = err;
      })
      .finally(() => {
        busy = undefined;
      });
  };
  const timer = setInterval(tick, 10);

  return {
    arrivals,
    done,
    arm(point) {
      armed.push({ ...point, mailsAtArm: catcher.messages.length });
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        await busy;
        tick();
        clearInterval(timer);
        if (failure) throw failure;
        const missed = armed.length;
        armed.length = 0;
        return missed;
      })();
      return stopping;
    },
  };
}
