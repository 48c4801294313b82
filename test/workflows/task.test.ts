// The task workflow over a simulated 2020: Temporal's time-skipping server started in 2020, the
// real activities, and a real SMTP server on loopback whose deliveries the tests read.
import { WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { DecideInput, ExtendInput, ReportInput, ItemState } from '../../domain/item-state';
import { decideUpdate, extendDeadlineUpdate, reportUpdate, statusQuery } from '../../wire/messages';
import type { taskWorkflow } from '../../workflows/task';
import { decodedPayloads, recordHistory } from '../helpers/histories';
import { definition2020 } from '../helpers/plans';
import { TASK_QUEUE, taskHarness, type Harness } from '../helpers/task-harness';

jest.setTimeout(180_000);

const OFFICE = '赵丽'; // office staff: signs office tasks
const DEPUTY = '李明'; // leading group, not a signer

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const report = (branch: string, extra: Partial<ReportInput> = {}): ReportInput => ({
  branch,
  actor: '测试上报人',
  summary: '已按方案完成',
  evidence: ['https://intranet.example.gov.cn/evidence/1'],
  ...extra,
});

function timeline(state: ItemState): [string, string, string[]][] {
  return state.notifications.map((n) => [n.kind, n.at, n.to]);
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) return err.cause?.message ?? err.message;
    throw err;
  }
  throw new Error('the update was accepted');
}

test('all branches report early: assignment, ready for sign-off, approval completes the task', async () => {
  h = await taskHarness('2020-11-02T09:30:00+08:00');
  const def = definition2020('01', (d) => (d.milestones = []));
  const handle = await h.start(def);
  await handle.executeUpdate(reportUpdate, { args: [report('party-committee')] });
  await handle.executeUpdate(reportUpdate, { args: [report('first-branch')] });
  expect((await handle.query(statusQuery)).phase).toBe('awaiting-sign-off');

  await handle.executeUpdate(decideUpdate, {
    args: [{ verdict: 'approve', actor: OFFICE, comment: '材料齐全，同意' }],
  });
  const state = await handle.result();

  expect(state.phase).toBe('signed-off');
  expect(state.notifications.map((n) => n.kind)).toEqual(['assignment', 'ready-for-sign-off', 'signed-off']);
  const mails = await h.smtp.waitFor(3);
  expect(mails.map((m) => m.subject)).toEqual([
    expect.stringMatching(/^【任务交办】.*深入学习贯彻新思想/),
    expect.stringMatching(/^【待审核】/),
    expect.stringMatching(/^【审核通过】/),
  ]);
  const assignment = h.smtp.envelopes[0].rcptTo.sort();
  expect(assignment).toEqual([...def.branches.map((b) => b.lead.email), def.office.email].sort());
  expect(h.smtp.envelopes[1].rcptTo).toEqual([def.office.email]);
  await recordHistory(handle, 'all-report-early');
});

