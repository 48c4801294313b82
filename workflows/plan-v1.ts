// FROZEN: version 1 of the annual plan workflow's command sequence, kept only so that plan
// executions started before version 2 (they have no `plan-workflow-v2` marker) replay on this code:
// it starts its items as children (parent-close policy ABANDON), believes every itemChanged signal,
// reloads its plan file on continue-as-new. Nothing new starts here: plan.ts takes this path for
// them alone, and a v1 execution that continues as new runs version 2. Do not change what this file
// does; a fix belongs in plan.ts. It is plan.ts, plan-items.ts and plan-handlers.ts as they were when
// version 2 came; it shares the domain rules, the publisher and the notifier with today's code.
// Retire it with deprecatePatch once no such execution runs.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { localDate, WorkCalendar } from '../domain/calendar';
import { festivalWorkflowId, planWorkflowId, taskWorkflowId, themeWorkflowId } from '../domain/ids';
import type { ItemDefinition } from '../domain/item-definition';
import type { ChangeLeadInput } from '../domain/item-updates';
import {
  allItemsClosed,
  type DuePlanNotification,
  expectedItems,
  nextPlanNotification,
} from '../domain/plan-agenda';
import { checkPlanInput } from '../domain/plan-input';
import {
  applyChangeLead,
  applyCloseYear,
  applyEndedBeforeStart,
  applyFinalSignOff,
  applyItemChanged,
  applyReadyForFinalSignOff,
  applyRevokeLinks,
  checkChangeLead,
  checkCloseYear,
  checkFinalSignOff,
  checkRevokeLinks,
  initialPlanState,
  isItemOpen,
  peopleNow,
  type PlanState,
} from '../domain/plan-state';
import { pastItems, type YearPlan } from '../domain/year-plan';
import {
  changeLeadUpdate,
  closeYearUpdate,
  finalSignOffUpdate,
  itemChangedSignal,
  leadChangedSignal,
  planPeopleQuery,
  planStatusQuery,
  revokeLinksUpdate,
  watchSignal,
} from '../wire/messages';
import type { PlanWorkflowInput } from '../wire/workflow-types';
import { stamp, today } from './clock';
import { festivalWorkflow } from './festival';
import { PlanNotifier } from './plan-notifier';
import { PlanPublisher } from './plan-publisher';
import { taskWorkflow } from './task';
import { themeWorkflow } from './theme';
import { setUpdateHandlers, updateRule } from './update-rules';

const { loadYearPlan, ensureThemeSchedule } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

export async function planWorkflowV1(input: PlanWorkflowInput): Promise<PlanState> {
  const problem = checkPlanInput(input, workflowInfo().continuedFromExecutionRunId !== undefined);
  if (problem) throw ApplicationFailure.nonRetryable(problem, 'InvalidInput');
  const year = Number(input.year);
  const org = input.org;
  // No org for the home organization: its activity input stays as it always was.
  const plan: YearPlan = await (org === undefined ? loadYearPlan(year) : loadYearPlan(year, org));
  const state = input.state ?? initialPlanState(year, plan.organization, stamp());
  return new PlanYearV1(plan, year, org, state).run(!input.state);
}

/** The plan year's lifecycle: the start of its items, the main loop, the end. */
class PlanYearV1 {
  private readonly cal: WorkCalendar;
  private readonly yearEnd: number;
  private readonly publisher: PlanPublisher;
  private readonly mailer: PlanNotifier;
  /** Counts the changes the main loop wakes for. */
  private version = 0;

  constructor(
    private readonly plan: YearPlan,
    private readonly year: number,
    private readonly org: string | undefined,
    private readonly state: PlanState,
  ) {
    this.cal = new WorkCalendar(plan.calendar!);
    this.yearEnd = this.cal.endOfDay(`${year}-12-31`);
    this.publisher = new PlanPublisher(state);
    this.mailer = new PlanNotifier(state, workflowInfo().workflowId, year, org);
    setPlanHandlersV1(plan, state, {
      changed: () => this.changed(),
      itemChanged: (closed) => {
        this.publisher.publish();
        // Only an item closing can make the year ready for its final sign-off: the loop (and its
        // timer) wakes for that, not for every report an item tells of.
        if (closed) this.version++;
      },
    });
  }

  private changed(): void {
    this.version++;
    this.publisher.publish();
  }

