// The plan workflow starts its year's items as children that outlive it (parent-close policy
// ABANDON): every task, every festival not over yet, and this month's theme (later months come
// from the Schedule). An item already running (started by hand) is asked to report to the plan.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { getExternalWorkflowHandle, ParentClosePolicy, startChild } from '@temporalio/workflow';
import { festivalWorkflowId, planWorkflowId, taskWorkflowId, themeWorkflowId } from '../domain/ids';
import type { PlanState } from '../domain/plan-state';
import type { ItemDefinition } from '../domain/item-definition';
import type { YearPlan } from '../domain/year-plan';
import { watchSignal } from '../wire/messages';
import { festivalWorkflow } from './festival';
import { taskWorkflow } from './task';
import { themeWorkflow } from './theme';

/** What every start of the year's items shares. */
interface Starts {
  plan: YearPlan;
  planId: string;
  /** In every start input and id; absent for the home organization, whose inputs stay as they were. */
  scope: { year: number; org?: string };
}

export async function startItems(plan: YearPlan, state: PlanState, today: string): Promise<void> {
  const org = plan.org;
  const starts: Starts = {
    plan,
    planId: planWorkflowId(plan.year, org),
    scope: { year: plan.year, ...(org && { org }) },
  };
  const past = new Set(state.past.map((p) => `${p.kind}-${p.id}`));
  const festivals = plan.festivals.filter((f) => !past.has(`festival-${f.id}`));
  const month = Number(today.slice(5, 7));
  const theme = today.startsWith(`${plan.year}-`) ? plan.themes.find((t) => t.month === month) : undefined;
  await Promise.all([
    ...plan.tasks.map((def) => startTask(starts, def)),
    ...festivals.map((f) => startFestival(starts, f)),
    ...(theme ? [startTheme(starts, theme)] : []),
  ]);
}

function startTask({ plan, planId, scope }: Starts, def: ItemDefinition): Promise<unknown> {
  const id = taskWorkflowId(plan.year, def.ref.id, plan.org);
  return startedOrWatched(
    planId,
    id,
    startChild(taskWorkflow, {
      ...childOptions(id, `${plan.year}年任务${def.ref.id}：${def.ref.title}`, def),
      args: [{ ...scope, task: def.ref.id, definition: def, reportTo: planId }],
    }),
  );
}

function startFestival({ plan, planId, scope }: Starts, f: YearPlan['festivals'][number]): Promise<unknown> {
  const id = festivalWorkflowId(plan.year, f.id, plan.org);
  return startedOrWatched(
    planId,
    id,
    startChild(festivalWorkflow, {
      ...childOptions(id, `${plan.year}年${f.title}（${f.date}）`, f.definition),
      args: [{ ...scope, festival: f.id, definition: f.definition, reportTo: planId }],
    }),
  );
}

function startTheme({ plan, planId, scope }: Starts, theme: YearPlan['themes'][number]): Promise<unknown> {
  const mm = String(theme.month).padStart(2, '0');
  const id = themeWorkflowId(plan.year, mm, plan.org);
  return startedOrWatched(
    planId,
    id,
    startChild(themeWorkflow, {
      ...childOptions(id, `${plan.year}年${theme.month}月“一月一主题”：${theme.title}`),
      args: [{ ...scope, month: theme.month, reportTo: planId }],
    }),
  );
}

function childOptions(id: string, summary: string, def?: ItemDefinition) {
  return {
    workflowId: id,
    parentClosePolicy: ParentClosePolicy.ABANDON,
    staticSummary: summary,
    ...(def && {
      staticDetails: `${def.ref.categoryTitle}｜截止：${def.ref.due}｜责任单位：${def.branches.map((b) => b.name).join('、')}`,
    }),
  };
}

/** A child that was already running (started by hand) is asked to report to the plan instead. */
function startedOrWatched(planId: string, id: string, start: Promise<unknown>): Promise<unknown> {
  return start.catch(async (err: unknown) => {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    await getExternalWorkflowHandle(id)
      .signal(watchSignal, { planWorkflowId: planId })
      .catch(() => undefined);
  });
}
