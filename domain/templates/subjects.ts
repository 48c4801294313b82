// The subject line of every kind: the office's prefix, the item's label, and for a few kinds what
// the reader should see before opening the message.
import { formatChineseDate } from '../calendar';
import type { Notification, NotificationKind } from '../notification';
import { taskLabel } from './labels';

/** Subject prefix of every kind, as the office writes it. */
export const SUBJECT_PREFIX: Record<NotificationKind, string> = {
  assignment: '【任务交办】',
  reminder: '【到期提醒】',
  'milestone-reminder': '【阶段进展提醒】',
  overdue: '【逾期提醒】',
  'escalation-office': '【催办】',
  'escalation-deputy': '【分管领导督办】',
  'escalation-head': '【组长督办】',
  'ready-for-sign-off': '【待审核】',
  returned: '【退回整改】',
  'signed-off': '【审核通过】',
  extended: '【延期通知】',
  'sign-off-reminder': '【审核提醒】',
  unfinished: '【未完成】',
  'delivery-failed': '【邮件未送达】',
  'acknowledge-reminder': '【签收提醒】',
  'milestone-overdue': '【节点逾期提醒】',
};

function isActivity(n: Notification): boolean {
  return (n.task.kind ?? 'task') !== 'task';
}

function daysLeftText(daysLeft: number | undefined): string {
  if (daysLeft === undefined) return '';
  if (daysLeft <= 0) return '今日到期';
  return `还有${daysLeft}天到期`;
}

/** The prefixes that differ for a theme or a festival: an activity is announced, not assigned. */
export const ACTIVITY_SUBJECT_PREFIX: Partial<Record<NotificationKind, string>> = {
  assignment: '【活动通知】',
};

export function subjectOf(n: Notification): string {
  const prefix = (isActivity(n) && ACTIVITY_SUBJECT_PREFIX[n.kind]) || SUBJECT_PREFIX[n.kind];
  const base = `${prefix}${taskLabel(n.task)}`;
  switch (n.kind) {
    case 'reminder': {
      const left = daysLeftText(n.daysLeft);
      return left ? `${base}（${left}）` : base;
    }
    case 'milestone-reminder':
    case 'milestone-overdue':
      return n.milestone ? `${base}——${n.milestone.title}` : base;
    case 'extended':
      return n.extension
        ? `${base}（${isActivity(n) ? '报送' : '完成'}时限调整为${formatChineseDate(n.extension.to)}）`
        : base;
    case 'sign-off-reminder':
      return n.signOff?.lastWorkingDay ? `${base}（本年度最后一个工作日）` : base;
    default:
      return base;
  }
}
