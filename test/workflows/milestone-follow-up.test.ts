// A missed milestone on the time-skipping server: the branch that let it pass without a progress
// report gets one 节点逾期提醒 at 09:00 the next working day, over real SMTP; the one that reported
// gets nothing.
import type { ReportInput } from '../../domain/item-state';
import { reportUpdate, statusQuery } from '../../wire/messages';
import { definition2020 } from '../helpers/plans';
import { taskHarness, type Harness } from '../helpers/task-harness';

jest.setTimeout(180_000);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const report = (branch: string, extra: Partial<ReportInput> = {}): ReportInput => ({
  branch,
  actor: '测试上报人',
  summary: '上半年学习情况小结',
  ...extra,
});

test('a milestone passed without a progress report: one notice the next working day, to that branch only', async () => {
  h = await taskHarness('2020-06-29T10:00:00+08:00');
  const def = definition2020('01'); // milestone mid-year: Tuesday 2020-06-30
  const [reported, silent] = def.branches;
  const handle = await h.start(def);
  await handle.executeUpdate(reportUpdate, { args: [report(reported.id, { milestone: 'mid-year' })] });
  await h.env.sleep('3 days'); // to Thursday 07-02, 10:00

  const state = await handle.query(statusQuery);
  const notices = state.notifications.filter((n) => n.kind === 'milestone-overdue');
  expect(notices.map((n) => [n.at, n.to])).toEqual([['2020-07-01T01:00:00.000Z', [silent.lead.email]]]);
  const mails = h.smtp.messages.filter((m) => m.subject?.startsWith('【节点逾期提醒】'));
  expect(mails).toHaveLength(1);
  const mail = mails[0];
  expect(JSON.stringify(mail.to)).toContain(silent.lead.email);
  expect(JSON.stringify([mail.to, mail.cc])).not.toContain(reported.lead.email);
  expect(mail?.subject).toBe(
    '【节点逾期提醒】2020年文明单位创建第1项任务：深入学习贯彻新思想——上半年学习情况小结',
  );
  expect(mail?.text).toContain('逾期未报的阶段节点将纳入年度考评。特此提醒。');
  await handle.terminate('test done');
});
