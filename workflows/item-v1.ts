// FROZEN: version 1 of the item workflow's command sequence, kept only so that executions started
// before version 2 (they have no `task-workflow-v2` marker) replay on this code. Nothing new starts
// here: item.ts takes this path for them alone. Do not change what this file does; a fix belongs in
// item.ts. It is the code as it was when version 2 came, with version 2's branches taken out. It
// shares the domain rules with today's code; they keep version 1's where it differs
// (legacyStartProblem, the timeline's `legacy` rules, recordSent's `raiseStale`), and rejects an
// Update as today's code does (update-rules.ts), which leaves nothing in history. Retire it with
// deprecatePatch once no such execution runs.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { localDate, planYearTable, type WorkCalendar } from '../domain/calendar';
import { EMAIL_ACTIVITY_OPTIONS } from '../domain/delivery';
import { planWorkflowId as planWorkflowIdOf } from '../domain/ids';
import { describeItem, nextNotificationLabel, notificationLabel } from '../domain/item-details';
import type { Notification, NotificationKind } from '../domain/notification';
import { itemCalendar, itemLatestDue, type ItemDefinition } from '../domain/item-definition';
import { inputItemId, legacyStartProblem } from '../domain/item-input';
import { buildNotification, type NotificationExtra } from '../domain/item-notifications';
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
  recordSent,
  type ItemState,
  upgradeState,
} from '../domain/item-state';
import { agenda, type Planned, TimelineCache } from '../domain/item-timeline';
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
import { CivDue, CivKind, CivOrg, CivPending, CivState, CivTask, CivYear } from '../wire/search-attributes';
import type { ItemWorkflowInput } from '../wire/workflow-types';
import { rejectUpdate } from './update-rules';

const { loadTaskDefinition, loadThemeDefinition, loadFestivalDefinition } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

function loadDefinition(kind: ItemKind, year: number, id: string, org?: string): Promise<ItemDefinition> {
  const scope = org === undefined ? [] : [org];
  if (kind === 'theme') return loadThemeDefinition(year, Number(id), ...scope);
  if (kind === 'festival') return loadFestivalDefinition(year, id, ...scope);
  return loadTaskDefinition(year, id, ...scope);
}

function sendNotification(n: Notification): ReturnType<Activities['sendNotification']> {
  return proxyActivities<Activities>({
    ...EMAIL_ACTIVITY_OPTIONS,
    summary: notificationLabel(n),
  }).sendNotification(n);
}

const today = () => localDate(Date.now());
const stamp = () => new Date().toISOString();

/** Version 1 of `runItem` (item.ts), for the executions started before version 2. */
export async function runItemV1(kind: ItemKind, input: ItemWorkflowInput): Promise<ItemState> {
  const problem = legacyStartProblem(input as never);
  if (problem) throw ApplicationFailure.nonRetryable(problem, 'InvalidInput');
  const def =
    input.definition ??
    (await loadDefinition(
      kind,
      Number(input.year),
      inputItemId(kind, input as unknown as Record<string, unknown>),
      input.org,
    ));
  return new ItemV1(kind, def, input).run(input);
}

class ItemV1 {
  private readonly cal: WorkCalendar;
  private readonly latestDue: string;
  private readonly state: ItemState;
  private readonly timelines: TimelineCache;
  private readonly workflowId = workflowInfo().workflowId;
  private reportTo: string | undefined;
  private nextLabel: string | undefined;
  private version = 0;
  private published = '';
  private reported = '';

  constructor(
    private readonly kind: ItemKind,
    private readonly def: ItemDefinition,
    input: ItemWorkflowInput,
  ) {
    this.cal = itemCalendar(def);
    this.latestDue = itemLatestDue(def, this.cal);
    this.state = input.state ? upgradeState(input.state) : initialState(def, Date.now());
    if (!input.state && def.announceOn && Date.now() < this.cal.at0900(def.announceOn))
      this.state.announceAt = new Date(this.cal.at0900(def.announceOn)).toISOString();
    this.timelines = new TimelineCache(def, this.cal, { legacy: true });
    this.reportTo = input.reportTo;
    this.setHandlers();
  }

