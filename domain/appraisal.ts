// The year's appraisal of each branch (年度绩效考核) and the figures of the year-end review (复查评审),
// computed from a YearRecord. Pure: "now" is the record's `generatedAt`, never the clock, so one
// record always gives the same numbers, whenever and wherever the report is rendered.
import { localDateOf } from './calendar';
import type {
  AppraisalRules,
  BranchRecord,
  ItemKind,
  ItemRecord,
  ItemRecordState,
  YearRecord,
} from './year-record';

export const ITEM_KINDS: readonly ItemKind[] = ['task', 'theme', 'festival'];

/** Every state, in the order a report lists them: work in progress first, then the outcomes. */
export const ITEM_STATES: readonly ItemRecordState[] = [
  'not-started',
  'scheduled',
  'open',
  'overdue',
  'escalated',
  'returned',
  'awaiting-sign-off',
  'signed-off',
  'unfinished',
  'past',
];

export interface BranchAppraisal {
  branch: string;
  name: string;
  /** Items the branch answers for, leaving out those not started yet and festivals over before the plan. */
  responsible: number;
  reported: number;
  onTime: number;
  /** Reports that came in after the due date in force then. */
  late: number;
  /** Reports that were owed by the record's date: those that came in, and those missing after the due date. */
  expected: number;
  /** onTime / expected; 1 while nothing was owed yet, since nothing can have been late. */
  onTimeRate: number;
  /** Working days the late reports came (or the missing ones are) after their due dates: shown, not scored. */
  lateWorkingDays: number;
  returns: number;
  /** Items past their due date (as of the record's date) without a report from the branch. */
  missing: number;
  /** Milestones past their date without a progress report (nor the final report) from the branch. */
  milestonesMissed: number;
  /** 亮点: 宣传报道 links and 先进典型 in the branch's reports. */
  publicity: number;
  honours: number;
  /** The points taken off and added, and the score: base − deductions + bonus, never below 0. */
  deductions: number;
  bonus: number;
  score: number;
}

export type KpiStatus = 'met' | 'missed' | 'not-reported';

export interface KpiResult {
  item: { kind: ItemKind; id: string; title: string };
  id: string;
  name: string;
  min: number;
  value?: number;
  branch?: string;
  at?: string;
  /** A rate KPI: the two counts its value was computed from. */
  numerator?: number;
  denominator?: number;
  status: KpiStatus;
}

export interface CategorySummary {
  number: number;
  numeral: string;
  title: string;
  tasks: number;
  states: Record<ItemRecordState, number>;
}

/** Cumulative figures at the end of a month of the plan year. */
export interface MonthProgress {
  month: number;
  /** Items whose due date in force falls on or before the month's end. */
  due: number;
  /** Items signed off on or before the month's end (Asia/Shanghai). */
  signedOff: number;
}

export interface YearSummary {
  /** The record's date (Asia/Shanghai), the "as of" of every figure. */
  asOf: string;
  items: number;
  byKind: Record<ItemKind, Record<ItemRecordState, number>>;
  byCategory: CategorySummary[];
  kpis: KpiResult[];
  kpiCounts: Record<KpiStatus, number>;
  months: MonthProgress[];
}

export { localDateOf };

/** The day the record was taken, in Asia/Shanghai. */
export function recordDate(record: YearRecord): string {
  return localDateOf(record.generatedAt);
}

/**
 * Whether an item counts in the appraisal: a theme whose workflow has not started yet asks nothing of
 * anyone, and a festival over before the plan was issued was never announced.
 */
export function countsForAppraisal(item: ItemRecord): boolean {
  return item.state !== 'not-started' && item.state !== 'scheduled' && item.state !== 'past';
}

// Rounds half up at two decimals on the figure's decimal digits: 0.35 × 3 is 1.05 on paper but
// 1.0499999999999998 in binary floating point, and a branch must not lose a hundredth of a point to
// the arithmetic.
function round2(x: number): number {
  return Math.round(Number(`${x.toFixed(6)}e2`)) / 100;
}

export type AppraisalFigures = Pick<
  BranchAppraisal,
  'late' | 'missing' | 'returns' | 'milestonesMissed' | 'publicity' | 'honours'
>;

/** The 扣分制 of `rules` on one branch's figures: what comes off, what is added, the score. */
export function appraisalScore(
  rules: AppraisalRules,
  f: AppraisalFigures,
): Pick<BranchAppraisal, 'deductions' | 'bonus' | 'score'> {
  const d = rules.deductions;
  const deductions = round2(
    d.late * f.late + d.missing * f.missing + d.returned * f.returns + d.milestone * f.milestonesMissed,
  );
  const b = rules.bonuses;
  const bonus = round2(Math.min(b.cap, b.publicity * f.publicity + b.honour * f.honours));
  return { deductions, bonus, score: Math.max(0, round2(rules.base - deductions + bonus)) };
}