test('a branch that never reports: reminders to it alone, overdue, escalation to the office, its deputy head, the head', async () => {
  h = await taskHarness('2020-11-02T09:30:00+08:00');
  const def = definition2020('01', (d) => (d.milestones = []));
  const [done, missing] = def.branches; // party-committee reports, first-branch never does
  const handle = await h.start(def);
  await handle.executeUpdate(reportUpdate, { args: [report(done.id)] });

  const state = await handle.result();

  expect(state.phase).toBe('unfinished');
  const office = def.office.email;
  expect(timeline(state)).toEqual([
    ['assignment', expect.stringMatching(/^2020-11-02T01:3/), def.branches.map((b) => b.lead.email)],
    // due Tue 2020-12-15: 14 days before is Tue 12-01; 3 days before is Sat 12-12 → Fri 12-11
    // 签收: three working days after Monday's assignment, to the branch that neither acknowledged nor reported
    ['acknowledge-reminder', '2020-11-05T01:00:00.000Z', [missing.lead.email]],
    ['reminder', '2020-12-01T01:00:00.000Z', [missing.lead.email]],
    ['reminder', '2020-12-11T01:00:00.000Z', [missing.lead.email]],
    ['reminder', '2020-12-14T01:00:00.000Z', [missing.lead.email]],
    ['overdue', '2020-12-16T01:00:00.000Z', [missing.lead.email]],
    // the office after 3 working days, the deputy head in charge after 6, the head after 10;
    // the office and the deputy again every 5
    ['escalation-office', '2020-12-18T01:00:00.000Z', [office]],
    ['escalation-deputy', '2020-12-23T01:00:00.000Z', [missing.deputy!.email]],
    ['escalation-office', '2020-12-25T01:00:00.000Z', [office]],
    ['escalation-head', '2020-12-29T01:00:00.000Z', [def.head.email]],
    ['escalation-deputy', '2020-12-30T01:00:00.000Z', [missing.deputy!.email]],
    // the plan year ends: the branch that never reported and the office are told, at 09:00 on the
    // first working day after it (1 January is a holiday, then a weekend)
    ['unfinished', expect.stringMatching(/^2021-01-04T01:00:00/), [missing.lead.email]],
  ]);
  expect(state.unfinishedReason).toBe('reports-missing');
  const mails = await h.smtp.waitFor(12);
  expect(mails).toHaveLength(12);
  expect(mails[1].subject).toMatch(/^【签收提醒】/);
  expect(mails[11].subject).toMatch(/^【未完成】/);
  expect(h.smtp.envelopes[11].rcptTo.sort()).toEqual([missing.lead.email, office].sort());
  const escalation = mails[6];
  expect(escalation.subject).toMatch(/^【催办】/);
  expect(escalation.text).toContain(missing.name);
  expect(escalation.text).toContain('3');
  expect(mails[7].subject).toMatch(/^【分管领导督办】/);
  expect(mails[7].text).toMatch(/^陈静机关党委书记：/);
  expect(mails[7].text).toContain('您分管的以下1个责任单位仍未报送完成情况');
  expect(mails[9].subject).toMatch(/^【组长督办】/);
  expect(state.escalationLevel).toBe(3);
  await recordHistory(handle, 'one-branch-never-reports');
});

test('a reminder on a public holiday moves to the previous working day; a swapped working day counts', async () => {
  h = await taskHarness('2020-09-01T09:00:00+08:00');
  const def = definition2020('01', (d) => {
    d.milestones = [];
    d.branches = d.branches.slice(0, 1);
    d.ref.due = '2020-10-15';
    // 14 days before is 2020-10-01 (National Day); 18 days before is Sunday 2020-09-27, a 调休 working day.
    d.reminderDaysBefore = [18, 14];
  });
  const handle = await h.start(def);
  await h.env.sleep('44 days'); // to 2020-10-15

  const state = await handle.query(statusQuery);
  expect(timeline(state).filter(([kind]) => kind === 'reminder')).toEqual([
    ['reminder', '2020-09-27T01:00:00.000Z', [def.branches[0].lead.email]],
    ['reminder', '2020-09-30T01:00:00.000Z', [def.branches[0].lead.email]],
  ]);
  await recordHistory(handle, 'holiday-reminders');
  await handle.terminate('test done');
});

test('milestone reminders follow the same rules: working days, only branches without a progress report', async () => {
  h = await taskHarness('2020-06-01T09:00:00+08:00');
  const def = definition2020('01'); // milestone mid-year: 2020-06-30
  const [reported, silent] = def.branches;
  const handle = await h.start(def);
  await handle.executeUpdate(reportUpdate, { args: [report(reported.id, { milestone: 'mid-year' })] });
  await h.env.sleep('30 days'); // to 2020-07-01

  const state = await handle.query(statusQuery);
  expect(state.phase).toBe('open'); // a progress report is not the final report
  expect(timeline(state).filter(([kind]) => kind === 'milestone-reminder')).toEqual([
    ['milestone-reminder', '2020-06-16T01:00:00.000Z', [silent.lead.email]],
    // 3 days before is Saturday 06-27, inside the 端午 holiday (06-25..27): back to Wednesday 06-24
    ['milestone-reminder', '2020-06-24T01:00:00.000Z', [silent.lead.email]],
    ['milestone-reminder', '2020-06-29T01:00:00.000Z', [silent.lead.email]],
  ]);
  const subjects = (await h.smtp.waitFor(6)).map((m) => m.subject);
  expect(subjects.slice(1)).toEqual([
    // Thursday 06-04, three working days after the assignment: the silent branch has not acknowledged.
    expect.stringMatching(/^【签收提醒】/),
    expect.stringMatching(/^【阶段进展提醒】/),
    expect.stringMatching(/^【阶段进展提醒】/),
    expect.stringMatching(/^【阶段进展提醒】/),
    // 07-01 09:00, the working day after the milestone: the silent branch let it pass.
    expect.stringMatching(/^【节点逾期提醒】/),
  ]);
  await recordHistory(handle, 'milestone-reminders');
  await handle.terminate('test done');
});

