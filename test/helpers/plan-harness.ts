// The annual plan workflow under test: the time-skipping server started at a chosen instant, plan
// files in a folder of their own (CIV_PLANS_DIR while the harness runs), a worker with the real
// activities (the test server has no Schedules, so the theme Schedule's activity answers "exists"),
// and a real SMTP server on loopback.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities, type Activities } from '../../activities';
import { planWorkflowId } from '../../domain/ids';
import { startSmtpCatcher, type SmtpCatcher, type SmtpCatcherOptions } from '../../preview/mail-catcher';
import { type PlanWorkflow, WORKFLOW_TYPES } from '../../wire/workflow-types';
import { timeSkippingEnv, workflowBundle } from './temporal';

export const PLAN_QUEUE = 'civ-plan-test';

export interface PlanHarness {
  env: TestWorkflowEnvironment;
  smtp: SmtpCatcher;
  dir: string;
  worker: Worker;
  /** Starts `civ-[<org>-]<year>-plan` as `civ year start` does. */
  startPlan(year: number, org?: string): Promise<WorkflowHandle<PlanWorkflow>>;
  /** Polls `probe` (wall clock, the test server's clock locked) until it answers something truthy. */
  until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/**
 * `plans` maps a plan file's path under the plans folder (`2020.yaml`, `unit-a/2020.yaml`) to its
 * text; `wrap` may change the worker's activities; `smtpOptions` make the SMTP server refuse some.
 */
export async function planHarness(
  startAt: string,
  plans: Record<string, string>,
  wrap: (activities: Activities) => Activities = (a) => a,
  smtpOptions: SmtpCatcherOptions = {},
): Promise<PlanHarness> {
  const [env, smtp] = await Promise.all([timeSkippingEnv(startAt), startSmtpCatcher(smtpOptions)]);
  const dir = mkdtempSync(join(tmpdir(), 'civ-plan-harness-'));
  for (const [path, text] of Object.entries(plans)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const savedPlansDir = process.env.CIV_PLANS_DIR;
  process.env.CIV_PLANS_DIR = dir;
  const activities = createActivities({
    smtpUrl: smtp.url,
    ledgerPath: join(dir, 'notifications.jsonl'),
    client: env.client,
    taskQueue: PLAN_QUEUE,
    links: null,
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: PLAN_QUEUE,
    workflowBundle: await workflowBundle(require.resolve('../../workflows')),
    activities: wrap({ ...activities, ensureThemeSchedule: async () => false }),
  });
  const running = worker.run();
  return {
    env,
    smtp,
    dir,
    worker,
    startPlan: (year, org) =>
      env.client.workflow.start<PlanWorkflow>(WORKFLOW_TYPES.plan, {
        taskQueue: PLAN_QUEUE,
        workflowId: planWorkflowId(year, org),
        args: [{ year, ...(org && { org }) }],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      }),
    async until(probe, what, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await probe().catch(() => undefined);
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      worker.shutdown();
      await running;
      await Promise.all([env.teardown(), smtp.close()]);
      rmSync(dir, { recursive: true, force: true });
      if (savedPlansDir === undefined) delete process.env.CIV_PLANS_DIR;
      else process.env.CIV_PLANS_DIR = savedPlansDir;
    },
  };
}
