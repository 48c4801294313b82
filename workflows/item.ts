// One item of the plan year from announcement to sign-off (docs/ARCHITECTURE.md §2): a task, a
// monthly theme or a festival activity, each its own workflow type (task.ts, theme.ts, festival.ts)
// on this one lifecycle. The workflow only orchestrates: the rules live in domain/item-state.ts,
// the timeline in domain/item-timeline.ts; the email goes through item-outbox.ts, what Temporal UI
// shows through item-publisher.ts.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { localDate, planYearTable } from '../domain/calendar';
import { nextNotificationLabel } from '../domain/item-details';
import { itemCalendar, itemLatestDue, type ItemDefinition } from '../domain/item-definition';
import {
  checkStartInput,
  inputItemId,
  startInputFitProblem,
  startInputShapeProblem,
} from '../domain/item-input';
import {
  type Announcements,
  applyYearEnd,
  initialState,
  isClosed,
  type ItemState,
  upgradeState,
} from '../domain/item-state';
import { agenda, TimelineCache } from '../domain/item-timeline';
import type { ItemKind } from '../domain/year-record';
import type { ItemWorkflowInput } from '../wire/workflow-types';
import { stamp } from './clock';
import { setItemHandlers } from './item-handlers';
import { LeadFollower } from './item-leads';
import { ItemOutbox } from './item-outbox';
import { ItemPublisher } from './item-publisher';
import { runItemV1 } from './item-v1';
import type { RunningItem } from './running-item';

/**
 * Version 2 of the item workflow's command sequence (one reminder per day, messages built when
 * sent, failures recorded, year-end rules, signers reminded). Executions started before it have no
 * marker and run the frozen version-1 code (item-v1.ts), so they replay (docs/ARCHITECTURE.md §4).
 * Remove that path with deprecatePatch once no such execution runs. The id is on the wire: it
 * keeps the name it had when items were all tasks.
 */
export const ITEM_WORKFLOW_V2 = 'task-workflow-v2';

/**
 * Version 3, on top of version 2 (executions without its marker keep version 2's ways, which the
 * recorded histories hold): the start input's definition checked by an activity, whose verdict is
 * in history, and the workflow id checked against the input; the year's plan told only what it acts
 * on, once delivered, by default when started by hand; a 签收 window whatever the definition says;
 * the memo's due date kept current; `CivTask` naming a theme or festival apart from a task; the
 * year end's "unfinished" notices at 09:00 on the next working day.
 */
export const ITEM_WORKFLOW_V3 = 'item-workflow-v3';

/**
 * A missed milestone gets a notice the working day after its date (domain/item-timeline.ts): a new
 * timer and email, so items started before it (no marker) keep their timeline as it was.
 */
export const MILESTONE_FOLLOW_UP = 'item-milestone-follow-up';

/**
 * The start input's definition checked by a local activity: its verdict is a marker in the first
 * workflow task rather than an activity's three events and the workflow task its completion brings.
 * Items started before it (no marker) keep the activity.
 */
export const ITEM_LOCAL_DEFINITION_CHECK = 'item-local-definition-check';

/** Retried for as long as it takes; a plan that cannot be used, or names no such item, fails the start. */
const { loadTaskDefinition, loadThemeDefinition, loadFestivalDefinition, checkItemDefinition, runningPlan } =
  proxyActivities<Activities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
  });

/** The definition check as a local activity (ITEM_LOCAL_DEFINITION_CHECK). */
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

function loadDefinition(kind: ItemKind, input: ItemWorkflowInput): Promise<ItemDefinition> {
  const year = Number(input.year);
  const id = inputItemId(kind, input as unknown as Record<string, unknown>);
  // No org for the home organization: its activity inputs stay as they always were.
  const scope = input.org === undefined ? [] : [input.org];
  if (kind === 'theme') return loadThemeDefinition(year, Number(id), ...scope);
  if (kind === 'festival') return loadFestivalDefinition(year, id, ...scope);
  return loadTaskDefinition(year, id, ...scope);
}