/** One row per branch: the record's branches in their order, then any branch only the items name. */
export function appraise(record: YearRecord): BranchAppraisal[] {
  const today = recordDate(record);
  const rows = new Map<string, BranchAppraisal>();
  const row = (id: string, name: string): BranchAppraisal => {
    let r = rows.get(id);
    if (!r) {
      r = {
        branch: id,
        name,
        responsible: 0,
        reported: 0,
        onTime: 0,
        late: 0,
        expected: 0,
        onTimeRate: 1,
        lateWorkingDays: 0,
        returns: 0,
        missing: 0,
        milestonesMissed: 0,
        publicity: 0,
        honours: 0,
        deductions: 0,
        bonus: 0,
        score: 0,
      };
      rows.set(id, r);
    }
    return r;
  };
  for (const b of record.branches) row(b.id, b.name);

  for (const item of record.items) {
    if (!countsForAppraisal(item)) continue;
    const pastDue = today > item.due;
    for (const b of item.branches) {
      const r = row(b.id, b.name);
      r.responsible++;
      // One report is on time, late or missing, and counts once.
      if (b.report) r.reported++;
      else if (pastDue) r.missing++;
      if (b.onTime === true) r.onTime++;
      if (b.onTime === false) r.late++;
      r.lateWorkingDays += b.lateWorkingDays;
      r.returns += b.returns;
      r.milestonesMissed += missedMilestones(item, b, today).length;
      r.publicity += new Set(b.report?.publicity ?? []).size;
      r.honours += b.report?.honours?.length ?? 0;
    }
  }

  for (const r of rows.values()) {
    r.expected = r.reported + r.missing;
    r.onTimeRate = r.expected === 0 ? 1 : r.onTime / r.expected;
    Object.assign(r, appraisalScore(record.appraisal, r));
  }
  return [...rows.values()];
}

/**
 * The item's milestones `branch` missed as of `today`: past their date with neither a progress
 * report for it nor the final report (which covers every stage) before the day after the date.
 */
export function missedMilestones(
  item: Pick<ItemRecord, 'milestones'>,
  branch: Pick<BranchRecord, 'report' | 'milestones'>,
  today: string,
): NonNullable<ItemRecord['milestones']> {
  return (item.milestones ?? []).filter((m) => {
    if (today <= m.due) return false;
    const reports = [branch.milestones[m.id], branch.report].filter((r) => r !== undefined);
    return !reports.some((r) => localDateOf(r.at) <= m.due);
  });
}

export function kpiStatus(kpi: { min: number; value?: number }): KpiStatus {
  if (kpi.value === undefined) return 'not-reported';
  return kpi.value >= kpi.min ? 'met' : 'missed';
}

function emptyStates(): Record<ItemRecordState, number> {
  return Object.fromEntries(ITEM_STATES.map((s) => [s, 0])) as Record<ItemRecordState, number>;
}

function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function summarizeYear(record: YearRecord): YearSummary {
  const byKind = Object.fromEntries(ITEM_KINDS.map((k) => [k, emptyStates()])) as Record<
    ItemKind,
    Record<ItemRecordState, number>
  >;
  for (const item of record.items) byKind[item.kind][item.state]++;

  const categories = new Map<number, CategorySummary>(
    record.categories.map((c) => [c.number, { ...c, tasks: 0, states: emptyStates() }]),
  );
  for (const item of record.items) {
    if (item.kind !== 'task') continue;
    const number = item.category ?? 0;
    let c = categories.get(number);
    // A task outside the listed categories is still shown, rather than silently left out of the totals.
    if (!c) {
      c = {
        number,
        numeral: number ? String(number) : '—',
        title: '未分类',
        tasks: 0,
        states: emptyStates(),
      };
      categories.set(number, c);
    }
    c.tasks++;
    c.states[item.state]++;
  }

  const kpis: KpiResult[] = [];
  for (const item of record.items) {
    if (!countsForAppraisal(item)) continue;
    for (const k of item.kpis) {
      kpis.push({
        item: { kind: item.kind, id: item.id, title: item.title },
        ...k,
        status: kpiStatus(k),
      });
    }
  }
  const kpiCounts: Record<KpiStatus, number> = { met: 0, missed: 0, 'not-reported': 0 };
  for (const k of kpis) kpiCounts[k.status]++;

  // A theme not started yet is still planned work due in its month, so it counts as due; a festival
  // over before the plan was issued never will be, and would leave a gap no work can close.
  const planned = record.items.filter((i) => i.state !== 'past');
  const signOffMonths = planned.flatMap((i) =>
    i.state === 'signed-off' && i.completedAt ? [localDateOf(i.completedAt).slice(0, 7)] : [],
  );
  const months: MonthProgress[] = [];
  for (let month = 1; month <= 12; month++) {
    const key = monthKey(record.year, month);
    months.push({
      month,
      due: planned.filter((i) => i.due.slice(0, 7) <= key).length,
      signedOff: signOffMonths.filter((m) => m <= key).length,
    });
  }

  return {
    asOf: recordDate(record),
    items: record.items.length,
    byKind,
    byCategory: [...categories.values()].sort((a, b) => a.number - b.number),
    kpis,
    kpiCounts,
    months,
  };
}