test('return for rework, deadline extension, KPI below threshold blocks approval, override passes', async () => {
  h = await taskHarness('2020-11-02T09:30:00+08:00');
  const def = definition2020('05', (d) => (d.milestones = []));
  const handle: WorkflowHandle<typeof taskWorkflow> = await h.start(def);
  await handle.executeUpdate(reportUpdate, { args: [report('legal', { kpis: { 'law-awareness': 90 } })] });
  await handle.executeUpdate(reportUpdate, { args: [report('office')] });

  const approve: DecideInput = { verdict: 'approve', actor: OFFICE, comment: '同意' };
  expect(await rejection(handle.executeUpdate(decideUpdate, { args: [approve] }))).toBe(
    'KPI below threshold (law-awareness 90% < 95%): approve with an override reason',
  );

  const returned = await handle.executeUpdate(decideUpdate, {
    args: [
      {
        verdict: 'return',
        actor: OFFICE,
        comment: '请补充普法宣传活动记录',
        branches: ['legal'],
        newDue: '2020-12-18',
      },
    ],
  });
  expect(returned.phase).toBe('returned');
  expect(returned.due).toBe('2020-12-18');
  expect(returned.branches.find((b) => b.id === 'legal')?.report).toBeUndefined();
  expect(returned.branches.find((b) => b.id === 'office')?.report).toBeDefined();

  const extension: ExtendInput = { actor: DEPUTY, newDue: '2020-12-23', reason: '等待市普法办年度测评结果' };
  const extended = await handle.executeUpdate(extendDeadlineUpdate, { args: [extension] });
  expect(extended.due).toBe('2020-12-23');
  expect(extended.extensions).toEqual([
    expect.objectContaining({ from: '2020-12-18', to: '2020-12-23', actor: DEPUTY }),
  ]);

  await handle.executeUpdate(reportUpdate, { args: [report('legal', { kpis: { 'law-awareness': 93 } })] });
  expect(await rejection(handle.executeUpdate(decideUpdate, { args: [approve] }))).toMatch(
    /^KPI below threshold/,
  );
  await handle.executeUpdate(decideUpdate, {
    args: [{ ...approve, overrideReason: '测评口径调整，经领导小组会议研究同意' }],
  });
  const state = await handle.result();

  expect(state.phase).toBe('signed-off');
  expect(state.decisions.map((d) => d.verdict)).toEqual(['return', 'approve']);
  expect(state.decisions[1].overrideReason).toBe('测评口径调整，经领导小组会议研究同意');
  expect(state.notifications.map((n) => n.kind)).toEqual([
    'assignment',
    'ready-for-sign-off',
    'returned',
    'extended',
    'ready-for-sign-off',
    'signed-off',
  ]);
  const mails = await h.smtp.waitFor(6);
  const returnedMail = mails[2];
  expect(returnedMail.subject).toMatch(/^【退回整改】/);
  expect(returnedMail.text).toContain('请补充普法宣传活动记录');
  expect(h.smtp.envelopes[2].rcptTo.sort()).toEqual([def.branches[0].lead.email, def.office.email].sort());
  // The extension is announced to the branch that still owes its report, with the office in copy.
  expect(mails[3].subject).toBe(
    '【延期通知】2020年文明单位创建第5项任务：积极开展普法知识教育（完成时限调整为2020年12月23日）',
  );
  expect(mails[3].text).toContain('调整理由：等待市普法办年度测评结果');
  expect(h.smtp.envelopes[3].rcptTo.sort()).toEqual([def.branches[0].lead.email, def.office.email].sort());
  // One calendar event for the due date, its SEQUENCE raised by every change of the date.
  const event = (i: number) => {
    const ics = mails[i].attachments.find((a) => a.filename?.endsWith('.ics'))?.content.toString() ?? '';
    return {
      uid: /UID:(.*)/.exec(ics)?.[1],
      sequence: /SEQUENCE:(\d+)/.exec(ics)?.[1],
      start: /DTSTART;VALUE=DATE:(\d+)/.exec(ics)?.[1],
    };
  };
  expect([event(0), event(2), event(3)]).toEqual([
    { uid: event(0).uid, sequence: '0', start: '20201204' },
    { uid: event(0).uid, sequence: '1', start: '20201218' },
    { uid: event(0).uid, sequence: '2', start: '20201223' },
  ]);
  expect(mails[5].text).toContain('测评口径调整');
  await recordHistory(handle, 'return-extend-kpi-override');
});

