// The annual plan workflow, one per organization and year: `civ-<year>-plan`, input
// `{"year": 2027}`, or `civ-<org>-<year>-plan`, input `{"year": 2027, "org": "<org>"}`.
// It loads the year's plan, makes sure the monthly-theme Schedule exists, starts every task and
// festival workflow (and the current month's theme; later months when their Schedule asks), keeps
// what it must know of its items (which closed, which are late: domain/plan-reports.ts), mails the
// monthly bulletin, and once every item has closed or the year has ended asks the head for the
// final sign-off, then mails the year summary. Its items are workflows of their own, started by an
// activity: an item runs to its own end whatever happens to the plan workflow, which continues as
// new at a quiet point whenever its history has grown long, carrying its state and its year's plan,
// and can be closed by the rollover without touching them.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { localDate, WorkCalendar } from '../domain/calendar';
import type { ItemSummary } from '../domain/item-state';
import {
  allItemsClosed,
  type DuePlanNotification,
  expectedItems,
  nextPlanNotification,
} from '../domain/plan-agenda';
import { checkPlanInput } from '../domain/plan-input';
import { linksExpireAt } from '../domain/roles';
import { judgeReport, lateCounts, ownItemKind, recordItem, themeStartProblem } from '../domain/plan-reports';
import {
  applyEndedBeforeStart,
  applyReadyForFinalSignOff,
  initialPlanState,
  planCounts,
  type PlanState,
} from '../domain/plan-state';
import { assignmentsFrom, type YearPlan } from '../domain/year-plan';
import type { PlanWorkflowInput } from '../wire/workflow-types';
import { stamp, today } from './clock';
import { dropped } from './dropped-signal';
import { setPlanHandlers, tellLeads } from './plan-handlers';
import { PlanItems } from './plan-items';
import { PlanNotifier } from './plan-notifier';
import { PlanPublisher } from './plan-publisher';
import { PlanTimer } from './plan-timer';
import { planWorkflowV1 } from './plan-v1';

/**
 * Version 2 of the plan workflow's command sequence (items started by an activity, not as children;
 * only believable item summaries recorded; the year's plan carried across continue-as-new; themes
 * started by the plan). Executions started before it have no marker and run the frozen version-1
 * code (plan-v1.ts), so they replay.
 */
export const PLAN_WORKFLOW_V2 = 'plan-workflow-v2';

/**
 * The plan's main loop keeps its timer while it is woken for something that does not move the next
 * mail (an item closing, an Update): a timer cancelled and started again for the same instant was
 * two events in history for each such wake. Runs without the marker keep their timers as they were.
 */
export const PLAN_KEEPS_ITS_TIMER = 'plan-keeps-its-timer';

/**
 * A month's theme, asked for by its Schedule's starter, is started by a local activity (one marker)
 * rather than an activity (three events and one more workflow task). Runs without the marker start
 * it as they did.
 */
export const PLAN_LOCAL_THEME_STARTS = 'plan-local-theme-starts';

/**
 * The plan's items start at its 印发 date (domain/year-plan.ts `assignmentsFrom`), not the moment
 * the plan workflow starts: a new timer, so executions started before it (no marker) go on as they did.
 */
export const PLAN_ISSUED_ON = 'plan-issued-on';

/** A run's history length from which it continues as new at its next quiet point. */
export const PLAN_RUN_EVENTS = 250;

/** Retried for as long as it takes (the year is long); only a plan that cannot be used fails it. */
const { loadYearPlan, ensureThemeSchedule } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

export async function planWorkflow(input: PlanWorkflowInput): Promise<PlanState> {
  if (!patched(PLAN_WORKFLOW_V2)) return planWorkflowV1(input);
  const problem = checkPlanInput(input, workflowInfo().continuedFromExecutionRunId !== undefined);
  if (problem) throw ApplicationFailure.nonRetryable(problem, 'InvalidInput');
  const year = Number(input.year);
  const org = input.org;
  // No org for the home organization: its activity input stays as it always was.
  const plan: YearPlan =
    input.plan ?? (await (org === undefined ? loadYearPlan(year) : loadYearPlan(year, org)));
  const state = input.state ?? initialPlanState(year, plan.organization, stamp());
  return new PlanYear(plan, year, org, state).run(!input.state);
}

/** The plan year's lifecycle: the start of its items, the main loop, the end. */
class PlanYear {
  private readonly cal: WorkCalendar;
  private readonly yearEnd: number;
  private readonly publisher: PlanPublisher;
  private readonly mailer: PlanNotifier;
  private readonly items: PlanItems;
  /** Counts the changes the main loop wakes for. */
  private version = 0;
  /** The main loop's timer, kept across wakes; undefined in runs from before PLAN_KEEPS_ITS_TIMER. */
  private readonly timer: PlanTimer | undefined;
  /** While the plan waits for its 印发 date: a theme's Schedule asking meanwhile is dropped. */
  private unissued = false;

