// Runs a whole plan year on Temporal's time-skipping test server, in seconds: the real workflows
// and activities, a real SMTP server on loopback catching every email, and the people acting as
// preview/actions.ts says. Used by `civ year preview` and by the whole-year test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultPlanPath } from '../config/plan-files';
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { stringify } from 'yaml';
import { createActivities } from '../activities';
import type { Plan } from '../domain/plan';
import type { PlanState } from '../domain/plan-state';
import type { ItemState } from '../domain/item-state';
import type { YearRecord } from '../domain/year-record';
import { yearRecord } from '../client/year-record';
import { planWorkflowId, themeStarterWorkflowId } from '../domain/ids';
import { decideUpdate, finalSignOffUpdate, reportUpdate } from '../wire/messages';
import { type PlanWorkflow, type ThemeStarterWorkflow, WORKFLOW_TYPES } from '../wire/workflow-types';
import { type PreviewAction, previewActions } from './actions';
import { type SmtpCatcher, startSmtpCatcher } from './mail-catcher';
import { timeSkippingEnv } from './time-skipping';
import { itemStates } from '../client/item-states';
import { ensureWorkflowBundle } from '../worker/bundle';

const QUEUE = 'civ-preview';

/** One email of the year: when it went out (simulated time), what, to whom (envelope), its source. */
export interface PreviewMail {
  at: string;
  workflowId: string;
  key: string;
  kind: string;
  subject: string;
  recipients: string[];
  raw: Buffer;
}

export interface PreviewResult {
  plan: Plan;
  startedAt: number;
  late: string[];
  planState: PlanState;
  /** Every item workflow's final state, by workflow id. */
  items: Record<string, ItemState>;
  mails: PreviewMail[];
  /** Actions the workflows refused (there should be none). */
  refused: { action: PreviewAction; reason: string }[];
  /** The year's record at its end, as `civ year report` reads it. */
  record: YearRecord;
  /** The histories asked for, by workflow id (of its last run). */
  histories: Record<string, unknown>;
  /** The same workflows' runs, first to last (a workflow that continued as new has several). */
  runs: Record<string, unknown[]>;
}

/** When the year starts: the day its plan was issued, or 1 January. */
export function previewStart(plan: Plan): number {
  const issued = plan.document?.issuedOn;
  const day = issued && issued.startsWith(`${plan.year}-`) ? issued : `${plan.year}-01-01`;
  return Date.parse(`${day}T09:30:00+08:00`);
}

export interface PreviewOptions {
  late?: string[];
  onProgress?: (done: number, total: number) => void;
  /** Workflow ids whose histories to return (for replay fixtures). */
  histories?: string[];
}

export async function runPreview(plan: Plan, options: PreviewOptions = {}): Promise<PreviewResult> {
  const startedAt = previewStart(plan);
  const plans = usePlansDir(plan);
  const env = await timeSkippingEnv(startedAt);
  const catcher = await startSmtpCatcher();
  try {
    const worker = await previewWorker(env, catcher, plans.dir);
    return await worker.runUntil(() => playYear(env, catcher, plan, startedAt, options));
  } finally {
    await Promise.all([env.teardown(), catcher.close()]);
    plans.restore();
  }
}

/**
 * A temporary plans directory holding `plan`, as CIV_PLANS_DIR until `restore`: the activities load
 * the plan by year and organization from the plans directory.
 */
function usePlansDir(plan: Plan): { dir: string; restore: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'civ-preview-'));
  const savedPlans = process.env.CIV_PLANS_DIR;
  process.env.CIV_PLANS_DIR = dir;
  const file = defaultPlanPath(plan.year, plan.org);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, stringify(plan));
  const restore = () => {
    if (savedPlans === undefined) delete process.env.CIV_PLANS_DIR;
    else process.env.CIV_PLANS_DIR = savedPlans;
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, restore };
}

async function previewWorker(
  env: TestWorkflowEnvironment,
  catcher: SmtpCatcher,
  dir: string,
): Promise<Worker> {
  const activities = createActivities({
    smtpUrl: catcher.url,
    ledgerPath: join(dir, 'notifications.jsonl'),
    client: env.client,
    taskQueue: QUEUE,
  });
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue: QUEUE,
    // The worker's own bundle, built once per version of the code: webpack in this process took
    // about 3 s of every preview.
    workflowBundle: { codePath: await ensureWorkflowBundle() },
    // The test server has no Schedules: this driver starts each month's theme as they would.
    activities: { ...activities, ensureThemeSchedule: async () => false },
  });
}