export async function runItem(kind: ItemKind, input: ItemWorkflowInput): Promise<ItemState> {
  // The one version fork: an execution started before version 2 replays on its frozen code.
  if (!patched(ITEM_WORKFLOW_V2)) return runItemV1(kind, input);
  const info = workflowInfo();
  const continued = info.continuedFromExecutionRunId !== undefined;
  if (!patched(ITEM_WORKFLOW_V3)) {
    const problem = checkStartInput(input, continued, kind, info.parent?.workflowId);
    if (problem) throw ApplicationFailure.nonRetryable(problem, 'InvalidInput');
    const def = input.definition ?? (await loadDefinition(kind, input));
    return new ItemWorkflow(openItem(kind, def, input.state), input.reportTo, false).run(!input.state);
  }
  // Typed into Temporal UI, the input can be anything: fail at once, saying what is wrong.
  const invalid = (problem: string) => ApplicationFailure.nonRetryable(problem, 'InvalidInput');
  const shape = startInputShapeProblem(input, continued, kind);
  if (shape) throw invalid(shape);
  if (continued)
    return new ItemWorkflow(openItem(kind, input.definition!, input.state), input.reportTo, true).run(false);
  if (input.definition === undefined) {
    const fit = startInputFitProblem(input as unknown as Record<string, unknown>, kind, info.workflowId);
    if (fit) throw invalid(fit);
    const def = await loadDefinition(kind, input);
    const reportTo = input.reportTo ?? (await runningPlan(def.ref.year, def.ref.org));
    return new ItemWorkflow(openItem(kind, def, undefined), reportTo, true).run(true);
  }
  // A definition in the input is checked by an activity (its verdict is in history, so a later,
  // stricter schema never fails this item on replay). Its handlers are set first, so that an Update
  // sent right after the start is not refused for want of one; a definition that fails the check
  // fails the start, whatever they did.
  const item = openEarly(kind, input);
  const check = patched(ITEM_LOCAL_DEFINITION_CHECK) ? local.checkItemDefinition : checkItemDefinition;
  const { problem } = await check(input.definition);
  const fit = problem
    ? `invalid definition: ${problem}`
    : startInputFitProblem(input as unknown as Record<string, unknown>, kind, info.workflowId);
  if (fit || !item) throw invalid(fit ?? 'invalid definition');
  if (input.reportTo === undefined)
    item.reportsTo(await runningPlan(input.definition!.ref.year, input.definition!.ref.org));
  return item.run(true);
}

/** The item of a definition not checked yet; undefined when it cannot even be opened. */
function openEarly(kind: ItemKind, input: ItemWorkflowInput): ItemWorkflow | undefined {
  try {
    return new ItemWorkflow(openItem(kind, input.definition!, undefined), input.reportTo, true);
  } catch {
    return undefined;
  }
}

/** The item as it starts, or as continue-as-new carried it over. */
function openItem(kind: ItemKind, def: ItemDefinition, carried: ItemState | undefined): RunningItem {
  const cal = itemCalendar(def);
  const latestDue = itemLatestDue(def, cal);
  const state = carried ? upgradeState(carried) : initialState(def, Date.now());
  if (!carried && def.announceOn && Date.now() < cal.at0900(def.announceOn))
    state.announceAt = new Date(cal.at0900(def.announceOn)).toISOString();
  return { kind, workflowId: workflowInfo().workflowId, def, cal, latestDue, state };
}

/** The item's lifecycle: announcement, assignment, the main loop, the end. */
class ItemWorkflow {
  private readonly timelines: TimelineCache;
  private readonly publisher: ItemPublisher;
  private readonly outbox: ItemOutbox;
  private readonly yearEnd: number;
  /** Counts transitions, so the main loop wakes for each. */
  private version = 0;

  constructor(
    private readonly item: RunningItem,
    reportTo: string | undefined,
    private readonly v3: boolean,
  ) {
    const milestoneFollowUp = patched(MILESTONE_FOLLOW_UP);
    this.timelines = new TimelineCache(item.def, item.cal, { milestoneFollowUp });
    this.publisher = new ItemPublisher(item, reportTo, v3);
    this.outbox = new ItemOutbox(item, () => this.publisher.publish());
    this.yearEnd = item.cal.endOfDay(`${item.state.year}-12-31`);
    const leads = new LeadFollower(item, () => this.changed());
    setItemHandlers(item, {
      leadsChanged: () => leads.prompted(),
      leadsSettled: () => !leads.asking,
      changed: (announced) => this.changed(announced),
      watchedBy: (planWorkflowId) => this.publisher.watchedBy(planWorkflowId),
    });
  }
  /** Before the run: the plan workflow a hand-started item reports to, when one is running. */
  reportsTo(planWorkflowId: string | undefined): void {
    this.publisher.reportsTo(planWorkflowId);
  }

  /**
   * After an update: queues what the transition announces (built now, so it describes this moment),
   * wakes the main loop and refreshes what Temporal UI shows.
   */
  private changed(announced: Announcements = []): void {
    for (const kind of announced) this.outbox.queue(kind);
    this.version++;
    this.publisher.publish();
  }

