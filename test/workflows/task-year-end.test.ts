// The end of the plan year: signers reminded before an undecided task ends unfinished, a task due
// on the latest day the plan allows still gets its overdue notice, everyone concerned hears that a
// task ended unfinished, and a task started after its year mails nobody.
import { reportUpdate, statusQuery } from '../../wire/messages';
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
const rcpt = (i: number) => [...h!.smtp.envelopes[i].rcptTo].sort();

test('awaiting sign-off at the year end: the signers are reminded, then told it ended unfinished', async () => {
  h = await taskHarness('2020-12-18T09:30:00+08:00');
  const def = definition2020('10', (d) => (d.milestones = [])); // due Thursday 2020-12-24
  const handle = await h.start(def);
  for (const b of def.branches) await handle.executeUpdate(reportUpdate, { args: [report(b.id)] });
  const state = await handle.result();

  expect(state.phase).toBe('unfinished');
  expect(state.unfinishedReason).toBe('not-signed-off');
  expect(state.notifications.map((n) => [n.kind, n.at.slice(0, 16)])).toEqual([
    ['assignment', '2020-12-18T01:30'],
    ['ready-for-sign-off', '2020-12-18T01:30'],
    // 3 working days after the due date, and on the last working day of the year
    ['sign-off-reminder', '2020-12-29T01:00'],
    ['sign-off-reminder', '2020-12-31T01:00'],
    // told at 09:00 on the first working day after the year (Monday 4 January 2021)
    ['unfinished', '2021-01-04T01:00'],
  ]);
  const mails = await h.smtp.waitFor(5);
  expect(mails[3].subject).toBe(
    '【审核提醒】2020年文明单位创建第10项任务：积极开展无锡市崇德乐善“一月一主题”公益活动（本年度最后一个工作日）',
  );
  expect(rcpt(2)).toEqual([def.office.email]); // task 10 is signed by the office
  expect(mails[4].subject).toMatch(/^【未完成】/);
  expect(mails[4].text).toContain('尚未完成审核');
  expect(rcpt(4)).toEqual([def.office.email]);
  await recordHistory(handle, 'year-end-awaiting-sign-off');
});

test('due on the latest day the plan allows: overdue notice, escalation and unfinished notice within the year', async () => {
  h = await taskHarness('2020-12-01T09:30:00+08:00');
  const def = definition2020('10', (d) => (d.milestones = []));
  const handle = await h.start(def);
  await handle.executeUpdate(reportUpdate, { args: [report(def.branches[0].id)] });
  const state = await handle.result();
  const missing = def.branches[1].lead.email;

  expect(state.notifications.map((n) => [n.kind, n.at.slice(0, 10), n.to])).toEqual([
    ['assignment', '2020-12-01', def.branches.map((b) => b.lead.email)],
    ['acknowledge-reminder', '2020-12-04', [missing]],
    ['reminder', '2020-12-10', [missing]],
    ['reminder', '2020-12-21', [missing]],
    ['reminder', '2020-12-23', [missing]],
    ['overdue', '2020-12-25', [missing]],
    ['escalation-office', '2020-12-29', [def.office.email]],
    ['unfinished', '2021-01-04', [missing]],
  ]);
  expect(state.unfinishedReason).toBe('reports-missing');
  const mails = await h.smtp.waitFor(8);
  expect(mails[7].text).toContain('截至2020年12月31日');
  expect(rcpt(7)).toEqual([missing, def.office.email].sort());
  await recordHistory(handle, 'due-on-latest-day');
});

test('started after its plan year: nothing is mailed, the task is recorded unfinished', async () => {
  h = await taskHarness('2021-01-05T09:30:00+08:00');
  const handle = await h.start(definition2020('05'));
  const state = await handle.result();
  expect(state.phase).toBe('unfinished');
  expect(state.unfinishedReason).toBe('started-after-year');
  expect(state.notifications).toEqual([]);
  expect(h.smtp.messages).toEqual([]);
  expect((await handle.describe()).memo).toMatchObject({ title: '积极开展普法知识教育' });
  await expect(handle.query(statusQuery)).resolves.toMatchObject({ phase: 'unfinished' });
  await recordHistory(handle, 'started-after-year');
});
