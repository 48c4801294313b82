// The plan workflow's items (version 2): it starts them through an activity, as independent
// workflows (not children, which the plan could not outlive by continuing as new, and whose whole
// state came back into its history), each with the people of the year as they are at that moment
// and the plan as its `reportTo`: every task, every festival not over yet and this month's theme at
// the start, a later month's theme when its Schedule asks. A closed item is never started again; one
// found running (started by hand) is asked to report to the plan. What the plan believes of each
// comes from Temporal (domain/plan-reports.ts).
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { festivalWorkflowId, planWorkflowId, taskWorkflowId, themeWorkflowId } from '../domain/ids';
import type { ItemDefinition } from '../domain/item-definition';
import type { ItemSummary } from '../domain/item-state';
import { startedSummary, withLeads } from '../domain/plan-reports';
import type { PlanState } from '../domain/plan-state';
import { pastItems, type YearPlan } from '../domain/year-plan';
import type { ItemKind } from '../domain/year-record';

type ItemStart = Parameters<Activities['startPlanItems']>[1][number];

/** Retried for as long as it takes: a short outage of Temporal must not fail the year. */
const { startPlanItems, lookUpItems } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

/**
 * A month's theme started by a local activity (version PLAN_LOCAL_THEME_STARTS, workflows/plan.ts):
 * one start, a moment's work, whose result is a marker in the workflow task that asked for it rather
 * than an activity's three events and the workflow task its completion brings.
 */
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

interface ItemToStart {
  kind: ItemKind;
  workflowId: string;
  /** Absent for a theme of a plan loaded before themes had definitions: it loads its own. */
  def?: ItemDefinition;
  start: Omit<ItemStart, 'kind' | 'workflowId'>;
}

export class PlanItems {
  readonly planId: string;

  /**
   * `recorded` hears of every summary the plan now believes; `startedNow` when the plan just started
   * it. With `localThemeStarts`, a month's theme is started by a local activity.
   */
  constructor(
    private readonly plan: YearPlan,
    private readonly state: PlanState,
    private readonly recorded: (summary: ItemSummary, startedNow: boolean) => void,
    private readonly localThemeStarts = false,
  ) {
    this.planId = planWorkflowId(plan.year, plan.org);
  }

  /**
   * The year's start: what of it exists already is found (a plan started again after its last run
   * failed; items started by hand; tasks carried into the year), what was over before is recorded as
   * past, and every task, every festival not over yet and this month's theme are started.
   */
  async startYear(today: string): Promise<void> {
    const { plan, state } = this;
    const month = Number(today.slice(5, 7));
    const theme = today.startsWith(`${plan.year}-`) ? plan.themes.find((t) => t.month === month) : undefined;
    const others = [
      ...plan.themes.filter((t) => t !== theme).map((t) => this.theme(t)),
      ...plan.festivals.map((f) => this.festival(f)),
    ];
    await this.lookUp(others, true);
    state.past = pastItems(plan, today).filter(
      (p) =>
        !state.items[
          p.kind === 'theme'
            ? themeWorkflowId(plan.year, p.id, plan.org)
            : festivalWorkflowId(plan.year, p.id, plan.org)
        ],
    );
    const past = new Set(state.past.map((p) => `${p.kind}-${p.id}`));
    await this.start([
      ...plan.tasks.map((def) => this.task(def)),
      ...plan.festivals.filter((f) => !past.has(`festival-${f.id}`)).map((f) => this.festival(f)),
      ...(theme ? [this.theme(theme)] : []),
    ]);
  }

  /** A month's theme, as its Schedule asks; nothing when it closed already. */
  async startTheme(month: number): Promise<void> {
    const theme = this.plan.themes.find((t) => t.month === month);
    if (theme) await this.start([this.theme(theme)], this.localThemeStarts);
  }

  /**
   * Looks items up in Temporal and records what it answers (those that exist); with `carried`, the
   * tasks carried into the year too. A running one is asked to report to the plan.
   */
  async lookUp(items: { kind: ItemKind; workflowId: string }[], carried = false): Promise<void> {
    const { plan } = this;
    const found = await lookUpItems(
      items.map(({ kind, workflowId }) => ({ kind, workflowId })),
      {
        nowMs: Date.now(),
        reportTo: this.planId,
        ...(carried && { carriedInto: { year: plan.year, ...(plan.org && { org: plan.org }) } }),
      },
    );
    for (const summary of found) this.recorded(summary, false);
  }

  private async start(items: ItemToStart[], locally = false): Promise<void> {
    const open = items.filter((i) => !this.isClosed(i.workflowId));
    if (!open.length) return;
    const outcomes = await (locally ? local.startPlanItems : startPlanItems)(
      this.planId,
      open.map((i) => ({ kind: i.kind, workflowId: i.workflowId, ...i.start })),
      Date.now(),
    );
    for (const [n, o] of outcomes.entries()) {
      const { kind, workflowId, def } = open[n];
      if (o.found) this.recorded(o.found, false);
      else if (o.run && def) this.recorded(startedSummary(kind, workflowId, def, o.run, Date.now()), true);
      else if (o.run) await this.lookUp([{ kind, workflowId }]);
    }
  }

  private isClosed(workflowId: string): boolean {
    const s = this.state.items[workflowId]?.state;
    return s === 'signed-off' || s === 'unfinished';
  }

  /** What every start shares: the year (and organization), the plan to report to, who started it. */
  private input(def: ItemDefinition | undefined) {
    const { plan, state } = this;
    return {
      year: plan.year,
      ...(plan.org && { org: plan.org }),
      ...(def && { definition: withLeads(def, state.leadChanges ?? []) }),
      reportTo: this.planId,
    };
  }

  private task(def: ItemDefinition): ItemToStart {
    const { plan } = this;
    return {
      kind: 'task',
      workflowId: taskWorkflowId(plan.year, def.ref.id, plan.org),
      def,
      start: {
        input: { ...this.input(def), task: def.ref.id },
        summary: `${plan.year}年任务${def.ref.id}：${def.ref.title}`,
        details: details(def),
        memo: { startedBy: this.planId },
      },
    };
  }

  private festival(f: YearPlan['festivals'][number]): ItemToStart {
    const { plan } = this;
    return {
      kind: 'festival',
      workflowId: festivalWorkflowId(plan.year, f.id, plan.org),
      def: f.definition,
      start: {
        input: { ...this.input(f.definition), festival: f.id },
        summary: `${plan.year}年${f.title}（${f.date}）`,
        details: details(f.definition),
        memo: { startedBy: this.planId },
      },
    };
  }

  private theme(theme: YearPlan['themes'][number]): ItemToStart {
    const { plan } = this;
    const mm = String(theme.month).padStart(2, '0');
    return {
      kind: 'theme',
      workflowId: themeWorkflowId(plan.year, mm, plan.org),
      def: theme.definition,
      start: {
        input: { ...this.input(theme.definition), month: theme.month },
        summary: `${plan.year}年${theme.month}月“一月一主题”：${theme.title}`,
        memo: { startedBy: this.planId },
      },
    };
  }
}

function details(def: ItemDefinition): string {
  return `${def.ref.categoryTitle}｜截止：${def.ref.due}｜责任单位：${def.branches.map((b) => b.name).join('、')}`;
}
