// The state of one item (a task, a theme or a festival) and the rules of its Updates. Pure
// functions over plain data: the workflow holds the state, its Update validators call `check*`
// (which say why they reject as a domain/rejections.ts rejection), its handlers `apply*`.
import type { DeliveryFailure, Notification, NotificationKind, SentRecord } from './notification';
import type { ItemKind } from './year-record';
import { isRealDate } from './plan';
import type { ItemDefinition } from './item-definition';
import {
  type AcknowledgeInput,
  type ChangeLeadInput,
  type Channel,
  type DecideInput,
  type ExtendInput,
  malformed,
  updateSchemas,
  type ReportInput,
} from './item-updates';
import { type KpiShortfall, type Rejection, rejection } from './rejections';
import { actorText, type ActorFields, identify, isPerson, type Person } from './roles';

export type { AcknowledgeInput, ChangeLeadInput, DecideInput, ExtendInput, ReportInput };

/** Where an action came from and, for the CLI, the OS user who ran it. */
export interface Origin {
  channel?: Channel;
  osUser?: string;
}

export type Phase = 'open' | 'awaiting-sign-off' | 'returned' | 'signed-off' | 'unfinished';
/**
 * What Temporal UI shows as CivState: the phase, refined by lateness while work is missing, and
 * `scheduled` for a theme or festival not announced yet.
 */
export type DisplayState = Phase | 'overdue' | 'escalated' | 'scheduled';

/** What a report records for the review's 台账 beside its summary (all optional). */
export interface ReportLedger {
  /** 活动时间, YYYY-MM-DD. */
  heldOn?: string;
  /** 地点. */
  place?: string;
  /** 参加人数. */
  participants?: number;
  /** 宣传报道: links to where the activity was reported. */
  publicity?: string[];
  /** 先进典型: honours the work brought. */
  honours?: string[];
}

/** Who did something: the name as recorded and, when known, their address (the identity). */
export interface Actor {
  actor: string;
  actorEmail?: string;
}

export interface BranchReport extends Origin, Actor, ReportLedger {
  at: string;
  summary: string;
  evidence: string[];
}

/** A KPI as reported: its value in percent and, for a rate, the counts it was computed from. */
export interface KpiValue {
  value: number;
  branch: string;
  at: string;
  numerator?: number;
  denominator?: number;
}

export interface BranchStatus {
  id: string;
  name: string;
  report?: BranchReport;
  /** Milestone id → progress report. */
  milestones: Record<string, BranchReport>;
}

export interface ItemState {
  year: number;
  /** The item within its year: task "05", theme month "03", festival "duanwu". */
  id: string;
  title: string;
  phase: Phase;
  due: string;
  originalDue: string;
  branches: BranchStatus[];
  kpis: Record<string, KpiValue>;
  decisions: Decision[];
  extensions: ({ at: string; from: string; to: string; reason: string } & Actor & Origin)[];
  /** Sent notifications; `at` is when the timeline meant them to go (the activity's clock may differ). */
  notifications: (Omit<SentRecord, 'workflowId'> & { at: string })[];
  /** Notifications nobody (or not everybody) received: a refused address, a message that could not be built. */
  failures: (DeliveryFailure & { at: string })[];
  /** Notification keys already handled (sent, or skipped as stale), so replays and restarts skip them. */
  handledKeys: string[];
  /**
   * Messages a transition produced, built when it happened and waiting to be sent in order. A
   * queue, because several transitions can happen while an earlier email is still being sent.
   */
  outbox: Notification[];
  /** Epoch ms of the last change that reshaped the timeline (start, return, extension). */
  horizon: number;
  /** 0 none, 1 the office, 2 a deputy head, 3 the head was escalated to. */
  escalationLevel: 0 | 1 | 2 | 3;
  /** Final reports received so far, returned ones included: a decision answers a given set of them. */
  reportsReceived: number;
  /** ISO instant the last missing report came in, while the task awaits sign-off. */
  readySince?: string;
  completedAt?: string;
  /** Why the task ended unfinished. */
  unfinishedReason?: UnfinishedReason;
  /** Themes and festivals: the ISO instant of the announcement, until it is made. */
  announceAt?: string;
  /** Closed before the year ended, by the rollover: who and why. */
  closed?: { at: string; actor: string; reason: string };
  /** When the assignment went out: the 签收 window counts from its day. */
  assignedAt?: string;
  /** Branch id → its 签收 of the assignment. */
  acknowledged?: Record<string, { at: string } & Actor & Origin>;
  /** Changes of a branch's lead during the year, oldest first. */
  leadChanges?: ({ at: string; branch: string; from: string; to: string } & Actor & Origin)[];
}

