// A year's stack on the real dev server, as the integration tests share it: the Temporal CLI dev
// server, a real SMTP server on loopback, a folder holding `<year>.yaml` (the 2020 plan rolled over,
// also the data folder), and a worker with the real activities. The worker's activities read plans
// from that folder through CIV_PLANS_DIR, as the CLI does; `close` puts the variable back.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities, type ActivityOptions } from '../../activities';
import { startSmtpCatcher, type SmtpCatcher } from '../../preview/mail-catcher';
import { rolledPlanText } from './plans';
import { devServerEnv, workflowBundle } from './temporal';

const repo = resolve(__dirname, '../..');
const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface YearStack {
  env: TestWorkflowEnvironment;
  smtp: SmtpCatcher;
  /** The plans folder, also the data folder (ledger, evidence). */
  dir: string;
  worker: Worker;
  /** The real `civ` binary against this stack. */
  civ(...args: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startYearStack(options: {
  year: number;
  queue: string;
  links?: ActivityOptions['links'];
}): Promise<YearStack> {
  const [env, smtp] = await Promise.all([devServerEnv(), startSmtpCatcher()]);
  const dir = mkdtempSync(join(tmpdir(), 'civ-stack-'));
  writeFileSync(join(dir, `${options.year}.yaml`), rolledPlanText(options.year));
  const savedPlansDir = process.env.CIV_PLANS_DIR;
  process.env.CIV_PLANS_DIR = dir;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace,
    taskQueue: options.queue,
    workflowBundle: await workflowBundle(require.resolve('../../workflows')),
    activities: createActivities({
      smtpUrl: smtp.url,
      ledgerPath: join(dir, 'notifications.jsonl'),
      client: env.client,
      taskQueue: options.queue,
      links: options.links ?? null,
    }),
  });
  const running = worker.run();

  return {
    env,
    smtp,
    dir,
    worker,
    async civ(...args) {
      try {
        const { stdout, stderr } = await run(process.execPath, ['bin/civ.js', ...args], {
          cwd: repo,
          env: {
            ...process.env,
            TEMPORAL_ADDRESS: env.address,
            TEMPORAL_NAMESPACE: env.namespace ?? 'default',
            CIV_TASK_QUEUE: options.queue,
            CIV_PLANS_DIR: dir,
            CIV_DATA_DIR: dir,
          },
        });
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as CliResult;
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
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