  async run(fresh: boolean): Promise<ItemState> {
    const { def, state } = this.item;
    if (fresh) this.publisher.start();
    if (fresh && Date.now() >= this.yearEnd) {
      // Started after its plan year: nothing to assign or remind of, and nobody to tell.
      applyYearEnd(state, stamp(), true);
      this.publisher.publish();
      return state;
    }
    if (state.announceAt) await this.announcement();
    if (!isClosed(state))
      await this.outbox.send(this.outbox.message('assignment', 'assignment'), 'assignment');
    // The 签收 window counts from here (a definition without one plans no reminder for it).
    if (!state.assignedAt && def.acknowledgeWorkingDays) state.assignedAt = stamp();
    const endedWithYear = await this.collect();
    this.publisher.next = undefined;
    if (endedWithYear && this.v3) await this.officeHours();
    await this.outbox.drain();
    if (this.v3) await this.publisher.settle();
    else this.publisher.publish();
    await condition(allHandlersFinished);
    return state;
  }

  /** Version 3: what the year's end announces goes out at 09:00 on the next working day. */
  private async officeHours(): Promise<void> {
    const { cal, state } = this.item;
    const at = cal.at0900(cal.nextWorkingDay(`${state.year + 1}-01-01`));
    if (!state.outbox.length || Date.now() >= at) return;
    const label = `未完成通知 ${localDate(at)} 09:00`;
    this.publisher.next = label;
    this.publisher.publish();
    await sleep(at - Date.now(), { summary: label });
  }

  /** A theme or festival is announced on its day; reports may come in before. */
  private async announcement(): Promise<void> {
    const { state } = this.item;
    const at = Date.parse(state.announceAt!);
    this.publisher.next = `公布 ${state.announceAt}`;
    this.publisher.publish();
    await condition(() => isClosed(state), at - Date.now(), { summary: `公布活动 ${localDate(at)} 09:00` });
    state.announceAt = undefined;
  }

  /** The main loop: what is queued and due is sent, then it sleeps; true when the year ended it. */
  private async collect(): Promise<boolean> {
    const { state } = this.item;
    while (!isClosed(state)) {
      if (Date.now() >= this.yearEnd) {
        this.changed(applyYearEnd(state, stamp()));
        return true;
      }
      await this.outbox.drain();
      // Version 3: an update that closed it while a message was going out ends it now, not at its next timer.
      if (this.v3 && isClosed(state)) break;
      const { send: due, skip, nextAt } = agenda(this.timelines.get(state), state, Date.now());
      for (const p of skip) state.handledKeys.push(p.key);
      // One due message at a time, then look again: an update that arrived while it was being sent
      // (an extension, a return) may have made the next one obsolete.
      if (due.length) {
        await this.outbox.sendPlanned(due[0]);
        continue;
      }
      if (state.outbox.length) continue;
      if (workflowInfo().continueAsNewSuggested) await this.continueAsNew();
      await this.sleep(nextAt);
    }
    return false;
  }

  /** Until a transition, the next planned notification, or the end of the due day or the year. */
  private async sleep(nextAt: number | undefined): Promise<void> {
    const { cal, state } = this.item;
    const seen = this.version;
    // Also wake when the due day ends, so Temporal UI shows "overdue" from that moment on.
    const dueEnds = cal.endOfDay(state.due);
    const wakeAt = Math.min(
      nextAt ?? this.yearEnd,
      dueEnds > Date.now() ? dueEnds : this.yearEnd,
      this.yearEnd,
      // Version 3: a summary the plan has not received yet is sent again.
      this.publisher.retryAt ?? Infinity,
    );
    const next = this.timelines.get(state).find((p) => p.at === nextAt && !state.handledKeys.includes(p.key));
    const label = nextNotificationLabel(next, wakeAt === this.yearEnd ? '年度结束' : undefined, wakeAt);
    this.publisher.next = label;
    this.publisher.publish();
    await condition(() => this.version !== seen, Math.max(wakeAt - Date.now(), 1), { summary: label });
    this.publisher.publish();
  }

  private async continueAsNew(): Promise<never> {
    const { kind, def, state } = this.item;
    await condition(allHandlersFinished);
    // Read after the handlers finished: a watch signal may have come in meanwhile.
    const reportTo = this.publisher.reportTo;
    return continueAsNew<(input: ItemWorkflowInput) => Promise<ItemState>>({
      year: state.year,
      [kind === 'theme' ? 'month' : kind]: state.id,
      // A definition from before the calendar was fixed at start gets it now, once, for good.
      definition: def.calendar ? def : { ...def, calendar: planYearTable(def.ref.year, def.corrections) },
      state,
      ...(reportTo && { reportTo }),
    });
  }
}
