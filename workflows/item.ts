// One item of the plan year from announcement to sign-off (DESIGN §3): a task, a monthly theme or
// a festival activity, each its own workflow type (task.ts, theme.ts, festival.ts) on this one
// lifecycle. The workflow only orchestrates: the rules live in domain/task-state.ts, the timeline
// in domain/task-timeline.ts, the mail in activities.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  TimeoutFailure,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { localDate, planYearTable } from '../domain/calendar';
import { EMAIL_ACTIVITY_OPTIONS } from '../domain/delivery';
import { describeItem, nextNotificationLabel, notificationLabel } from '../domain/item-details';
import type { Notification, NotificationKind } from '../domain/notification';
import { taskCalendar, taskLatestDue, type TaskDefinition } from '../domain/task-definition';
import { checkStartInput, inputItemId } from '../domain/task-input';
import { buildNotification, type NotificationExtra } from '../domain/task-notifications';
import {
  type Announcements,
  applyAcknowledge,
  applyChangeLead,
  applyClose,
  applyDecide,
  applyExtend,
  applyReport,
  applyYearEnd,
  checkAcknowledge,
  checkClose,
  checkDecide,
  checkExtend,
  checkReport,
  displayState,
  initialState,
  isClosed,
  itemSummary,
  pendingBranches,
  recordFailure,
  recordSent,
  type TaskState,
  upgradeState,
} from '../domain/task-state';
import { agenda, type Planned, TimelineCache } from '../domain/task-timeline';
import type { ItemKind } from '../domain/year-record';
import {
  acknowledgeUpdate,
  closeUpdate,
  decideUpdate,
  definitionQuery,
  extendDeadlineUpdate,
  itemChangedSignal,
  leadChangedSignal,
  reportUpdate,
  statusQuery,
  watchSignal,
} from '../wire/messages';
import { planWorkflowId as planWorkflowIdOf } from '../domain/ids';
import { CivDue, CivKind, CivOrg, CivPending, CivState, CivTask, CivYear } from '../wire/search-attributes';
import type { ItemWorkflowInput } from '../wire/workflow-types';
import { runItemV1 } from './item-v1';

/**
 * Version 2 of the task workflow's command sequence (one reminder per day, messages built when
 * sent, failures recorded, year-end rules, signers reminded). Executions started before it have no
 * marker and run the frozen version-1 code (item-v1.ts), so they replay (README, "Contributing").
 * Remove that path with deprecatePatch once no such execution runs.
 */
export const TASK_WORKFLOW_V2 = 'task-workflow-v2';

const { loadTaskDefinition, loadThemeDefinition, loadFestivalDefinition } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

function loadDefinition(kind: ItemKind, year: number, id: string, org?: string): Promise<TaskDefinition> {
  // No org for the home organization: its activity inputs stay as they always were.
  const scope = org === undefined ? [] : [org];
  if (kind === 'theme') return loadThemeDefinition(year, Number(id), ...scope);
  if (kind === 'festival') return loadFestivalDefinition(year, id, ...scope);
  return loadTaskDefinition(year, id, ...scope);
}

/** The email activity, labelled for Temporal UI with what it sends to whom. */
function sendNotification(n: Notification): ReturnType<Activities['sendNotification']> {
  return proxyActivities<Activities>({
    ...EMAIL_ACTIVITY_OPTIONS,
    summary: notificationLabel(n),
  }).sendNotification(n);
}

