// The annual plan workflow (DESIGN §3), one per organization and year: `civ-<year>-plan`, input
// `{"year": 2027}`, or `civ-<org>-<year>-plan`, input `{"year": 2027, "org": "<org>"}`.
// It loads the year's plan, makes sure the monthly-theme Schedule exists, starts every task and
// festival workflow (and the current month's theme), keeps the year's state as the items report
// it, mails the monthly bulletin, and once every item has closed or the year has ended asks the
// head for the final sign-off, then mails the year summary. It owns its items as children that
// outlive it (parent-close policy ABANDON): an item runs to its own end whatever happens to the
// plan workflow, which can continue as new or be closed by the rollover without touching them.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  ParentClosePolicy,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import { localDate, WorkCalendar } from '../domain/calendar';
import { EMAIL_ACTIVITY_OPTIONS } from '../domain/delivery';
import type { PlanMailKind } from '../domain/notification';
import {
  checkChangeLead,
  checkCloseYear,
  checkRevokeLinks,
  checkFinalSignOff,
  currentLead,
  initialPlanState,
  isItemOpen,
  planCounts,
  type PlanState,
} from '../domain/plan-state';
import { describePlan } from '../domain/plan-details';
import { checkPlanInput } from '../domain/plan-input';
import type { TaskDefinition } from '../domain/task-definition';
import { pastItems, type YearPlan } from '../domain/year-plan';
import { festivalWorkflow } from './festival';
import { festivalWorkflowId, planWorkflowId, taskWorkflowId, themeWorkflowId } from '../domain/ids';
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
import { CivKind, CivOrg, CivOverdue, CivPending, CivState, CivYear } from '../wire/search-attributes';
import type { PlanWorkflowInput } from '../wire/workflow-types';
import { taskWorkflow } from './task';
import { themeWorkflow } from './theme';

/** Head's reminders of the final sign-off: working days after it was asked for. */
const FINAL_SIGN_OFF_REMINDERS = [5, 10, 15];

const { loadYearPlan, ensureThemeSchedule } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});
const { sendPlanMail } = proxyActivities<Activities>({
  ...EMAIL_ACTIVITY_OPTIONS,
  startToCloseTimeout: '5 minutes',
});