export type UnfinishedReason = 'reports-missing' | 'not-signed-off' | 'started-after-year' | 'closed';

/** Closing an item before its year ends (the rollover carries it over). */
export interface CloseInput extends Actor {
  reason: string;
}

/** What an item tells the year's plan workflow of itself. */
export interface ItemSummary {
  kind: ItemKind;
  id: string;
  workflowId: string;
  title: string;
  due: string;
  state: DisplayState;
  pending: string[];
  escalationLevel: number;
  completedAt?: string;
  /**
   * The item workflow's first run id: the plan workflow learns it from Temporal when it starts or
   * looks up the item, and believes a summary only when it carries it (domain/plan-reports.ts).
   */
  run?: string;
}

export type Decision = DecideInput & {
  at: string;
  /** Returns: the branches whose reports were sent back. */
  rework?: string[];
};

export function initialState(def: ItemDefinition, nowMs: number): ItemState {
  return {
    year: def.ref.year,
    id: def.ref.id,
    title: def.ref.title,
    phase: 'open',
    due: def.ref.due,
    originalDue: def.ref.due,
    branches: def.branches.map((b) => ({ id: b.id, name: b.name, milestones: {} })),
    kpis: {},
    decisions: [],
    extensions: [],
    notifications: [],
    failures: [],
    handledKeys: [],
    outbox: [],
    horizon: nowMs,
    escalationLevel: 0,
    reportsReceived: 0,
  };
}

/** A state carried over by continue-as-new from an older version, with the fields added since. */
export function upgradeState(carried: ItemState): ItemState {
  // Before the one vocabulary, the item's id was `task` for themes and festivals too.
  const { task, ...state } = carried as ItemState & { task?: string };
  return {
    ...state,
    id: state.id ?? task,
    failures: state.failures ?? [],
    reportsReceived: state.reportsReceived ?? state.branches.filter((b) => b.report).length,
  };
}

export function pendingBranches(state: ItemState): BranchStatus[] {
  return state.branches.filter((b) => !b.report);
}

export function isClosed(state: ItemState): boolean {
  return state.phase === 'signed-off' || state.phase === 'unfinished';
}

/** Whether branches still owe work: the phases in which reminders and escalations run. */
export function isCollecting(state: ItemState): boolean {
  return state.phase === 'open' || state.phase === 'returned';
}

export function displayState(state: ItemState, today: string, nowMs?: number): DisplayState {
  if (state.announceAt && nowMs !== undefined && nowMs < Date.parse(state.announceAt)) return 'scheduled';
  if (!isCollecting(state)) return state.phase;
  if (today <= state.due || pendingBranches(state).length === 0) return state.phase;
  return state.escalationLevel > 0 ? 'escalated' : 'overdue';
}

/** How often the due date has moved: the calendar event's SEQUENCE. */
export function dueRevision(state: ItemState): number {
  return state.extensions.length + state.decisions.filter((d) => d.newDue !== undefined).length;
}

/** The office acts as itself (its shared mailbox's link) or through one of its staff. */
function isOffice(def: ItemDefinition, email: string): boolean {
  return isPerson(def.office, email) || def.office.staff.some((p) => isPerson(p, email));
}

/** Who may approve or return, by address: the office for office-signed tasks, the head always. */
export function canDecide(def: ItemDefinition, email: string): boolean {
  if (isPerson(def.head, email)) return true;
  return def.signOff === 'office' && isOffice(def, email);
}

