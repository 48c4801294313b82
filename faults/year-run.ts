// One simulated year of a plan on the time-skipping test server, the worker in a process of its own,
// the people acting as preview/actions.ts says (the same actions at the same simulated times as
// `civ year preview`), and the worker killed with SIGKILL at the given points and started again
// on the same data directory. With no kill points it is the run without faults the others are
// compared with.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { status as grpcStatus } from '@grpc/grpc-js';
import { isGrpcServiceError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { stringify } from 'yaml';
import { openLedger } from '../ledger/notification-ledger';
import type { SentRecord } from '../domain/notification';
import type { Plan } from '../domain/plan';
import type { PlanState } from '../domain/plan-state';
import type { ItemState } from '../domain/item-state';
import { previewActions } from '../preview/actions';
import { itemStates } from '../client/item-states';
import { itemWorkflowIds } from '../domain/ids';
import { type SmtpCatcher, startSmtpCatcher } from '../preview/mail-catcher';
import { act, previewStart, refusalReason } from '../preview/run';
import { timeSkippingEnv } from '../preview/time-skipping';
import { planWorkflowId } from '../domain/ids';
import { type PlanWorkflow, WORKFLOW_TYPES } from '../wire/workflow-types';
import { type KillDone, killer, type Killer, type KillPoint } from './killer';
import { failOrphanedActivities } from './orphans';
import { workerHost } from './worker-process';

const QUEUE = 'civ-faults';
/** Any 32 characters: with a key the emails carry personal links, one copy per reader, as in production. */
const PORTAL_SECRET = 'faults-kill-worker-portal-secret-0123456789';

/** One email as the SMTP server received it, and when (wall ms since the run began). */
export interface CaughtMail {
  workflowId: string;
  key: string;
  recipients: string[];
  wallMs: number;
}

export interface YearRun {
  planState: PlanState;
  items: Record<string, ItemState>;
  mails: CaughtMail[];
  /** What the worker's ledger (the data directory kept across restarts) says it sent. */
  ledger: SentRecord[];
  kills: KillDone[];
  /** Kill points the year ended before reaching (no email came after their date). */
  killsMissed: number;
  workerStarts: number;
  refused: { action: string; reason: string }[];
  wallMs: number;
  dir: string;
}

export interface YearRunOptions {
  late: string[];
  killPoints: KillPoint[];
  keep: boolean;
  log: (line: string) => void;
}

/** The worker's environment: the test server, our SMTP server, a data directory of its own. */
function workerEnv(address: string, smtpUrl: string, dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: 'default',
    CIV_TASK_QUEUE: QUEUE,
    CIV_PLANS_DIR: join(dir, 'plans'),
    CIV_DATA_DIR: join(dir, 'data'),
    SMTP_URL: smtpUrl,
    CIV_PORTAL_SECRET: PORTAL_SECRET,
    CIV_PORTAL_URL: 'http://127.0.0.1:8080',
    CIV_LOG_LEVEL: 'WARN',
  };
  // A profile, key or TLS setting of this host's own would point the worker elsewhere.
  for (const name of Object.keys(env))
    if (/^TEMPORAL_(API_KEY|TLS|PROFILE|CONFIG_FILE|GRPC_META)/.test(name)) delete env[name];
  delete env.CIV_PORTAL_KEYS_FILE;
  return env;
}