  async run(input: ItemWorkflowInput): Promise<ItemState> {
    const { def, state } = this;
    if (!input.state) {
      upsertMemo({ title: def.ref.title, category: def.ref.categoryTitle, due: def.ref.due });
      upsertSearchAttributes([
        { key: CivYear, value: def.ref.year },
        { key: CivKind, value: this.kind },
        { key: CivTask, value: def.ref.id },
        ...(def.ref.org ? [{ key: CivOrg, value: def.ref.org }] : []),
      ]);
      this.publish();
    }
    if (state.announceAt) {
      const at = Date.parse(state.announceAt);
      this.nextLabel = `公布 ${state.announceAt}`;
      this.publish();
      await condition(() => isClosed(state), at - Date.now(), { summary: `公布活动 ${localDate(at)} 09:00` });
      state.announceAt = undefined;
    }
    if (!isClosed(state)) await this.send(this.message('assignment', 'assignment'), 'assignment');
    if (!state.assignedAt && def.acknowledgeWorkingDays) state.assignedAt = stamp();
    await this.collect();
    this.nextLabel = undefined;
    await this.drainOutbox();
    this.publish();
    await condition(allHandlersFinished);
    return state;
  }

  /** The main loop, until the item closes or its year ends. */
  private async collect(): Promise<void> {
    const { cal, state } = this;
    const yearEnd = cal.endOfDay(`${state.year}-12-31`);
    while (!isClosed(state)) {
      if (Date.now() >= yearEnd) {
        applyYearEnd(state, stamp());
        break;
      }
      await this.drainOutbox();
      const { send: due, skip, nextAt } = agenda(this.timelines.get(state), state, Date.now());
      for (const p of skip) state.handledKeys.push(p.key);
      for (const p of due) await this.sendPlanned(p);
      if (due.length || state.outbox.length) continue;

      if (workflowInfo().continueAsNewSuggested) await this.continueAsNew();
      const seen = this.version;
      const dueEnds = cal.endOfDay(state.due);
      const wakeAt = Math.min(nextAt ?? yearEnd, dueEnds > Date.now() ? dueEnds : yearEnd, yearEnd);
      const next = this.timelines
        .get(state)
        .find((p) => p.at === nextAt && !state.handledKeys.includes(p.key));
      this.nextLabel = nextNotificationLabel(next, wakeAt === yearEnd ? '年度结束' : undefined, wakeAt);
      this.publish();
      await condition(() => this.version !== seen, Math.max(wakeAt - Date.now(), 1), {
        summary: this.nextLabel,
      });
      this.publish();
    }
  }

  private async continueAsNew(): Promise<never> {
    await condition(allHandlersFinished);
    const { def, state, reportTo } = this;
    return continueAsNew<(input: ItemWorkflowInput) => Promise<ItemState>>({
      year: state.year,
      [this.kind === 'theme' ? 'month' : this.kind]: state.id,
      definition: def.calendar ? def : { ...def, calendar: planYearTable(def.ref.year, def.corrections) },
      state,
      ...(reportTo && { reportTo }),
    });
  }

