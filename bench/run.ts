// `npm run bench`: figures, not pass/fail (issue 9). Prints a table and writes the same figures to
// BENCHMARKS.md with the machine they were taken on.
//
//  1. a whole simulated year of the default plan on the time-skipping server: wall time, emails,
//     history events per workflow (the largest);
//  2. email fan-out: notifications per second through the email activity, as a ratio to plain pooled
//     nodemailer sending the same messages to the same SMTP server in the same run;
//  3. scale on the dev server and on Temporal's server on PostgreSQL (scripts/cluster.sh), side by
//     side: N organizations (`BENCH_N=50,200` or `--n`; default 50, 200, 1000; `BENCH_CLUSTER_N` for
//     the cluster's, by default the same), each with the default plan, their plan workflows started at
//     once: the time until every assignment reached the SMTP server, as a ratio to the scale floor
//     (bench/floors.ts) on the same server and SMTP server in the same run; the worker's CPU per
//     workflow by thread, its peak RSS, history events. `BENCH_SERVERS=dev` leaves the cluster out.
//
// `--only year,email,start` runs some of them (and then writes no BENCHMARKS.md); `--emails 1000` sets
// the fan-out's size. `BENCH_WORKER_FLAGS` adds Node flags to the worker's (e.g. `--cpu-prof`).
//
// Targets (issues 9 and 18): scale floor / ours ≥ 0.7; email ratio ≥ 0.8; a simulated year ≤ 20 s;
// ≤ 1,000 history events in any workflow; worker ≤ 500 MB RSS at every N; ≤ 5 ms worker CPU per
// workflow; the cost per organization at the largest N within 20 % of the smallest.
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadPlanFile } from '../config/plan-files';
import type { Plan } from '../domain/plan';
import { itemWorkflowIds } from '../domain/ids';
import { SMTP_POOL_CONNECTIONS } from '../domain/delivery';
import { type SmtpCatcher, startSmtpCatcher } from '../preview/mail-catcher';
import { runPreview } from '../preview/run';
import { quietRuntime } from '../preview/time-skipping';
import { sameMail, scaleFloor } from './floors';
import {
  missCauses,
  organizationCosts,
  type PromiseHookFigures,
  type ScaleFigures,
  type YearFigures,
} from './causes';
import { emailFanOut } from './email';
import { cpuMeter, rssOf, serverCpuMs } from './proc';
import { countsOf, workOf, type YearWork, yearFloor, yearLoad } from './year-floor';
import { simpleParser } from 'mailparser';
import { requireTemporalCli } from '../stack/toolchain';
import { startScript, stopProcess } from '../test/helpers/processes';
import { ensureWorkflowBundle } from '../worker/bundle';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import { devServerEnv } from '../test/helpers/temporal';
import { organizationPlanText } from '../test/helpers/plans';
import { planWorkflowId, taskWorkflowId } from '../domain/ids';
import { startYear } from '../client/plan-workflow';
import { TASK_QUEUE } from '../client/connection';
import { localDate } from '../domain/calendar';

const loadBefore = loadavg()
  .map((x) => x.toFixed(1))
  .join(' ');

