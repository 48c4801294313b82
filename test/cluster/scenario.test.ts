// The production shape, proven (issue 9): Temporal's own server on PostgreSQL (scripts/cluster.sh),
// two workers as separate processes with their own data folders (two hosts on one task queue), two
// portals, a real SMTP server. The year starts through the `civ` CLI; once every assignment is
// delivered one worker is killed (SIGKILL) and the Temporal server is killed and started again;
// then a lead 签收s through portal 1 and another reports through portal 2, from links in the emails.
// Every workflow of the year is still there and running, the plan's items are the same, the actions
// are applied, and no email reached anyone twice.
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { localDate } from '../../domain/calendar';
import { startSmtpCatcher, type SmtpCatcher } from '../../preview/mail-catcher';
import { planStatusQuery, statusQuery } from '../../wire/messages';
import { freePort } from '../helpers/browser';
import { clusterEnv, testCluster } from '../helpers/cluster';
import { rolledPlanText } from '../helpers/plans';
import { WORKER_NODE_FLAGS } from '../../worker/node-flags';
import { startScript, stopProcess, type Started } from '../helpers/processes';
import { PortalVisitor } from './portal-visitor';

jest.setTimeout(300_000);

const repo = resolve(__dirname, '../..');
const run = promisify(execFile);
const YEAR = Number(localDate(Date.now()).slice(0, 4));
const QUEUE = 'civ-cluster-scenario';
const SECRET = 'cluster-scenario-portal-secret-0123456789abcdef';
const LEGAL = 'he.min@example.gov.cn'; // lead of `legal`, one of task 05's two branches
const OFFICE = 'zhou.qiang@example.gov.cn'; // lead of `office`, the other one

const address = testCluster();
let env: TestWorkflowEnvironment;
let smtp: SmtpCatcher;
let dir: string;
let portalPorts: [number, number];
const processes: Started[] = [];
let childEnv: NodeJS.ProcessEnv;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  if (!address) throw new Error('CIV_TEST_CLUSTER is not set: run `npm run test:cluster`');
  [env, smtp] = await Promise.all([clusterEnv(address), startSmtpCatcher()]);
  dir = mkdtempSync(join(tmpdir(), 'civ-cluster-'));
  mkdirSync(join(dir, 'plans'));
  writeFileSync(join(dir, 'plans', `${YEAR}.yaml`), rolledPlanText(YEAR));
  portalPorts = [await freePort(), await freePort()];
  childEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: env.namespace,
    CIV_TASK_QUEUE: QUEUE,
    CIV_PLANS_DIR: join(dir, 'plans'),
    SMTP_URL: smtp.url,
    CIV_PORTAL_SECRET: SECRET,
    // The address in the emails; behind a proxy both portals would answer it.
    CIV_PORTAL_URL: `http://127.0.0.1:${portalPorts[0]}`,
  };
  // Two hosts: each worker and portal with a data folder of its own, evidence shared as a volume.
  const [workerA, workerB, portalA, portalB] = await Promise.all([
    startScript(
      'worker/main.ts',
      { ...childEnv, CIV_DATA_DIR: join(dir, 'host-a') },
      'worker: polling',
      undefined,
      WORKER_NODE_FLAGS,
    ),
    startScript(
      'worker/main.ts',
      { ...childEnv, CIV_DATA_DIR: join(dir, 'host-b') },
      'worker: polling',
      undefined,
      WORKER_NODE_FLAGS,
    ),
    ...portalPorts.map((port) =>
      startScript(
        'portal/main.ts',
        { ...childEnv, CIV_DATA_DIR: join(dir, 'shared'), CIV_PORTAL_PORT: String(port) },
        'Server listening',
      ),
    ),
  ]);
  processes.push(workerA, workerB, portalA, portalB);
});