  constructor(
    private readonly plan: YearPlan,
    private readonly year: number,
    private readonly org: string | undefined,
    private readonly state: PlanState,
  ) {
    this.cal = new WorkCalendar(plan.calendar!);
    this.timer = patched(PLAN_KEEPS_ITS_TIMER) ? new PlanTimer() : undefined;
    this.yearEnd = this.cal.endOfDay(`${year}-12-31`);
    this.publisher = new PlanPublisher(state, (s) => ({ ...planCounts(s), ...lateCounts(s) }));
    this.mailer = new PlanNotifier(state, workflowInfo().workflowId, year, org);
    this.items = new PlanItems(
      plan,
      state,
      (summary, startedNow) => this.record(summary, startedNow),
      patched(PLAN_LOCAL_THEME_STARTS),
    );
    setPlanHandlers(plan, state, {
      changed: () => this.changed(),
      report: (summary) => this.report(summary),
      startTheme: (month) => this.startTheme(month),
    });
  }

  private changed(): void {
    this.version++;
    this.publisher.publish();
  }

  /** What the plan now believes of an item; one it did not start with today's people hears of the changes. */
  private record(summary: ItemSummary, startedNow: boolean): void {
    const { first, closed } = recordItem(this.state, summary);
    if (first && !startedNow) tellLeads(summary.workflowId, this.state.leadChanges ?? []);
    this.publisher.publish();
    // Only an item closing can make the year ready for its final sign-off.
    if (closed) this.version++;
  }

  /** An item's summary: recorded if believable, else the item is looked up in Temporal, or dropped. */
  private async report(summary: ItemSummary): Promise<void> {
    const verdict = judgeReport(this.plan, this.state, summary);
    if (verdict.do === 'drop') return dropped('itemChanged', verdict.why, summary);
    if (verdict.do === 'record') return this.record(summary, false);
    const kind = ownItemKind(this.plan, summary.workflowId)!;
    await this.items.lookUp([{ kind, workflowId: summary.workflowId }]);
  }

  private async startTheme(month: number): Promise<void> {
    const problem = this.unissued
      ? `the ${this.year} plan is issued on ${localDate(assignmentsFrom(this.plan))}: its items start then`
      : themeStartProblem(this.plan, this.state, month, today());
    if (problem) return dropped('startTheme', problem, { month });
    await this.items.startTheme(month);
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
    // The year's links work until 30 days after it: revocations are taken until they expire.
    await this.untilLinksExpire();
    await condition(allHandlersFinished);
    return state;
  }

  /** A new plan year: the Schedule of its themes made sure of, and its items started. */
  private async start(): Promise<void> {
    const { year, org } = this;
    if (patched(PLAN_ISSUED_ON)) await this.untilIssued();
    await Promise.all([
      org === undefined ? ensureThemeSchedule(year) : ensureThemeSchedule(year, org),
      this.items.startYear(today()),
    ]);
    this.changed();
  }

  /** No assignment before the plan's 印发 date (and never before its year, unless the plan says so). */
  private async untilIssued(): Promise<void> {
    const at = assignmentsFrom(this.plan);
    if (Date.now() >= at) return;
    this.unissued = true;
    await condition(() => false, at - Date.now(), { summary: `方案印发 ${localDate(at)} 09:00` });
    this.unissued = false;
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
      if (this.historyIsLong()) await this.continueAsNew();
      await this.sleep(due);
    }
  }

  /** Signed off or closed, the year waits for its links to expire, taking revocations meanwhile. */
  private async untilLinksExpire(): Promise<void> {
    const until = linksExpireAt(this.year);
    if (Date.now() < until)
      await condition(() => false, until - Date.now(), { summary: `链接有效期至 ${localDate(until - 1)}` });
  }

  private historyIsLong(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= PLAN_RUN_EVENTS;
  }

  /** At a quiet point: the next run carries the state and the year's plan, never reading the file again. */
  private async continueAsNew(): Promise<never> {
    await condition(allHandlersFinished);
    log.info('the plan workflow continues as new', { historyLength: workflowInfo().historyLength });
    return continueAsNew<typeof planWorkflow>({
      year: this.year,
      ...(this.org && { org: this.org }),
      state: this.state,
      plan: this.plan,
    });
  }

  /** Until a change, the next mail, a history grown long or (while running) the end of the year. */
  private async sleep(due: DuePlanNotification | undefined): Promise<void> {
    const seen = this.version;
    const woken = () => this.version !== seen || this.historyIsLong();
    const wakeAt = Math.min(due?.at ?? Infinity, this.state.phase === 'running' ? this.yearEnd : Infinity);
    const summary = due ? `${due.label} ${localDate(due.at)} 09:00` : '等待各项工作办结';
    if (!Number.isFinite(wakeAt)) await condition(woken);
    else if (this.timer) await this.timer.until(wakeAt, summary, woken);
    else await condition(woken, Math.max(wakeAt - Date.now(), 1), { summary });
  }
}
