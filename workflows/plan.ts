// The annual plan workflow, one per organization and year: `civ-<year>-plan`, input
// `{"year": 2027}`, or `civ-<org>-<year>-plan`, input `{"year": 2027, "org": "<org>"}`.
// It loads the year's plan, makes sure the monthly-theme Schedule exists, starts every task and
// festival workflow (and the current month's theme), keeps the year's state as the items report
// it, mails the monthly bulletin, and once every item has closed or the year has ended asks the
// head for the final sign-off, then mails the year summary. It owns its items as children that
// outlive it (parent-close policy ABANDON): an item runs to its own end whatever happens to the
// plan workflow, which can continue as new or be closed by the rollover without touching them.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { localDate, WorkCalendar } from '../domain/calendar';
import {
  allItemsClosed,
  type DuePlanNotification,
  expectedItems,
  nextPlanNotification,
} from '../domain/plan-agenda';
import { checkPlanInput } from '../domain/plan-input';
import { linksExpireAt } from '../domain/roles';
import {
  applyEndedBeforeStart,
  applyReadyForFinalSignOff,
  initialPlanState,
  type PlanState,
} from '../domain/plan-state';
import { pastItems, type YearPlan } from '../domain/year-plan';
import type { PlanWorkflowInput } from '../wire/workflow-types';
import { stamp, today } from './clock';
import { setPlanHandlers } from './plan-handlers';
import { startItems } from './plan-items';
import { PlanNotifier } from './plan-notifier';
import { PlanPublisher } from './plan-publisher';

const { loadYearPlan, ensureThemeSchedule } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

export async function planWorkflow(input: PlanWorkflowInput): Promise<PlanState> {
  const problem = checkPlanInput(input, workflowInfo().continuedFromExecutionRunId !== undefined);
  if (problem) throw ApplicationFailure.nonRetryable(problem, 'InvalidInput');
  const year = Number(input.year);
  const org = input.org;
  // No org for the home organization: its activity input stays as it always was.
  const plan: YearPlan = await (org === undefined ? loadYearPlan(year) : loadYearPlan(year, org));
  const state = input.state ?? initialPlanState(year, plan.organization, stamp());
  return new PlanYear(plan, year, org, state).run(!input.state);
}

/** The plan year's lifecycle: the start of its items, the main loop, the end. */
class PlanYear {
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
    setPlanHandlers(plan, state, {
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
    // The year's links work until 30 days after it: revocations are taken until they expire.
    if (patched('plan-open-until-links-expire')) await this.untilLinksExpire();
    await condition(allHandlersFinished);
    return state;
  }

  /** A new plan year: the Schedule of its themes made sure of, and its items started. */
  private async start(): Promise<void> {
    const { plan, year, org, state } = this;
    await (org === undefined ? ensureThemeSchedule(year) : ensureThemeSchedule(year, org));
    state.past = pastItems(plan, today());
    await startItems(plan, state, today());
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
        await continueAsNew<typeof planWorkflow>({
          year: this.year,
          ...(this.org && { org: this.org }),
          state,
        });
      }
      await this.sleep(due);
    }
  }

  /** Signed off or closed, the year waits for its links to expire, taking revocations meanwhile. */
  private async untilLinksExpire(): Promise<void> {
    const until = linksExpireAt(this.year);
    if (Date.now() < until)
      await condition(() => false, until - Date.now(), { summary: `链接有效期至 ${localDate(until - 1)}` });
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
