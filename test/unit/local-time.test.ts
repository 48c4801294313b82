// Every time a person reads is Beijing time, through one function: at 23:30 and at 00:30 Beijing
// time (15:30 and 16:30 UTC, the second still the day before in UTC) in the CLI, the portal, the
// emails and the year report.
import { formatLocalTime, localDateOf } from '../../domain/calendar';
import { initialState } from '../../domain/item-state';
import { renderPlanNotification } from '../../domain/plan-notifications';
import { renderBlocks, renderNotification } from '../../domain/templates';
import { formatItemStatus, formatNotifications } from '../../cli/format';
import { itemPage } from '../../portal/item-page';
import { formatInstant } from '../../report/labels';
import { definition2020, plan2020, SAMPLE_TASK } from '../helpers/plans';
import { sampleYearRecord } from '../helpers/year-record-sample';
import { DEFAULT_UPLOADS } from '../helpers/upload-limits';

/** 23:30 on 17 December 2020 in Wuxi. */
const LATE_EVENING = '2020-12-17T15:30:00.000Z';
/** 00:30 on 18 December 2020 in Wuxi: 17 December in UTC. */
const PAST_MIDNIGHT = '2020-12-17T16:30:00.000Z';

describe('formatLocalTime', () => {
  it('writes an instant in Beijing time, the way an office writes it', () => {
    expect(formatLocalTime(LATE_EVENING)).toBe('2020年12月17日 23:30');
    expect(formatLocalTime(PAST_MIDNIGHT)).toBe('2020年12月18日 00:30');
    expect(formatLocalTime(Date.parse(PAST_MIDNIGHT))).toBe('2020年12月18日 00:30');
    expect(formatLocalTime('2021-01-01T01:05:00+08:00')).toBe('2021年1月1日 01:05');
  });

  it('the day of an instant is its day in Beijing', () => {
    expect(localDateOf(LATE_EVENING)).toBe('2020-12-17');
    expect(localDateOf(PAST_MIDNIGHT)).toBe('2020-12-18');
    expect(() => localDateOf('yesterday')).toThrow(/not an ISO instant/);
  });

  it('shows text that is no instant as it is, never a wrong time', () => {
    expect(formatLocalTime('unknown')).toBe('unknown');
  });
});

function reportedState() {
  const def = definition2020('05');
  const state = initialState(def, Date.parse('2020-03-09T01:00:00Z'));
  state.branches[0].report = {
    at: LATE_EVENING,
    actor: '何敏',
    summary: '开展普法宣传',
    evidence: [],
    channel: 'portal',
  };
  state.branches[1].report = { at: PAST_MIDNIGHT, actor: '周强', summary: '完成', evidence: [] };
  state.acknowledged = { legal: { at: PAST_MIDNIGHT, actor: '何敏' } };
  state.notifications.push({
    key: 'assignment',
    kind: 'assignment',
    to: ['he.min@example.gov.cn'],
    subject: '【任务交办】…',
    messageId: '<x@civ>',
    sentAt: PAST_MIDNIGHT,
    deduplicated: false,
    at: PAST_MIDNIGHT,
  });
  return { def, state };
}

describe('the CLI', () => {
  it('prints report and mail times in Beijing time', () => {
    const { state } = reportedState();
    const text = formatItemStatus(state, '2020-12-18');
    expect(text.split('\n')[0]).toBe('2020年文明单位创建第5项任务：积极开展普法知识教育');
    expect(text).toContain('2020年12月17日 23:30');
    expect(text).toContain('2020年12月18日 00:30');
    expect(text).not.toContain('2020-12-17 16:30');
    const mails = formatNotifications([
      {
        task: '05',
        sent: {
          kind: 'reminder',
          sentAt: PAST_MIDNIGHT,
          to: ['a@example.gov.cn'],
          subject: 's',
          messageId: 'm',
        },
      },
    ]);
    expect(mails).toContain('2020年12月18日 00:30');
  });
});

describe('the portal', () => {
  it('shows reports, 签收 and mails in Beijing time', () => {
    const { def, state } = reportedState();
    const page = itemPage({
      link: {
        name: '赵丽',
        email: 'zhao.li@example.gov.cn',
        workflowId: 'civ-2020-task-05',
        role: { kind: 'office' },
        issuedAt: 0,
        expiresAt: 0,
      },
      def,
      state,
      today: '2020-12-18',
      nowMs: Date.parse(PAST_MIDNIGHT),
      csrf: 'c',
      nonce: () => 'n',
      uploads: DEFAULT_UPLOADS,
    });
    const html = String(page.body);
    expect(html).toContain('2020年12月17日 23:30');
    expect(html).toContain('已签收 2020年12月18日 00:30');
    expect(html).toMatch(/<td>2020年12月18日 00:30<\/td><td>任务交办/);
    expect(html).not.toContain('12-17 16:30');
  });
});

describe('the emails', () => {
  it('a sign-off reminder names the day the last report came in, in Beijing', () => {
    const { text } = renderNotification({
      workflowId: 'civ-2020-task-05',
      key: 'sign-off-reminder-1',
      kind: 'sign-off-reminder',
      to: [{ name: '赵丽', email: 'zhao.li@example.gov.cn' }],
      task: SAMPLE_TASK,
      branches: [{ id: 'legal', name: '法规处' }],
      signOff: { readySince: PAST_MIDNIGHT, lastWorkingDay: false },
    });
    expect(text).toContain('已于2020年12月18日报送');
  });

  it('a bulletin dates its figures with the day in Beijing', () => {
    const record = { ...sampleYearRecord(), generatedAt: '2020-05-31T16:30:00.000Z' };
    const mail = {
      workflowId: 'civ-2020-plan',
      key: 'bulletin-6',
      kind: 'bulletin' as const,
      year: 2020,
      month: 6,
    };
    const content = renderPlanNotification(mail, plan2020(), record);
    const { text } = renderBlocks(content.subject, content.blocks);
    expect(text).toContain('截至2020年6月1日');
    expect(text).not.toContain('截至2020年5月31日');
  });
});

describe('the year report', () => {
  it('writes every time as 2020年12月17日 15:00, Beijing time', () => {
    expect(formatInstant(LATE_EVENING)).toBe('2020年12月17日 23:30');
    expect(formatInstant(PAST_MIDNIGHT)).toBe('2020年12月18日 00:30');
  });
});
