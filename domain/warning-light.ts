// The red-yellow-green warning light (红黄绿灯预警) of the leading group's dashboard: how urgently an
// item needs chasing, read from its record as of a given day. Pure, like the rest of domain/: "today"
// is an argument, never the clock, so the dashboard and its tests agree on every light.
//
// The rules, as 督办 practice reads them and the dashboard's legend states them (LIGHT_RULES):
// - red: still outstanding after the office has chased it (催办: the escalations have begun), or
//   unfinished when the year ended;
// - yellow: 临期, some branch has not reported and the due date is within `yellowWorkingDays`
//   working days, today and the due date both counted (weekends and holidays are not, 调休 working
//   days are); overdue but not chased yet (before 催办); a milestone passed with a branch that has
//   reported neither its progress nor its work; every report is in and the signer has left it
//   waiting more than `yellowWorkingDays` working days;
// - green: in progress and on track; done: signed off;
// - none: not started yet, announced later, or a festival that was over before the plan.
import { localDate, type WorkCalendar, addCalendarDays } from './calendar';
import type { Plan } from './plan';
import type { BranchRecord, ItemRecord } from './year-record';

export type Light = 'green' | 'yellow' | 'red' | 'done' | 'none';

/** The rule of each light, in the words the dashboard prints beside them. */
export function lightRules(yellowWorkingDays: number): Record<'red' | 'yellow' | 'green', string> {
  return {
    red: '经领导小组办公室催办后仍未报送，或年度结束时仍未完成',
    yellow: `距截止日期${yellowWorkingDays}个工作日以内（含当日，节假日不计，调休上班日计入）仍有责任单位未报送（临期），已逾期尚未催办，阶段节点已过仍未报送进展，或材料报齐后待审核超过${yellowWorkingDays}个工作日`,
    green: '按计划推进',
  };
}

/** Most urgent first: the order of the dashboard's summary and of its rows. */
export const LIGHTS: readonly Light[] = ['red', 'yellow', 'green', 'done', 'none'];

/** The plan's `defaults.warning.yellowWorkingDays` when the plan does not set it. */
export const DEFAULT_YELLOW_WORKING_DAYS = 5;

export interface WarningThresholds {
  /** Working days before the due date (today and the due date counted) in which missing reports turn yellow. */
  yellowWorkingDays: number;
}

/** The thresholds a plan asks for, with the default for plans (and plans in workflow histories) without them. */
export function warningThresholds(plan: { defaults: Pick<Plan['defaults'], 'warning'> }): WarningThresholds {
  return { yellowWorkingDays: plan.defaults.warning?.yellowWorkingDays ?? DEFAULT_YELLOW_WORKING_DAYS };
}

/** 0 none, 1 chased by the office (催办), 2 the deputy head in charge, 3 the head (督办). */
export type EscalationLevel = 0 | 1 | 2 | 3;

const ESCALATION_LEVEL: ReadonlyMap<string, EscalationLevel> = new Map([
  ['escalation-office', 1],
  ['escalation-deputy', 2],
  ['escalation-head', 3],
]);

export interface ItemWarning {
  light: Light;
  /** Working days since the due date while reports are missing (until the item ended, if it did); else 0. */
  overdueWorkingDays: number;
  /** Working days from today to the due date, both counted; 0 once the due date has passed. */
  workingDaysLeft: number;
  /** Branches still owing their final report; empty for items that ask nothing now (done, none). */
  pendingBranches: readonly BranchRecord[];
  escalationLevel: EscalationLevel;
}

/**
 * The escalation level the item's emails reached. An extension or a return starts the chase afresh
 * (the workflow resets its level then), so escalations sent before the latest of them do not count.
 */
