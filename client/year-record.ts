// The record of a plan year, taken from Temporal: every task, theme and festival workflow is asked
// for its state, the plan workflow for the final sign-off and what was past. Used by `civ year
// report`, the monthly bulletin and the year summary (both mailed by activities), and the preview.
import { actorLabel } from '../domain/labels';
import type { Client } from '@temporalio/client';
import { workflowState } from './workflow-state';
import { localDate, WorkCalendar } from '../domain/calendar';
import { FESTIVAL_IDS } from '../domain/calendar';
import type { Plan } from '../domain/plan';
import type { PlanState } from '../domain/plan-state';
import {
  festivalDefinition,
  itemCalendar,
  taskDefinition,
  themeDefinition,
  type ItemDefinition,
} from '../domain/item-definition';
import { displayState, type ItemState } from '../domain/item-state';
import type { BranchRecord, ItemKind, ItemRecord, ItemRecordState, YearRecord } from '../domain/year-record';
import { itemWorkflowId, planWorkflowId } from '../domain/ids';
import { planStatusQuery, statusQuery } from '../wire/messages';

function branchRecords(
  def: ItemDefinition,
  state: ItemState,
  cal: WorkCalendar,
  today: string,
): BranchRecord[] {
  return state.branches.map((b) => {
    const reportDay = b.report && localDate(Date.parse(b.report.at));
    // Without a report: late since the due date until today, or until the item ended.
    const until = reportDay ?? (state.completedAt ? localDate(Date.parse(state.completedAt)) : today);
    const late = until > state.due ? cal.workingDaysBetween(state.due, until) : 0;
    return {
      id: b.id,
      name: b.name,
      ...(b.report && { report: { ...b.report, actor: actorLabel(b.report) } }),
      milestones: Object.fromEntries(
        Object.entries(b.milestones).map(([id, r]) => [id, { ...r, actor: actorLabel(r) }]),
      ),
      onTime: reportDay === undefined ? undefined : reportDay <= state.due,
      lateWorkingDays: late,
      returns: state.decisions.filter(
        (d) =>
          d.verdict === 'return' && (d.rework ?? d.branches ?? def.branches.map((x) => x.id)).includes(b.id),
      ).length,
    };
  });
}

/** A KPI as the report shows it: its threshold and, for a rate, what its two counts are. */
function kpiRecord(k: ItemDefinition['kpis'][number]): ItemRecord['kpis'][number] {
  return {
    id: k.id,
    name: k.name,
    min: k.min,
    ...(k.numerator && k.denominator && { counts: { numerator: k.numerator, denominator: k.denominator } }),
  };
}

function itemRecord(
  kind: ItemKind,
  def: ItemDefinition,
  workflowId: string,
  state: ItemState,
  now: number,
): ItemRecord {
  const today = localDate(now);
  const cal = itemCalendar(def);
  return {
    kind,
    id: def.ref.id,
    workflowId,
    title: def.ref.title,
    ...(kind === 'task' && { category: def.ref.category }),
    due: state.due,
    originalDue: state.originalDue,
    state: displayState(state, today, now) as ItemRecordState,
    branches: branchRecords(def, state, cal, today),
    kpis: def.kpis.map((k) => ({ ...kpiRecord(k), ...state.kpis[k.id] })),
    notifications: state.notifications.map((n) => ({ kind: n.kind, at: n.at, to: n.to, subject: n.subject })),
    failures: (state.failures ?? []).map((f) => ({
      kind: f.kind,
      at: f.at,
      recipients: f.recipients,
      reason: f.reason,
    })),
    decisions: state.decisions.map((d) => ({
      verdict: d.verdict,
      actor: actorLabel(d),
      comment: d.comment,
      at: d.at,
      ...(d.overrideReason && { overrideReason: d.overrideReason }),
    })),
    extensions: state.extensions.map((e) => ({ ...e, actor: actorLabel(e) })),
    ...(state.completedAt && { completedAt: state.completedAt }),
    ...(def.milestones.length && { milestones: def.milestones }),
  };
}

function notStarted(
  kind: ItemKind,
  def: ItemDefinition,
  workflowId: string,
  state: ItemRecordState,
): ItemRecord {
  return {
    kind,
    id: def.ref.id,
    workflowId,
    title: def.ref.title,
    ...(kind === 'task' && { category: def.ref.category }),
    due: def.ref.due,
    originalDue: def.ref.due,
    state,
    branches: def.branches.map((b) => ({
      id: b.id,
      name: b.name,
      milestones: {},
      lateWorkingDays: 0,
      returns: 0,
    })),
    kpis: def.kpis.map(kpiRecord),
    notifications: [],
    failures: [],
    decisions: [],
    extensions: [],
    ...(def.milestones.length && { milestones: def.milestones }),
  };
}

/** Every item of the year with its state now, the plan workflow's final sign-off and past items. */
export async function yearRecord(client: Client, plan: Plan, now = Date.now()): Promise<YearRecord> {
  const year = plan.year;
  const planState = await workflowState(client, planWorkflowId(year, plan.org), planStatusQuery);
  const past = new Set((planState as PlanState | undefined)?.past.map((p) => `${p.kind}-${p.id}`) ?? []);
  const items: { kind: ItemKind; def: ItemDefinition }[] = [
    ...plan.tasks.map((t) => ({ kind: 'task' as const, def: taskDefinition(plan, t.id) })),
    ...plan.themes.map((t) => ({ kind: 'theme' as const, def: themeDefinition(plan, t.month) })),
    ...FESTIVAL_IDS.filter((id) => plan.festivals.some((f) => f.id === id)).map((id) => ({
      kind: 'festival' as const,
      def: festivalDefinition(plan, id),
    })),
  ];
  const records: ItemRecord[] = [];
  for (const { kind, def } of items) {
    const workflowId = itemWorkflowId(kind, year, def.ref.id, plan.org);
    const state = await workflowState(client, workflowId, statusQuery);
    if (state) records.push(itemRecord(kind, def, workflowId, state, now));
    else
      records.push(
        notStarted(kind, def, workflowId, past.has(`${kind}-${def.ref.id}`) ? 'past' : 'not-started'),
      );
  }
  return {
    organization: plan.organization,
    year,
    generatedAt: new Date(now).toISOString(),
    goals: plan.goals,
    ...(plan.document && { document: plan.document }),
    categories: plan.categories,
    branches: plan.branches.map((b) => ({ id: b.id, name: b.name, lead: b.lead.name })),
    items: records,
    appraisal: plan.appraisal,
    ...(planState?.finalSignOff && {
      finalSignOff: {
        actor: planState.finalSignOff.actor,
        at: planState.finalSignOff.at,
        comment: planState.finalSignOff.comment,
      },
    }),
  };
}
