// When an item's notifications fall due: reminders before the due date at 09:00 on a
// working day, the overdue notice, escalations to the office and to the head on their cadence, and
// reminders to the signers while the task awaits sign-off. The timeline is derived from the state,
// so an extension or a return reshapes it; it only changes when the state does, so it is cached.
import { localDate, type WorkCalendar } from './calendar';
import type { NotificationKind } from './notification';
import type { ItemDefinition } from './item-definition';
import { isCollecting, type ItemState } from './item-state';

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
  /** Sign-off reminders: sent on the last working day of the year. */
  lastWorkingDay?: boolean;
  /** Deputy escalations: the deputy head (分管领导) it goes to. */
  deputy?: string;
}

export interface TimelineRules {
  /**
   * The rules of tasks started before version 2 of the task workflow, kept so they replay: two
   * reminders on one day stayed two entries with one key (and neither was sent), and signers got
   * no reminders.
   */
  legacy?: boolean;
  /**
   * A missed milestone gets its notice (节点逾期提醒) the working day after its date, like a due
   * date. On unless `legacy`; items started before it (no `patched` marker) pass false.
   */
  milestoneFollowUp?: boolean;
}

const REMINDER_KINDS: ReadonlySet<NotificationKind> = new Set<NotificationKind>([
  'reminder',
  'acknowledge-reminder',
  'milestone-reminder',
  'sign-off-reminder',
]);

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
    return [{ key: `${keyPrefix}-${day}`, at: cal.at0900(day), daysLeft: daysBetween(day, due) }];
  });
}

/** A milestone passed without a progress report: its notice at 09:00 the next working day, before the due date. */
function milestoneFollowUps(def: ItemDefinition, due: string, cal: WorkCalendar, yearEnd: number): Planned[] {
  return def.milestones.flatMap((m) => {
    const day = cal.addWorkingDays(m.due, 1);
    const at = cal.at0900(day);
    if (day >= due || at >= yearEnd) return [];
    const kind = 'milestone-overdue' as const;
    return [{ key: `${kind}-${m.id}-${m.due}`, series: `${kind}-${m.id}`, at, kind, milestone: m.id }];
  });
}

/** While branches owe work: reminders, milestone reminders, the overdue notice, escalations. */
function collecting(
  def: ItemDefinition,
  state: ItemState,
  cal: WorkCalendar,
  rules: TimelineRules,
): Planned[] {
  const lastDay = `${state.year}-12-31`;
  const yearEnd = cal.endOfDay(lastDay);
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
  // 签收: one reminder, N working days after the assignment, while that is before the due date.
  if (def.acknowledgeWorkingDays && state.assignedAt) {
    const day = cal.addWorkingDays(localDate(Date.parse(state.assignedAt)), def.acknowledgeWorkingDays);
    if (day < due)
      out.push({
        key: `acknowledge-reminder-${day}`,
        series: 'acknowledge-reminder',
        at: cal.at0900(day),
        kind: 'acknowledge-reminder',
      });
  }
  if (rules.milestoneFollowUp ?? !rules.legacy) out.push(...milestoneFollowUps(def, due, cal, yearEnd));
  const overdueAt = cal.at0900(cal.addWorkingDays(due, 1));
  if (overdueAt < yearEnd)
    out.push({ key: `overdue-${due}`, series: 'overdue', at: overdueAt, kind: 'overdue' });

  const { graceWorkingDays, deputyAfterWorkingDays, repeatEveryWorkingDays, headAfterWorkingDays } =
    def.escalation;
  const rounds = (first: number, kind: 'escalation-office' | 'escalation-head') => {
    for (const day of cal.workingDaySeries(due, first, repeatEveryWorkingDays, lastDay))
      out.push({ key: `${kind}-${due}-${day}`, series: kind, at: cal.at0900(day), kind });
  };
  rounds(Math.max(graceWorkingDays, 1), 'escalation-office');
  // Each deputy head in charge of a responsible branch hears of their own late branches.
  if (deputyAfterWorkingDays !== undefined) {
    const deputies = [...new Set(def.branches.flatMap((b) => (b.deputy ? [b.deputy.id] : [])))];
    for (const deputy of deputies) {
      for (const day of cal.workingDaySeries(due, deputyAfterWorkingDays, repeatEveryWorkingDays, lastDay))
        out.push({
          key: `escalation-deputy-${deputy}-${due}-${day}`,
          series: `escalation-deputy-${deputy}`,
          at: cal.at0900(day),
          kind: 'escalation-deputy',
          deputy,
        });
    }
  }
  rounds(headAfterWorkingDays, 'escalation-head');
  return out;
}

