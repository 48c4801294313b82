// The record of a plan year, as the year report (复查评审, 年度绩效考核) presents it: every task,
// monthly theme and festival activity with who reported what and when, KPIs against thresholds,
// the reminders and escalations sent, the decisions and who made them. Plain data, built by the
// CLI from the workflows' states (client/year-record.ts) and rendered by report/.

export type ItemKind = 'task' | 'theme' | 'festival';

/** What the report shows as an item's state. */
export type ItemRecordState =
  /** A theme or festival waiting for its announcement. */
  | 'scheduled'
  | 'open'
  | 'overdue'
  | 'escalated'
  | 'awaiting-sign-off'
  | 'returned'
  | 'signed-off'
  | 'unfinished'
  /** Planned, but its workflow has not started yet (a theme of a later month). */
  | 'not-started'
  /** A festival that was over before the plan started: recorded, never announced. */
  | 'past';

export interface ReportRecord {
  at: string;
  actor: string;
  summary: string;
  evidence: string[];
  /** 台账: 活动时间 (YYYY-MM-DD), 地点, 参加人数, 宣传报道 (links), 先进典型. */
  heldOn?: string;
  place?: string;
  participants?: number;
  publicity?: string[];
  honours?: string[];
}

export interface BranchRecord {
  id: string;
  name: string;
  /** The final report, if any (the latest one after a return). */
  report?: ReportRecord;
  /** Milestone id → progress report. */
  milestones: Record<string, ReportRecord>;
  /** Whether the final report came in by the due date in force then; undefined while none came. */
  onTime?: boolean;
  /** Working days the final report came (or, without one, is now) after the due date; 0 when on time. */
  lateWorkingDays: number;
  /** How often this branch's report was returned for rework. */
  returns: number;
}

export interface ItemRecord {
  kind: ItemKind;
  /** Task "05", theme month "03", festival "spring" | "qingming" | "duanwu" | "midautumn". */
  id: string;
  workflowId: string;
  title: string;
  /** Tasks: their category number (1-5). */
  category?: number;
  /** YYYY-MM-DD: the due date in force, and the plan's. */
  due: string;
  originalDue: string;
  state: ItemRecordState;
  branches: BranchRecord[];
  kpis: {
    id: string;
    name: string;
    min: number;
    value?: number;
    branch?: string;
    at?: string;
    /** A rate KPI: the counts reported, and what each counts. */
    numerator?: number;
    denominator?: number;
    counts?: { numerator: string; denominator: string };
  }[];
  /** Every email sent about the item. */
  notifications: { kind: string; at: string; to: string[]; subject: string }[];
  /** Emails that did not reach their recipients. */
  failures: { kind: string; at: string; recipients: string[]; reason: string }[];
  decisions: {
    verdict: 'approve' | 'return';
    actor: string;
    comment: string;
    at: string;
    overrideReason?: string;
  }[];
  extensions: { at: string; actor: string; from: string; to: string; reason: string }[];
  /** When it was signed off or ended unfinished. */
  completedAt?: string;
  /** The task's milestones (阶段节点), each with its date. */
  milestones?: { id: string; title: string; due: string }[];
}

/**
 * The rules of 文明创建考评（纳入年度绩效考核）, a 扣分制 as offices use it (plan `appraisal`): every
 * branch starts from the base score; points come off for each report that came late and each one
 * never made (one or the other, never both), each return for rework and each milestone missed;
 * 亮点 add points up to a cap; the score never goes below zero.
 */
export interface AppraisalRules {
  base: number;
  deductions: {
    /** Per report that came in after its due date. */
    late: number;
    /** Per report still missing after its due date. */
    missing: number;
    /** Per return for rework. */
    returned: number;
    /** Per milestone whose progress report was missing after its date. */
    milestone: number;
  };
  bonuses: {
    /** Per 宣传报道 (a published article, given as a link in a report). */
    publicity: number;
    /** Per 先进典型 (an honour a report names). */
    honour: number;
    /** The most a branch can gain from them. */
    cap: number;
  };
}

export interface YearRecord {
  organization: string;
  year: number;
  /** ISO instant the record was taken. */
  generatedAt: string;
  /** The plan's goals (六好三优一满意). */
  goals: string;
  /** The plan as a document: its title, 文号 and the day it was issued. */
  document?: { title: string; number?: string; issuedOn?: string; notice?: string };
  categories: { number: number; numeral: string; title: string }[];
  branches: { id: string; name: string; lead: string }[];
  items: ItemRecord[];
  appraisal: AppraisalRules;
  /** The leading-group head's final sign-off of the year, once given. */
  finalSignOff?: { actor: string; at: string; comment: string };
}