/** Whether the address is the office's, a deputy head's or the head's. */
export function isLeadingGroup(def: ItemDefinition, email: string): boolean {
  return isOffice(def, email) || [def.head, ...def.deputies].some((p) => isPerson(p, email));
}

/** Everyone an item's Update may name as its actor. */
export function itemPeople(def: ItemDefinition): Person[] {
  return [def.head, ...def.deputies, def.office, ...def.office.staff, ...def.branches.map((b) => b.lead)];
}

/**
 * The address an Update of this item acts as ('' for a name nobody here carries, which matches no
 * one), or the rejection of a name several people carry.
 */
function actorAddress(def: ItemDefinition, a: ActorFields): string | Rejection<'ambiguous-actor'> {
  const who = identify(itemPeople(def), a);
  if ('ambiguous' in who)
    return rejection('ambiguous-actor', { actor: a.actor, people: who.ambiguous }, 'actor');
  return 'email' in who ? who.email : '';
}

/**
 * A report or 签收 from a verified address (the portal's) is the branch lead's, or the office's
 * entering it for the branch; one that names only a name (an admin's CLI) is recorded as typed.
 */
function checkReporter(def: ItemDefinition, a: ActorFields & { branch: string }): Rejection | undefined {
  if (a.actorEmail === undefined) return undefined;
  const lead = def.branches.find((b) => b.id === a.branch)?.lead;
  if ((lead && isPerson(lead, a.actorEmail)) || isOffice(def, a.actorEmail)) return undefined;
  return rejection('may-not-report', { actor: actorText(a), branch: a.branch }, 'actor');
}

function closedError(state: ItemState): Rejection | undefined {
  if (state.phase === 'signed-off') return rejection('already-signed-off', { task: state.id });
  if (state.phase === 'unfinished') return rejection('ended-unfinished', { task: state.id });
  return undefined;
}

/** What a validator needs besides the state: today (Asia/Shanghai) and the latest possible due date. */
export interface CheckContext {
  today: string;
  latestDue: string;
}

/** Why a report is rejected, or undefined when it is acceptable. */
export function checkReport(def: ItemDefinition, state: ItemState, r: ReportInput): Rejection | undefined {
  const invalid = closedError(state) ?? malformed(updateSchemas().report, r, 'report');
  if (invalid) return invalid;
  const { id: task } = state;
  if (!def.planBranchIds.includes(r.branch))
    return rejection('unknown-branch', { branch: r.branch }, 'branch');
  if (!state.branches.some((b) => b.id === r.branch))
    return rejection('branch-not-responsible', { branch: r.branch, task }, 'branch');
  if (!r.actor.trim()) return rejection('report-needs-actor', {}, 'actor');
  const reporter = checkReporter(def, r);
  if (reporter) return reporter;
  if (!r.summary.trim()) return rejection('report-needs-summary', {}, 'summary');
  if (r.milestone !== undefined && !def.milestones.some((m) => m.id === r.milestone))
    return rejection('unknown-milestone', { task, milestone: r.milestone }, 'milestone');
  for (const [kpi, value] of Object.entries(r.kpis ?? {})) {
    if (!def.kpis.some((k) => k.id === kpi)) return rejection('unknown-kpi', { task, kpi }, `kpis.${kpi}`);
    if (!Number.isFinite(value) || value < 0 || value > 100)
      return rejection('kpi-out-of-range', { kpi, value }, `kpis.${kpi}`);
  }
  for (const [kpi, counts] of Object.entries(r.kpiCounts ?? {})) {
    if (!def.kpis.some((k) => k.id === kpi))
      return rejection('unknown-kpi', { task, kpi }, `kpiCounts.${kpi}`);
    const value = kpiRate(counts);
    if (value > 100) return rejection('kpi-out-of-range', { kpi, value }, `kpiCounts.${kpi}`);
  }
  return undefined;
}

/** A rate KPI in percent from its counts, to one decimal: 46 of 50 is 92. */
export function kpiRate({ numerator, denominator }: { numerator: number; denominator: number }): number {
  return Math.round((numerator / denominator) * 1000) / 10;
}

