// What the bench reads of processes from /proc (Linux): resident set, CPU time, CPU by thread, and
// the Temporal server's CPU, so that a figure can say which process the time went to.
import { readdirSync, readFileSync } from 'node:fs';

/** The resident set of a process, in bytes; 0 once it has ended. */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** utime + stime of a stat(5) line (fields 14 and 15, in clock ticks of 10 ms), in ms. */
const statCpuMs = (stat: string): number => {
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/** CPU time (user + system) the process has used so far, in ms. */
export function cpuMsOf(pid: number): number {
  return statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** CPU time (ms) of each thread of a process, by thread name and id. */
export function threadCpuMsOf(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}:${tid}`;
      byName.set(name, (byName.get(name) ?? 0) + statCpuMs(stat));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return byName;
}

/**
 * CPU time (ms) used so far by the processes that make up the Temporal server: the CLI's dev server
 * (`temporal server start-dev`), or the cluster's server and its PostgreSQL. A process
 * that started later counts from zero, one that ended drops out: read it around a span in which the
 * server keeps running, as the bench does.
 */
export function serverCpuMs(): number {
  let ms = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const devServer = argv.includes('start-dev');
      // scripts/cluster.sh builds the server into …/temporal-server-v<version>/bin/server; PostgreSQL's
      // processes retitle themselves "postgres: …".
      const cluster = argv[0].includes('/temporal-server-') || /^(\S*\/)?postgres\b/.test(argv[0]);
      if (devServer || cluster) ms += cpuMsOf(Number(pid));
    } catch {
      // Not ours to read, or it ended meanwhile.
    }
  }
  return ms;
}

/**
 * The worker's CPU since `before` per workflow, by thread: the main thread (activities, the SDK's
 * core bridge), the workflow thread (the sandbox), Rust core's tokio threads, and the rest (V8's and
 * libuv's helper threads: garbage collection, compilation, file I/O).
 */
function threadShares(pid: number, before: Map<string, number>, workflows: number): string {
  const used = [...threadCpuMsOf(pid)].map(([k, v]) => ({ k, v: v - (before.get(k) ?? 0) }));
  const main = used.filter((t) => t.k === `node:${pid}`);
  const core = used.filter((t) => t.k.startsWith('tokio'));
  // The sandbox's thread starts after Rust core's: the busiest Node thread started after them.
  const firstCore = Math.min(...core.map((t) => Number(t.k.split(':')[1])));
  const sandbox = used
    .filter((t) => t.k.startsWith('node:') && Number(t.k.split(':')[1]) > firstCore)
    .sort((a, b) => b.v - a.v)
    .slice(0, 1);
  const rest = used.filter((t) => ![...main, ...core, ...sandbox].includes(t));
  const ms = (ts: { v: number }[]) => (ts.reduce((s, t) => s + t.v, 0) / workflows).toFixed(1);
  return `main ${ms(main)}, workflow thread ${ms(sandbox)}, core ${ms(core)}, helpers ${ms(rest)}`;
}

/** A worker process's CPU from now on, per workflow: in all (ms), and by thread (threadShares). */
export function cpuMeter(pid: number): (workflows: number) => { cpuPerWorkflow: number; threads: string } {
  const cpuAtStart = cpuMsOf(pid);
  const threadsAtStart = threadCpuMsOf(pid);
  return (workflows) => ({
    cpuPerWorkflow: (cpuMsOf(pid) - cpuAtStart) / workflows,
    threads: threadShares(pid, threadsAtStart, workflows),
  });
}
