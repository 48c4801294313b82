// The worker as a process of its own, started as the tests and the benchmark start one
// (test/helpers/processes.ts), so that it can be killed with SIGKILL and started again on the same
// data directory, as a host that crashed and came back would.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startScript } from '../test/helpers/processes';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';

export interface WorkerHost {
  /** Starts a worker; resolves once it polls. */
  start(): Promise<void>;
  /** SIGKILL: no drain, no flush, no goodbye to the server. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** Stops the last worker the polite way (end of a run). */
  stop(): Promise<void>;
  /** Processes started so far. */
  readonly starts: number;
}

export function workerHost(env: NodeJS.ProcessEnv, runDir: string): WorkerHost {
  let proc: ChildProcess | undefined;
  let output: () => string = () => '';
  let starts = 0;
  const saveLog = () => appendFileSync(join(runDir, 'worker.log'), `--- worker ${starts}\n${output()}\n`);
  const gone = (p: ChildProcess, signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (p.exitCode !== null || p.signalCode !== null) return resolve();
      // A worker draining an activity that waits on a dead query would hold the run: 10 s, then SIGKILL.
      const hard = signal === 'SIGKILL' ? undefined : setTimeout(() => p.kill('SIGKILL'), 10_000);
      p.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      p.kill(signal);
    });
  return {
    get starts() {
      return starts;
    },
    async start() {
      const started = await startScript(
        'faults/worker.ts',
        env,
        'worker: polling',
        180_000,
        WORKER_NODE_FLAGS,
      );
      proc = started.proc;
      output = started.output;
      starts++;
    },
    async kill() {
      if (!proc) return;
      await gone(proc, 'SIGKILL');
      saveLog();
      proc = undefined;
    },
    async stop() {
      if (!proc) return;
      await gone(proc, 'SIGTERM');
      saveLog();
      proc = undefined;
    },
  };
}
