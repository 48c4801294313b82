// `npm start`: the whole local stack on one machine. Temporal dev server with SQLite in
// data/, MailDev as SMTP catcher and inbox, the worker, then the year's plan. Ctrl-C stops what
// it started; the data folder keeps workflows and mail for the next start.
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectClient } from '../client/connection';
import { startYear } from '../client/plan-workflow';
import { localDate } from '../domain/calendar';
import { scopeLabel } from '../domain/organization';
import { defaultPlanPath, loadScopedPlan, organizationsWithPlan } from '../config/plan-files';
import { planWorkflowId } from '../domain/ids';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import { dataDir, REPO_DIR, stackSecretPath } from '../config/paths';
import { requireTemporalCli } from './toolchain';

const DATA_DIR = dataDir();
import { devServerArgs, isListening, mailDevArgs, NAMESPACE, PORTS, URLS, waitForPort } from './services';

const children: { name: string; proc: ChildProcess }[] = [];
let stopping = false;

function log(message: string): void {
  process.stdout.write(`stack: ${message}\n`);
}

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const proc = spawn(command, args, {
    cwd: REPO_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((line) => line.trim())
      .forEach((line) => process.stdout.write(`[${name}] ${line}\n`));
  proc.stdout?.on('data', prefix);
  proc.stderr?.on('data', prefix);
  proc.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping the stack`);
      void stop(1);
    }
  });
  children.push({ name, proc });
  return proc;
}

function waitForLine(proc: ChildProcess, text: string, what: string, timeoutMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} did not start within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    const check = (chunk: Buffer) => {
      if (!chunk.toString().includes(text)) return;
      clearTimeout(timer);
      proc.stdout?.off('data', check);
      resolve();
    };
    proc.stdout?.on('data', check);
  });
}

async function stop(exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Reverse order: the worker drains before the server it talks to goes away.
  for (const { name, proc } of [...children].reverse()) {
    if (proc.exitCode !== null || proc.signalCode !== null) continue;
    log(`stopping ${name}`);
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  log('stopped; workflows and mail are kept in ' + DATA_DIR);
  process.exit(exitCode);
}

/** The year to run: $CIV_YEAR, else the current year in Asia/Shanghai. */
function planYear(): number {
  return Number(process.env.CIV_YEAR ?? localDate(Date.now()).slice(0, 4));
}

/** Starts the year of every organization with a plan for it: plans/<year>.yaml and plans/<org>/<year>.yaml. */
async function startPlanYear(): Promise<void> {
  const year = planYear();
  const orgs = organizationsWithPlan(year);
  if (!orgs.length) {
    log(
      `no plans/${year}.yaml: no year started (set CIV_YEAR to a year that has a plan, e.g. CIV_YEAR=2020)`,
    );
    return;
  }
  const client = await connectClient();
  try {
    for (const org of orgs) {
      const result = loadScopedPlan(year, org);
      if (!result.ok) {
        log(`${defaultPlanPath(year, org)}: ${result.errors[0]} (not started; see civ plan validate)`);
        continue;
      }
      const outcome = await startYear(client, result.plan);
      log(
        `plan ${scopeLabel({ year, org })}: ${planWorkflowId(year, org)} ${outcome === 'running' ? 'already running' : outcome}`,
      );
    }
  } finally {
    await client.connection.close();
  }
}

/**
 * The local stack's signing key for personal links: CIV_PORTAL_SECRET when set, else a random one
 * kept in the data folder (never in the repo), so links in earlier emails still work after a restart.
 */
function portalSecret(): string {
  if (process.env.CIV_PORTAL_SECRET) return process.env.CIV_PORTAL_SECRET;
  const file = stackSecretPath();
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function main(): Promise<void> {
  const cli = requireTemporalCli();
  // The stack runs its own server: the worker and the year start talk to it, whatever the shell says.
  process.env.TEMPORAL_ADDRESS = URLS.temporal;
  process.env.TEMPORAL_NAMESPACE = NAMESPACE;
  for (const [name, port] of Object.entries(PORTS)) {
    if (await isListening(port)) {
      throw new Error(
        `port ${port} (${name}) is already in use: is the stack already running? see \`npx civ doctor\``,
      );
    }
  }
  mkdirSync(join(DATA_DIR, 'mail'), { recursive: true });

  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  log(`Temporal dev server (${cli.version})`);
  start('temporal', cli.path, devServerArgs());
  start('maildev', process.execPath, mailDevArgs());
  await waitForPort(PORTS.temporal, 'Temporal dev server');
  await waitForPort(PORTS.ui, 'Temporal UI');
  await waitForPort(PORTS.smtp, 'MailDev SMTP');
  await waitForPort(PORTS.inbox, 'MailDev inbox');

  const env = {
    TEMPORAL_ADDRESS: URLS.temporal,
    SMTP_URL: process.env.SMTP_URL ?? URLS.smtp,
    CIV_DATA_DIR: DATA_DIR,
    // Worker and portal share the signing key: the worker's emails carry links the portal checks.
    ...(process.env.CIV_PORTAL_KEYS_FILE ? {} : { CIV_PORTAL_SECRET: portalSecret() }),
    CIV_PORTAL_URL: process.env.CIV_PORTAL_URL ?? URLS.portal,
    CIV_PORTAL_PORT: String(PORTS.portal),
  };
  const worker = start(
    'worker',
    process.execPath,
    [...WORKER_NODE_FLAGS, '--import', 'tsx', join(REPO_DIR, 'worker', 'main.ts')],
    env,
  );
  await waitForLine(worker, 'worker: polling', 'the worker');
  start('portal', process.execPath, ['--import', 'tsx', join(REPO_DIR, 'portal', 'main.ts')], env);
  await waitForPort(PORTS.portal, 'the portal');

  await startPlanYear();
  log('ready');
  log(`  Temporal UI   ${URLS.ui}`);
  log(`  Mail inbox    ${URLS.inbox}`);
  log(`  Portal        ${URLS.portal}  (officials open it from the links in their emails)`);
  log(`  Temporal gRPC ${URLS.temporal}  (SMTP ${URLS.smtp})`);
  log('  Ctrl-C stops everything; data stays in ' + DATA_DIR);
}

main().catch((err: unknown) => {
  process.stderr.write(`stack: ${err instanceof Error ? err.message : String(err)}\n`);
  void stop(1);
});
