// The task workflow when email goes wrong or goes stale: a refused address, a broken office
// mailbox, an extension that arrives while a notice is being sent, two reminders on one day.
import { openLedger } from '../../ledger/notification-ledger';
import { formatItemStatus } from '../../cli/format';
import { decideUpdate, extendDeadlineUpdate, reportUpdate, statusQuery } from '../../wire/messages';
import { startSmtpCatcher } from '../../preview/mail-catcher';
import { recordHistory } from '../helpers/histories';
import { definition2020 } from '../helpers/plans';
import { taskHarness, type Harness } from '../helpers/task-harness';

jest.setTimeout(180_000);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const report = (branch: string) => ({ branch, actor: '测试上报人', summary: '已按方案完成' });

test('a lead who left: the refused address is recorded, the office is told, the task goes on', async () => {
  const def = definition2020('01', (d) => {
    d.milestones = [];
    delete d.acknowledgeWorkingDays; // the refusals of reminders are the point here
  });
  const [stays, left] = def.branches;
  h = await taskHarness('2020-11-30T09:30:00+08:00', undefined, {
    rejectRecipient: (address) => address === left.lead.email,
  });
  const handle = await h.start(def);
  await handle.executeUpdate(reportUpdate, { args: [report(stays.id)] });
  await h.env.sleep('12 days'); // past the reminders of 12-01, 12-11 (both to the lead who left)
  const midway = await handle.query(statusQuery);
  expect(midway.phase).toBe('open');
  expect(midway.failures.map((f) => [f.kind, f.recipients])).toEqual([
    ['assignment', [left.lead.email]], // the others got it: the SMTP server refused one recipient
    ['reminder', [left.lead.email]], // nobody got it
    ['reminder', [left.lead.email]],
  ]);
  expect(midway.failures[1].reason).toMatch(/^邮件服务器拒收：.*550 5.1.1 mailbox unavailable/);
  expect(midway.failures[0].reason).toMatch(/^邮件服务器拒收：550/);
  expect((await handle.describe()).memo).toMatchObject({ deliveryFailures: 3 });
  expect(formatItemStatus(midway, '2020-12-12')).toContain(
    `未送达：2020年12月1日 09:00 到期提醒 → ${left.lead.email}`,
  );

  // Each failure reached the office, naming the address and the SMTP server's answer.
  const notices = h.smtp.messages.filter((m) => m.subject?.startsWith('【邮件未送达】'));
  expect(notices).toHaveLength(3);
  expect(notices[1].text).toContain(`未送达地址：${left.lead.email}`);
  expect(notices[1].text).toMatch(/退信原因：.*550/);
  const officeRecipients = [def.office.email, ...def.office.staff.map((p) => p.email)].sort();
  const noticeIndex = h.smtp.messages.indexOf(notices[0]);
  expect(h.smtp.envelopes[noticeIndex].rcptTo.sort()).toEqual(officeRecipients);
  // The ledger, the year's record of every email, holds the undeliverable ones as failed.
  const ledgerFailures = await openLedger(h.ledgerPath).failures();
  expect(ledgerFailures.map((f) => [f.kind, f.to])).toEqual([
    ['reminder', [left.lead.email]],
    ['reminder', [left.lead.email]],
  ]);

  // The office sorts it out by phone; the report comes, the task is signed off as usual.
  await handle.executeUpdate(reportUpdate, { args: [report(left.id)] });
  await handle.executeUpdate(decideUpdate, {
    args: [{ verdict: 'approve', actor: '赵丽', comment: '同意' }],
  });
  const state = await handle.result();
  expect(state.phase).toBe('signed-off');
  await recordHistory(handle, 'lead-address-refused');
});

test('a broken office mailbox: its own failure notice fails once, and nothing loops', async () => {
  const def = definition2020('01', (d) => {
    d.milestones = [];
    d.branches = d.branches.slice(0, 1);
  });
  const office = new Set([def.office.email, ...def.office.staff.map((p) => p.email)]);
  // Started after the due date: the overdue notice (copied to the office) and the office's
  // escalation fall due at once.
  h = await taskHarness('2020-12-21T09:30:00+08:00', undefined, { rejectRecipient: (a) => office.has(a) });
  const handle = await h.start(def);
  await h.env.sleep('2 days');
  const state = await handle.query(statusQuery);
  const failures = state.failures.map((f) => f.kind);
  expect(failures).toEqual([
    'assignment', // the office in copy refused
    'delivery-failed', // the notice of it, to the office, refused: recorded, not noticed again
    'overdue',
    'delivery-failed',
    'escalation-office',
    'delivery-failed',
    'escalation-deputy', // to the deputy head, the office in copy refused
    'delivery-failed',
  ]);
  expect(state.notifications.map((n) => n.kind)).toEqual(['assignment', 'overdue', 'escalation-deputy']);
  expect(state.phase).toBe('open');
  await handle.terminate('test done');
  await recordHistory(handle, 'office-mailbox-broken');
});