export async function runYear(plan: Plan, options: YearRunOptions): Promise<YearRun> {
  const t0 = performance.now();
  const startedAt = previewStart(plan);
  const dir = runDir(plan);
  const env = await timeSkippingEnv(startedAt);
  const catcher = await startSmtpCatcher();
  const host = workerHost(workerEnv(env.address, catcher.url, dir), dir);
  const ids = [planWorkflowId(plan.year), ...itemWorkflowIds(plan)];
  const afterKill = async () => {
    await resetSticky(env, ids);
    const orphans = await failOrphanedActivities(env, ids);
    if (orphans > 0)
      options.log(`    ${orphans} activity task(s) of the dead worker failed by id, to be retried`);
  };
  const kills = killer({ env, catcher, host, afterKill, t0, log: options.log });
  try {
    await host.start();
    const { planState, refused } = await playYear(env, kills, plan, startedAt, options);
    // A kill in progress ends before the states are read: queries need a worker.
    const killsMissed = await kills.stop();
    const items = await itemStates(env.client, plan);
    const wallMs = performance.now() - t0;
    const ledger = await openLedger(join(dir, 'data', 'notifications.jsonl')).list();
    const mails = caughtMails(catcher, kills, wallMs);
    return {
      planState,
      items,
      mails,
      ledger,
      kills: kills.done,
      killsMissed,
      workerStarts: host.starts,
      refused,
      wallMs,
      dir,
    };
  } finally {
    await kills.stop().catch(() => 0);
    await host.stop();
    await Promise.all([env.teardown(), catcher.close()]);
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** The run's directory: the plan in plans/, the worker's data (its ledger) in data/. */
function runDir(plan: Plan): string {
  const dir = mkdtempSync(join(tmpdir(), 'civ-faults-'));
  mkdirSync(join(dir, 'plans'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'plans', `${plan.year}.yaml`), stringify(plan));
  return dir;
}

// A real server sends a workflow's tasks and queries to the task queue again once the worker that
// ran it last is gone; the test server never does, so after a kill they would wait on the dead
// worker's sticky queue forever (seen: the bulletin activity's queries hung, attempt after attempt,
// and the year stalled). Our launcher implements ResetStickyTaskQueue
// (scripts/test-server/StickyReset.java), and the run calls it for every workflow after each kill,
// as a worker shutting down would. Workers without a cache, which have no sticky queues, are no way
// out: they never complete a workflow task that runs a local activity (the plan's theme start).
async function resetSticky(env: TestWorkflowEnvironment, ids: string[]): Promise<void> {
  await Promise.all(
    ids.map((workflowId) =>
      env.client.workflowService
        .resetStickyTaskQueue({ namespace: env.namespace ?? 'default', execution: { workflowId } })
        .catch((err: unknown) => {
          // Not started yet: nothing to reset. Anything else would leave the year stalled.
          if (!isGrpcServiceError(err) || err.code !== grpcStatus.NOT_FOUND) throw err;
        }),
    ),
  );
}

/** The plan workflow started, each action taken at its time with the kills armed between, its end. */
async function playYear(
  env: TestWorkflowEnvironment,
  kills: Killer,
  plan: Plan,
  startedAt: number,
  options: YearRunOptions,
): Promise<Pick<YearRun, 'planState' | 'refused'>> {
  const handle = await env.client.workflow.start<PlanWorkflow>(WORKFLOW_TYPES.plan, {
    taskQueue: QUEUE,
    workflowId: planWorkflowId(plan.year),
    args: [{ year: plan.year }],
  });
  // At least a second apart: the server skips time only once all work of the moment is done.
  const sleepUntil = async (at: number) => env.sleep(Math.max(at - (await env.currentTimeMs()), 1_000));
  const points = [...options.killPoints].sort((a, b) => a.at - b.at);
  const refused: YearRun['refused'] = [];
  for (const action of previewActions(plan, new Set(options.late), startedAt)) {
    while (points.length > 0 && points[0].at < action.at) {
      const point = points.shift()!;
      await sleepUntil(point.at);
      kills.arm(point);
    }
    await sleepUntil(action.at);
    try {
      await act(env.client, QUEUE, action, plan.year, plan.org);
    } catch (err) {
      refused.push({
        action: `${action.type} ${'workflowId' in action ? action.workflowId : ''}`,
        reason: refusalReason(err),
      });
    }
  }
  for (const point of points) kills.arm(point);
  return { planState: await handle.result(), refused };
}

/** Each caught email, with the wall time it arrived (the end of the run if the killer missed it). */
function caughtMails(catcher: SmtpCatcher, kills: Killer, wallMs: number): CaughtMail[] {
  return catcher.messages.map((m, i) => ({
    workflowId: String(m.headers.get('x-civ-workflow') ?? ''),
    key: String(m.headers.get('x-civ-key') ?? ''),
    recipients: catcher.envelopes[i].rcptTo.map((r) => r.toLowerCase()),
    wallMs: kills.arrivals[i] ?? wallMs,
  }));
}
