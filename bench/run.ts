// `npm run bench`: figures, not pass/fail (issue 9). Prints a table and writes the same figures to
// BENCHMARKS.md with the machine they were taken on.
//
//  1. a whole simulated year of the default plan on the time-skipping server: wall time, emails,
//     history events per workflow (the largest);
//  2. email fan-out: notifications per second through the email activity, as a ratio to plain pooled
//     nodemailer sending the same messages to the same SMTP server in the same run;
//  3. scale on the dev server: N organizations (default N = 200, `--n 50,100,200,400`), each with the
//     default plan, their plan workflows started at once: workflows started per second as a ratio to a
//     no-op workflow started the same way on the same server in the same run, the time until every
//     assignment reached the SMTP server, history events, the worker's peak RSS.
//
// `--only year,email,start` runs some of them (and then writes no BENCHMARKS.md); `--emails 500` sets the fan-out's size.
//
// Targets (issue 9): start-rate ratio ≥ 0.7; email ratio ≥ 0.8; a simulated year ≤ 20 s; ≤ 1,000
// history events in any workflow; worker ≤ 500 MB RSS at N = 200.
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import nodemailer from 'nodemailer';
import { buildCalendarAttachment, createEmailActivities } from '../activities/email';
import { renderNotification } from '../domain/templates';
import { loadPlanFile } from '../config/plan-files';
import type { Plan } from '../domain/plan';
import type { Notification } from '../domain/notification';
import { itemWorkflowIds } from '../domain/ids';
import { type SmtpCatcher, startSmtpCatcher } from '../preview/mail-catcher';
import { runPreview } from '../preview/run';
import { quietRuntime } from '../preview/time-skipping';
import { requireTemporalCli } from '../stack/toolchain';
import { startScript, stopProcess } from '../test/helpers/processes';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import { devServerEnv } from '../test/helpers/temporal';
import { organizationPlanText, SAMPLE_TASK } from '../test/helpers/plans';
import { planWorkflowId, taskWorkflowId } from '../domain/ids';
import { startYear } from '../client/plan-workflow';
import { TASK_QUEUE } from '../client/connection';
import { localDate } from '../domain/calendar';

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

async function simulatedYear(): Promise<void> {
  const loaded = loadPlanFile(join(__dirname, '..', 'plans', '2020.yaml'));
  if (!loaded.ok) throw new Error(loaded.errors[0]);
  const plan = loaded.plan;
  const ids = [planWorkflowId(plan.year), ...itemWorkflowIds(plan)];
  const t0 = performance.now();
  const result = await runPreview(plan, { late: ['legal'], histories: ids });
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
}

function notification(i: number): Notification {
  return {
    workflowId: `civ-2020-task-${String(i % 90).padStart(2, '0')}`,
    key: `bench-${i}`,
    kind: 'reminder',
    to: [{ name: '李明', email: `lead${i}@example.gov.cn` }],
    cc: [{ name: '领导小组办公室', email: 'office@example.gov.cn' }],
    task: SAMPLE_TASK,
    branches: [{ id: 'office', name: '办公室支部' }],
    daysLeft: 3,
  };
}

async function emailFanOut(n: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'civ-bench-mail-'));
  const smtp = await startSmtpCatcher();
  try {
    const concurrency = Number(arg('concurrency', '8'));
    const pool = async (count: number, send: (i: number) => Promise<unknown>) => {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < count) await send(next++);
        }),
      );
      return count / ((performance.now() - t0) / 1000);
    };
    const activity = createEmailActivities({
      smtpUrl: smtp.url,
      ledgerPath: join(dir, 'ledger.jsonl'),
      links: null,
      logger: { info() {}, warn() {} },
    });
    const plain = nodemailer.createTransport({ url: smtp.url, pool: true, maxConnections: 5 });
    // Each side gets the same warm-up, then the same messages.
    await activity.sendNotification(notification(n + 1));
    await plain.sendMail({ from: 'a@example.gov.cn', to: 'b@example.gov.cn', subject: 'warm', text: 'x' });
    const viaActivity = await pool(n, (i) => activity.sendNotification(notification(i)));
    // The baseline sends the very same messages (subject, text and HTML bodies, .ics), made beforehand.
    const made = Array.from({ length: n }, (_, i) => {
      const m = notification(i);
      const ics = buildCalendarAttachment(m, new Date());
      return { m, ...renderNotification(m), attachments: ics ? [ics] : [] };
    });
    const direct = await pool(n, async (i) => {
      const { m, subject, text, html, attachments } = made[i];
      await plain.sendMail({
        from: 'civ-office@example.gov.cn',
        to: m.to.map((r) => r.email),
        cc: m.cc?.map((r) => r.email),
        subject,
        text,
        html,
        attachments,
      });
    });
    plain.close();
    say(
      `email: ${n} notifications through the activity, ${concurrency} at a time`,
      `${viaActivity.toFixed(0)} /s`,
    );
    say(`email: the same through plain pooled nodemailer`, `${direct.toFixed(0)} /s`);
    say('email: ratio activity / nodemailer', (viaActivity / direct).toFixed(2), '≥ 0.8');
  } finally {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The resident set of a process, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) the process has used so far, in ms, from /proc. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
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

/**
 * N organizations in one deployment, each with the default plan rolled to next year (its 16 tasks
 * and its festivals; the monthly themes come from each organization's Schedule), every plan workflow
 * started at once, as `civ --org <key> year start` would one after the other.
 */
