// The Chinese names of states and notification kinds, as the office reads them in the CLI, in
// Temporal UI's details and in reports.
import type { MailKind, NotificationKind, PlanNotificationKind } from './notification';
import type { DisplayState } from './item-state';

export const STATE_LABEL: Record<DisplayState, string> = {
  scheduled: '待公布',
  open: '进行中',
  'awaiting-sign-off': '待审核',
  returned: '退回整改',
  'signed-off': '已办结',
  unfinished: '年度未完成',
  overdue: '已逾期',
  escalated: '已逾期并催办',
};

export const KIND_LABEL: Record<NotificationKind, string> = {
  assignment: '任务交办',
  reminder: '到期提醒',
  'milestone-reminder': '阶段提醒',
  overdue: '逾期提醒',
  'escalation-office': '办公室催办',
  'escalation-deputy': '分管领导督办',
  'escalation-head': '组长督办',
  'ready-for-sign-off': '待审核',
  returned: '退回整改',
  'signed-off': '审核通过',
  extended: '延期通知',
  'sign-off-reminder': '审核提醒',
  unfinished: '年度未完成',
  'delivery-failed': '未送达通知',
  'acknowledge-reminder': '签收提醒',
  'milestone-overdue': '节点逾期提醒',
};

export const PLAN_MAIL_LABEL: Record<PlanNotificationKind, string> = {
  bulletin: '情况通报',
  'final-sign-off-request': '提请年度审核',
  'final-sign-off-reminder': '年度审核提醒',
  'year-summary': '年度总结',
  'delivery-failed': '未送达通知',
};

/** The system's one name, in the emails, the portal and the reports. */
export const SYSTEM_NAME = '文明单位创建工作平台';

/**
 * A theme or a festival is an activity, not a task: its assignment is an activity notice
 * (活动通知). The kinds named differently for activities; the others read the same for every item.
 */
export const ACTIVITY_KIND_LABEL: Partial<Record<NotificationKind, string>> = { assignment: '活动通知' };

/** The label of an email kind sent about an item of `itemKind` (a task's when not given). */
export function itemNotificationLabel(
  kind: MailKind,
  itemKind: 'task' | 'theme' | 'festival' = 'task',
): string {
  return (
    (itemKind !== 'task' && ACTIVITY_KIND_LABEL[kind as NotificationKind]) || notificationKindLabel(kind)
  );
}

/** The label of any email kind. */
export function notificationKindLabel(kind: MailKind): string {
  if (kind === 'link-request') return '办理链接补发';
  return kind in KIND_LABEL
    ? KIND_LABEL[kind as NotificationKind]
    : PLAN_MAIL_LABEL[kind as PlanNotificationKind];
}

/**
 * The person and how they acted, as the year report records it: 何敏（平台）, 赵丽（命令行，系统用户
 * admin）; just the name for actions from before the channel was recorded.
 */
export function actorLabel(a: { actor: string; channel?: 'portal' | 'cli'; osUser?: string }): string {
  if (a.channel === 'portal') return `${a.actor}（平台）`;
  if (a.channel === 'cli') return `${a.actor}（命令行${a.osUser ? `，系统用户 ${a.osUser}` : ''}）`;
  return a.actor;
}