export async function planWorkflow(input: PlanWorkflowInput): Promise<PlanState> {
  const problem = checkPlanInput(input, workflowInfo().continuedFromExecutionRunId !== undefined);
  if (problem) throw ApplicationFailure.nonRetryable(problem, 'InvalidInput');
  const year = Number(input.year);
  const org = input.org;
  // No org for the home organization: its activity input stays as it always was.
  const plan: YearPlan = await (org === undefined ? loadYearPlan(year) : loadYearPlan(year, org));
  const cal = new WorkCalendar(plan.calendar!);
  const { workflowId } = workflowInfo();
  const state = input.state ?? initialPlanState(year, plan.organization, new Date().toISOString());
  const stamp = () => new Date().toISOString();
  const today = () => localDate(Date.now());
  const yearEnd = cal.endOfDay(`${year}-12-31`);
  let version = 0;
  const changed = () => {
    version++;
    publish();
  };
  const reject = (reason: string | undefined) => {
    if (reason) throw new Error(reason);
  };

  setHandler(planStatusQuery, () => state);
  setHandler(planPeopleQuery, () => ({
    ...plan.people,
    branches: plan.people.branches?.map((b) => ({
      ...b,
      lead: currentLead(plan.people, state, b.id) ?? b.lead,
    })),
  }));
  /** Tells an item every change of lead so far (it ignores one it already has). */
  const tellLeads = (workflowId: string, changes = state.leadChanges ?? []) => {
    for (const change of changes)
      getExternalWorkflowHandle(workflowId)
        .signal(leadChangedSignal, change)
        .catch(() => undefined);
  };
  setHandler(
    changeLeadUpdate,
    (c) => {
      const change = { ...c, at: stamp() };
      state.leadChanges = [...(state.leadChanges ?? []), change];
      for (const item of Object.values(state.items))
        if (isItemOpen(item)) tellLeads(item.workflowId, [change]);
      changed();
      return state;
    },
    { validator: (c) => reject(checkChangeLead(plan.people, state, c)) },
  );
  setHandler(
    revokeLinksUpdate,
    (r) => {
      state.revocations = [...(state.revocations ?? []), { ...r, at: stamp() }];
      changed();
      return state;
    },
    { validator: (r) => reject(checkRevokeLinks(plan.people, state, r)) },
  );
  setHandler(itemChangedSignal, (summary) => {
    const before = state.items[summary.workflowId];
    // An item started after a lead changed (a later month's theme) was given the plan's lead.
    if (!before && state.leadChanges?.length) tellLeads(summary.workflowId);
    state.items[summary.workflowId] = summary;
    publish();
    // Only an item closing can make the year ready for its final sign-off: the loop (and its timer)
    // wakes for that, not for every report an item tells of.
    if (!isItemOpen(summary) && (!before || isItemOpen(before))) version++;
  });
  setHandler(
    finalSignOffUpdate,
    (s) => {
      state.finalSignOff = { ...s, at: stamp() };
      state.phase = 'signed-off';
      changed();
      return state;
    },
    { validator: (s) => reject(checkFinalSignOff(plan.people, state, s)) },
  );
  setHandler(
    closeYearUpdate,
    (c) => {
      state.closed = { ...c, at: stamp() };
      state.phase = 'closed';
      changed();
      return state;
    },
    { validator: (c) => reject(checkCloseYear(plan.people, state, c)) },
  );

  let published = '';
  /** CivState (the phase), CivOverdue and CivPending on the plan, and its details for Temporal UI. */
  function publish(): void {
    const counts = planCounts(state);
    setCurrentDetails(describePlan(state, counts));
    const values = { phase: state.phase, overdue: counts.overdue, pending: counts.pending };
    const json = JSON.stringify(values);
    if (json === published) return;
    published = json;
    upsertSearchAttributes([
      { key: CivState, value: values.phase },
      { key: CivOverdue, value: values.overdue },
      { key: CivPending, value: values.pending },
    ]);
  }

  /** Sends a plan-level email once per key; a failure is recorded, the year goes on. */
  async function mail(kind: PlanMailKind, key: string, month?: number): Promise<void> {
    if (state.handledKeys.includes(key)) return;
    state.handledKeys.push(key);
    try {
      const sent = await sendPlanMail({ workflowId, key, kind, year, ...(org && { org }), month });
      const { workflowId: _id, ...record } = sent;
      state.notifications.push({ ...record, at: stamp() });
    } catch (err) {
      if (!(err instanceof ActivityFailure) || isCancellation(err)) throw err;
      state.failures.push({ key, at: stamp(), reason: err.cause?.message ?? err.message });
    }
  }

  if (!input.state) {
    upsertMemo({ title: plan.title, organization: plan.organization });
    upsertSearchAttributes([
      { key: CivYear, value: year },
      { key: CivKind, value: 'plan' },
      ...(org ? [{ key: CivOrg, value: org }] : []),
    ]);
    publish();
    if (Date.now() >= yearEnd) {
      state.phase = 'closed';
      state.closed = {
        actor: 'system',
        reason: `the ${year} plan year had ended before the plan started`,
        at: stamp(),
      };
      publish();
      return state;
    }
    await (org === undefined ? ensureThemeSchedule(year) : ensureThemeSchedule(year, org));
    state.past = pastItems(plan, today());
    await startItems(plan, state, today());
    changed();
  }

  const expected = expectedItems(plan, state);
  while (state.phase === 'running' || state.phase === 'awaiting-final-sign-off') {
    if (state.phase === 'running') {
      const allClosed = expected.every((id) => state.items[id] && !isItemOpen(state.items[id]));
      if (allClosed || Date.now() >= yearEnd) {
        state.phase = 'awaiting-final-sign-off';
        state.readySince = stamp();
        changed();
        continue;
      }
    }
    const due = nextMail(plan, state, cal);
    if (due && due.at <= Date.now()) {
      await mail(due.kind, due.key, due.month);
      continue;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof planWorkflow>({ year, ...(org && { org }), state });
    }
    const seen = version;
    const wakeAt = Math.min(due?.at ?? Infinity, state.phase === 'running' ? yearEnd : Infinity);
    const summary = due ? `${due.label} ${localDate(due.at)} 09:00` : '等待各项工作办结';
    if (Number.isFinite(wakeAt))
      await condition(() => version !== seen, Math.max(wakeAt - Date.now(), 1), { summary });
    else await condition(() => version !== seen);
  }

  if (state.phase === 'signed-off') await mail('year-summary', 'year-summary');
  publish();
  await condition(allHandlersFinished);
  return state;
}

/** The workflow ids of the items the plan expects to close before the year can be signed off. */
function expectedItems(plan: YearPlan, state: PlanState): string[] {
  const past = new Set(state.past.map((p) => `${p.kind}-${p.id}`));
  // A plan started in the year before (to announce early) expects every month's theme.
  const startDay = localDate(Date.parse(state.startedAt));
  const startMonth = startDay < `${plan.year}-01-01` ? 1 : Number(startDay.slice(5, 7));
  return [
    ...plan.tasks.map((t) => taskWorkflowId(plan.year, t.ref.id, plan.org)),
    ...plan.festivals
      .filter((f) => !past.has(`festival-${f.id}`))
      .map((f) => festivalWorkflowId(plan.year, f.id, plan.org)),
    ...plan.themes
      .filter((t) => t.month >= startMonth && !past.has(`theme-${String(t.month).padStart(2, '0')}`))
      .map((t) => themeWorkflowId(plan.year, String(t.month).padStart(2, '0'), plan.org)),
  ];
}

