// Two workers on one task queue, each with its own data folder as if on two hosts: an email whose
// first attempt sent some copies and then failed is retried on the other worker, which sends only
// the copies still missing. The Temporal server carries what was sent in the attempt's heartbeat
// details; the ledger on the first host is never read by the second.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { Notification } from '../../domain/notification';
import { loadLinkKeys } from '../../links/keys';
import { startSmtpCatcher, type SmtpCatcher } from '../../preview/mail-catcher';
import { SAMPLE_TASK } from '../helpers/plans';
import { devServerEnv, workflowBundle } from '../helpers/temporal';

jest.setTimeout(120_000);

const QUEUE = 'civ-two-hosts';
const keys = loadLinkKeys({ CIV_PORTAL_SECRET: 'two-workers-test-secret-0123456789abcdef' })!;
let env: TestWorkflowEnvironment;
let smtp: SmtpCatcher;
const dirs: string[] = [];

beforeAll(async () => {
  // The second lead's mailbox is busy once (451): the first attempt fails after the first copy.
  [env, smtp] = await Promise.all([
    devServerEnv(),
    startSmtpCatcher({ deferRecipient: (a) => (a === 'zhouhong@example.gov.cn' ? 1 : 0) }),
  ]);
});

afterAll(async () => {
  await Promise.all([env?.teardown(), smtp?.close()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function host(): Promise<Worker> {
  const dir = mkdtempSync(join(tmpdir(), 'civ-host-'));
  dirs.push(dir);
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace,
    taskQueue: QUEUE,
    workflowBundle: await workflowBundle(require.resolve('../fixtures/send-notification')),
    activities: createActivities({
      smtpUrl: smtp.url,
      ledgerPath: join(dir, 'notifications.jsonl'),
      links: { keys, baseUrl: 'https://civ.example.gov.cn' },
    }),
  });
}

test('a retry on the other host sends only the copies the first attempt had not sent', async () => {
  const n: Notification = {
    workflowId: 'civ-2020-task-05',
    key: 'assignment',
    kind: 'assignment',
    to: [
      { name: '李明', email: 'liming@example.gov.cn', role: { kind: 'lead', branch: 'office' } },
      { name: '周红', email: 'zhouhong@example.gov.cn', role: { kind: 'lead', branch: 'logistics' } },
    ],
    cc: [{ name: '领导小组办公室', email: 'office@example.gov.cn', role: { kind: 'office' } }],
    task: SAMPLE_TASK,
    branches: [
      { id: 'office', name: '办公室支部' },
      { id: 'logistics', name: '后勤服务中心支部' },
    ],
  };
  const first = await host();
  const handle = await first.runUntil(async () => {
    const started = await env.client.workflow.start('sendOnce', {
      taskQueue: QUEUE,
      workflowId: 'two-hosts-assignment',
      args: [n],
    });
    // Host one sends the first copy, then fails on the busy mailbox.
    for (let i = 0; i < 100; i++) {
      const pending = (await started.describe()).raw.pendingActivities?.[0];
      if (pending?.lastFailure) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return started;
  });
  expect(smtp.envelopes.map((e) => e.rcptTo)).toEqual([['liming@example.gov.cn']]);

  // Host one is gone; host two, with an empty ledger of its own, takes the retry.
  const second = await host();
  const record = await second.runUntil(handle.result());
  expect(record.to).toEqual(['liming@example.gov.cn', 'zhouhong@example.gov.cn']);
  const copies = smtp.envelopes.flatMap((e) => e.rcptTo).sort();
  expect(copies).toEqual(['liming@example.gov.cn', 'office@example.gov.cn', 'zhouhong@example.gov.cn']);
});
