// Processes the tests (and the benchmark) start as a user would: the local stack as `npm start`
// runs it, the worker as `npm run worker` runs it. Each is waited for until it says it is ready.
import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { resolve } from 'node:path';

const repo = resolve(__dirname, '../..');

export interface Started {
  proc: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

/**
 * Spawns `node [nodeFlags] --import tsx <script>` in the repo and resolves once its output contains
 * `ready`.
 */
export function startScript(
  script: string,
  env: NodeJS.ProcessEnv,
  ready: string,
  timeoutMs = 150_000,
  nodeFlags: readonly string[] = [],
): Promise<Started> {
  const options: SpawnOptions = { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] };
  const proc = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script], options);
  let output = '';
  return new Promise((resolveStarted, reject) => {
    const timer = setTimeout(() => {
      // Not ready: nothing of it is left running.
      proc.kill('SIGINT');
      reject(new Error(`${script} not ready in ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolveStarted({ proc, output: () => output });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`${script} exited (${code}) before ready:\n${output}`)));
  });
}

/** Stops it with `signal` (Ctrl-C by default) and resolves with its exit code; at once if it is gone. */
export function stopProcess(proc: ChildProcess, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((resolveExit) => {
    proc.once('exit', (code) => resolveExit(code));
    proc.kill(signal);
  });
}
