// What the people do in a previewed year, as a list of timed actions (pure): the Schedule starts
// each month's theme on the 1st at 09:00; every branch reports two working days before each due
// date (milestones too), except the late ones, which report eight working days after it, past the
// office's and the deputy head's escalations; signers approve the working day after the last
// report; the head signs the year off on the first working day of the next year.
import { WorkCalendar } from '../domain/calendar';
import { localDate } from '../domain/calendar';
import type { Plan } from '../domain/plan';
import type { ReportInput } from '../domain/item-state';
import { type ItemDefinition, themeDefinition } from '../domain/item-definition';
import type { ItemKind } from '../domain/year-record';
import { pastItems, yearPlan } from '../domain/year-plan';
import { itemWorkflowId } from '../domain/ids';

/** Working days after the due date a late branch reports. */
export const LATE_WORKING_DAYS = 8;
const ON_TIME_WORKING_DAYS = 2;

export type PreviewAction =
  | { at: number; type: 'start-theme'; month: number }
  | { at: number; type: 'report'; workflowId: string; input: ReportInput }
  | { at: number; type: 'approve'; workflowId: string; actor: string }
  | { at: number; type: 'final-sign-off'; actor: string };

/** `hour`:00 on `day`, plus `n` minutes so that actions of one day keep their order. */
function atHour(cal: WorkCalendar, day: string, hour: number, n = 0): number {
  return cal.at0900(day) + (hour - 9) * 3_600_000 + n * 60_000;
}

export function previewActions(plan: Plan, late: ReadonlySet<string>, startMs: number): PreviewAction[] {
  const y = yearPlan(plan);
  const start = localDate(startMs);
  const startMonth = start < `${y.year}-01-01` ? 1 : Number(start.slice(5, 7));
  let n = 0;
  const ctx: PreviewYear = {
    cal: new WorkCalendar(y.calendar!),
    start,
    lastDay: y.lastWorkingDay,
    late,
    nextMinute: () => n++,
  };
  const actions: PreviewAction[] = themeStarts(ctx, y, startMonth);
  for (const { kind, def } of previewedItems(plan, y, start, startMonth))
    actions.push(...itemActions(ctx, itemWorkflowId(kind, y.year, def.ref.id, y.org), def));
  actions.push({
    at: atHour(ctx.cal, ctx.cal.nextWorkingDay(`${y.year + 1}-01-02`), 10),
    type: 'final-sign-off',
    actor: y.people.head.name,
  });
  return actions.sort((a, b) => a.at - b.at);
}

/** What every item's actions are timed by. */
interface PreviewYear {
  cal: WorkCalendar;
  /** The day the preview starts. */
  start: string;
  lastDay: string;
  late: ReadonlySet<string>;
  /** A count over the whole year, so that actions of one day keep their order (see atHour). */
  nextMinute: () => number;
}

/** The items that run in the preview: every task, the festivals and themes not over before it starts. */
function previewedItems(
  plan: Plan,
  y: ReturnType<typeof yearPlan>,
  start: string,
  startMonth: number,
): { kind: ItemKind; def: ItemDefinition }[] {
  const past = new Set(pastItems(y, start).map((p) => `${p.kind}-${p.id}`));
  return [
    ...y.tasks.map((def) => ({ kind: 'task' as const, def })),
    ...y.festivals
      .filter((f) => !past.has(`festival-${f.id}`))
      .map((f) => ({ kind: 'festival' as const, def: f.definition })),
    ...y.themes
      .filter((t) => t.month >= startMonth && !past.has(`theme-${String(t.month).padStart(2, '0')}`))
      .map((t) => ({ kind: 'theme' as const, def: themeDefinition(plan, t.month) })),
  ];
}

/** The Schedule's start of each month's theme after the first month of the preview. */
function themeStarts(ctx: PreviewYear, y: ReturnType<typeof yearPlan>, startMonth: number): PreviewAction[] {
  return y.themes
    .filter((t) => t.month > startMonth)
    .map((t) => ({
      at: ctx.cal.at0900(`${y.year}-${String(t.month).padStart(2, '0')}-01`),
      type: 'start-theme',
      month: t.month,
    }));
}

/** Each branch's reports on the item (milestones first), then the signer's approval. */
function itemActions(ctx: PreviewYear, workflowId: string, def: ItemDefinition): PreviewAction[] {
  const { cal } = ctx;
  const announce = def.announceOn && def.announceOn > ctx.start ? def.announceOn : ctx.start;
  const earliest = cal.addWorkingDays(announce, 1);
  const reportAt = (day: string) => atHour(cal, day, 10, ctx.nextMinute() % 120);
  const actions: PreviewAction[] = [];
  let ready: string | undefined = earliest;
  def.branches.forEach((b, i) => {
    for (const m of def.milestones) {
      const day = reportDay(ctx, m.due, b.id, earliest);
      if (day && m.due >= earliest)
        actions.push({
          at: reportAt(day),
          type: 'report',
          workflowId,
          input: { branch: b.id, actor: b.lead.name, summary: `${m.title}已按计划推进`, milestone: m.id },
        });
    }
    const day = reportDay(ctx, def.ref.due, b.id, earliest);
    if (!day) {
      ready = undefined;
      return;
    }
    if (ready && day > ready) ready = day;
    // The first branch reports the task's KPIs, comfortably above their thresholds.
    const kpis =
      i === 0 && def.kpis.length
        ? Object.fromEntries(def.kpis.map((k) => [k.id, Math.min(100, k.min + 2)]))
        : undefined;
    actions.push({
      at: reportAt(day),
      type: 'report',
      workflowId,
      input: { branch: b.id, actor: b.lead.name, summary: '已按实施方案完成', ...(kpis && { kpis }) },
    });
  });
  const approveDay = ready && cal.addWorkingDays(ready, 1);
  if (approveDay && approveDay <= ctx.lastDay)
    actions.push({
      at: atHour(cal, approveDay, 15, ctx.nextMinute() % 60),
      type: 'approve',
      workflowId,
      actor: def.signOff === 'head' ? def.head.name : def.office.staff[0].name,
    });
  return actions;
}

/** The day a branch reports on `due`: on time or late, never before `earliest`, never after the year. */
function reportDay(ctx: PreviewYear, due: string, branch: string, earliest: string): string | undefined {
  const day = ctx.late.has(branch)
    ? ctx.cal.addWorkingDays(due, LATE_WORKING_DAYS)
    : ctx.cal.subtractWorkingDays(due, ON_TIME_WORKING_DAYS);
  const when = day < earliest ? earliest : day;
  return when <= ctx.lastDay ? when : undefined;
}