/**
 * While the task awaits sign-off: the signers are reminded once the due date (or, if later, the
 * last report) is `grace` working days past, then on the escalation cadence, and on the year's last
 * working day, after which an undecided task ends unfinished.
 */
function signingOff(def: ItemDefinition, state: ItemState, cal: WorkCalendar): Planned[] {
  if (!state.readySince) return [];
  const ready = localDate(Date.parse(state.readySince));
  const from = ready > state.due ? ready : state.due;
  const last = cal.lastWorkingDay(state.year);
  const { graceWorkingDays, repeatEveryWorkingDays } = def.escalation;
  const days = cal.workingDaySeries(from, Math.max(graceWorkingDays, 1), repeatEveryWorkingDays, last);
  if (last > ready && days.at(-1) !== last) days.push(last);
  return days.map((day) => ({
    key: `sign-off-reminder-${ready}-${day}`,
    series: 'sign-off-reminder',
    at: cal.at0900(day),
    kind: 'sign-off-reminder',
    lastWorkingDay: day === last,
  }));
}

export function planTimeline(
  def: ItemDefinition,
  state: ItemState,
  cal: WorkCalendar,
  rules: TimelineRules = {},
): Planned[] {
  let out: Planned[] = [];
  if (isCollecting(state)) out = collecting(def, state, cal, rules);
  else if (state.phase === 'awaiting-sign-off' && !rules.legacy) out = signingOff(def, state, cal);
  if (!rules.legacy) {
    // Two offsets can land on the same working day (the 3- and the 1-day reminder before a Monday
    // due date both move to Friday): one reminder that day, not two that cancel each other.
    const seen = new Set<string>();
    out = out.filter((p) => !seen.has(p.key) && seen.add(p.key));
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The timeline of the current state, computed again only when the phase, due date or readiness changes. */
export class TimelineCache {
  private signature: string | undefined;
  private timeline: Planned[] = [];

  constructor(
    private readonly def: ItemDefinition,
    private readonly cal: WorkCalendar,
    private readonly rules: TimelineRules = {},
  ) {}

  get(state: ItemState): Planned[] {
    const signature = `${state.phase}|${state.due}|${state.readySince ?? ''}|${state.assignedAt ?? ''}`;
    if (signature !== this.signature) {
      this.timeline = planTimeline(this.def, state, this.cal, this.rules);
      this.signature = signature;
    }
    return this.timeline;
  }
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
export function agenda(timeline: Planned[], state: ItemState, nowMs: number): Agenda {
  const handled = new Set(state.handledKeys);
  const latest = new Map<string, Planned>();
  const due: Planned[] = [];
  let nextAt: number | undefined;
  for (const p of timeline) {
    if (handled.has(p.key)) continue;
    if (p.at <= nowMs) {
      due.push(p);
      latest.set(p.series, p);
    } else if (nextAt === undefined || p.at < nextAt) nextAt = p.at;
  }
  const send: Planned[] = [];
  const skip: Planned[] = [];
  for (const p of due) {
    // A reminder, or a milestone's notice, whose moment passed before the timeline began (an item
    // started after its milestone) is never sent: nobody owed that work yet.
    const stale = (REMINDER_KINDS.has(p.kind) || p.kind === 'milestone-overdue') && p.at < state.horizon;
    (latest.get(p.series) === p && !stale ? send : skip).push(p);
  }
  return { send, skip, nextAt };
}
