// The calendar invite (.ics) a notification with a deadline carries, so the date lands in the
// reader's calendar and moves there when the deadline moves.
import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Notification, NotificationKind } from '../../domain/notification';
import { formatCategory, taskLabel } from '../../domain/templates';
import { calendarEventUid } from './message-id';

const TIME_ZONE = 'Asia/Shanghai';

const DEADLINE_KINDS: ReadonlySet<NotificationKind> = new Set<NotificationKind>([
  'assignment',
  'reminder',
  'milestone-reminder',
  'returned',
  'extended',
]);

export interface CalendarAttachment {
  filename: string;
  content: string;
  contentType: string;
}

function eventDescription(n: Notification, milestone: Notification['milestone']): string {
  const { task } = n;
  return [
    `任务名称：${task.title}`,
    `所属类别：${formatCategory(task)}`,
    milestone ? `阶段节点：${milestone.title}` : undefined,
    n.branches.length > 0 ? `责任单位：${n.branches.map((b) => b.name).join('、')}` : undefined,
    // No link here: calendar entries are synced and shared more widely than the email itself.
    n.branches.length > 0 ? '报送方式：通过通知邮件中的链接报送' : undefined,
    `${task.organization}${task.officeName}`,
  ]
    .filter((line): line is string => line !== undefined)
    .join('\n');
}

/**
 * The `.ics` attachment of a notification with a deadline: an all-day event on the due date (the
 * new due date of a returned task, the milestone date of a milestone reminder), with a reminder at
 * 09:00 the day before. Undefined for kinds without a deadline.
 */
export function buildCalendarAttachment(n: Notification, stamp: Date): CalendarAttachment | undefined {
  if (!DEADLINE_KINDS.has(n.kind)) return undefined;
  const { task } = n;
  const milestone = n.kind === 'milestone-reminder' ? n.milestone : undefined;
  const date = milestone?.due ?? (n.kind === 'returned' ? (n.decision?.newDue ?? task.due) : task.due);
  const start = DateTime.fromISO(date, { zone: TIME_ZONE });
  if (!start.isValid) return undefined;

  const eventId = milestone ? `milestone-${milestone.id}` : 'due';
  const summary = milestone
    ? `【阶段节点】任务${task.id}：${task.title}——${milestone.title}`
    : `【截止】${taskLabel(task)}`;
  const description = eventDescription(n, milestone);

  const calendar = ical({
    name: `${task.year}年文明单位创建任务`,
    prodId: { company: 'civ', product: 'civ-notifications', language: 'ZH' },
    method: ICalCalendarMethod.PUBLISH,
  });
  calendar.createEvent({
    id: calendarEventUid(n.workflowId, eventId),
    // Every change of the due date raises the sequence, so calendar clients replace the event even
    // when the new date is earlier. Milestones never move.
    sequence: milestone ? 0 : (n.sequence ?? 0),
    stamp,
    start,
    end: start.plus({ days: 1 }),
    allDay: true,
    summary,
    description,
    alarms: [{ type: ICalAlarmType.display, trigger: 15 * 3600, description: summary }],
  });

  return {
    filename: milestone ? `task-${task.id}-milestone-${milestone.id}.ics` : `task-${task.id}-due.ics`,
    content: calendar.toString(),
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
  };
}