afterAll(async () => {
  await Promise.all(processes.map((p) => stopProcess(p.proc)));
  await Promise.all([env?.teardown(), smtp?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function civ(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['bin/civ.js', ...args], {
    cwd: repo,
    env: { ...childEnv, CIV_DATA_DIR: join(dir, 'cli') },
  });
  return stdout;
}

async function yearWorkflows(client: Client): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for await (const wf of client.workflow.list({ query: `CivYear = ${YEAR}` }))
    found.set(wf.workflowId, wf.status.name);
  return found;
}

/** The personal link (path only) in the email `to` received about `workflowId`. */
function linkIn(to: string, workflowId: string, kind: string): string {
  const mail = smtp.messages.find(
    (m) =>
      m.headers.get('x-civ-workflow') === workflowId &&
      m.headers.get('x-civ-kind') === kind &&
      (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.value.some((v) => v.address === to)),
  );
  const url = mail?.text?.match(/http:\/\/127\.0\.0\.1:\d+(\/l\/[\w.-]+)/)?.[1];
  if (!url) throw new Error(`no ${kind} email with a link to ${to} about ${workflowId}`);
  return url;
}

/** Waits until no email arrived for `quietMs`: nothing is being sent when a process is killed. */
async function mailSettled(quietMs = 3_000): Promise<void> {
  let count = -1;
  while (count !== smtp.messages.length) {
    count = smtp.messages.length;
    await sleep(quietMs);
  }
}

test('a worker and the Temporal server killed mid-year: everything there, running, acting, no email twice', async () => {
  const started = await civ('year', 'start', String(YEAR));
  const planId = started.split(':')[0];
  expect(started).toBe(`${planId}: started\n`);

  // Mid-year: the plan has started its items, and every task has mailed its assignment.
  let before = new Map<string, string>();
  const tasks = () => [...before.keys()].filter((id) => id.includes('-task-'));
  for (let i = 0; i < 600; i++) {
    before = await yearWorkflows(env.client);
    const mailed = new Set(
      smtp.messages
        .filter((m) => m.headers.get('x-civ-kind') === 'assignment')
        .map((m) => m.headers.get('x-civ-workflow')),
    );
    if (tasks().length === 16 && tasks().every((id) => mailed.has(id))) break;
    await sleep(300);
  }
  expect(tasks()).toHaveLength(16);
  await mailSettled();
  before = await yearWorkflows(env.client);
  const planBefore = await env.client.workflow.getHandle(planId).query(planStatusQuery);
  const task05 = tasks().find((id) => id.endsWith('-task-05'))!;

  // Host A dies without a word; then the Temporal server, killed too, and started on its database.
  await stopProcess(processes[0].proc, 'SIGKILL');
  const restarted = await run('bash', ['scripts/cluster.sh', 'restart', '--kill'], { cwd: repo });
  expect(restarted.stdout).toContain('cluster: Temporal server started');

  let after = new Map<string, string>();
  for (let i = 0; i < 100; i++) {
    after = await yearWorkflows(env.client).catch(() => new Map<string, string>());
    if (after.size >= before.size) break;
    await sleep(300);
  }
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  expect(new Set(after.values())).toEqual(new Set(['RUNNING']));
  const planAfter = await env.client.workflow.getHandle(planId).query(planStatusQuery);
  expect(Object.keys(planAfter.items).sort()).toEqual(Object.keys(planBefore.items).sort());

  // The legal lead 签收s through portal 1, the office's lead reports through portal 2 (host B works).
  const legal = new PortalVisitor(`http://127.0.0.1:${portalPorts[0]}`);
  const entered = await legal.get(linkIn(LEGAL, task05, 'assignment'));
  expect(entered.status).toBe(303);
  expect(entered.location).toBe(`/w/${task05}`);
  const ack = await legal.post(await legal.get(`/w/${task05}`), `/w/${task05}/acknowledge`);
  expect(ack.status).toBe(303);

  const office = new PortalVisitor(`http://127.0.0.1:${portalPorts[1]}`);
  expect((await office.get(linkIn(OFFICE, task05, 'assignment'))).status).toBe(303);
  const report = await office.post(await office.get(`/w/${task05}`), `/w/${task05}/report`, {
    summary: '办公室已完成本年度普法学习。',
  });
  expect(report.status).toBe(303);

  const state = await env.client.workflow.getHandle(task05).query(statusQuery);
  expect(state.acknowledged?.legal).toMatchObject({ actor: '何敏', channel: 'portal' });
  expect(state.branches.find((b) => b.id === 'office')?.report).toMatchObject({
    actor: '周强',
    channel: 'portal',
    summary: '办公室已完成本年度普法学习。',
  });
  expect((await env.client.workflow.getHandle(task05).describe()).status.name).toBe('RUNNING');

  // Whatever the actions and the restart made the workflows send, each copy arrived once.
  await mailSettled();
  const copies = smtp.envelopes.flatMap((e, i) =>
    e.rcptTo.map((to) => {
      const m = smtp.messages[i];
      return `${m.headers.get('x-civ-workflow')} ${m.headers.get('x-civ-key')} ${m.messageId} ${to}`;
    }),
  );
  const twice = copies.filter((c, i) => copies.indexOf(c) !== i);
  expect(twice).toEqual([]);
  expect(copies.length).toBeGreaterThan(16);
});
