// The dev server stopped and started again on its SQLite file in the middle of a year (issue 9): the
// year's workflows are all still there and running, the worker carries on once the server is back,
// and an update after the restart is applied to the state from before it, with no email sent twice.
// (An upstream report says workflows can go missing after such a restart: this shows it does not
// bite here.)
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { localDate } from '../../domain/calendar';
import { startSmtpCatcher, type SmtpCatcher } from '../../preview/mail-catcher';
import { isListening } from '../../stack/services';
import { requireTemporalCli } from '../../stack/toolchain';
import { planStatusQuery, reportUpdate, statusQuery } from '../../wire/messages';
import { planWorkflow } from '../../workflows/plan';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../wire/search-attributes';
import { freePort } from '../helpers/browser';
import { rolledPlanText } from '../helpers/plans';
import { workflowBundle } from '../helpers/temporal';

jest.setTimeout(240_000);

const YEAR = Number(localDate(Date.now()).slice(0, 4));
const QUEUE = 'civ-restart';
let dir: string;
let port: number;
let server: ChildProcess | undefined;
let smtp: SmtpCatcher;
const savedPlansDir = process.env.CIV_PLANS_DIR;

async function startServer(): Promise<void> {
  server = spawn(
    requireTemporalCli().path,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--headless',
      '--db-filename',
      join(dir, 'temporal.sqlite'),
      '--log-level',
      'error',
      ...SEARCH_ATTRIBUTE_FLAGS.flatMap((sa) => ['--search-attribute', sa]),
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 300 && !(await isListening(port)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await isListening(port))) throw new Error('the dev server did not start');
}

async function stopServer(): Promise<void> {
  const proc = server!;
  await new Promise<void>((done) => {
    proc.once('exit', () => done());
    proc.kill('SIGTERM');
  });
  server = undefined;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'civ-restart-'));
  writeFileSync(join(dir, `${YEAR}.yaml`), rolledPlanText(YEAR));
  process.env.CIV_PLANS_DIR = dir;
  port = await freePort();
  smtp = await startSmtpCatcher();
});

afterAll(async () => {
  if (server) await stopServer();
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
  if (savedPlansDir === undefined) delete process.env.CIV_PLANS_DIR;
  else process.env.CIV_PLANS_DIR = savedPlansDir;
});

async function yearWorkflows(client: Client): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for await (const wf of client.workflow.list({ query: `CivYear = ${YEAR}` }))
    found.set(wf.workflowId, wf.status.name);
  return found;
}

test('stopped and started again on its SQLite file: every workflow is there, running, and goes on', async () => {
  await startServer();
  const connection = await NativeConnection.connect({ address: `127.0.0.1:${port}` });
  const worker = await Worker.create({
    connection,
    taskQueue: QUEUE,
    workflowBundle: await workflowBundle(require.resolve('../../workflows')),
    activities: createActivities({
      smtpUrl: smtp.url,
      ledgerPath: join(dir, 'notifications.jsonl'),
      client: new Client({ connection: await Connection.connect({ address: `127.0.0.1:${port}` }) }),
      taskQueue: QUEUE,
      links: null,
    }),
  });
  const running = worker.run();
  let client = new Client({ connection: await Connection.connect({ address: `127.0.0.1:${port}` }) });
  await client.workflow.start(planWorkflow, {
    taskQueue: QUEUE,
    workflowId: `civ-${YEAR}-plan`,
    args: [{ year: YEAR }],
  });
  // Mid-year: the plan has started its items and every task has mailed its assignment.
  let before = new Map<string, string>();
  for (let i = 0; i < 300; i++) {
    before = await yearWorkflows(client);
    const tasks = [...before.keys()].filter((id) => id.includes('-task-'));
    const mailed = new Set(smtp.messages.map((m) => m.headers.get('x-civ-workflow')));
    if (tasks.length === 16 && tasks.every((id) => mailed.has(id))) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect([...before.keys()].filter((id) => id.includes('-task-'))).toHaveLength(16);
  const mailsBefore = smtp.messages.length;
  const planBefore = await client.workflow.getHandle(`civ-${YEAR}-plan`).query(planStatusQuery);

  await stopServer();
  await new Promise((r) => setTimeout(r, 1_000));
  await startServer();

  client = new Client({ connection: await Connection.connect({ address: `127.0.0.1:${port}` }) });
  // Every workflow of the year is still there, and still running.
  let after = new Map<string, string>();
  for (let i = 0; i < 100; i++) {
    after = await yearWorkflows(client);
    if (after.size >= before.size) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  expect(new Set(after.values())).toEqual(new Set(['RUNNING']));
  const planAfter = await client.workflow.getHandle(`civ-${YEAR}-plan`).query(planStatusQuery);
  expect(Object.keys(planAfter.items).sort()).toEqual(Object.keys(planBefore.items).sort());

  // The worker carries on: an update is applied to the state from before the restart.
  const task = client.workflow.getHandle(`civ-${YEAR}-task-05`);
  const state = await task.executeUpdate(reportUpdate, {
    args: [{ branch: 'legal', actor: '何敏', summary: '重启后报送。' }],
  });
  expect(state.branches.find((b) => b.id === 'legal')?.report?.summary).toBe('重启后报送。');
  expect((await task.query(statusQuery)).handledKeys).toContain('assignment');
  // Nothing was sent twice: the assignments from before are not sent again.
  await new Promise((r) => setTimeout(r, 2_000));
  const keys = smtp.messages.map((m) => `${m.headers.get('x-civ-workflow')}/${m.headers.get('x-civ-key')}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(smtp.messages.length).toBeGreaterThanOrEqual(mailsBefore);

  worker.shutdown();
  await running;
  await connection.close();
});