/** The year itself: the plan workflow started, every action taken in its time, the outcome read. */
async function playYear(
  env: TestWorkflowEnvironment,
  catcher: SmtpCatcher,
  plan: Plan,
  startedAt: number,
  options: PreviewOptions,
): Promise<PreviewResult> {
  const late = options.late ?? [];
  const handle = await env.client.workflow.start<PlanWorkflow>(WORKFLOW_TYPES.plan, {
    taskQueue: QUEUE,
    workflowId: planWorkflowId(plan.year, plan.org),
    args: [{ year: plan.year, ...(plan.org && { org: plan.org }) }],
  });
  const actions = previewActions(plan, new Set(late), startedAt);
  const refused = await takeActions(env, plan, actions, options.onProgress);
  const planState = await handle.result();
  const items = await itemStates(env.client, plan);
  const record = await yearRecord(env.client, plan, await env.currentTimeMs());
  const runs = await fetchHistories(env.client, options.histories ?? []);
  const histories = Object.fromEntries(Object.entries(runs).map(([id, r]) => [id, r.at(-1)]));
  const mails = mailsOf(planState, items, catcher);
  return { plan, startedAt, late, planState, items, mails, refused, record, histories, runs };
}

/** Takes each action at its time; returns the ones the workflows refused, with why. */
async function takeActions(
  env: TestWorkflowEnvironment,
  plan: Plan,
  actions: PreviewAction[],
  onProgress: PreviewOptions['onProgress'],
): Promise<PreviewResult['refused']> {
  const refused: PreviewResult['refused'] = [];
  let done = 0;
  for (const action of actions) {
    // At least a second apart: the server skips time only once all work of the moment is done.
    const now = await env.currentTimeMs();
    await env.sleep(Math.max(action.at - now, 1_000));
    try {
      await act(env.client, QUEUE, action, plan.year, plan.org);
    } catch (err) {
      refused.push({ action, reason: refusalReason(err) });
    }
    onProgress?.(++done, actions.length);
  }
  return refused;
}

/** Each workflow's runs, first to last: each run's first event names the run it continued. */
async function fetchHistories(client: Client, ids: string[]): Promise<Record<string, unknown[]>> {
  const histories: Record<string, unknown[]> = {};
  for (const id of ids) {
    const runs: temporal.api.history.v1.IHistory[] = [];
    let runId: string | undefined;
    do {
      // An item over before the plan started (a past festival, an earlier month) never ran.
      const history = await client.workflow
        .getHandle(id, runId)
        .fetchHistory()
        .catch(() => undefined);
      if (!history) break;
      runs.unshift(history);
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      runId = started?.continuedExecutionRunId || undefined;
    } while (runId);
    if (runs.length) histories[id] = runs;
  }
  return histories;
}

/** Why a workflow refused an action: the update's own message, under the client's wrapping. */
export function refusalReason(err: unknown): string {
  return err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
}

/** What a person of preview/actions.ts does, sent to the workflows. */
export async function act(
  client: Client,
  taskQueue: string,
  action: PreviewAction,
  year: number,
  org: string | undefined,
): Promise<void> {
  switch (action.type) {
    case 'start-theme':
      // What the Schedule does (the test server has no Schedules): it starts the month's starter,
      // which asks the plan workflow to start the theme.
      await client.workflow.start<ThemeStarterWorkflow>(WORKFLOW_TYPES.themeStarter, {
        taskQueue,
        workflowId: `${themeStarterWorkflowId(year, org)}-${year}-${String(action.month).padStart(2, '0')}`,
        args: [{ year, ...(org && { org }) }],
      });
      return;
    case 'report':
      await client.workflow
        .getHandle(action.workflowId)
        .executeUpdate(reportUpdate, { args: [action.input] });
      return;
    case 'approve':
      await client.workflow.getHandle(action.workflowId).executeUpdate(decideUpdate, {
        args: [{ verdict: 'approve', actor: action.actor, comment: '同意' }],
      });
      return;
    case 'final-sign-off':
      await client.workflow.getHandle(planWorkflowId(year, org)).executeUpdate(finalSignOffUpdate, {
        args: [{ actor: action.actor, comment: '全年创建工作扎实有效，同意' }],
      });
  }
}

/** The caught emails, each with the time its workflow recorded for it (the clock it was sent by). */
function mailsOf(
  planState: PlanState,
  items: Record<string, ItemState>,
  catcher: SmtpCatcher,
): PreviewMail[] {
  const at = new Map<string, string>();
  for (const n of planState.notifications) at.set(n.messageId, n.at);
  for (const s of Object.values(items)) for (const n of s.notifications) at.set(n.messageId, n.at);
  return catcher.messages
    .map((m, i) => ({
      at: at.get(m.messageId ?? '') ?? '',
      workflowId: String(m.headers.get('x-civ-workflow') ?? ''),
      key: String(m.headers.get('x-civ-key') ?? ''),
      kind: String(m.headers.get('x-civ-kind') ?? ''),
      subject: m.subject ?? '',
      recipients: catcher.envelopes[i].rcptTo,
      raw: catcher.raw[i],
    }))
    .sort((a, b) => a.at.localeCompare(b.at));
}