test('invalid messages are rejected by the validators and never reach the history', async () => {
  h = await taskHarness('2020-11-02T09:30:00+08:00');
  const def = definition2020('05', (d) => (d.milestones = []));
  const handle = await h.start(def);
  const reject = async (promise: Promise<unknown>) => rejection(promise);

  const reasons = [
    await reject(handle.executeUpdate(reportUpdate, { args: [report('no-such-branch')] })),
    await reject(handle.executeUpdate(reportUpdate, { args: [report('finance')] })),
    await reject(
      handle.executeUpdate(reportUpdate, { args: [report('legal', { kpis: { volunteers: 95 } })] }),
    ),
    await reject(
      handle.executeUpdate(reportUpdate, { args: [report('legal', { kpis: { 'law-awareness': 777.25 } })] }),
    ),
    await reject(
      handle.executeUpdate(decideUpdate, { args: [{ verdict: 'return', actor: '钱法规', comment: '退回' }] }),
    ),
    await reject(
      handle.executeUpdate(extendDeadlineUpdate, {
        args: [{ actor: '钱法规', newDue: '2020-12-20', reason: '忙' }],
      }),
    ),
    await reject(
      handle.executeUpdate(extendDeadlineUpdate, {
        args: [{ actor: DEPUTY, newDue: '2020-09-15', reason: '补' }],
      }),
    ),
  ];
  expect(reasons).toEqual([
    'unknown branch "no-such-branch"',
    'branch "finance" is not responsible for task 05',
    'task 05 has no KPI "volunteers"',
    'KPI "law-awareness" must be a percentage from 0 to 100, got 777.25',
    '"钱法规" may not sign off task 05',
    '"钱法规" is not in the leading group and may not extend deadlines',
    'the new due date 2020-09-15 is in the past',
  ]);

  await handle.executeUpdate(reportUpdate, { args: [report('legal', { kpis: { 'law-awareness': 97 } })] });
  await handle.executeUpdate(reportUpdate, { args: [report('office')] });
  await handle.executeUpdate(decideUpdate, {
    args: [{ verdict: 'approve', actor: OFFICE, comment: '同意' }],
  });
  await handle.result();
  // The workflow has completed: a late message is refused (Temporal refuses updates to a closed workflow).
  await expect(handle.executeUpdate(reportUpdate, { args: [report('office')] })).rejects.toThrow();

  const history = await handle.fetchHistory();
  const accepted = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
  expect(accepted).toHaveLength(3);
  const text = decodedPayloads(history).join('\n');
  expect(text).toContain('law-awareness'); // the decoding works: accepted input is there
  for (const marker of ['no-such-branch', '"volunteers"', '钱法规', '"2020-09-15"', '777.25']) {
    expect(text).not.toContain(marker);
  }
  await recordHistory(handle, 'invalid-messages');
});