export async function runItem(kind: ItemKind, input: ItemWorkflowInput): Promise<TaskState> {
  // The one version fork: an execution started before version 2 replays on its frozen code.
  if (!patched(TASK_WORKFLOW_V2)) return runItemV1(kind, input);
  const continued = workflowInfo().continuedFromExecutionRunId !== undefined;
  const problem = checkStartInput(input, continued, kind, workflowInfo().parent?.workflowId);
  // Typed into Temporal UI, the input can be anything: fail at once, saying what is wrong.
  if (problem) throw ApplicationFailure.nonRetryable(problem, 'InvalidInput');

  const def =
    input.definition ??
    (await loadDefinition(
      kind,
      Number(input.year),
      inputItemId(kind, input as unknown as Record<string, unknown>),
      input.org,
    ));
  const cal = taskCalendar(def);
  const latestDue = taskLatestDue(def, cal);
  const state = input.state ? upgradeState(input.state) : initialState(def, Date.now());
  if (!input.state && def.announceOn && Date.now() < cal.at0900(def.announceOn))
    state.announceAt = new Date(cal.at0900(def.announceOn)).toISOString();
  const timelines = new TimelineCache(def, cal);
  const { workflowId } = workflowInfo();
  const today = () => localDate(Date.now());
  const message = (kind: NotificationKind, key: string, extra?: NotificationExtra) =>
    buildNotification({ def, state, cal, workflowId, today: today() }, kind, key, extra);
  let reportTo = input.reportTo;
  let nextLabel: string | undefined;
  let version = 0;

  /**
   * After an update: queues what the transition announces (built now, so it describes this moment),
   * wakes the main loop and refreshes what Temporal UI shows.
   */
  function changed(kinds: Announcements = []): void {
    for (const kind of kinds) queue(kind);
    version++;
    publish();
  }
  function queue(kind: NotificationKind, extra?: NotificationExtra): void {
    const used = new Set([...state.handledKeys, ...state.outbox.map((m) => m.key)]);
    const n = [...used].filter((k) => k.startsWith(`${kind}#`)).length;
    const queued = message(kind, `${kind}#${n + 1}`, extra);
    if (queued) state.outbox.push(queued);
  }
  const reject = (reason: string | undefined) => {
    if (reason) throw new Error(reason);
  };
  const stamp = () => new Date().toISOString();
  const checks = () => ({ today: today(), latestDue });

  setHandler(statusQuery, () => state);
  setHandler(
    reportUpdate,
    (r) => {
      changed(applyReport(state, r, stamp()));
      return state;
    },
    { validator: (r) => reject(checkReport(def, state, r)) },
  );
  setHandler(
    decideUpdate,
    (d) => {
      changed(applyDecide(state, d, stamp(), Date.now()));
      return state;
    },
    { validator: (d) => reject(checkDecide(def, state, d, checks())) },
  );
  setHandler(
    extendDeadlineUpdate,
    (e) => {
      changed(applyExtend(state, e, stamp(), Date.now()));
      return state;
    },
    { validator: (e) => reject(checkExtend(def, state, e, checks())) },
  );
  setHandler(
    closeUpdate,
    (c) => {
      changed(applyClose(state, c, stamp()));
      return state;
    },
    { validator: (c) => reject(checkClose(def, state, c)) },
  );
  setHandler(definitionQuery, () => def);
  setHandler(
    acknowledgeUpdate,
    (a) => {
      applyAcknowledge(state, a, stamp());
      changed();
      return state;
    },
    { validator: (a) => reject(checkAcknowledge(state, a)) },
  );
  setHandler(leadChangedSignal, (c) => {
    if (applyChangeLead(def, state, c, c.at)) changed();
  });
  setHandler(watchSignal, ({ planWorkflowId }) => {
    if (planWorkflowId !== planWorkflowIdOf(state.year, def.ref.org)) return;
    reportTo = planWorkflowId;
    reported = '';
    publish();
  });

  let published = '';
  let reported = '';
  /**
   * Keeps CivState, CivPending and CivDue current (an unchanged value adds nothing to history), the
   * details Temporal UI shows, and the plan workflow told of every change.
   */
  function publish(): void {
    const values = {
      state: displayState(state, today(), Date.now()),
      pending: pendingBranches(state).map((b) => b.id),
      due: new Date(cal.endOfDay(state.due)),
    };
    const json = JSON.stringify(values);
    if (json !== published) {
      published = json;
      upsertSearchAttributes([
        { key: CivState, value: values.state },
        { key: CivPending, value: values.pending },
        { key: CivDue, value: values.due },
      ]);
    }
    const summary = itemSummary(kind, workflowId, state, today(), Date.now());
    setCurrentDetails(describeItem(summary, def, nextLabel));
    const told = JSON.stringify(summary);
    if (reportTo && told !== reported) {
      reported = told;
      // The plan may be closed or not started yet: the item goes on regardless.
      getExternalWorkflowHandle(reportTo)
        .signal(itemChangedSignal, summary)
        .catch(() => undefined);
    }
  }

  /** Sends one message; `plannedAt` (epoch ms) is when the timeline meant it to go. */
  async function send(
    notification: Notification | undefined,
    key: string,
    plannedAt = Date.now(),
  ): Promise<void> {
    if (state.handledKeys.includes(key)) return;
    state.handledKeys.push(key);
    if (!notification) return;
    try {
      const sent = await sendNotification(notification);
      recordSent(state, sent, plannedAt);
      if (sent.rejected?.length)
        undeliverable(
          notification,
          sent.rejected.map((r) => r.address),
          `邮件服务器拒收：${sent.rejected.map((r) => r.reason).join('；')}`,
        );
    } catch (err) {
      if (!(err instanceof ActivityFailure) || isCancellation(err)) throw err;
      const recipients = [...notification.to, ...(notification.cc ?? [])].map((r) => r.email);
      undeliverable(notification, recipients, failureReason(err));
    }
    publish();
  }

  /**
   * A message that did not reach (all of) its recipients: recorded, shown in the memo, and told to
   * the office, unless it was itself such a notice (a broken office mailbox must not loop).
   */
  function undeliverable(n: Notification, recipients: string[], reason: string): void {
    const failure = { key: n.key, kind: n.kind, recipients, reason };
    recordFailure(state, failure, stamp());
    upsertMemo({ deliveryFailures: state.failures.length });
    if (n.kind !== 'delivery-failed') queue('delivery-failed', { failure });
  }

  async function drainOutbox(): Promise<void> {
    while (state.outbox.length) {
      const next = state.outbox[0];
      await send(next, next.key);
      state.outbox.shift();
    }
  }

  /** Sends a planned notification, built at this moment so it tells the state as it is now. */
  async function sendPlanned(p: Planned): Promise<void> {
    const extra = {
      daysLeft: p.daysLeft,
      milestone: p.milestone,
      lastWorkingDay: p.lastWorkingDay,
      deputy: p.deputy,
    };
    await send(message(p.kind, p.key, extra), p.key, p.at);
  }

  if (!input.state) {
    upsertMemo({ title: def.ref.title, category: def.ref.categoryTitle, due: def.ref.due });
    upsertSearchAttributes([
      { key: CivYear, value: def.ref.year },
      { key: CivKind, value: kind },
      { key: CivTask, value: def.ref.id },
      ...(def.ref.org ? [{ key: CivOrg, value: def.ref.org }] : []),
    ]);
    publish();
  }

  const yearEnd = cal.endOfDay(`${state.year}-12-31`);
  if (!input.state && Date.now() >= yearEnd) {
    // Started after its plan year: nothing to assign or remind of, and nobody to tell.
    applyYearEnd(state, stamp(), true);
    publish();
    return state;
  }
  if (state.announceAt) {
    // A theme or festival is announced on its day; reports may come in before.
    const at = Date.parse(state.announceAt);
    nextLabel = `公布 ${state.announceAt}`;
    publish();
    await condition(() => isClosed(state), at - Date.now(), { summary: `公布活动 ${localDate(at)} 09:00` });
    state.announceAt = undefined;
  }
  if (!isClosed(state)) await send(message('assignment', 'assignment'), 'assignment');
  // The 签收 window counts from here (a definition without one plans no reminder for it).
  if (!state.assignedAt && def.acknowledgeWorkingDays) state.assignedAt = stamp();

  while (!isClosed(state)) {
    if (Date.now() >= yearEnd) {
      changed(applyYearEnd(state, stamp()));
      break;
    }
    await drainOutbox();
    const { send: due, skip, nextAt } = agenda(timelines.get(state), state, Date.now());
    for (const p of skip) state.handledKeys.push(p.key);
    // One due message at a time, then look again: an update that arrived while it was being sent
    // (an extension, a return) may have made the next one obsolete.
    for (const p of due.slice(0, 1)) await sendPlanned(p);
    if (due.length || state.outbox.length) continue;

    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<(input: ItemWorkflowInput) => Promise<TaskState>>({
        year: state.year,
        [idField(kind)]: state.task,
        // A definition from before the calendar was fixed at start gets it now, once, for good.
        definition: def.calendar ? def : { ...def, calendar: planYearTable(def.ref.year, def.corrections) },
        state,
        ...(reportTo && { reportTo }),
      });
    }
    const seen = version;
    // Also wake when the due day ends, so Temporal UI shows "overdue" from that moment on.
    const dueEnds = cal.endOfDay(state.due);
    const wakeAt = Math.min(nextAt ?? yearEnd, dueEnds > Date.now() ? dueEnds : yearEnd, yearEnd);
    const next = timelines.get(state).find((p) => p.at === nextAt && !state.handledKeys.includes(p.key));
    nextLabel = nextNotificationLabel(next, wakeAt === yearEnd ? '年度结束' : undefined, wakeAt);
    publish();
    await condition(() => version !== seen, Math.max(wakeAt - Date.now(), 1), {
      summary: nextLabel,
    });
    publish();
  }

  nextLabel = undefined;
  await drainOutbox();
  publish();
  await condition(allHandlersFinished);
  return state;
}

function idField(kind: ItemKind): string {
  return kind === 'theme' ? 'month' : kind;
}

/** Why an email failed for good, as the office reads it in the notice and in `civ task status`. */
function failureReason(err: ActivityFailure): string {
  const cause = err.cause;
  if (cause instanceof TimeoutFailure) return '连续3天未能送达，已停止重试';
  const detail =
    cause instanceof ApplicationFailure && typeof cause.details?.[0] === 'string'
      ? cause.details[0]
      : (cause?.message ?? err.message);
  if (cause instanceof ApplicationFailure && cause.type === 'InvalidNotification')
    return `邮件无法生成：${detail}`;
  return `邮件服务器拒收：${detail}`;
}