/** KPIs that block approval: not reported, or below their threshold. */
export function kpiShortfalls(def: ItemDefinition, state: ItemState): KpiShortfall[] {
  return def.kpis.flatMap((k) => {
    const reported = state.kpis[k.id];
    if (!reported) return [{ kpi: k.id, min: k.min }];
    return reported.value < k.min ? [{ kpi: k.id, min: k.min, value: reported.value }] : [];
  });
}

export function checkDecide(
  def: ItemDefinition,
  state: ItemState,
  d: DecideInput,
  ctx: CheckContext,
): Rejection | undefined {
  const invalid = closedError(state) ?? malformed(updateSchemas().decide, d, 'decision');
  if (invalid) return invalid;
  const { id: task } = state;
  const who = actorAddress(def, d);
  if (typeof who !== 'string') return who;
  if (!canDecide(def, who)) return rejection('may-not-sign-off', { actor: actorText(d), task }, 'actor');
  if (d.verdict === 'approve') return checkApproval(def, state, d);
  if (!d.comment.trim()) return rejection('return-needs-comment', {}, 'comment');
  for (const b of d.branches ?? []) {
    const branch = state.branches.find((s) => s.id === b);
    if (!branch) return rejection('branch-not-responsible', { branch: b, task }, 'branches');
    if (!branch.report) return rejection('branch-not-reported', { branch: b }, 'branches');
  }
  if (!state.branches.some((b) => b.report)) return rejection('nothing-to-return', { task });
  if (d.newDue !== undefined) return checkNewDue(state, d.newDue, ctx);
  return undefined;
}

