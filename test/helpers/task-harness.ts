// A task workflow under test: the time-skipping server started at a chosen instant, a worker with
// the real activities, and a real SMTP server on loopback that catches what they send.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities, type Activities } from '../../activities';
import type { ItemDefinition } from '../../domain/item-definition';
import { taskWorkflow } from '../../workflows/task';
import { startSmtpCatcher, type SmtpCatcher, type SmtpCatcherOptions } from '../../preview/mail-catcher';
import { timeSkippingEnv, workflowBundle } from './temporal';

export const TASK_QUEUE = 'civ-test';

export interface Harness {
  env: TestWorkflowEnvironment;
  smtp: SmtpCatcher;
  ledgerPath: string;
  start(def: ItemDefinition, workflowId?: string): Promise<WorkflowHandle<typeof taskWorkflow>>;
  close(): Promise<void>;
}

export async function taskHarness(
  startAt: string,
  wrap: (activities: Activities) => Activities = (a) => a,
  smtpOptions: SmtpCatcherOptions = {},
): Promise<Harness> {
  const [env, smtp] = await Promise.all([timeSkippingEnv(startAt), startSmtpCatcher(smtpOptions)]);
  const dir = mkdtempSync(join(tmpdir(), 'civ-ledger-'));
  const ledgerPath = join(dir, 'notifications.jsonl');
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await workflowBundle(require.resolve('../../workflows')),
    activities: wrap(createActivities({ smtpUrl: smtp.url, ledgerPath })),
  });
  const running = worker.run();
  return {
    env,
    smtp,
    ledgerPath,
    start: (def, workflowId = `civ-${def.ref.year}-task-${def.ref.id}`) =>
      env.client.workflow.start(taskWorkflow, {
        taskQueue: TASK_QUEUE,
        workflowId,
        args: [{ year: def.ref.year, task: def.ref.id, definition: def }],
      }),
    async close() {
      worker.shutdown();
      await running;
      await Promise.all([env.teardown(), smtp.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
