// The admin's path end to end: the real `civ` binary against the real Temporal dev server, a worker
// with the real activities, and a real SMTP server on loopback.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { localDate } from '../../domain/calendar';
import type { SmtpCatcher } from '../../preview/mail-catcher';
import { planStatusQuery } from '../../wire/messages';
import { startYearStack, type YearStack } from '../helpers/year-stack';

const TASK_QUEUE = 'civ-cli-test';
// The dev server runs on the real clock, so the plan is next year's: the 2020 plan, moved.
const YEAR = Number(localDate(Date.now()).slice(0, 4)) + 1;

let stack: YearStack;
let env: TestWorkflowEnvironment;
let smtp: SmtpCatcher;
let plansDir: string;

beforeAll(async () => {
  stack = await startYearStack({ year: YEAR, queue: TASK_QUEUE });
  ({ env, smtp, dir: plansDir } = stack);
});

afterAll(() => stack?.close());

const report = (branch: string, actor: string, summary: string, ...more: string[]) =>
  civ(
    'task',
    'report',
    String(YEAR),
    '05',
    '--branch',
    branch,
    '--actor',
    actor,
    '--summary',
    summary,
    ...more,
  );

const civ = (...args: string[]) => stack.civ(...args);

test('start, report, reject, extend, status and notifications through the CLI', async () => {
  const id = `civ-${YEAR}-task-05`;
  expect(await civ('task', 'start', String(YEAR), '5')).toMatchObject({
    code: 0,
    stdout: `${id}: started\n`,
  });
  expect(await civ('task', 'start', String(YEAR), '05')).toMatchObject({
    code: 0,
    stdout: `${id}: already started\n`,
  });

  const reported = await report('legal', '何敏', '完成普法测评', '--kpi', 'law-awareness=96');
  expect(reported).toMatchObject({ code: 0, stdout: `${id}: report from legal recorded; state open\n` });

  const rejected = await report('finance', '某人', '越权上报');
  expect(rejected).toEqual({
    code: 1,
    stdout: '',
    stderr: 'civ: rejected: branch "finance" is not responsible for task 05\n',
  });

  const unauthorized = await civ(
    'task',
    'extend',
    String(YEAR),
    '05',
    '--actor',
    '何敏',
    '--to',
    `${YEAR}-12-20`,
    '--reason',
    '来不及',
  );
  expect(unauthorized.stderr).toBe(
    'civ: rejected: "何敏 <he.min@example.gov.cn>" is not in the leading group and may not extend deadlines\n',
  );

  const extended = await civ(
    'task',
    'extend',
    String(YEAR),
    '05',
    '--actor',
    '李明',
    '--to',
    `${YEAR}-12-20`,
    '--reason',
    '等待测评结果',
  );
  expect(extended).toMatchObject({ code: 0, stdout: `${id}: due date now ${YEAR}-12-20\n` });

  const status = await civ('task', 'status', String(YEAR), '05');
  expect(status.code).toBe(0);
  expect(status.stdout).toContain(`截止：${YEAR}-12-20（原定`);
  expect(status.stdout).toMatch(/法规处 \(legal\)\s+│ ✔/);
  expect(status.stdout).toMatch(/办公室 \(office\)\s+│ ✘/);
  expect(status.stdout).toContain('指标：law-awareness=96%');

  await smtp.waitFor(2);
  const notifications = await civ('notifications', String(YEAR), '--task', '05');
  expect(notifications.stdout).toContain(`【任务交办】${YEAR}年文明单位创建第5项任务：积极开展普法知识教育`);
  // The extension was announced to the branch that has not reported yet.
  expect(notifications.stdout).toContain(`【延期通知】${YEAR}年文明单位创建第5项任务`);
  expect(notifications.stdout).toContain('共 2 封');
  // The worker's own ledger tells the same, with the same Message-IDs.
  const ledger = await civ('notifications', String(YEAR), '--task', '05', '--ledger');
  const messageIds = notifications.stdout.match(/<[0-9a-f]{32}@civ\.local>/g) ?? [];
  expect(messageIds).toHaveLength(2);
  for (const messageId of messageIds) expect(ledger.stdout).toContain(messageId);
  expect(ledger.stdout).toContain('共 2 封');

  // Temporal UI's filter: the task is found by its search attributes, with the branch still pending.
  let found: string[] = [];
  for (let i = 0; i < 50 && found.length === 0; i++) {
    found = [];
    const query = `CivYear = ${YEAR} AND CivKind = "task" AND CivState = "open" AND CivPending = "office"`;
    for await (const wf of env.client.workflow.list({ query })) found.push(wf.workflowId);
    if (!found.length) await new Promise((r) => setTimeout(r, 200));
  }
  expect(found).toEqual([id]);
  const description = await env.client.workflow.getHandle(id).describe();
  expect(description.memo).toMatchObject({ title: '积极开展普法知识教育' });
});