test('a message after sign-off is rejected while the workflow is still open', async () => {
  // Hold the signed-off email, so the workflow is provably still running when the late report comes.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  h = await taskHarness('2020-11-02T09:30:00+08:00', (activities) => ({
    ...activities,
    async sendNotification(n) {
      if (n.kind === 'signed-off') await held;
      return activities.sendNotification(n);
    },
  }));
  const def = definition2020('02', (d) => (d.milestones = []));
  const handle = await h.start(def);
  for (const b of def.branches) await handle.executeUpdate(reportUpdate, { args: [report(b.id)] });
  // Task 02 is signed by the head; the office may not.
  expect(
    await rejection(
      handle.executeUpdate(decideUpdate, { args: [{ verdict: 'approve', actor: OFFICE, comment: '同意' }] }),
    ),
  ).toBe('"赵丽" may not sign off task 02');
  await handle.executeUpdate(decideUpdate, {
    args: [{ verdict: 'approve', actor: def.head.name, comment: '同意' }],
  });

  expect(await rejection(handle.executeUpdate(reportUpdate, { args: [report(def.branches[0].id)] }))).toBe(
    'task 02 is already signed off',
  );
  expect(
    await rejection(
      handle.executeUpdate(extendDeadlineUpdate, {
        args: [{ actor: DEPUTY, newDue: '2020-12-30', reason: '补材料' }],
      }),
    ),
  ).toBe('task 02 is already signed off');
  release();
  const state = await handle.result();
  expect(state.phase).toBe('signed-off');
  expect(state.extensions).toEqual([]);
  await recordHistory(handle, 'late-message-after-sign-off');
});

test('an activity retried after its email was sent does not send it twice', async () => {
  let crashed = false;
  h = await taskHarness('2020-11-02T09:30:00+08:00', (activities) => ({
    ...activities,
    // The worker "dies" after the SMTP server accepted the assignment but before Temporal heard of it.
    async sendNotification(n) {
      const result = await activities.sendNotification(n);
      if (n.key === 'assignment' && !crashed) {
        crashed = true;
        throw new Error('simulated crash after send');
      }
      return result;
    },
  }));
  const def = definition2020('01', (d) => (d.milestones = []));
  const handle = await h.start(def);
  for (const b of def.branches) await handle.executeUpdate(reportUpdate, { args: [report(b.id)] });
  await handle.executeUpdate(decideUpdate, {
    args: [{ verdict: 'approve', actor: OFFICE, comment: '同意' }],
  });
  const state = await handle.result();

  expect(crashed).toBe(true);
  const assignment = state.notifications.find((n) => n.kind === 'assignment');
  expect(assignment?.deduplicated).toBe(true);
  await h.smtp.waitFor(3);
  const subjects = h.smtp.messages.map((m) => m.subject ?? '');
  expect(subjects.filter((s) => s.startsWith('【任务交办】'))).toHaveLength(1);
  expect(subjects).toHaveLength(3);
});

test('started with only { year, task }, as from Temporal UI: the plan is loaded by an activity', async () => {
  h = await taskHarness('2020-11-02T09:30:00+08:00');
  const handle = await h.env.client.workflow.start<typeof taskWorkflow>('taskWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: 'civ-2020-task-05',
    args: [{ year: 2020, task: '5' }], // as an admin might type it into Temporal UI; the plan says "05"
  });
  const [assignment] = await h.smtp.waitFor(1);
  expect(assignment.subject).toBe('【任务交办】2020年文明单位创建第5项任务：积极开展普法知识教育');
  const state = await handle.query(statusQuery);
  expect(state.branches.map((b) => b.id)).toEqual(['legal', 'office']);
  expect((await handle.describe()).memo).toMatchObject({ title: '积极开展普法知识教育' });
  await handle.terminate('test done');

  const unknown = await h.env.client.workflow.start<typeof taskWorkflow>('taskWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: 'civ-2020-task-17',
    args: [{ year: 2020, task: '17' }],
  });
  const failure = await unknown.result().catch((err: WorkflowFailedError) => err);
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  // The workflow failed because its activity did: Temporal keeps the activity's own message.
  expect(String((failure as WorkflowFailedError).cause?.cause)).toContain('the 2020 plan has no task "17"');

  const garbage = await h.env.client.workflow.start('taskWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: 'civ-garbage',
    args: [{ yaer: 2020 }],
  });
  const invalid = await garbage.result().catch((err: WorkflowFailedError) => err);
  expect(String((invalid as WorkflowFailedError).cause)).toContain(
    'input must be like {"year": 2020, "task": "05"}',
  );
});
