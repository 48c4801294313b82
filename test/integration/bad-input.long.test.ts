// The bad-input corpus (issue 9): malformed Updates as they could be typed into Temporal UI, bad
// workflow start input, CLI arguments and plan files. Each gets one clear message; a rejected
// Update adds no event to any history and fails no workflow; the worker keeps running; no email
// header or recipient can be injected; a bad signal (issue 14) is dropped, failing no workflow task.
// (The portal's forms have their own refusals in portal.test.ts.)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { definitionQuery, planStatusQuery, statusQuery } from '../../wire/messages';
import { localDate } from '../../domain/calendar';
import type { SmtpCatcher } from '../../preview/mail-catcher';
import { rolledPlanText } from '../helpers/plans';
import { startYearStack, type YearStack } from '../helpers/year-stack';

jest.setTimeout(240_000);

const YEAR = Number(localDate(Date.now()).slice(0, 4));
const QUEUE = 'civ-bad-input';
const TASK = `civ-${YEAR}-task-05`;
const PLAN = `civ-${YEAR}-plan`;

let stack: YearStack;
let env: TestWorkflowEnvironment;
let smtp: SmtpCatcher;
let worker: Worker;
const civ = (...args: string[]) => stack.civ(...args);

beforeAll(async () => {
  stack = await startYearStack({ year: YEAR, queue: QUEUE });
  ({ env, smtp, worker } = stack);
  await env.client.workflow.start('planWorkflow', {
    taskQueue: QUEUE,
    workflowId: PLAN,
    args: [{ year: YEAR }],
  });
  // Settled: task 05 has mailed its assignment and waits for its next timer.
  for (let i = 0; i < 200; i++) {
    const state = await env.client.workflow
      .getHandle(TASK)
      .query<{ handledKeys: string[] }>('status')
      .catch(() => undefined);
    if (state?.handledKeys.includes('assignment')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(() => stack?.close());

const big = 'x'.repeat(3 * 1024 * 1024);
const tooLong = '很'.repeat(4_001);

/** [update name, raw argument as typed into Temporal UI, the message expected]. */
const TASK_UPDATES: [string, unknown, RegExp][] = [
  ['report', {}, /^malformed report: branch: /],
  ['report', { branch: 5, actor: 'x', summary: 'y' }, /^malformed report: branch: /],
  ['report', { branch: 'legal', actor: 'x', summary: 'y', extra: 1 }, /^malformed report: .*extra/],
  ['report', { branch: 'nope', actor: 'x', summary: 'y' }, /^unknown branch "nope"$/],
  [
    'report',
    { branch: 'finance', actor: 'x', summary: 'y' },
    /^branch "finance" is not responsible for task 05$/,
  ],
  ['report', { branch: 'legal', actor: ' ', summary: 'y' }, /^a report needs an actor$/],
  ['report', { branch: 'legal', actor: 'x', summary: '   ' }, /^a report needs a summary$/],
  [
    'report',
    { branch: 'legal', actor: 'x', summary: tooLong },
    /^malformed report: summary: the summary is longer/,
  ],
  [
    'report',
    { branch: 'legal', actor: 'x'.repeat(101), summary: 'y' },
    /^malformed report: actor: is longer than 100/,
  ],
  [
    'report',
    { branch: 'legal', actor: 'x', summary: 'y', kpis: { 'law-awareness': 'high' } },
    /must be a number/,
  ],
  [
    'report',
    { branch: 'legal', actor: 'x', summary: 'y', kpis: { 'law-awareness': 150 } },
    /from 0 to 100, got 150/,
  ],
  [
    'report',
    { branch: 'legal', actor: 'x', summary: 'y', kpis: { nope: 50 } },
    /^task 05 has no KPI "nope"$/,
  ],
  [
    'report',
    { branch: 'legal', actor: 'x', summary: 'y', milestone: 'nope' },
    /^task 05 has no milestone "nope"$/,
  ],
  ['report', { branch: 'legal', actor: 'x', summary: 'y', evidence: 'http://a' }, /must be a list of links/],
  [
    'report',
    { branch: 'legal', actor: 'x', summary: 'y', evidence: Array(21).fill('https://a.cn') },
    /has more than 20 entries/,
  ],
  ['report', { branch: 'legal', actor: 'x', summary: 'y', channel: 'web' }, /must be "portal" or "cli"/],
  ['decide', {}, /^malformed decision: /],
  ['decide', { verdict: 'maybe', actor: '赵丽', comment: '' }, /must be "approve" or "return"/],
  ['decide', { verdict: 'approve', actor: '何敏', comment: '' }, /^"何敏" may not sign off task 05$/],
  ['decide', { verdict: 'approve', actor: '赵丽', comment: '' }, /^task 05 is not ready for sign-off/],
  ['decide', { verdict: 'return', actor: '赵丽', comment: '' }, /^a return needs a comment/],
  ['decide', { verdict: 'approve', actor: '赵丽', comment: '', overrideReason: ' ' }, /must not be empty/],
  ['extendDeadline', {}, /^malformed extension: /],
  ['extendDeadline', { actor: '何敏', newDue: `${YEAR}-12-10`, reason: 'r' }, /is not in the leading group/],
  ['extendDeadline', { actor: '赵丽', newDue: `${YEAR}-02-30`, reason: 'r' }, /is not a real calendar date/],
  ['extendDeadline', { actor: '赵丽', newDue: `${YEAR}1210`, reason: 'r' }, /must be written YYYY-MM-DD/],
  ['extendDeadline', { actor: '赵丽', newDue: '2000-01-03', reason: 'r' }, /is in the past/],
  ['extendDeadline', { actor: '赵丽', newDue: `${YEAR + 1}-01-10`, reason: 'r' }, /outside the plan year/],
  ['extendDeadline', { actor: '赵丽', newDue: `${YEAR}-12-30`, reason: 'r' }, /leaves no time for sign-off/],
  [
    'extendDeadline',
    { actor: '赵丽', newDue: `${YEAR}-12-10`, reason: ' ' },
    /^an extension needs a reason$/,
  ],
  ['acknowledge', { branch: 'finance', actor: 'x' }, /^branch "finance" is not responsible/],
  ['acknowledge', { branch: 'legal' }, /^malformed acknowledgement: actor: /],
  ['close', { actor: '何敏', reason: 'r' }, /is not in the leading group and may not close it/],
  ['close', { actor: '赵丽', reason: 5 }, /^malformed close: reason: /],
];

const PLAN_UPDATES: [string, unknown, RegExp][] = [
  [
    'changeLead',
    { branch: 'legal', actor: '赵丽', lead: { name: '陈新', email: 'a@x.cn, b@evil.example' } },
    /lead\.email: must be an email address/,
  ],
  [
    'changeLead',
    { branch: 'legal', actor: '赵丽', lead: { name: '陈新\r\nBcc: b@evil.example', email: 'c@x.cn' } },
    /lead\.name: must be a plain name/,
  ],
  [
    'changeLead',
    { branch: 'nope', actor: '赵丽', lead: { name: '陈新', email: 'c@x.cn' } },
    /unknown branch "nope"/,
  ],
  [
    'changeLead',
    { branch: 'legal', actor: '何敏', lead: { name: '陈新', email: 'c@x.cn' } },
    /may not change/,
  ],
  ['revokeLinks', { actor: '赵丽', email: 'x', reason: 'r' }, /email: must be an email address/],
  ['revokeLinks', { actor: '何敏', email: 'x@y.cn', reason: 'r' }, /may not revoke links/],
  ['finalSignOff', { actor: '赵丽', comment: '' }, /only the leading-group head may/],
  ['finalSignOff', { actor: '王建国', comment: '' }, /is not ready for its final sign-off/],
  ['closeYear', { actor: '何敏', reason: 'r' }, /is not in the leading group and may not close the year/],
];

async function events(workflowId: string): Promise<number> {
  return (await env.client.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0;
}

async function refusal(workflowId: string, name: string, arg: unknown): Promise<string> {
  try {
    await env.client.workflow.getHandle(workflowId).executeUpdate(name, { args: [arg] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) return err.cause?.message ?? err.message;
    // The server itself refuses a payload over its size limit, before any validator.
    return err instanceof Error ? err.message : String(err);
  }
  return 'accepted';
}

test.each(TASK_UPDATES.map(([name, arg, message], i) => [i + 1, name, arg, message] as const))(
  'task Update %i (%s) is refused with one clear line',
  async (_i, name, arg, message) => {
    expect(await refusal(TASK, name, arg)).toMatch(message);
  },
);

test.each(PLAN_UPDATES.map(([name, arg, message], i) => [i + 1, name, arg, message] as const))(
  'plan Update %i (%s) is refused with one clear line',
  async (_i, name, arg, message) => {
    expect(await refusal(PLAN, name, arg)).toMatch(message);
  },
);

test('a 3 MB summary never reaches history; rejected Updates add no event; nothing failed; no header injected', async () => {
  const [task, plan] = [await events(TASK), await events(PLAN)];
  expect(await refusal(TASK, 'report', { branch: 'legal', actor: 'x', summary: big })).not.toBe('accepted');
  for (const [name, arg] of TASK_UPDATES) await refusal(TASK, name, arg);
  for (const [name, arg] of PLAN_UPDATES) await refusal(PLAN, name, arg);
  expect([await events(TASK), await events(PLAN)]).toEqual([task, plan]);
  for (const id of [TASK, PLAN])
    expect((await env.client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');
  expect(worker.getState()).toBe('RUNNING');
  const recipients = smtp.envelopes.flatMap((e) => e.rcptTo);
  expect(recipients.some((r) => /evil/.test(r))).toBe(false);
  for (const raw of smtp.raw) expect(raw.toString('latin1')).not.toMatch(/^Bcc:/im);
});

test.each([
  [
    'task, empty input',
    'taskWorkflow',
    {},
    /^input must be like \{"year": 2020, "task": "05"\}; year must be/,
  ],
  ['task, year as text', 'taskWorkflow', { year: 'abc', task: '05' }, /year/],
  // Under the id its input names: that one would run, and finds no such task.
  ['task, unknown task', 'taskWorkflow', { year: YEAR, task: '99' }, /no task "99"/, `civ-${YEAR}-task-99`],
  // Under an id of its own it would run beside the plan's task 05, mailing everyone twice.
  [
    'task 5 under an id not its own',
    'taskWorkflow',
    { year: YEAR, task: '5' },
    new RegExp(`^this input runs as workflow "civ-${YEAR}-task-05", not "civ-${YEAR}-task-5"`),
    `civ-${YEAR}-task-5`,
  ],
  [
    'theme under a task id',
    'themeWorkflow',
    { year: YEAR, month: 5 },
    /runs as workflow "civ-\d{4}-theme-05"/,
    `civ-${YEAR}-task-05-copy`,
  ],
  [
    'task, a definition naming an address list',
    'taskWorkflow',
    {
      year: YEAR,
      task: '05',
      definition: { ref: { year: YEAR }, branches: [{ lead: { email: 'a@x.cn, b@evil' } }] },
    },
    /definition/,
  ],
  ['plan, year as text', 'planWorkflow', { year: 'abc' }, /year/],
  ['plan, a year out of range', 'planWorkflow', { year: 1999 }, /year must be a year from 2000 to 2100/],
  ['plan, a year without a plan', 'planWorkflow', { year: 2031 }, /plan for 2031 is not usable/],
])(
  'start input: %s fails that start with one clear line, nothing else',
  async (_what, type, input, message, workflowId: string | undefined = undefined) => {
    const id = workflowId ?? `bad-start-${Math.random().toString(36).slice(2)}`;
    const handle = await env.client.workflow.start(type, { taskQueue: QUEUE, workflowId: id, args: [input] });
    const err = await handle.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    // What failed, however deep (a plan file the loading activity refused is the activity's cause).
    let cause: Error | undefined = (err as WorkflowFailedError).cause;
    while (cause?.cause instanceof Error) cause = cause.cause;
    expect(cause?.message).toMatch(message);
    expect(cause?.message).not.toMatch(/\n/);
    expect(smtp.envelopes.flatMap((e) => e.rcptTo).some((r) => /evil/.test(r))).toBe(false);
  },
);

/** A summary of task 05 as an item tells it, changed by `patch`: what a hand-typed itemChanged looks like. */
const forged = (patch: Record<string, unknown> = {}) => ({
  kind: 'task',
  id: '05',
  workflowId: TASK,
  title: '法治宣传',
  due: `${YEAR}-12-31`,
  state: 'signed-off',
  pending: [],
  escalationLevel: 0,
  ...patch,
});
const lead = { name: '陈新', email: 'chen.xin@example.gov.cn' };
const at = new Date().toISOString();

/** [workflow, signal, raw argument as typed into Temporal UI's "Send Signal"]. */
const SIGNALS: ['plan' | 'task', string, unknown][] = [
  ['plan', 'itemChanged', null],
  ['plan', 'itemChanged', 'signed-off'],
  ['plan', 'itemChanged', []],
  ['plan', 'itemChanged', {}],
  ['plan', 'itemChanged', { workflowId: TASK, state: 'signed-off' }],
  ['plan', 'itemChanged', forged()],
  ['plan', 'itemChanged', forged({ run: 'a-run-typed-by-hand' })],
  ['plan', 'itemChanged', forged({ workflowId: `civ-${YEAR + 1}-task-05` })],
  ['plan', 'itemChanged', forged({ kind: 'meeting' })],
  ['plan', 'itemChanged', forged({ state: 'done' })],
  ['plan', 'itemChanged', forged({ pending: 'legal' })],
  ['plan', 'itemChanged', forged({ escalationLevel: 7 })],
  ['plan', 'itemChanged', forged({ title: 5 })],
  ['plan', 'startTheme', null],
  ['plan', 'startTheme', { month: 13 }],
  ['plan', 'startTheme', { month: 'May' }],
  ['plan', 'startTheme', { month: 1, extra: true }],
  ['task', 'leadChanged', null],
  ['task', 'leadChanged', { branch: 'legal' }],
  ['task', 'leadChanged', { branch: 5, actor: '赵丽', lead, at }],
  ['task', 'leadChanged', { branch: 'legal', actor: '赵丽', lead: { name: '陈新' }, at }],
  [
    'task',
    'leadChanged',
    { branch: 'legal', actor: '赵丽', lead: { ...lead, email: 'a@x.cn, b@evil.example' }, at },
  ],
  [
    'task',
    'leadChanged',
    { branch: 'legal', actor: '赵丽', lead: { ...lead, name: '陈新\r\nBcc: x@evil.example' }, at },
  ],
  ['task', 'leadChanged', { branch: 'legal', actor: '赵丽', lead, at: 'yesterday' }],
  ['task', 'leadChanged', { branch: 'nope', actor: '赵丽', lead, at }],
  ['task', 'watch', null],
  ['task', 'watch', { planWorkflowId: 5 }],
  ['task', 'watch', { planWorkflowId: `civ-${YEAR + 1}-plan` }],
];

/** Waits until every signal in the history has been handled by a completed workflow task. */
async function settled(workflowId: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  for (let i = 0; i < 150; i++) {
    const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const last = (has: (e: (typeof events)[number]) => unknown) =>
      events.reduce((found, e, i) => (has(e) ? i : found), -1);
    const lastSignal = last((e) => e.workflowExecutionSignaledEventAttributes);
    const lastDone = last((e) => e.workflowTaskCompletedEventAttributes);
    if (lastDone > lastSignal) return events;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${workflowId} did not handle its signals`);
}

test('bad signals as typed into Temporal UI: dropped, every workflow running, no failed workflow task', async () => {
  const taskHandle = env.client.workflow.getHandle(TASK);
  const leadsBefore = (await taskHandle.query(definitionQuery)).branches.map((b) => b.lead.email);
  for (const [target, name, arg] of SIGNALS)
    await env.client.workflow.getHandle(target === 'plan' ? PLAN : TASK).signal(name, arg);
  for (const id of [TASK, PLAN]) {
    const events = await settled(id);
    expect({ id, failed: events.filter((e) => e.workflowTaskFailedEventAttributes).length }).toEqual({
      id,
      failed: 0,
    });
    expect((await env.client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');
  }
  // No forged summary closed task 05 in the plan's eyes, and no bad change of lead reached it.
  const plan = await env.client.workflow.getHandle(PLAN).query(planStatusQuery);
  expect(plan.items[TASK].state).not.toBe('signed-off');
  expect(plan.phase).toBe('running');
  expect((await taskHandle.query(definitionQuery)).branches.map((b) => b.lead.email)).toEqual(leadsBefore);
  expect((await taskHandle.query(statusQuery)).phase).not.toBe('signed-off');
  expect(worker.getState()).toBe('RUNNING');
  expect(smtp.envelopes.flatMap((e) => e.rcptTo).some((r) => /evil/.test(r))).toBe(false);
});

test('CLI arguments and plan files: one line on stderr, exit 1, nothing changed', async () => {
  const badPlan = join(stack.dir, 'bad.yaml');
  writeFileSync(
    badPlan,
    rolledPlanText(YEAR)
      .replace('name: 何敏', 'name: "何敏\\r\\nBcc: x@evil.example"')
      .replace('email: he.min@example.gov.cn', 'email: "he.min@example.gov.cn, x@evil.example"'),
  );
  const before = await events(TASK);
  const cases: [string[], RegExp][] = [
    [
      ['task', 'report', '1999', '05', '--branch', 'legal', '--actor', 'x', '--summary', 's'],
      /unknown year 1999/,
    ],
    [
      ['task', 'report', String(YEAR), '17', '--branch', 'legal', '--actor', 'x', '--summary', 's'],
      /unknown task "17"/,
    ],
    [
      ['task', 'extend', String(YEAR), '05', '--actor', '赵丽', '--to', `${YEAR}-13-01`, '--reason', 'r'],
      /date/,
    ],
    [
      ['task', 'decide', String(YEAR), '05', 'maybe', '--actor', '赵丽'],
      /verdict must be "approve" or "return"/,
    ],
    [
      [
        'task',
        'report',
        String(YEAR),
        '05',
        '--branch',
        'legal',
        '--actor',
        'x',
        '--summary',
        's',
        '--kpi',
        'law-awareness=abc',
      ],
      /kpi/i,
    ],
    [
      ['task', 'report', String(YEAR), '05', '--branch', 'finance', '--actor', 'x', '--summary', 's'],
      /rejected: branch "finance"/,
    ],
    [
      ['year', 'report', String(YEAR), '--format', 'exe'],
      /--format must be one of md, html, csv, docx, pdf, xlsx, not "exe"/,
    ],
    [
      [
        'year',
        'revoke-links',
        String(YEAR),
        '--email',
        'zhou.qiang@example.gov.cn',
        '--actor',
        '何敏',
        '--reason',
        'r',
      ],
      /may not revoke links/,
    ],
    [
      ['year', 'revoke-links', String(YEAR), '--email', 'x@y.cn', '--actor', '赵丽', '--reason', 'r'],
      /--email x@y\.cn is the address of nobody in the \d{4} plan/,
    ],
    [['plan', 'validate', badPlan], /invalid|must/],
  ];
  for (const [args, message] of cases) {
    const result = await civ(...args);
    expect({ args, code: result.code }).toEqual({ args, code: 1 });
    expect(result.stderr).toMatch(message);
    if (args[1] !== 'validate') expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/ at .*\.ts:\d+/);
  }
  expect(await events(TASK)).toBe(before);
});