  async run(fresh: boolean): Promise<PlanState> {
    const { plan, year, org, state } = this;
    if (fresh) {
      this.publisher.start(plan, year, org);
      if (Date.now() >= this.yearEnd) {
        applyEndedBeforeStart(state, stamp());
        this.publisher.publish();
        return state;
      }
      await this.start();
    }
    await this.follow();
    if (state.phase === 'signed-off') await this.mailer.send('year-summary', 'year-summary');
    this.publisher.publish();
    await condition(allHandlersFinished);
    return state;
  }

  /** A new plan year: the Schedule of its themes made sure of, and its items started. */
  private async start(): Promise<void> {
    const { plan, year, org, state } = this;
    await (org === undefined ? ensureThemeSchedule(year) : ensureThemeSchedule(year, org));
    state.past = pastItems(plan, today());
    await startItemsV1(plan, state, today());
    this.changed();
  }

  /** The main loop: until the year is signed off or closed, what mail is due goes out. */
  private async follow(): Promise<void> {
    const { plan, state, cal } = this;
    const expected = expectedItems(plan, state);
    while (state.phase === 'running' || state.phase === 'awaiting-final-sign-off') {
      if (state.phase === 'running' && (allItemsClosed(expected, state) || Date.now() >= this.yearEnd)) {
        applyReadyForFinalSignOff(state, stamp());
        this.changed();
        continue;
      }
      const due = nextPlanNotification(plan, state, cal);
      if (due && due.at <= Date.now()) {
        await this.mailer.send(due.kind, due.key, due.month);
        continue;
      }
      if (workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        await continueAsNew<(input: PlanWorkflowInput) => Promise<PlanState>>({
          year: this.year,
          ...(this.org && { org: this.org }),
          state,
        });
      }
      await this.sleep(due);
    }
  }

  /** Until a change, the next mail or (while running) the end of the year. */
  private async sleep(due: DuePlanNotification | undefined): Promise<void> {
    const seen = this.version;
    const wakeAt = Math.min(due?.at ?? Infinity, this.state.phase === 'running' ? this.yearEnd : Infinity);
    const summary = due ? `${due.label} ${localDate(due.at)} 09:00` : '等待各项工作办结';
    if (Number.isFinite(wakeAt))
      await condition(() => this.version !== seen, Math.max(wakeAt - Date.now(), 1), { summary });
    else await condition(() => this.version !== seen);
  }
}

/** What every start of the year's items shares. */
interface Starts {
  plan: YearPlan;
  planId: string;
  /** In every start input and id; absent for the home organization, whose inputs stay as they were. */
  scope: { year: number; org?: string };
}

async function startItemsV1(plan: YearPlan, state: PlanState, today: string): Promise<void> {
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

interface PlanEvents {
  /** An Update changed the year. */
  changed(): void;
  /** An item told of itself; `closed` when it has just closed, which may make the year ready. */
  itemChanged(closed: boolean): void;
}

function setPlanHandlersV1(plan: YearPlan, state: PlanState, on: PlanEvents): void {
  const { people } = plan;
  setHandler(planStatusQuery, () => state);
  setHandler(planPeopleQuery, () => peopleNow(people, state));
  setUpdateHandlers(
    [
      updateRule(
        changeLeadUpdate,
        (c) => checkChangeLead(people, state, c),
        (c) => {
          const change = applyChangeLead(state, c, stamp());
          for (const item of Object.values(state.items))
            if (isItemOpen(item)) tellLeads(item.workflowId, [change]);
        },
      ),
      updateRule(
        revokeLinksUpdate,
        (r) => checkRevokeLinks(people, state, r),
        (r) => applyRevokeLinks(state, r, stamp()),
      ),
      updateRule(
        finalSignOffUpdate,
        (s) => checkFinalSignOff(people, state, s),
        (s) => applyFinalSignOff(state, s, stamp()),
      ),
      updateRule(
        closeYearUpdate,
        (c) => checkCloseYear(people, state, c),
        (c) => applyCloseYear(state, c, stamp()),
      ),
    ],
    () => {
      on.changed();
      return state;
    },
  );
  setHandler(itemChangedSignal, (summary) => {
    const { first, closed } = applyItemChanged(state, summary);
    // An item started after a lead changed (a later month's theme) was given the plan's lead.
    if (first) tellLeads(summary.workflowId, state.leadChanges ?? []);
    on.itemChanged(closed);
  });
}

/** Tells an item of changes of lead (it ignores one it already has). */
function tellLeads(workflowId: string, changes: (ChangeLeadInput & { at: string })[]): void {
  for (const change of changes)
    getExternalWorkflowHandle(workflowId)
      .signal(leadChangedSignal, change)
      .catch(() => undefined);
}