test('an extension while the overdue notice is being sent: the stale escalation is not sent', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const isHolding = new Promise<void>((resolve) => (holding = resolve));
  h = await taskHarness('2020-12-23T09:30:00+08:00', (activities) => ({
    ...activities,
    async sendNotification(n) {
      if (n.kind === 'overdue') {
        holding();
        await held;
      }
      return activities.sendNotification(n);
    },
  }));
  // Due 2020-12-15: at the start the overdue notice and the office's escalation are both due.
  const def = definition2020('01', (d) => (d.milestones = []));
  const handle = await h.start(def);
  await isHolding;
  await handle.executeUpdate(extendDeadlineUpdate, {
    args: [{ actor: '李明', newDue: '2020-12-24', reason: '补充材料' }],
  });
  release();
  await h.smtp.waitFor(3);
  let state = await handle.query(statusQuery);
  for (let i = 0; i < 50 && state.notifications.length < 3; i++) {
    await new Promise((r) => setTimeout(r, 100));
    state = await handle.query(statusQuery);
  }
  expect(state.notifications.map((n) => n.kind)).toEqual(['assignment', 'overdue', 'extended']);
  // The escalation planned for the old due date left the timeline with it: it was not sent naming
  // the new one, and the level the extension reset stays reset.
  expect(state.handledKeys.filter((k) => k.startsWith('escalation'))).toEqual([]);
  expect(state.escalationLevel).toBe(0);
  expect(h.smtp.messages.map((m) => m.subject?.slice(0, 6))).toEqual([
    '【任务交办】',
    '【逾期提醒】',
    '【延期通知】',
  ]);
  await handle.terminate('test done');
  await recordHistory(handle, 'extension-during-send');
});

test('task 02 (due Monday 11-30): the Friday reminder is sent once, to the branch that has not reported', async () => {
  h = await taskHarness('2020-11-20T09:30:00+08:00');
  const def = definition2020('02', (d) => (d.milestones = []));
  const [done, silent] = def.branches;
  const handle = await h.start(def);
  await handle.executeUpdate(reportUpdate, { args: [report(done.id)] });
  await h.env.sleep('12 days');
  const state = await handle.query(statusQuery);
  expect(state.notifications.map((n) => [n.kind, n.at, n.to])).toEqual([
    ['assignment', expect.stringMatching(/^2020-11-20T01:30/), def.branches.map((b) => b.lead.email)],
    // 3 days before is Friday 11-27; 1 day before is Sunday 11-29, back to Friday 11-27: one reminder
    // 签收: Wednesday 11-25, three working days after Friday's assignment
    ['acknowledge-reminder', '2020-11-25T01:00:00.000Z', [silent.lead.email]],
    ['reminder', '2020-11-27T01:00:00.000Z', [silent.lead.email]],
    ['overdue', '2020-12-01T01:00:00.000Z', [silent.lead.email]],
  ]);
  const reminders = h.smtp.messages.filter((m) => m.subject?.startsWith('【到期提醒】'));
  expect(reminders.map((m) => m.subject)).toEqual([
    '【到期提醒】2020年文明单位创建第2项任务：建立不忘初心、牢记使命长效机制（还有3天到期）',
  ]);
  await handle.terminate('test done');
  await recordHistory(handle, 'reminder-on-friday');
});

test('the SMTP server down for an hour: the assignment is retried with backoff and arrives once when it is back', async () => {
  h = await taskHarness('2020-11-02T09:30:00+08:00');
  const def = definition2020('05', (d) => (d.milestones = []));
  const port = h.smtp.port;
  await h.smtp.close();
  const handle = await h.start(def);
  await h.env.sleep('1 hour');
  const during = await handle.describe();
  const pending = during.raw.pendingActivities?.[0];
  expect(pending?.activityType?.name).toBe('sendNotification');
  expect(pending?.attempt).toBeGreaterThanOrEqual(5); // 30 s, 1, 2, 4, 8, 16, 32 min apart
  expect(pending?.lastFailure?.message).toMatch(/SMTP delivery via 127\.0\.0\.1:\d+ failed/);
  expect((await handle.query(statusQuery)).notifications).toEqual([]);

  const back = await startSmtpCatcher({ port });
  try {
    await h.env.sleep('2 hours'); // the next attempt is at most an hour away
    const mails = await back.waitFor(1);
    expect(mails.map((m) => m.headers.get('x-civ-key'))).toEqual(['assignment']);
    const state = await handle.query(statusQuery);
    expect(state.notifications.map((n) => n.key)).toEqual(['assignment']);
    expect(state.failures).toEqual([]);
    await h.env.sleep('1 hour');
    expect(back.messages).toHaveLength(1);
  } finally {
    await handle.terminate('test done');
    await back.close();
  }
});