test('a command run again (as after a timeout) is applied once; the same words after a return count anew', async () => {
  const id = `civ-${YEAR}-task-05`;
  const returnLegal = () =>
    civ(
      'task',
      'decide',
      String(YEAR),
      '05',
      'return',
      '--actor',
      '赵丽',
      '--comment',
      '请补充测评报告',
      '--branch',
      'legal',
    );
  expect(await returnLegal()).toMatchObject({ code: 0, stdout: `${id}: returned; state returned\n` });
  expect(await returnLegal()).toMatchObject({ code: 0, stdout: `${id}: returned; state returned\n` });
  const state = JSON.parse((await civ('task', 'status', String(YEAR), '05', '--json')).stdout) as {
    decisions: unknown[];
    branches: { id: string; report?: unknown }[];
  };
  expect(state.decisions).toHaveLength(1);

  // The branch reworks and sends the very same text again: a new round, so it counts.
  const again = await report('legal', '何敏', '完成普法测评', '--kpi', 'law-awareness=96');
  expect(again).toMatchObject({ code: 0, stdout: `${id}: report from legal recorded; state returned\n` });
  const after = JSON.parse(
    (await civ('task', 'status', String(YEAR), '05', '--json')).stdout,
  ) as typeof state;
  expect(after.branches.find((b) => b.id === 'legal')?.report).toBeDefined();
  // The return was mailed once (assignment, extension, return).
  await smtp.waitFor(3);
  await new Promise((r) => setTimeout(r, 1000));
  expect(smtp.messages.filter((m) => m.subject?.startsWith('【退回整改】'))).toHaveLength(1);
});

test('bad input gets one clear line and a non-zero exit', async () => {
  expect(await civ('task', 'status', String(YEAR), '17')).toEqual({
    code: 1,
    stdout: '',
    stderr: `civ: unknown task "17" in the ${YEAR} plan (tasks 01-16)\n`,
  });
  expect(await civ('task', 'status', '1999', '05')).toEqual({
    code: 1,
    stdout: '',
    stderr: `civ: unknown year 1999: there is no ${join(plansDir, '1999.yaml')}\n`,
  });
  expect(await civ('task', 'status', String(YEAR), '06')).toEqual({
    code: 1,
    stdout: '',
    stderr: `civ: civ-${YEAR}-task-06 has not been started\n`,
  });
  // The example is the task's own KPI, as the plan names it.
  const badKpi = await report('legal', 'x', 'y', '--kpi', 'law-awareness');
  expect(badKpi.stderr).toBe(
    'civ: --kpi "law-awareness" must be written id=value or id=count/total, e.g. law-awareness=96 (the KPIs of task 05: law-awareness)\n',
  );
  const noKpi = await civ(
    'task',
    'report',
    String(YEAR),
    '03',
    '--branch',
    'office',
    '--actor',
    'x',
    '--summary',
    'y',
    '--kpi',
    'foo',
  );
  expect(noKpi).toEqual({ code: 1, stdout: '', stderr: 'civ: --kpi "foo": task 03 has no KPI\n' });
  const badVerdict = await civ('task', 'decide', String(YEAR), '05', 'maybe', '--actor', '赵丽');
  expect(badVerdict).toEqual({
    code: 1,
    stdout: '',
    stderr: 'civ: verdict must be "approve" or "return", not "maybe"\n',
  });
});

test('revoke-links refuses an address the plan does not know; archive writes outside the repository', async () => {
  await civ('year', 'start', String(YEAR));
  const plan = env.client.workflow.getHandle(`civ-${YEAR}-plan`);
  const unknown = await civ(
    'year',
    'revoke-links',
    String(YEAR),
    '--email',
    'x@example.gov.cn',
    '--actor',
    '赵丽',
    '--reason',
    '邮件转发',
  );
  expect(unknown).toEqual({
    code: 1,
    stdout: '',
    stderr: `civ: --email x@example.gov.cn is the address of nobody in the ${YEAR} plan\n`,
  });
  expect((await plan.query(planStatusQuery)).revocations ?? []).toEqual([]);
  const known = await civ(
    'year',
    'revoke-links',
    String(YEAR),
    '--email',
    'He.Min@example.gov.cn',
    '--actor',
    '赵丽',
    '--reason',
    '邮件转发',
  );
  expect(known).toMatchObject({ code: 0, stderr: '' });
  expect((await plan.query(planStatusQuery)).revocations).toHaveLength(1);

  // Run from the repository (as stack.civ does), the archive goes to $CIV_DATA_DIR, not into the tree git sees.
  const archived = await civ('year', 'archive', String(YEAR));
  const zip = join(plansDir, `civ-${YEAR}-archive.zip`);
  expect(archived).toMatchObject({ code: 0, stderr: '' });
  expect(archived.stdout.startsWith(`${zip}: `)).toBe(true);
  expect(existsSync(zip)).toBe(true);
  expect(existsSync(join(__dirname, '..', '..', `civ-${YEAR}-archive.zip`))).toBe(false);
});
