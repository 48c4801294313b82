// A running task keeps the working-day calendar it started with. Its plan year's holidays and 调休
// days are fixed in its input; a worker whose chinese-days says otherwise (an upgrade, a correction)
// changes nothing for it: the same reminders on the same days, and its history still replays.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import officialDays from 'chinese-days/dist/chinese-days.json';
import { createActivities } from '../../activities';
import { reportUpdate, statusQuery } from '../../wire/messages';
import { taskWorkflow } from '../../workflows/task';
import { definition2020 } from '../helpers/plans';
import { startSmtpCatcher, type SmtpCatcher } from '../../preview/mail-catcher';
import { timeSkippingEnv, workflowBundle } from '../helpers/temporal';
import { workflowBundleOptions } from '../../config/workflow-bundle';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

jest.setTimeout(180_000);

const QUEUE = 'civ-calendar';
const FRIDAY = '2020-11-27';

let env: TestWorkflowEnvironment;
let smtp: SmtpCatcher;
let dir: string;
beforeAll(async () => {
  [env, smtp] = await Promise.all([timeSkippingEnv('2020-11-20T09:30:00+08:00'), startSmtpCatcher()]);
  dir = mkdtempSync(join(tmpdir(), 'civ-calendar-'));
});
afterAll(async () => {
  await Promise.all([env?.teardown(), smtp?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** The workflow code as a worker with a different chinese-days would run it: 11-27 a holiday. */
async function upgradedBundle() {
  const data = { ...officialDays, holidays: { ...officialDays.holidays, [FRIDAY]: '测试假日,Test,1' } };
  const file = join(dir, 'chinese-days.json');
  writeFileSync(file, JSON.stringify(data));
  return bundleWorkflowCode({
    ...workflowBundleOptions(),
    webpackConfigHook: (config) => ({
      ...config,
      resolve: {
        ...config.resolve,
        alias: { ...(config.resolve?.alias as object), 'chinese-days/dist/chinese-days.json$': file },
      },
    }),
  });
}

function worker(bundle: Awaited<ReturnType<typeof upgradedBundle>>) {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue: QUEUE,
    workflowBundle: bundle,
    activities: createActivities({ smtpUrl: smtp.url, ledgerPath: join(dir, 'ledger.jsonl') }),
    // No sticky cache: the first worker's tasks must not wait on its queue once it is gone.
    maxCachedWorkflows: 0,
  });
}

test('a worker with other holiday data moves no reminder of a running task, and its history replays', async () => {
  const def = definition2020('02', (d) => (d.milestones = [])); // due Monday 11-30
  // The calendar fixed at start is what counts: a task whose own calendar makes the Friday a day off
  // is reminded on Thursday, whatever the package says.
  // Under an organization of its own, so that it runs beside the first under its own canonical id.
  const closed = definition2020('02', (d) => {
    d.milestones = [];
    d.calendar = { ...d.calendar!, holidays: [...d.calendar!.holidays, FRIDAY].sort() };
    d.ref.org = 'closed';
  });
  const start = (definition: typeof def, workflowId: string) =>
    env.client.workflow.start(taskWorkflow, {
      taskQueue: QUEUE,
      workflowId,
      args: [{ year: 2020, ...(definition.ref.org && { org: definition.ref.org }), task: '02', definition }],
    });

  const before = await worker(await workflowBundle(require.resolve('../../workflows')));
  const [running, corrected] = await before.runUntil(async () => {
    const handles = [await start(def, 'civ-2020-task-02'), await start(closed, 'civ-closed-2020-task-02')];
    for (const h of handles)
      await h.executeUpdate(reportUpdate, { args: [{ branch: 'office', actor: '周强', summary: '完成' }] });
    await env.sleep('3 days'); // to 11-23: the reminders are still ahead
    return handles;
  });

  const upgraded = await upgradedBundle();
  expect(upgraded.code).toContain('测试假日'); // the second worker really has other holiday data
  const after = await worker(upgraded);
  const reminders = async (h: typeof running) =>
    (await h.query(statusQuery)).notifications
      .filter((n) => n.kind === 'reminder')
      .map((n) => n.at.slice(0, 10));
  const days = await after.runUntil(async () => {
    await env.sleep('10 days'); // to 12-03
    return [await reminders(running), await reminders(corrected)];
  });
  expect(days).toEqual([[FRIDAY], ['2020-11-26']]);

  for (const h of [running, corrected]) {
    const history = await h.fetchHistory();
    const failedTasks = history.events!.filter((e) => e.workflowTaskFailedEventAttributes);
    expect(failedTasks).toEqual([]);
    await expect(
      Worker.runReplayHistory({ workflowBundle: upgraded }, history, h.workflowId),
    ).resolves.toBeUndefined();
    await h.terminate('test done');
  }
});
