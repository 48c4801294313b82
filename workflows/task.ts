// One yearly task, from assignment to sign-off (DESIGN §3). The workflow only orchestrates: the
// rules live in domain/task-state.ts, the timeline in domain/task-timeline.ts, the mail in activities.
import {
  allHandlersFinished,
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
import type { NotificationKind } from '../domain/notification';
import type { TaskDefinition } from '../domain/task-definition';
import { buildNotification } from '../domain/task-notifications';
import {
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
  const def = input.definition ?? (await loadTaskDefinition(input.year, input.task));
  const cal = new WorkCalendar(def.corrections);
  const state = input.state ?? initialState(def, Date.now());
  const { workflowId } = workflowInfo();
  const today = () => localDate(Date.now());
  let version = 0;

  const reject = (reason: string | undefined) => {
    if (reason) throw new Error(reason);
  };
  const changed = () => {
    version++;
    publish();
  };
  setHandler(statusQuery, () => state);
  setHandler(
    reportUpdate,
    (r) => {
      applyReport(state, r, new Date().toISOString());
      changed();
      return state;
    },
    { validator: (r) => reject(checkReport(def, state, r)) },
  );
  setHandler(
    decideUpdate,
    (d) => {
      applyDecide(state, d, new Date().toISOString(), Date.now());
      changed();
      return state;
    },
    { validator: (d) => reject(checkDecide(def, state, d, today())) },
  );
  setHandler(
    extendDeadlineUpdate,
    (e) => {
      applyExtend(state, e, new Date().toISOString(), Date.now());
      changed();
      return state;
    },
    { validator: (e) => reject(checkExtend(def, state, e, today())) },
  );

  function publish(): void {
    upsertSearchAttributes([
      { key: CivState, value: displayState(state, today()) },
      { key: CivPending, value: pendingBranches(state).map((b) => b.id) },
      { key: CivDue, value: cal.endOfDay(state.due).toJSDate() },
    ]);
  }

  async function notify(kind: NotificationKind, key: string, extra?: { daysLeft?: number; milestone?: string }) {
    if (state.handledKeys.includes(key)) return;
    const message = buildNotification({ def, state, cal, workflowId, today: today() }, kind, key, extra);
    state.handledKeys.push(key);
    if (!message) return;
    const { workflowId: _, ...record } = await sendNotification(message);
    state.notifications.push(record);
    if (kind === 'escalation-office') state.escalationLevel = Math.max(state.escalationLevel, 1) as 1 | 2;
    if (kind === 'escalation-head') state.escalationLevel = 2;
    publish();
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
  await notify('assignment', 'assignment');

  const yearEnd = cal.endOfDay(`${state.year}-12-31`).toMillis();
  let readyAnnounced = state.handledKeys.filter((k) => k.startsWith('ready-')).length;
  let returnsAnnounced = state.handledKeys.filter((k) => k.startsWith('returned-')).length;

  while (!isClosed(state)) {
    if (Date.now() >= yearEnd) {
      state.phase = 'unfinished';
      state.completedAt = new Date().toISOString();
      break;
    }
    // Transitions made by update handlers are announced here, outside the handlers, so a
    // handler never waits on an activity and every message is sent exactly once.
    const returns = state.decisions.filter((d) => d.verdict === 'return').length;
    if (returns > returnsAnnounced) await notify('returned', `returned-${++returnsAnnounced}`);
    if (state.phase === 'awaiting-sign-off' && readyAnnounced <= returns) {
      await notify('ready-for-sign-off', `ready-${++readyAnnounced}`);
    }

    const { send, skip, nextAt } = agenda(planTimeline(def, state, cal), state, Date.now());
    for (const p of skip) state.handledKeys.push(p.key);
    for (const p of send) await notify(p.kind, p.key, { daysLeft: p.daysLeft, milestone: p.milestone });
    if (send.length) continue;

    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof taskWorkflow>({ year: state.year, task: state.task, definition: def, state });
    }
    const seen = version;
    // Also wake when the due day ends, so Temporal UI shows "overdue" from that moment on.
    const dueEnds = cal.endOfDay(state.due).toMillis();
    const wakeAt = Math.min(nextAt ?? yearEnd, dueEnds > Date.now() ? dueEnds : yearEnd, yearEnd);
    await condition(() => version !== seen, Math.max(wakeAt - Date.now(), 1));
    publish();
  }

  if (state.phase === 'signed-off') await notify('signed-off', 'signed-off');
  publish();
  await condition(allHandlersFinished);
  return state;
}
