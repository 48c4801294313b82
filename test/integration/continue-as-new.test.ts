// Continue-as-new on the real dev server, its history limit set low so Temporal suggests it after a
// few dozen events: the task continues in a new run with everything it knew, and sends nothing twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { localDate } from '../../domain/calendar';
import { taskDefinition } from '../../domain/item-definition';
import { rollPlan } from '../../domain/plan-roll';
import { decideUpdate, reportUpdate, statusQuery } from '../../wire/messages';
import { taskWorkflow } from '../../workflows/task';
import { plan2020 } from '../helpers/plans';
import { startSmtpCatcher, type SmtpCatcher } from '../../preview/mail-catcher';
import { devServerEnv, workflowBundle } from '../helpers/temporal';

jest.setTimeout(120_000);

const QUEUE = 'civ-can';
// The dev server runs on the real clock: next year's plan, whose task is open all along.
const YEAR = Number(localDate(Date.now()).slice(0, 4)) + 1;

let env: TestWorkflowEnvironment;
let smtp: SmtpCatcher;
let dir: string;
beforeAll(async () => {
  [env, smtp] = await Promise.all([
    devServerEnv({ 'limit.historyCount.suggestContinueAsNew': 40 }),
    startSmtpCatcher(),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'civ-can-'));
});
afterAll(async () => {
  await Promise.all([env?.teardown(), smtp?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

test('a task continued as new keeps its reports, KPIs and notifications, and sends nothing twice', async () => {
  const def = taskDefinition(rollPlan(plan2020(), YEAR).plan, '08'); // KPIs, a milestone, several branches
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: QUEUE,
    workflowBundle: await workflowBundle(require.resolve('../../workflows')),
    activities: createActivities({ smtpUrl: smtp.url, ledgerPath: join(dir, 'ledger.jsonl') }),
  });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(taskWorkflow, {
      taskQueue: QUEUE,
      workflowId: `civ-${YEAR}-task-08`,
      args: [{ year: YEAR, task: '08', definition: def }],
    });
    const firstRun = (await handle.describe()).runId;
    // Milestone reports, then the final ones: each update adds events until Temporal suggests a new run.
    for (const b of def.branches)
      await handle.executeUpdate(reportUpdate, {
        args: [{ branch: b.id, actor: b.lead.name, summary: '阶段完成', milestone: def.milestones[0].id }],
      });
    const kpis = { 'registered-volunteers': 93, 'active-volunteers': 91 };
    for (const b of def.branches)
      await handle.executeUpdate(reportUpdate, {
        args: [{ branch: b.id, actor: b.lead.name, summary: '全年完成', kpis }],
      });

    let description = await handle.describe();
    for (let i = 0; i < 100 && description.runId === firstRun; i++) {
      await new Promise((r) => setTimeout(r, 100));
      description = await handle.describe();
    }
    expect(description.runId).not.toBe(firstRun); // continued as new
    const carried = await handle.query(statusQuery);
    expect(carried.phase).toBe('awaiting-sign-off');
    expect(carried.branches.every((b) => b.report && b.milestones[def.milestones[0].id])).toBe(true);
    expect(carried.kpis['registered-volunteers'].value).toBe(93);
    expect(carried.notifications.map((n) => n.kind)).toEqual(['assignment', 'ready-for-sign-off']);
    expect(carried.reportsReceived).toBe(def.branches.length);

    // The new run answers updates and finishes the task.
    await handle.executeUpdate(decideUpdate, {
      args: [{ verdict: 'approve', actor: '赵丽', comment: '同意' }],
    });
    const state = await handle.result();
    expect(state.phase).toBe('signed-off');
    expect(state.notifications.map((n) => n.kind)).toEqual([
      'assignment',
      'ready-for-sign-off',
      'signed-off',
    ]);
    await smtp.waitFor(3);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.map((m) => /^【.*?】/.exec(m.subject ?? '')?.[0])).toEqual([
      '【任务交办】',
      '【待审核】',
      '【审核通过】',
    ]);
  });
});