/** An approval waits for every branch, and for the KPIs or a reason to override them. */
function checkApproval(def: ItemDefinition, state: ItemState, d: DecideInput): Rejection | undefined {
  if (state.phase !== 'awaiting-sign-off') {
    const waitingFor = pendingBranches(state).map((b) => b.id);
    return rejection('not-ready-for-sign-off', { task: state.id, waitingFor });
  }
  const shortfalls = kpiShortfalls(def, state);
  if (shortfalls.length && !d.overrideReason)
    return rejection('kpi-below-threshold', { shortfalls }, 'overrideReason');
  return undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkNewDue(state: ItemState, date: string, ctx: CheckContext): Rejection | undefined {
  const { year } = state;
  if (!DATE.test(date)) return rejection('due-date-format', {}, 'newDue');
  // An impossible day would make every later calendar computation of the workflow throw.
  if (!isRealDate(date)) return rejection('due-date-not-real', { date }, 'newDue');
  if (date < ctx.today) return rejection('due-date-in-past', { date }, 'newDue');
  if (!date.startsWith(`${year}-`)) return rejection('due-date-outside-year', { date, year }, 'newDue');
  if (date > ctx.latestDue)
    return rejection('due-date-too-late', { date, year, latestDue: ctx.latestDue }, 'newDue');
  return undefined;
}

export function checkExtend(
  def: ItemDefinition,
  state: ItemState,
  e: ExtendInput,
  ctx: CheckContext,
): Rejection | undefined {
  const invalid = closedError(state) ?? malformed(updateSchemas().extend, e, 'extension');
  if (invalid) return invalid;
  const who = actorAddress(def, e);
  if (typeof who !== 'string') return who;
  if (!isLeadingGroup(def, who)) return rejection('may-not-extend', { actor: actorText(e) }, 'actor');
  if (!e.reason.trim()) return rejection('extension-needs-reason', {}, 'reason');
  const badDate = checkNewDue(state, e.newDue, ctx);
  if (badDate) return badDate;
  if (e.newDue <= state.due)
    return rejection('due-date-not-later', { date: e.newDue, due: state.due }, 'newDue');
  return undefined;
}

/** Who acted, as the record keeps it: the name, and the address when the Update gave one. */
function actorOf(a: Actor): Actor {
  return { actor: a.actor, ...(a.actorEmail && { actorEmail: a.actorEmail }) };
}

/** The 台账 fields a report gave, and only those (older reports have none). */
function ledger(r: ReportLedger): ReportLedger {
  return {
    ...(r.heldOn && { heldOn: r.heldOn }),
    ...(r.place?.trim() && { place: r.place.trim() }),
    ...(r.participants !== undefined && { participants: r.participants }),
    ...(r.publicity?.length && { publicity: r.publicity }),
    ...(r.honours?.length && { honours: r.honours.map((h) => h.trim()) }),
  };
}

function origin(o: Origin): Origin {
  return { ...(o.channel && { channel: o.channel }), ...(o.osUser && { osUser: o.osUser }) };
}

/** 签收; `def`, when given, checks that a verified address is the branch lead's (see checkReport). */
export function checkAcknowledge(
  state: ItemState,
  a: AcknowledgeInput,
  def?: ItemDefinition,
): Rejection | undefined {
  const invalid = closedError(state) ?? malformed(updateSchemas().acknowledge, a, 'acknowledgement');
  if (invalid) return invalid;
  const { id: task } = state;
  if (!state.branches.some((b) => b.id === a.branch))
    return rejection('branch-not-responsible', { branch: a.branch, task }, 'branch');
  if (!a.actor.trim()) return rejection('acknowledgement-needs-actor', {}, 'actor');
  const reporter = def && checkReporter(def, a);
  if (reporter) return reporter;
  if (state.acknowledged?.[a.branch])
    return rejection('already-acknowledged', { branch: a.branch, task }, 'branch');
  return undefined;
}

export function applyAcknowledge(state: ItemState, a: AcknowledgeInput, at: string): void {
  state.acknowledged = { ...state.acknowledged, [a.branch]: { at, ...actorOf(a), ...origin(a) } };
}

/**
 * Makes the new lead the one every later email goes to (the definition is what continue-as-new
 * carries on); an item the branch is not responsible for records nothing.
 */
export function applyChangeLead(
  def: ItemDefinition,
  state: ItemState,
  c: ChangeLeadInput,
  at: string,
): boolean {
  const branch = def.branches.find((b) => b.id === c.branch);
  if (!branch || branch.lead.email.toLowerCase() === c.lead.email.toLowerCase()) return false;
  state.leadChanges = [
    ...(state.leadChanges ?? []),
    { at, ...actorOf(c), branch: c.branch, from: branch.lead.email, to: c.lead.email, ...origin(c) },
  ];
  branch.lead = { name: c.lead.name, email: c.lead.email };
  return true;
}

/** What a transition announces: the kinds of notification it calls for. */
export type Announcements = NotificationKind[];

export function applyReport(state: ItemState, r: ReportInput, at: string): Announcements {
  const branch = state.branches.find((b) => b.id === r.branch)!;
  const report: BranchReport = {
    at,
    ...actorOf(r),
    summary: r.summary,
    evidence: r.evidence ?? [],
    ...origin(r),
    ...ledger(r),
  };
  if (r.milestone) branch.milestones[r.milestone] = report;
  else {
    branch.report = report;
    state.reportsReceived = (state.reportsReceived ?? 0) + 1;
  }
  for (const [id, value] of Object.entries(r.kpis ?? {})) state.kpis[id] = { value, branch: r.branch, at };
  for (const [id, counts] of Object.entries(r.kpiCounts ?? {}))
    state.kpis[id] = { value: kpiRate(counts), branch: r.branch, at, ...counts };
  if (!r.milestone && state.phase !== 'awaiting-sign-off' && pendingBranches(state).length === 0) {
    state.phase = 'awaiting-sign-off';
    state.readySince = at;
    return ['ready-for-sign-off'];
  }
  return [];
}

export function applyDecide(state: ItemState, d: DecideInput, at: string, nowMs: number): Announcements {
  if (d.verdict === 'approve') {
    state.decisions.push({ ...d, at });
    state.phase = 'signed-off';
    state.completedAt = at;
    return ['signed-off'];
  }
  const rework = d.branches?.length ? d.branches : state.branches.filter((b) => b.report).map((b) => b.id);
  state.decisions.push({ ...d, at, rework });
  for (const b of state.branches) if (rework.includes(b.id)) delete b.report;
  if (d.newDue) state.due = d.newDue;
  state.phase = 'returned';
  state.readySince = undefined;
  state.escalationLevel = 0;
  state.horizon = nowMs;
  return ['returned'];
}

/**
 * Records a sent notification. An escalation raises the level Temporal UI shows, unless it was
 * planned before the timeline was last reshaped: an extension or a return that came while it was
 * being sent has just reset the level, and a stale message must not undo that.
 */
export function recordSent(
  state: ItemState,
  sent: SentRecord,
  plannedAt: number,
  { raiseStale = false, sinceReset = false } = {},
): void {
  const { workflowId: _workflowId, ...record } = sent;
  state.notifications.push({ ...record, at: new Date(plannedAt).toISOString() });
  // With `sinceReset`, only an extension or a return makes a message stale, not the item's start:
  // the escalations an item started late sends at once raise the level the dashboard shows too.
  const since = sinceReset ? lastChaseReset(state) : state.horizon;
  if (plannedAt < since && !raiseStale) return;
  if (sent.kind === 'escalation-office' && state.escalationLevel < 1) state.escalationLevel = 1;
  if (sent.kind === 'escalation-deputy' && state.escalationLevel < 2) state.escalationLevel = 2;
  if (sent.kind === 'escalation-head') state.escalationLevel = 3;
}

/** Epoch ms of the latest extension or return (which start the chase afresh); -Infinity if none. */
export function lastChaseReset(state: Pick<ItemState, 'extensions' | 'decisions'>): number {
  const resets = [
    ...state.extensions.map((e) => e.at),
    ...state.decisions.filter((d) => d.verdict === 'return').map((d) => d.at),
  ].map((at) => Date.parse(at));
  return Math.max(Number.NEGATIVE_INFINITY, ...resets.filter((ms) => !Number.isNaN(ms)));
}

/** Records a notification that did not reach (all of) its recipients. */
export function recordFailure(state: ItemState, failure: DeliveryFailure, at: string): void {
  state.failures.push({ ...failure, at });
}

export function applyExtend(state: ItemState, e: ExtendInput, at: string, nowMs: number): Announcements {
  state.extensions.push({
    at,
    ...actorOf(e),
    from: state.due,
    to: e.newDue,
    reason: e.reason,
    ...origin(e),
  });
  state.due = e.newDue;
  state.escalationLevel = 0;
  state.horizon = nowMs;
  return ['extended'];
}

export function checkClose(def: ItemDefinition, state: ItemState, c: CloseInput): Rejection | undefined {
  const invalid = closedError(state) ?? malformed(updateSchemas().close, c, 'close');
  if (invalid) return invalid;
  const who = actorAddress(def, c);
  if (typeof who !== 'string') return who;
  if (!isLeadingGroup(def, who)) return rejection('may-not-close', { actor: actorText(c) }, 'actor');
  if (!c.reason.trim()) return rejection('close-needs-reason', {}, 'reason');
  return undefined;
}

/** Closed before the year ended: unfinished, and those who still owed work are told. */
export function applyClose(state: ItemState, c: CloseInput, at: string): Announcements {
  state.closed = { at, actor: c.actor, reason: c.reason };
  state.phase = 'unfinished';
  state.unfinishedReason = 'closed';
  state.completedAt = at;
  return ['unfinished'];
}

export function itemSummary(
  kind: ItemKind,
  workflowId: string,
  state: ItemState,
  today: string,
  nowMs: number,
): ItemSummary {
  return {
    kind,
    id: state.id,
    workflowId,
    title: state.title,
    due: state.due,
    state: displayState(state, today, nowMs),
    pending: isClosed(state) ? [] : pendingBranches(state).map((b) => b.id),
    escalationLevel: state.escalationLevel,
    ...(state.completedAt && { completedAt: state.completedAt }),
  };
}

/** Ends the task with the plan year; what it announces depends on what was still missing. */
export function applyYearEnd(state: ItemState, at: string, startedAfterYear = false): Announcements {
  state.unfinishedReason = startedAfterYear
    ? 'started-after-year'
    : state.phase === 'awaiting-sign-off'
      ? 'not-signed-off'
      : 'reports-missing';
  state.phase = 'unfinished';
  state.completedAt = at;
  return startedAfterYear ? [] : ['unfinished'];
}