async function organizations(n: number): Promise<void> {
  const { dir, year, orgs, plans } = organizationPlans(n);
  const sample = plans[0];
  // Started before the year: every task and festival now, no theme until its month.
  const itemsPerOrg = sample.tasks.length + sample.festivals.length;
  const workflows = n * (1 + itemsPerOrg);
  const [env, smtp] = await Promise.all([devServerEnv(), startSmtpCatcher()]);
  const worker = await startBenchWorker(env.address, smtp.url, dir);
  const ready = rssOf(worker.pid!);
  const cpuAtReady = cpuMsOf(worker.pid!);
  let peak = ready;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(worker.pid!))), 50);
  try {
    // The no-op: a workflow type no worker polls for, as many as the organizations' workflows, started
    // through the same client on the same server.
    const noop = await startRate(workflows, 64, (i) =>
      env.client.workflow.start('benchNoop', { taskQueue: 'civ-bench-noop', workflowId: `bench-noop-${i}` }),
    );
    const expected = n * sample.tasks.length;
    const { startSeconds, delivered } = await startOrganizations(env, smtp, plans, {
      year,
      items: n * itemsPerOrg,
      expected,
    });
    const started = workflows / startSeconds;
    const cpuPerWorkflow = (cpuMsOf(worker.pid!) - cpuAtReady) / workflows;
    const planEvents = (await env.client.workflow.getHandle(planWorkflowId(year, orgs[0])).fetchHistory())
      .events?.length;
    const taskEvents = (
      await env.client.workflow.getHandle(taskWorkflowId(year, '05', orgs[0])).fetchHistory()
    ).events?.length;
    say(`orgs: ${workflows} no-op workflows (N = ${n})`, `${noop.toFixed(0)} /s`);
    say(`orgs: ${n} organizations' workflows (${workflows})`, `${started.toFixed(0)} /s`);
    say(`orgs: start ratio, organizations / no-op (N = ${n})`, (started / noop).toFixed(2), '≥ 0.7');
    say(
      `orgs: all ${expected} assignments at the SMTP server (N = ${n})`,
      `${delivered.toFixed(1)} s (${((delivered * 1000) / n).toFixed(0)} ms per organization)`,
    );
    say(
      `orgs: worker CPU per workflow, to its assignment (N = ${n})`,
      `${cpuPerWorkflow.toFixed(1)} ms`,
      '≤ 5 ms',
    );
    say(
      `orgs: history events, plan / task 05 after assignment (N = ${n})`,
      `${planEvents} / ${taskEvents}`,
      '≤ 1,000',
    );
    say(
      `orgs: worker process RSS, peak (N = ${n})`,
      `${(peak / 2 ** 20).toFixed(0)} MB (${(ready / 2 ** 20).toFixed(0)} MB when it began polling)`,
      '≤ 500 MB at N = 200',
    );
  } finally {
    clearInterval(sampler);
    await stopProcess(worker, 'SIGTERM');
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
async function startBenchWorker(address: string, smtpUrl: string, dir: string): Promise<ChildProcess> {
  const workerEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: address,
    CIV_TASK_QUEUE: TASK_QUEUE,
    SMTP_URL: smtpUrl,
    CIV_DATA_DIR: dir,
    CIV_PLANS_DIR: dir,
    CIV_LOG_LEVEL: 'WARN',
  };
  delete workerEnv.CIV_PORTAL_SECRET;
  delete workerEnv.CIV_PORTAL_KEYS_FILE;
  return (await startScript('worker/main.ts', workerEnv, 'worker: polling', 120_000, WORKER_NODE_FLAGS)).proc;
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
- The starts run the worker as \`npm run worker\` does, in a process of its own (a fresh one per N),
  with its defaults (workflow bundle built ahead, at most 100 cached workflows): its RSS is sampled
  from /proc every 50 ms.
- The no-op workflows are only started, never run: no worker polls their queue. The organizations'
  workflows are run by one worker on the same 2 cores as the server, so the start ratio compares
  starting and running a workflow's first steps with starting alone.
- "N" is N organizations in one deployment, each with the default plan rolled to next year under its
  own key (\`plans/<org>/<year>.yaml\`): its plan workflow starts its 16 tasks and 4 festivals, and
  creates its monthly-theme Schedule. All N plans are started at once (64 starts in flight); the
  rate counts every workflow (plans and items) until the visibility store lists them all. The no-op
  is as many workflows of a type no worker polls, started by the same client, 64 in flight.
- The machine has 2 cores shared by the dev server, the worker and the SMTP catcher: figures vary
  by 20-30 % from run to run. The timeline benchmark (\`npm run bench:timeline\`) is separate.`;

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
  const ns = arg('n', '200')
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isInteger(x) && x > 0);
  const only = new Set(arg('only', 'year,email,start').split(','));
  process.stdout.write(`machine: ${machine()}\n`);
  if (only.has('year')) await simulatedYear();
  if (only.has('email')) await emailFanOut(Number(arg('emails', '500')));
  if (only.has('start')) for (const n of ns) await organizations(n);
  const table = [
    '| figure | value | target |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${r.figure} | ${r.value} | ${r.target ?? ''} |`),
  ].join('\n');
  // A partial run (`--only`) prints its figures but leaves the record of the full one alone.
  if (!['year', 'email', 'start'].every((section) => only.has(section))) return;
  writeFileSync(
    join(__dirname, '..', 'BENCHMARKS.md'),
    `# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.\n\nMachine: ${machine()}.\n\n${table}\n\n${NOTES}\n`,
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
