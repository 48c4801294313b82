// The year's personal links work until 30 days after it (links/token.ts), so the plan workflow,
// where revocations and ended sessions are recorded, takes them until then: signed off or closed,
// it stays open until its links expire, and only then completes. On the time-skipping server,
// from the last evening of 2020, with the real activities and a real SMTP server on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { linksExpireAt } from '../../domain/roles';
import { startSmtpCatcher, type SmtpCatcher } from '../../preview/mail-catcher';
import { finalSignOffUpdate, planStatusQuery, revokeLinksUpdate } from '../../wire/messages';
import { planWorkflow } from '../../workflows/plan';
import { timeSkippingEnv, workflowBundle } from '../helpers/temporal';

jest.setTimeout(240_000);

const QUEUE = 'civ-plan-links';
let env: TestWorkflowEnvironment;
let smtp: SmtpCatcher;
let dir: string;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  [env, smtp] = await Promise.all([timeSkippingEnv('2020-12-31T23:30:00+08:00'), startSmtpCatcher()]);
  dir = mkdtempSync(join(tmpdir(), 'civ-plan-links-'));
  const activities = createActivities({
    smtpUrl: smtp.url,
    ledgerPath: join(dir, 'notifications.jsonl'),
    client: env.client,
    taskQueue: QUEUE,
  });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: QUEUE,
    workflowBundle: await workflowBundle(require.resolve('../../workflows')),
    // The test server has no Schedules.
    activities: { ...activities, ensureThemeSchedule: async () => false },
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await Promise.all([env?.teardown(), smtp?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

test('signed off, the year still takes revocations until its links expire, then completes', async () => {
  const handle = await env.client.workflow.start(planWorkflow, {
    taskQueue: QUEUE,
    workflowId: 'civ-2020-plan',
    args: [{ year: 2020 }],
  });
  // The year ends at midnight; the head is asked on the next working day (Monday 4 January).
  await env.sleep('5 days');
  expect((await handle.query(planStatusQuery)).phase).toBe('awaiting-final-sign-off');
  await handle.executeUpdate(finalSignOffUpdate, {
    args: [{ actor: '王建国', actorEmail: 'wang.jianguo@example.gov.cn', comment: '同意', channel: 'cli' }],
  });
  await env.sleep('2 days');
  expect((await handle.describe()).status.name).toBe('RUNNING');
  // A forwarded email found in January: its links are refused from now on.
  const state = await handle.executeUpdate(revokeLinksUpdate, {
    args: [{ actor: '赵丽', email: 'he.min@example.gov.cn', reason: '邮件误转发', channel: 'cli' }],
  });
  expect(state.phase).toBe('signed-off');
  expect(state.revocations?.map((r) => r.email)).toEqual(['he.min@example.gov.cn']);

  const final = await handle.result();
  expect(final.revocations).toHaveLength(1);
  const closed = (await handle.describe()).closeTime!.getTime();
  expect(closed).toBeGreaterThanOrEqual(linksExpireAt(2020));
  expect(new Date(linksExpireAt(2020)).toISOString()).toBe('2021-01-30T16:00:00.000Z');
});
