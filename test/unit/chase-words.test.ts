// Issue 16's wording rule across every place a person reads, not the mails alone: one word for each
// level of chasing (提醒 the branch, 催办 the office, 督办 the deputy head and the head) and one name
// for the system, in the mails, the dashboard and the year report (`civ plan show`'s 审核 column is
// pinned in plan-cli.test.ts).
import { WorkCalendar, planYearTable } from '../../domain/calendar';
import { KIND_LABEL, SYSTEM_NAME } from '../../domain/labels';
import { SUBJECT_PREFIX } from '../../domain/templates';
import { ESCALATION_LABEL, renderDashboard } from '../../portal/dashboard';
import { renderYearReport } from '../../report';
import { sampleYearRecord } from '../helpers/year-record-sample';

/** Words an office would read as another level, or another name for the system. */
const OTHER_WORDS = /督促|催报|督查|管理系统|文明创建工作平台|创建系统/;

describe('one word for each level of chasing', () => {
  it('names the levels alike in the mails’ subjects, the notification labels and the dashboard', () => {
    expect([SUBJECT_PREFIX.reminder, SUBJECT_PREFIX.overdue]).toEqual(['【到期提醒】', '【逾期提醒】']);
    expect(SUBJECT_PREFIX['escalation-office']).toBe('【催办】');
    expect(SUBJECT_PREFIX['escalation-deputy']).toBe('【分管领导督办】');
    expect(SUBJECT_PREFIX['escalation-head']).toBe('【组长督办】');
    const levels = [
      KIND_LABEL['escalation-office'],
      KIND_LABEL['escalation-deputy'],
      KIND_LABEL['escalation-head'],
    ];
    expect(levels).toEqual(['办公室催办', '分管领导督办', '组长督办']);
    expect([ESCALATION_LABEL[1], ESCALATION_LABEL[2], ESCALATION_LABEL[3]]).toEqual(levels);
  });

  it('the dashboard and the year report use no other word for them, nor another name for the system', () => {
    const record = sampleYearRecord();
    const calendar = new WorkCalendar(planYearTable(2020));
    const dashboard = renderDashboard(record, { today: '2021-01-08', calendar, yellowWorkingDays: 5 });
    for (const text of [dashboard.title, dashboard.body.html, renderYearReport(record, 'md')])
      expect(text).not.toMatch(OTHER_WORDS);
    expect(SYSTEM_NAME).toBe('文明单位创建工作平台');
  });
});
