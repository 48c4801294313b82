// What the annual plan workflow (version 2) believes of its items, and what an item tells it.
//
// A signal cannot be authenticated by its sender in Temporal: "Send Signal" in Temporal UI can type
// any itemChanged. So the plan believes a summary only when it carries the item workflow's first
// run id, which the plan learnt from Temporal itself (its start activity's result, or a look-up of
// the item by an activity), never from a signal. A summary of one of its own items with no known
// run (an item started by hand, a carry-over, an item of an older version) is not believed either:
// the plan looks the item up and records what Temporal answers. Anything else (another plan's
// item, a wrong run, a malformed payload) is dropped. A closed item never reopens in the plan's
// eyes, and an item tells the plan only what it acts on: that it closed, that it is overdue (and
// who owes what then), and, when it was not started by the plan, that it started.
import { localDate } from './calendar';
import { carryoverOf, yearItemWorkflowIds } from './ids';
import type { ItemDefinition } from './item-definition';
import { type DisplayState, type ItemSummary } from './item-state';
import type { PlanState } from './plan-state';
import type { LeadChange } from './signals';
import type { YearPlan } from './year-plan';
import type { ItemKind } from './year-record';

const CLOSED: ReadonlySet<DisplayState> = new Set(['signed-off', 'unfinished']);
const LATE: ReadonlySet<DisplayState> = new Set(['overdue', 'escalated']);

export const isClosedSummary = (s: Pick<ItemSummary, 'state'>): boolean => CLOSED.has(s.state);
export const isLateSummary = (s: Pick<ItemSummary, 'state'>): boolean => LATE.has(s.state);

/**
 * The kind of one of the plan year's own items (its tasks, themes, festivals and the tasks carried
 * into it), by workflow id; undefined for any other id.
 */
export function ownItemKind(plan: YearPlan, workflowId: string): ItemKind | undefined {
  const { year, org } = plan;
  const ids = (kind: ItemKind) =>
    yearItemWorkflowIds(year, org, {
      tasks: kind === 'task' ? plan.tasks.map((t) => t.ref.id) : [],
      months: kind === 'theme' ? plan.themes.map((t) => t.month) : [],
      festivals: kind === 'festival' ? plan.festivals.map((f) => f.id) : [],
    });
  if (carryoverOf(workflowId, year, org)) return 'task';
  return (['task', 'theme', 'festival'] as const).find((kind) => ids(kind).includes(workflowId));
}

/** What the plan does with a summary an item signalled: believe it, look the item up, or drop it. */
export type ReportVerdict = { do: 'record' } | { do: 'look-up' } | { do: 'drop'; why: string };

export function judgeReport(plan: YearPlan, state: PlanState, summary: ItemSummary): ReportVerdict {
  if (ownItemKind(plan, summary.workflowId) === undefined)
    return { do: 'drop', why: `${summary.workflowId} is not an item of this plan year` };
  const known = state.items[summary.workflowId]?.run;
  if (known === undefined) return { do: 'look-up' };
  if (summary.run !== known)
    return { do: 'drop', why: `the summary does not carry the run of ${summary.workflowId}` };
  return { do: 'record' };
}

/**
 * Records what the plan believes of an item: `first` when it hears of it for the first time,
 * `closed` when it has just closed. A closed item stays closed; a run that is not the one recorded
 * (a failed item started again) replaces it.
 */
export function recordItem(state: PlanState, summary: ItemSummary): { first: boolean; closed: boolean } {
  const before = state.items[summary.workflowId];
  const sameRun = before !== undefined && before.run === summary.run;
  if (before && sameRun && isClosedSummary(before)) return { first: false, closed: false };
  state.items[summary.workflowId] = summary;
  return {
    first: !before,
    closed: isClosedSummary(summary) && (!before || !sameRun || !isClosedSummary(before)),
  };
}

/** The part of an item's summary the plan acts on: when it changes, the item tells the plan. */
export function planAttention(summary: ItemSummary): string {
  if (isClosedSummary(summary)) return `closed ${summary.state}`;
  if (isLateSummary(summary)) return `late ${[...summary.pending].sort().join(',')}`;
  return 'open';
}

/** How many items are late now, and the branches that owe their work: CivOverdue, CivPending. */
export function lateCounts(state: PlanState): { overdue: number; pending: string[] } {
  const late = Object.values(state.items).filter((i) => isLateSummary(i));
  return { overdue: late.length, pending: [...new Set(late.flatMap((i) => i.pending))].sort() };
}

/** The summary of an item the plan has just started, before it tells anything of itself. */
export function startedSummary(
  kind: ItemKind,
  workflowId: string,
  def: ItemDefinition,
  run: string,
  nowMs: number,
): ItemSummary {
  const announced = !def.announceOn || localDate(nowMs) >= def.announceOn;
  return {
    kind,
    id: def.ref.id,
    workflowId,
    title: def.ref.title,
    due: def.ref.due,
    state: announced ? 'open' : 'scheduled',
    pending: def.branches.map((b) => b.id),
    escalationLevel: 0,
    run,
  };
}

/** A definition with the branches' leads as the year's changes of lead have made them. */
export function withLeads(def: ItemDefinition, changes: readonly LeadChange[]): ItemDefinition {
  if (!changes.length) return def;
  const lead = (branch: string, fallback: ItemDefinition['branches'][number]['lead']) => {
    const change = changes.filter((c) => c.branch === branch).at(-1);
    return change ? { name: change.lead.name, email: change.lead.email } : fallback;
  };
  const current = (b: ItemDefinition['branches'][number]) => ({ ...b, lead: lead(b.id, b.lead) });
  // Branches that take part without reporting are copied on the announcement: as they are now too.
  return {
    ...def,
    branches: def.branches.map(current),
    ...(def.participants && { participants: def.participants.map(current) }),
  };
}

/**
 * Why a month's theme may not be started now (the Schedule's starter asks on the 1st, an admin may
 * trigger it): it must be a theme of the plan, not over before the plan began, and of the plan
 * year's months so far.
 */
export function themeStartProblem(
  plan: YearPlan,
  state: PlanState,
  month: number,
  today: string,
): string | undefined {
  const mm = String(month).padStart(2, '0');
  if (!plan.themes.some((t) => t.month === month))
    return `the ${plan.year} plan has no theme for month ${month}`;
  if (state.past.some((p) => p.kind === 'theme' && p.id === mm))
    return `the theme of ${plan.year}-${mm} was over before the plan started`;
  if (!today.startsWith(`${plan.year}-`) || Number(today.slice(5, 7)) < month)
    return `the theme of ${plan.year}-${mm} cannot start on ${today}`;
  return undefined;
}