interface Row {
  figure: string;
  value: string;
  target?: string;
}
const rows: Row[] = [];
const say = (figure: string, value: string, target?: string) => {
  rows.push({ figure, value, target });
  process.stdout.write(`${figure.padEnd(62)} ${value}${target ? `   (target ${target})` : ''}\n`);
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function simulatedYear(): Promise<YearFigures | undefined> {
  const loaded = loadPlanFile(join(__dirname, '..', 'plans', '2020.yaml'));
  if (!loaded.ok) throw new Error(loaded.errors[0]);
  const plan = loaded.plan;
  const ids = [planWorkflowId(plan.year), ...itemWorkflowIds(plan)];
  // The preview runs the worker's bundle, built once per version of the code: built here first, so
  // that the figure is the year's and not webpack's after a change.
  await ensureWorkflowBundle();
  const t0 = performance.now();
  let lastActionAt = t0;
  let actions = 0;
  const result = await runPreview(plan, {
    late: ['legal'],
    histories: ids,
    onProgress: (done) => {
      actions = done;
      lastActionAt = performance.now();
    },
  });
  const wall = (performance.now() - t0) / 1000;
  const events = Object.entries(result.histories).map(([id, h]) => ({
    id,
    n: ((h as { events?: unknown[] }).events ?? []).length,
  }));
  events.sort((a, b) => b.n - a.n);
  const total = events.reduce((s, e) => s + e.n, 0);
  say('simulated year 2020 (legal late): wall time', `${wall.toFixed(1)} s`, '≤ 20 s');
  say('simulated year: workflows / emails', `${events.length} / ${result.mails.length}`);
  say(`simulated year: largest history (${events[0].id})`, `${events[0].n} events`, '≤ 1,000');
  say('simulated year: history events, all workflows', String(total));
  // The plan workflow continues as new at a quiet point once a run's history has grown long.
  const planRuns = (result.runs[planWorkflowId(plan.year)] ?? []).map(
    (h) => ((h as { events?: unknown[] }).events ?? []).length,
  );
  say(
    'simulated year: plan workflow, events of its largest run',
    `${Math.max(...planRuns)} (runs: ${planRuns.join(' + ')} = ${planRuns.reduce((a, b) => a + b, 0)})`,
    '≤ 300',
  );
  const loads = yearLoad(result.runs, result.mails);
  const ours = countsOf(loads);
  const fromOurs = loads.reduce((n, l) => n + l.sent.length, 0);
  say(
    'simulated year: workflows, timers, signals, Updates, mails',
    `${ours.workflows}, ${ours.timers}, ${ours.signals} (${fromOurs} from its workflows), ${ours.updates}, ${ours.mails}`,
  );
  const mails = await Promise.all(result.mails.map(async (m) => sameMail(await simpleParser(m.raw))));
  const floor = await yearFloor(result.startedAt, loads, mails);
  if ('stalled' in floor) {
    say('year floor', `stalled: ${floor.stalled}`);
    return undefined;
  }
  const c = floor.counts;
  const same = (Object.keys(ours) as (keyof typeof ours)[]).every((k) => ours[k] === c[k]);
  say(
    `year floor: ${c.workflows} trivial workflows, ${c.timers} timers, ${c.signals} signals, ${c.updates} Updates, ${c.mails} mails`,
    `${floor.seconds.toFixed(1)} s${same ? '' : " (not the simulated year's load)"}`,
  );
  say('year floor: ratio floor / ours', (floor.seconds / wall).toFixed(2), '≥ 0.7');
  // What ours does that the floor does not: the rest of the ratio's gap.
  const work = (w: YearWork) => `${w.workflowTasks}, ${w.activities}, ${w.localActivities}, ${w.updates}`;
  const oursWork = workOf(result.runs);
  say(
    'year: workflow tasks, activities, local activities, Updates: ours / floor',
    `${work(oursWork)} / ${work(floor.work)}`,
  );
  // Both clients take their steps one after another, each at its simulated time: ours' people (the
  // Updates) and theme starts, the floor's starts and outside signals.
  const lastStep = (lastActionAt - t0) / 1000;
  say(
    "year: the client's steps, and seconds to its last: ours / floor",
    `${actions} in ${lastStep.toFixed(1)} s / ${floor.steps} in ${floor.lastStepSeconds.toFixed(1)} s`,
  );
  return {
    ratio: floor.seconds / wall,
    ours: oursWork,
    floor: floor.work,
    steps: { ours: actions, oursSeconds: lastStep, floor: floor.steps, floorSeconds: floor.lastStepSeconds },
  };
}

/** Starts of `total` workflows, at most `parallel` in flight, as a client starts them; per second. */
async function startRate(
  total: number,
  parallel: number,
  start: (i: number) => Promise<unknown>,
): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < total) await start(next++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, total) }, lane));
  return total / ((performance.now() - t0) / 1000);
}

/** Where the scale runs: the CLI's dev server (SQLite), and Temporal's own server on PostgreSQL. */
type Server = 'dev' | 'cluster';
const SERVERS: Record<Server, string> = {
  dev: 'dev server',
  cluster: 'server on PostgreSQL',
};