/** The next plan-level email: this month's bulletin, or a reminder to the head of the final sign-off. */
function nextMail(
  plan: YearPlan,
  state: PlanState,
  cal: WorkCalendar,
): { kind: PlanMailKind; key: string; at: number; month?: number; label: string } | undefined {
  const started = Date.parse(state.startedAt);
  if (state.phase === 'running') {
    const bulletin = plan.bulletinDays.find(
      (b) => cal.at0900(b.day) > started && !state.handledKeys.includes(`bulletin-${b.month}`),
    );
    return (
      bulletin && {
        kind: 'bulletin',
        key: `bulletin-${bulletin.month}`,
        at: cal.at0900(bulletin.day),
        month: bulletin.month,
        label: `${bulletin.month}月情况通报`,
      }
    );
  }
  if (state.phase !== 'awaiting-final-sign-off' || !state.readySince) return undefined;
  const readyAt = Date.parse(state.readySince);
  const ready = localDate(readyAt);
  if (!state.handledKeys.includes('final-sign-off-request')) {
    // In office hours: at once on a working day's daytime, else at 09:00 of the next working day.
    const day =
      cal.isWorkingDay(ready) && readyAt < cal.at0900(ready) + 8 * 3_600_000
        ? ready
        : cal.addWorkingDays(ready, 1);
    const at = Math.max(readyAt, cal.at0900(day));
    return { kind: 'final-sign-off-request', key: 'final-sign-off-request', at, label: '提请年度审核' };
  }
  for (const n of FINAL_SIGN_OFF_REMINDERS) {
    const day = cal.addWorkingDays(ready, n);
    const key = `final-sign-off-reminder-${day}`;
    if (!state.handledKeys.includes(key))
      return { kind: 'final-sign-off-reminder', key, at: cal.at0900(day), label: '年度审核提醒' };
  }
  return undefined;
}

/**
 * Starts every task, every festival not over yet, and this month's theme (later months come from
 * the Schedule), as children that outlive the plan workflow. An item already running (started by
 * hand) is asked to report to the plan instead.
 */
async function startItems(plan: YearPlan, state: PlanState, today: string): Promise<void> {
  const org = plan.org;
  const planId = planWorkflowId(plan.year, org);
  // In every start input and id; absent for the home organization, whose inputs stay as they were.
  const scope = { year: plan.year, ...(org && { org }) };
  const started = (promise: Promise<unknown>, id: string) =>
    promise.catch(async (err: unknown) => {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      await getExternalWorkflowHandle(id)
        .signal(watchSignal, { planWorkflowId: planId })
        .catch(() => undefined);
    });
  const options = (id: string, summary: string, def?: TaskDefinition) => ({
    workflowId: id,
    parentClosePolicy: ParentClosePolicy.ABANDON,
    staticSummary: summary,
    ...(def && {
      staticDetails: `${def.ref.categoryTitle}｜截止：${def.ref.due}｜责任单位：${def.branches.map((b) => b.name).join('、')}`,
    }),
  });
  const task = (def: TaskDefinition) => {
    const id = taskWorkflowId(plan.year, def.ref.id, org);
    return started(
      startChild(taskWorkflow, {
        ...options(id, `${plan.year}年任务${def.ref.id}：${def.ref.title}`, def),
        args: [{ ...scope, task: def.ref.id, definition: def, reportTo: planId }],
      }),
      id,
    );
  };
  const past = new Set(state.past.map((p) => `${p.kind}-${p.id}`));
  const festivals = plan.festivals.filter((f) => !past.has(`festival-${f.id}`));
  const month = Number(today.slice(5, 7));
  const theme = today.startsWith(`${plan.year}-`) ? plan.themes.find((t) => t.month === month) : undefined;
  await Promise.all([
    ...plan.tasks.map(task),
    ...festivals.map((f) => {
      const id = festivalWorkflowId(plan.year, f.id, org);
      return started(
        startChild(festivalWorkflow, {
          ...options(id, `${plan.year}年${f.title}（${f.date}）`, f.definition),
          args: [{ ...scope, festival: f.id, definition: f.definition, reportTo: planId }],
        }),
        id,
      );
    }),
    ...(theme
      ? [
          (() => {
            const mm = String(theme.month).padStart(2, '0');
            const id = themeWorkflowId(plan.year, mm, org);
            return started(
              startChild(themeWorkflow, {
                ...options(id, `${plan.year}年${theme.month}月“一月一主题”：${theme.title}`),
                args: [{ ...scope, month: theme.month, reportTo: planId }],
              }),
              id,
            );
          })(),
        ]
      : []),
  ]);
}
