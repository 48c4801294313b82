// One yearly task, from assignment to sign-off (DESIGN §3). The workflow only orchestrates: the
// rules live in domain/task-state.ts, the timeline in domain/task-timeline.ts, the mail in activities.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { localDate, WorkCalendar } from '../domain/calendar';
import type { Notification, NotificationKind } from '../domain/notification';
import type { TaskDefinition } from '../domain/task-definition';
import { buildNotification } from '../domain/task-notifications';
import {
  type Announcements,
  applyDecide,
  applyExtend,
  applyReport,
  checkDecide,
  checkExtend,
  checkReport,
  displayState,
  initialState,
  isClosed,
  pendingBranches,
  recordSent,
  type TaskState,
} from '../domain/task-state';
import { agenda, planTimeline } from '../domain/task-timeline';
import { decideUpdate, extendDeadlineUpdate, reportUpdate, statusQuery } from './messages';
import { CivDue, CivKind, CivPending, CivState, CivTask, CivYear } from './search-attributes';

export interface TaskWorkflowInput {
  year: number;
  /** Two-digit task number, e.g. "05". */
  task: string;
  /** Given by the annual plan workflow; loaded from the plan file when absent (a start from the UI). */
  definition?: TaskDefinition;
  /** Carried over by continue-as-new. */
  state?: TaskState;
}

const { loadTaskDefinition } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});
const { sendNotification } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

export async function taskWorkflow(input: TaskWorkflowInput): Promise<TaskState> {
  if (!input?.definition && !(Number.isInteger(Number(input?.year)) && input?.task)) {
    // Typed into Temporal UI, the input can be anything: fail with the shape that works.
    throw ApplicationFailure.nonRetryable('input must be like {"year": 2020, "task": "05"}', 'InvalidInput');
  }
  const def = input.definition ?? (await loadTaskDefinition(input.year, input.task));
  const cal = new WorkCalendar(def.corrections);
  const state = input.state ?? initialState(def, Date.now());
  const { workflowId } = workflowInfo();
  const today = () => localDate(Date.now());
  const message = (kind: NotificationKind, key: string, extra?: { daysLeft?: number; milestone?: string }) =>
    buildNotification({ def, state, cal, workflowId, today: today() }, kind, key, extra);
  let version = 0;

  /**
   * After an update: queues what the transition announces (built now, so it describes this moment),
   * wakes the main loop and refreshes what Temporal UI shows.
   */
  function changed(kinds: Announcements = []): void {
    for (const kind of kinds) {
      const used = new Set([...state.handledKeys, ...state.outbox.map((m) => m.key)]);
      const n = [...used].filter((k) => k.startsWith(`${kind}#`)).length;
      const queued = message(kind, `${kind}#${n + 1}`);
      if (queued) state.outbox.push(queued);
    }
    version++;
    publish();
  }
  const reject = (reason: string | undefined) => {
    if (reason) throw new Error(reason);
  };
  const stamp = () => new Date().toISOString();

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
    { validator: (d) => reject(checkDecide(def, state, d, today())) },
  );
  setHandler(
    extendDeadlineUpdate,
    (e) => {
      applyExtend(state, e, stamp(), Date.now());
      changed();
      return state;
    },
    { validator: (e) => reject(checkExtend(def, state, e, today())) },
  );

  let published = '';
  /** Keeps CivState, CivPending and CivDue current; an unchanged value adds nothing to history. */
  function publish(): void {
    const values = {
      state: displayState(state, today()),
      pending: pendingBranches(state).map((b) => b.id),
      due: cal.endOfDay(state.due).toJSDate(),
    };
    const json = JSON.stringify(values);
    if (json === published) return;
    published = json;
    upsertSearchAttributes([
      { key: CivState, value: values.state },
      { key: CivPending, value: values.pending },
      { key: CivDue, value: values.due },
    ]);
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
    recordSent(state, await sendNotification(notification), new Date(plannedAt).toISOString());
    publish();
  }

  async function drainOutbox(): Promise<void> {
    while (state.outbox.length) {
      const next = state.outbox[0];
      await send(next, next.key);
      state.outbox.shift();
    }
  }

  if (!input.state) {
    upsertMemo({ title: def.ref.title, category: def.ref.categoryTitle, due: def.ref.due });
    upsertSearchAttributes([
      { key: CivYear, value: def.ref.year },
      { key: CivKind, value: 'task' },
      { key: CivTask, value: def.ref.id },
    ]);
    publish();
  }
  await send(message('assignment', 'assignment'), 'assignment');

  const yearEnd = cal.endOfDay(`${state.year}-12-31`).toMillis();
  while (!isClosed(state)) {
    if (Date.now() >= yearEnd) {
      state.phase = 'unfinished';
      state.completedAt = stamp();
      break;
    }
    await drainOutbox();
    const { send: due, skip, nextAt } = agenda(planTimeline(def, state, cal), state, Date.now());
    for (const p of skip) state.handledKeys.push(p.key);
    for (const p of due) {
      await send(message(p.kind, p.key, { daysLeft: p.daysLeft, milestone: p.milestone }), p.key, p.at);
    }
    if (due.length || state.outbox.length) continue;

    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof taskWorkflow>({
        year: state.year,
        task: state.task,
        definition: def,
        state,
      });
    }
    const seen = version;
    // Also wake when the due day ends, so Temporal UI shows "overdue" from that moment on.
    const dueEnds = cal.endOfDay(state.due).toMillis();
    const wakeAt = Math.min(nextAt ?? yearEnd, dueEnds > Date.now() ? dueEnds : yearEnd, yearEnd);
    await condition(() => version !== seen, Math.max(wakeAt - Date.now(), 1));
    publish();
  }

  await drainOutbox();
  publish();
  await condition(allHandlersFinished);
  return state;
}
