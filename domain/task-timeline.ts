// When a task's notifications fall due (DESIGN §3): reminders before the due date at 09:00 on a
// working day, the overdue notice, escalations to the office and to the head on their cadence.
// The timeline is derived from the state each time, so an extension or a return reshapes it.
import type { NotificationKind } from './notification';
import type { WorkCalendar } from './calendar';
import type { TaskDefinition } from './task-definition';
import type { TaskState } from './task-state';

export interface Planned {
  /** Unique and stable: a due date change yields new keys, so nothing is mistaken for sent. */
  key: string;
  /** Notifications of one series supersede each other: only the latest one due is sent. */
  series: string;
  at: number;
  kind: NotificationKind;
  /** Reminders: calendar days from the reminder day to the due date. */
  daysLeft?: number;
  milestone?: string;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function reminders(
  cal: WorkCalendar,
  due: string,
  offsets: number[],
  keyPrefix: string,
): Omit<Planned, 'kind' | 'series'>[] {
  return offsets.flatMap((offset) => {
    const day = cal.reminderDate(due, offset);
    if (day >= due) return [];
    return [{ key: `${keyPrefix}-${day}`, at: cal.at0900(day).toMillis(), daysLeft: daysBetween(day, due) }];
  });
}

export function planTimeline(def: TaskDefinition, state: TaskState, cal: WorkCalendar): Planned[] {
  if (state.phase !== 'open' && state.phase !== 'returned') return [];
  const yearEnd = cal.endOfDay(`${state.year}-12-31`).toMillis();
  const due = state.due;
  const out: Planned[] = reminders(cal, due, def.reminderDaysBefore, `reminder-${due}`).map((r) => ({
    ...r,
    series: 'reminder',
    kind: 'reminder' as const,
  }));

  for (const m of def.milestones) {
    for (const r of reminders(cal, m.due, def.reminderDaysBefore, `milestone-${m.id}`)) {
      out.push({ ...r, series: `milestone-${m.id}`, kind: 'milestone-reminder', milestone: m.id });
    }
  }

  out.push({
    key: `overdue-${due}`,
    series: 'overdue',
    at: cal.at0900(cal.addWorkingDays(due, 1)).toMillis(),
    kind: 'overdue',
  });

  const { graceWorkingDays, repeatEveryWorkingDays, headAfterWorkingDays } = def.escalation;
  const rounds = (first: number, kind: 'escalation-office' | 'escalation-head') => {
    for (let n = first; ; n += repeatEveryWorkingDays) {
      const day = cal.addWorkingDays(due, n);
      const at = cal.at0900(day).toMillis();
      if (at >= yearEnd) break;
      out.push({ key: `${kind}-${due}-${day}`, series: kind, at, kind });
    }
  };
  rounds(Math.max(graceWorkingDays, 1), 'escalation-office');
  rounds(headAfterWorkingDays, 'escalation-head');
  return out.sort((a, b) => a.at - b.at);
}

export interface Agenda {
  /** Due now, oldest first. */
  send: Planned[];
  /** Superseded or stale: mark handled without sending. */
  skip: Planned[];
  /** Epoch ms of the next planned notification, if any. */
  nextAt?: number;
}

/**
 * What to do at `nowMs`. Of several notifications of one series that are all due (after a worker
 * outage, or a task started late), only the latest is sent; a reminder planned before the last
 * reshaping of the timeline is stale and dropped, while a late notice is still worth sending.
 */
export function agenda(timeline: Planned[], state: TaskState, nowMs: number): Agenda {
  const handled = new Set(state.handledKeys);
  const open = timeline.filter((p) => !handled.has(p.key));
  const due = open.filter((p) => p.at <= nowMs);
  const latest = new Map<string, Planned>();
  for (const p of due) latest.set(p.series, p);
  const send: Planned[] = [];
  const skip: Planned[] = [];
  for (const p of due) {
    const isLatest = latest.get(p.series) === p;
    const stale = (p.kind === 'reminder' || p.kind === 'milestone-reminder') && p.at < state.horizon;
    (isLatest && !stale ? send : skip).push(p);
  }
  const future = open.filter((p) => p.at > nowMs);
  return { send, skip, nextAt: future.length ? Math.min(...future.map((p) => p.at)) : undefined };
}