  private setHandlers(): void {
    const { def, state } = this;
    const checks = () => ({ today: today(), latestDue: this.latestDue });
    setHandler(statusQuery, () => state);
    setHandler(
      reportUpdate,
      (r) => {
        this.changed(applyReport(state, r, stamp()));
        return state;
      },
      { validator: (r) => rejectUpdate(checkReport(def, state, r)) },
    );
    setHandler(
      decideUpdate,
      (d) => {
        this.changed(applyDecide(state, d, stamp(), Date.now()));
        return state;
      },
      { validator: (d) => rejectUpdate(checkDecide(def, state, d, checks())) },
    );
    setHandler(
      extendDeadlineUpdate,
      (e) => {
        applyExtend(state, e, stamp(), Date.now());
        this.changed();
        return state;
      },
      { validator: (e) => rejectUpdate(checkExtend(def, state, e, checks())) },
    );
    setHandler(
      closeUpdate,
      (c) => {
        this.changed(applyClose(state, c, stamp()));
        return state;
      },
      { validator: (c) => rejectUpdate(checkClose(def, state, c)) },
    );
    setHandler(definitionQuery, () => def);
    setHandler(
      acknowledgeUpdate,
      (a) => {
        applyAcknowledge(state, a, stamp());
        this.changed();
        return state;
      },
      { validator: (a) => rejectUpdate(checkAcknowledge(state, a)) },
    );
    this.setSignalHandlers();
  }

  private setSignalHandlers(): void {
    const { def, state } = this;
    setHandler(leadChangedSignal, (c) => {
      if (applyChangeLead(def, state, c, c.at)) this.changed();
    });
    setHandler(watchSignal, ({ planWorkflowId }) => {
      if (planWorkflowId !== planWorkflowIdOf(state.year, def.ref.org)) return;
      this.reportTo = planWorkflowId;
      this.reported = '';
      this.publish();
    });
  }

  private changed(kinds: Announcements = []): void {
    for (const kind of kinds) this.queue(kind);
    this.version++;
    this.publish();
  }

  private message(kind: NotificationKind, key: string, extra?: NotificationExtra): Notification | undefined {
    const { def, state, cal, workflowId } = this;
    return buildNotification({ def, state, cal, workflowId, today: today() }, kind, key, extra);
  }

  private queue(kind: NotificationKind): void {
    const { state } = this;
    const used = new Set([...state.handledKeys, ...state.outbox.map((m) => m.key)]);
    const n = [...used].filter((k) => k.startsWith(`${kind}#`)).length;
    const queued = this.message(kind, `${kind}#${n + 1}`);
    if (queued) state.outbox.push(queued);
  }

  private publish(): void {
    const { def, state, cal } = this;
    const values = {
      state: displayState(state, today(), Date.now()),
      pending: pendingBranches(state).map((b) => b.id),
      due: new Date(cal.endOfDay(state.due)),
    };
    const json = JSON.stringify(values);
    if (json !== this.published) {
      this.published = json;
      upsertSearchAttributes([
        { key: CivState, value: values.state },
        { key: CivPending, value: values.pending },
        { key: CivDue, value: values.due },
      ]);
    }
    const summary = itemSummary(this.kind, this.workflowId, state, today(), Date.now());
    setCurrentDetails(describeItem(summary, def, this.nextLabel));
    const told = JSON.stringify(summary);
    if (this.reportTo && told !== this.reported) {
      this.reported = told;
      getExternalWorkflowHandle(this.reportTo)
        .signal(itemChangedSignal, summary)
        .catch(() => undefined);
    }
  }

  private async send(
    notification: Notification | undefined,
    key: string,
    plannedAt = Date.now(),
  ): Promise<void> {
    const { state } = this;
    if (state.handledKeys.includes(key)) return;
    state.handledKeys.push(key);
    if (!notification) return;
    recordSent(state, await sendNotification(notification), plannedAt, { raiseStale: true });
    this.publish();
  }

  private async drainOutbox(): Promise<void> {
    const { state } = this;
    while (state.outbox.length) {
      const next = state.outbox[0];
      await this.send(next, next.key);
      state.outbox.shift();
    }
  }

  private async sendPlanned(p: Planned): Promise<void> {
    const extra = {
      daysLeft: p.daysLeft,
      milestone: p.milestone,
      lastWorkingDay: p.lastWorkingDay,
      deputy: p.deputy,
    };
    await this.send(this.message(p.kind, p.key, extra), p.key, p.at);
  }
}