const CLUSTER_SCRIPT = join(__dirname, '..', 'scripts', 'cluster.sh');
const cluster = (command: string): string =>
  execFileSync('bash', [CLUSTER_SCRIPT, command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

/**
 * Brings up the production shape (`scripts/cluster.sh up`: Temporal's server on PostgreSQL); returns
 * how to leave it: stopped again if this run started it.
 */
function clusterUp(): { address: string; leave: () => void } {
  // `status` exits non-zero when the cluster is down.
  let wasRunning: boolean;
  try {
    wasRunning = /Temporal server: running/.test(cluster('status'));
  } catch {
    wasRunning = false;
  }
  cluster('up');
  return { address: cluster('address').trim(), leave: () => void (wasRunning || cluster('down')) };
}

/** Makes an environment on `server`: a dev server of its own, or a fresh namespace on the cluster. */
function onServer<T>(server: Server, make: () => Promise<T>): Promise<T> {
  // devServerEnv (test/helpers/temporal.ts) reads CIV_TEST_CLUSTER when called.
  if (server === 'cluster') process.env.CIV_TEST_CLUSTER = clusterAddress;
  else delete process.env.CIV_TEST_CLUSTER;
  return make();
}
let clusterAddress = '';

/** One N's figures, for the scale table. */
interface Scale extends Ours {
  server: Server;
  n: number;
  workflows: number;
  /** The scale floor's seconds to all its mails, its worker's CPU per workflow (ms, and by thread). */
  floor: number;
  floorCpuPerWorkflow: number;
  floorThreads: string;
  floorServerCpu: number;
}
const scales: Scale[] = [];

/** What ours did at one N: to all assignments, its worker's CPU and memory, the server's CPU. */
interface Ours {
  delivered: number;
  cpuPerWorkflow: number;
  threads: string;
  peak: number;
  ready: number;
  events: string;
  /** The Temporal server's CPU (ms) per workflow while ours ran to its assignments. */
  serverCpu: number;
}

/**
 * N organizations in one deployment, each with the default plan rolled to next year (its 16 tasks
 * and its festivals; the monthly themes come from each organization's Schedule), every plan workflow
 * started at once, as `civ --org <key> year start` would one after the other; then the scale floor
 * on the same server and SMTP server: as many minimal workflows sending the same assignments.
 */
async function organizations(server: Server, n: number): Promise<void> {
  await atScale(server, n, [], async (ours, { env, smtp, itemsPerOrg, workflows, assignments }) => {
    const mails = smtp.messages.filter((m) => m.headers.get('x-civ-kind') === 'assignment').map(sameMail);
    const serverBeforeFloor = serverCpuMs();
    const floor = await scaleFloor(env, smtp, { plans: n, items: itemsPerOrg, mails });
    const floorServerCpu = (serverCpuMs() - serverBeforeFloor) / workflows;
    scales.push({
      ...ours,
      server,
      n,
      workflows,
      floor: floor.seconds,
      floorCpuPerWorkflow: floor.cpuPerWorkflow,
      floorThreads: floor.threads,
      floorServerCpu,
    });
    process.stdout.write(
      `${SERVERS[server]}, N = ${n}: ${workflows} workflows, ${assignments} assignments in ${ours.delivered.toFixed(1)} s (floor ${floor.seconds.toFixed(1)} s), ` +
        `${ours.cpuPerWorkflow.toFixed(1)} ms worker CPU per workflow (${ours.threads}; floor ${floor.cpuPerWorkflow.toFixed(1)} ms: ${floor.threads}), ` +
        `RSS peak ${(ours.peak / 2 ** 20).toFixed(0)} MB, server CPU per workflow ${ours.serverCpu.toFixed(1)} ms (floor ${floorServerCpu.toFixed(1)} ms)\n`,
    );
  });
}

/**
 * What the SDK's per-promise stack capture costs our worker: ours again at N organizations on the dev
 * server, its worker's Node started with bench/no-promise-hooks.cjs (which leaves the workflow
 * thread without the promise hook the SDK installs for Temporal UI's stack traces; never in the
 * service). Its CPU per workflow, ms, and by thread.
 */
function withoutPromiseHooks(n: number): Promise<Omit<PromiseHookFigures, 'n'>> {
  const flags = ['--require', join(__dirname, 'no-promise-hooks.cjs')];
  return atScale('dev', n, flags, async ({ cpuPerWorkflow, threads }) => ({ cpuPerWorkflow, threads }));
}

interface Place {
  env: TestWorkflowEnvironment;
  smtp: SmtpCatcher;
  itemsPerOrg: number;
  workflows: number;
  assignments: number;
}

/**
 * Ours at N organizations on `server`: a server, SMTP catcher and worker (Node `flags` added) of their
 * own, every plan started, until every assignment arrived; then `after` with the figures, once our
 * worker stopped, on the same server and SMTP server. Returns what `after` returns.
 */
async function atScale<T>(
  server: Server,
  n: number,
  flags: string[],
  after: (ours: Ours, place: Place) => Promise<T>,
): Promise<T> {
  const { dir, year, orgs, plans } = organizationPlans(n);
  const sample = plans[0];
  // Started before the year: every task and festival now, no theme until its month.
  const itemsPerOrg = sample.tasks.length + sample.festivals.length;
  const workflows = n * (1 + itemsPerOrg);
  const assignments = n * sample.tasks.length;
  const [env, smtp] = await Promise.all([onServer(server, devServerEnv), startSmtpCatcher()]);
  const worker = await startBenchWorker(env, smtp.url, dir, flags);
  const ready = rssOf(worker.pid!);
  const cpu = cpuMeter(worker.pid!);
  let peak = ready;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(worker.pid!))), 50);
  try {
    const serverAtStart = serverCpuMs();
    const { delivered } = await startOrganizations(env, smtp, plans, {
      year,
      items: n * itemsPerOrg,
      expected: assignments,
    });
    const serverCpu = (serverCpuMs() - serverAtStart) / workflows;
    const { cpuPerWorkflow, threads } = cpu(workflows);
    const history = async (id: string) => {
      const h = await env.client.workflow.getHandle(id).fetchHistory();
      return { events: h.events?.length ?? 0, tasks: workOf({ [id]: [h] }).workflowTasks };
    };
    const [planHistory, taskHistory] = [
      await history(planWorkflowId(year, orgs[0])),
      await history(taskWorkflowId(year, '05', orgs[0])),
    ];
    const events = `${planHistory.events} / ${taskHistory.events} (workflow tasks ${planHistory.tasks} / ${taskHistory.tasks})`;
    clearInterval(sampler);
    // Our worker stops first: what comes after has the machine as ours had it.
    await stopProcess(worker, 'SIGTERM');
    const ours = { delivered, cpuPerWorkflow, threads, peak, ready, events, serverCpu };
    return await after(ours, { env, smtp, itemsPerOrg, workflows, assignments });
  } finally {
    clearInterval(sampler);
    if (worker.exitCode === null) await stopProcess(worker, 'SIGTERM');
    await Promise.all([env.teardown(), smtp.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** N organizations' plans for next year, written under a temporary plans directory and read back. */
function organizationPlans(n: number): { dir: string; year: number; orgs: string[]; plans: Plan[] } {
  const dir = mkdtempSync(join(tmpdir(), 'civ-bench-orgs-'));
  const year = Number(localDate(Date.now()).slice(0, 4)) + 1;
  const orgs = Array.from({ length: n }, (_, i) => `org${String(i).padStart(3, '0')}`);
  for (const [i, org] of orgs.entries()) {
    mkdirSync(join(dir, org));
    writeFileSync(join(dir, org, `${year}.yaml`), organizationPlanText(year, org, `示例单位${i + 1}`));
  }
  // Read and validated before the clock starts: the starts are what is timed.
  const plans = orgs.map((org) => {
    const loaded = loadPlanFile(join(dir, org, `${year}.yaml`));
    if (!loaded.ok) throw new Error(loaded.errors[0]);
    return loaded.plan;
  });
  return { dir, year, orgs, plans };
}

/** The worker as `npm run worker` runs it, in a process of its own, so its memory is its own. */
async function startBenchWorker(
  env: TestWorkflowEnvironment,
  smtpUrl: string,
  dir: string,
  extraFlags: string[] = [],
): Promise<ChildProcess> {
  const workerEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: env.namespace,
    CIV_TASK_QUEUE: TASK_QUEUE,
    SMTP_URL: smtpUrl,
    CIV_DATA_DIR: dir,
    CIV_PLANS_DIR: dir,
    CIV_LOG_LEVEL: 'WARN',
  };
  delete workerEnv.CIV_PORTAL_SECRET;
  delete workerEnv.CIV_PORTAL_KEYS_FILE;
  // BENCH_WORKER_FLAGS adds Node flags to the worker's (e.g. `--cpu-prof --cpu-prof-dir=DIR` to profile it).
  const flags = [
    ...WORKER_NODE_FLAGS,
    ...extraFlags,
    ...(process.env.BENCH_WORKER_FLAGS?.split(' ').filter(Boolean) ?? []),
  ];
  return (await startScript('worker/main.ts', workerEnv, 'worker: polling', 120_000, flags)).proc;
}

/**
 * Starts every plan at once; returns the seconds until all `items` of `year` were listed as
 * running, and until the `expected` assignments reached the SMTP server (both from the first start).
 */
async function startOrganizations(
  env: TestWorkflowEnvironment,
  smtp: SmtpCatcher,
  plans: Plan[],
  { year, items, expected }: { year: number; items: number; expected: number },
): Promise<{ startSeconds: number; delivered: number }> {
  const assignments = () => smtp.messages.filter((m) => m.headers.get('x-civ-kind') === 'assignment').length;
  const t0 = performance.now();
  await startRate(plans.length, 64, (i) => startYear(env.client, plans[i]));
  // Every item is running once the visibility store lists it.
  const query = `CivYear = ${year} AND CivKind != "plan"`;
  while ((await env.client.workflow.count(query)).count < items) await new Promise((r) => setTimeout(r, 100));
  const startSeconds = (performance.now() - t0) / 1000;
  while (assignments() < expected) {
    if (performance.now() - t0 > 1_800_000)
      throw new Error(`${assignments()} of ${expected} assignments after 30 min`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { startSeconds, delivered: (performance.now() - t0) / 1000 };
}

const NOTES = `Notes:
- Email: each notification goes to a lead and the office, each reader their own copy with their own
  signed link, as the stack sends them; the baseline sends the same copies (made beforehand) over
  plain pooled nodemailer to the same SMTP server. Between them, plain nodemailer takes the
  activity's steps one at a time: each notification's copies made as it is sent, then also the
  ledger's lookups and durable appends around each copy. Each side warms up on a tenth as many
  notifications of its own; then they take turns, half of the messages each, the second half in
  reverse order.
- Floors run in the same run as ours, right after ours; the scale floor on the same server and SMTP
  server as ours. The scale floor: as many minimal workflows as the N plans create (a plan starting
  its items, the tasks each sending one mail through a one-line activity over plain pooled
  nodemailer, ${SMTP_POOL_CONNECTIONS} connections), the very assignments ours sent, rebuilt part for part from what the SMTP server received.
  Each worker runs in a process of its own with the worker's Node flags: ours as \`npm run worker\`
  runs it (a fresh one per N, its defaults: workflow bundle built ahead, at most 100 cached
  workflows; RSS sampled from /proc every 50 ms), the floor's as bench/floor-worker.ts (the SDK's
  defaults), so that the floor's worker CPU per workflow is read as ours is: what the SDK's worker
  spends on trivial workflows doing the same. Ratio = floor's time to all mails delivered / ours.
- The diagnostic run (N = the smallest, dev server, no floor): ours again, its worker's Node started
  with bench/no-promise-hooks.cjs, which leaves the workflow thread without the promise hook the SDK
  installs for Temporal UI's stack traces (sdk-typescript#1587); the difference in worker CPU per
  workflow is that hook's cost. Never in the service.
- The year floor (bench/year-floor.ts), right after the simulated year: a new time-skipping server,
  its clock starting where ours' did, a new SMTP catcher, and one trivial workflow per workflow of
  ours, its work read from ours' histories and mails. Each timer ours started, it starts at the same
  simulated time, lasting until ours' fired or was cancelled (or its run ended); each mail ours
  sent, rebuilt part for part (\`sameMail\`), it sends at its time through a one-line activity over
  plain pooled nodemailer; each signal ours sent to another of the year's workflows, it sends to
  that one's floor workflow at its time. The bench client starts each floor workflow when ours
  started (the tasks and festivals at once, each month's theme in its month) and itself sends, at
  their times, the signals ours received from outside the year's workflows (the monthly theme
  starters' \`startTheme\`) and, as Updates to a handler that counts them, the Updates ours accepted
  (the people's reports, approvals and sign-offs: the year's input, which a floor doing the same
  year receives too; an Update ours' validators refused is not in its history, nor in the floor's
  year); a floor workflow ends once its work is done and it has received as many signals and
  Updates as ours. Printed: ours' counts (workflows, timers started, signals received, Updates
  accepted, mails) and the floor's, read from its own histories and SMTP server. Not in the floor:
  what ours' Updates set off (state, search attributes, mail), its other activities (loading the
  plan, starting the items, checks), the theme-starter workflows, its queries. Both times run from before the server
  starts until it and the SMTP server have stopped, each fetching its workflows' histories at the
  end (ours also reads its items' states and year record). A floor not done after 120 s is given up
  with one line naming the workflows left, and the bench goes on.
- Worker CPU per workflow: the worker process's CPU time (user + system, /proc) from when it began
  polling to the last assignment, over every workflow started (plans and items), split by thread:
  main (activities, the SDK's core bridge), the workflow thread (the sandbox), Rust core (tokio),
  helpers (V8's and libuv's: garbage collection, compilation, file I/O). CPU time is fair on a busy
  machine; wall times are not.
- "N" is N organizations in one deployment, each with the default plan rolled to next year under its
  own key (\`plans/<org>/<year>.yaml\`): its plan workflow starts its 16 tasks and 4 festivals, and
  creates its monthly-theme Schedule. All N plans are started at once (64 starts in flight).
  \`BENCH_N=50,200\` (or \`--n\`) sets the N's; the default is 50, 200, 1000.
- Each N runs on the Temporal CLI's dev server (SQLite) and on Temporal's own server on PostgreSQL
  (\`scripts/cluster.sh\`, the four services in one process, a fresh namespace per N), each with its
  own floor: every N on the dev server first, then the cluster brought up (it takes a share of the
  cores even idle) for its N's; \`BENCH_CLUSTER_N\` sets the cluster's N's, \`BENCH_SERVERS=dev\`
  leaves it out.
- The timeline benchmark (\`npm run bench:timeline\`) is separate.`;

/** The scale table: one row per server and N. */
function scaleTable(): string {
  const head = [
    "| server | N | workflows | all assignments | per organization | floor | floor / ours | worker CPU per workflow | the floor's worker CPU per workflow | worker RSS peak | server CPU per workflow, ours / floor | history events, plan / task 05 |",
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  return [
    ...head,
    ...scales.map(
      (x) =>
        `| ${SERVERS[x.server]} | ${x.n} | ${x.workflows} | ${x.delivered.toFixed(1)} s | ${((x.delivered * 1000) / x.n).toFixed(0)} ms | ` +
        `${x.floor.toFixed(1)} s | ${(x.floor / x.delivered).toFixed(2)} | ${x.cpuPerWorkflow.toFixed(1)} ms (${x.threads}) | ` +
        `${x.floorCpuPerWorkflow.toFixed(1)} ms (${x.floorThreads}) | ` +
        `${(x.peak / 2 ** 20).toFixed(0)} MB (${(x.ready / 2 ** 20).toFixed(0)} MB polling) | ` +
        `${x.serverCpu.toFixed(1)} / ${x.floorServerCpu.toFixed(1)} ms | ${x.events} |`,
    ),
  ].join('\n');
}

/** One N's figures as the misses section and the cost per organization read them. */
const figuresOf = (x: Scale): ScaleFigures => ({
  ...x,
  server: SERVERS[x.server],
  ratio: x.floor / x.delivered,
  perOrganization: x.delivered / x.n,
});

/** The scale's ratios and targets as figures of the main table. */
function scaleFigures(): void {
  for (const x of scales) {
    const at = `N = ${x.n}, ${SERVERS[x.server]}`;
    say(
      `scale floor: ratio floor / ours, to all assignments (${at})`,
      (x.floor / x.delivered).toFixed(2),
      '≥ 0.7',
    );
    say(`worker CPU per workflow, to its assignment (${at})`, `${x.cpuPerWorkflow.toFixed(1)} ms`, '≤ 5 ms');
    say(`the floor's worker CPU per workflow, to its mail (${at})`, `${x.floorCpuPerWorkflow.toFixed(1)} ms`);
    say(`worker RSS peak (${at})`, `${(x.peak / 2 ** 20).toFixed(0)} MB`, '≤ 500 MB');
  }
  for (const { server, first, last, cost } of organizationCosts(scales.map(figuresOf)))
    say(`cost per organization, N = ${last.n} / N = ${first.n} (${server})`, cost.toFixed(2), '≤ 1.2');
}

function organizationCounts(name: string, text: string): number[] {
  const counts = text
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isInteger(x) && x > 0);
  if (!counts.length) throw new Error(`${name} must be organization counts such as 50,200, not "${text}"`);
  return counts;
}

function machine(): string {
  let cli: string;
  try {
    cli = execFileSync(requireTemporalCli().path, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    cli = 'temporal CLI not found';
  }
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}, ${cli}`;
}

async function main(): Promise<void> {
  quietRuntime();
  const ns = organizationCounts('BENCH_N', process.env.BENCH_N ?? arg('n', '50,200,1000'));
  const clusterNs = process.env.BENCH_CLUSTER_N
    ? organizationCounts('BENCH_CLUSTER_N', process.env.BENCH_CLUSTER_N)
    : ns;
  const only = new Set(arg('only', 'year,email,start').split(','));
  const servers = (process.env.BENCH_SERVERS ?? arg('servers', 'dev,cluster'))
    .split(',')
    .map((x) => x.trim())
    .filter((x): x is Server => x in SERVERS);
  if (!servers.length)
    throw new Error(`BENCH_SERVERS must name servers among dev,cluster, not "${process.env.BENCH_SERVERS}"`);
  process.stdout.write(`machine: ${machine()}\n`);
  const t0 = performance.now();
  const yearFigures = only.has('year') ? await simulatedYear() : undefined;
  const emailFigures = only.has('email')
    ? await emailFanOut(Number(arg('emails', '1000')), Number(arg('concurrency', '8')), say)
    : undefined;
  let hooks: PromiseHookFigures | undefined;
  if (only.has('start')) {
    // One server at a time: the cluster, even idle, takes a share of the two cores.
    if (servers.includes('dev')) for (const n of ns) await organizations('dev', n);
    if (servers.includes('dev')) {
      hooks = { n: ns[0], ...(await withoutPromiseHooks(ns[0])) };
      say(
        `worker CPU per workflow without the SDK's per-promise stack capture (N = ${hooks.n}, dev server; diagnostic)`,
        `${hooks.cpuPerWorkflow.toFixed(1)} ms (${hooks.threads})`,
      );
    }
    if (servers.includes('cluster')) {
      const up = clusterUp();
      clusterAddress = up.address;
      try {
        for (const n of clusterNs) await organizations('cluster', n);
      } finally {
        up.leave();
      }
    }
  }
  scaleFigures();
  const minutes = ((performance.now() - t0) / 60_000).toFixed(0);
  const misses = missCauses(yearFigures, emailFigures, scales.map(figuresOf), hooks);
  const missText = misses.length
    ? `Misses, and what this run measured of their cause:\n\n${misses.map((l) => `- ${l}`).join('\n')}`
    : 'Every target met.';
  process.stdout.write(`\n${scaleTable()}\n\n${missText}\n\nbench: ${minutes} min\n`);
  const table = [
    '| figure | value | target |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${r.figure} | ${r.value} | ${r.target ?? ''} |`),
  ].join('\n');
  // A partial run (`--only`) prints its figures but leaves the record of the full one alone.
  if (!['year', 'email', 'start'].every((section) => only.has(section))) return;
  writeFileSync(
    join(__dirname, '..', 'BENCHMARKS.md'),
    `# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (N = ${ns.join(', ')}${servers.includes('cluster') ? ` on the dev server, ${clusterNs.join(', ')} on PostgreSQL` : ''}; the run took ${minutes} min).\n\n` +
      `Machine: ${machine()}; load average before the run ${loadBefore}.\n\n${table}\n\nScale:\n\n${scaleTable()}\n\n${missText}\n\n${NOTES}\n`,
  );
}

main().then(
  // The activity's pooled SMTP connections would keep the process alive.
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