export function escalationLevel(
  item: Pick<ItemRecord, 'notifications' | 'extensions' | 'decisions'>,
): EscalationLevel {
  const resets = [
    ...item.extensions.map((e) => e.at),
    ...item.decisions.filter((d) => d.verdict === 'return').map((d) => d.at),
  ].map((at) => Date.parse(at));
  const since = Math.max(Number.NEGATIVE_INFINITY, ...resets.filter((ms) => !Number.isNaN(ms)));
  let level: EscalationLevel = 0;
  for (const n of item.notifications) {
    const l = ESCALATION_LEVEL.get(n.kind);
    // Same rule as the workflow: a message planned before the reset leaves the level alone.
    if (l !== undefined && l > level && !(Date.parse(n.at) < since)) level = l;
  }
  return level;
}

function dayOf(instant: string): string | undefined {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? undefined : localDate(ms);
}

function requireThresholds(t: WarningThresholds): void {
  if (!Number.isInteger(t.yellowWorkingDays) || t.yellowWorkingDays < 1)
    throw new RangeError(`yellowWorkingDays must be a whole number ≥ 1, got ${t.yellowWorkingDays}`);
}

/** Whether a milestone has passed with a branch that has reported neither its progress nor its work. */
function missedMilestone(item: ItemRecord, today: string): boolean {
  return (item.milestones ?? []).some(
    (m) => today > m.due && item.branches.some((b) => !b.report && !b.milestones[m.id]),
  );
}

/** The item's light and the figures the dashboard shows beside it, as of `today` (YYYY-MM-DD, Asia/Shanghai). */
export function itemWarning(
  item: ItemRecord,
  today: string,
  calendar: WorkCalendar,
  thresholds: WarningThresholds,
): ItemWarning {
  requireThresholds(thresholds);
  const pastDue = today > item.due;
  // workingDaysBetween excludes its first day: starting the day before counts today itself.
  const workingDaysLeft = pastDue ? 0 : calendar.workingDaysBetween(addCalendarDays(today, -1), item.due);
  const level = escalationLevel(item);
  const quiet = (light: Light): ItemWarning => ({
    light,
    overdueWorkingDays: 0,
    workingDaysLeft,
    pendingBranches: [],
    escalationLevel: level,
  });

  switch (item.state) {
    case 'signed-off':
      return quiet('done');
    case 'not-started':
    case 'scheduled':
    case 'past':
      return quiet('none');
    default:
      break;
  }

  const pending = item.branches.filter((b) => !b.report);
  // An unfinished item stopped being late when it ended, not today.
  const ended = item.state === 'unfinished' && item.completedAt ? dayOf(item.completedAt) : undefined;
  const until = ended && ended < today ? ended : today;
  const overdueWorkingDays =
    pending.length > 0 && until > item.due ? calendar.workingDaysBetween(item.due, until) : 0;
  const result = (light: Light): ItemWarning => ({
    light,
    overdueWorkingDays,
    workingDaysLeft,
    pendingBranches: pending,
    escalationLevel: level,
  });

  if (item.state === 'unfinished') return result('red');
  if (pending.length > 0) {
    // Chased by the office (催办) and still outstanding: red; overdue before that: yellow.
    if (level > 0 || item.state === 'escalated') return result('red');
    if (pastDue || item.state === 'overdue' || missedMilestone(item, today)) return result('yellow');
    return result(workingDaysLeft <= thresholds.yellowWorkingDays ? 'yellow' : 'green');
  }
  if (item.state === 'awaiting-sign-off') {
    const reportDays = item.branches.flatMap((b) => {
      const day = b.report && dayOf(b.report.at);
      return day ? [day] : [];
    });
    const readySince = reportDays.reduce<string | undefined>((a, b) => (a && a > b ? a : b), undefined);
    if (readySince && calendar.workingDaysBetween(readySince, today) > thresholds.yellowWorkingDays)
      return result('yellow');
  }
  return result('green');
}

/** The item's light alone; see itemWarning. */
export function warningLight(
  item: ItemRecord,
  today: string,
  calendar: WorkCalendar,
  thresholds: WarningThresholds,
): Light {
  return itemWarning(item, today, calendar, thresholds).light;
}
