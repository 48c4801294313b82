// What Temporal UI shows of a running item, kept current: the search attributes it is found and
// filtered by, its current details and memo, and the year's plan workflow told of what it acts on.
import {
  condition,
  getExternalWorkflowHandle,
  setCurrentDetails,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { itemSearchKey } from '../domain/ids';
import { describeItem } from '../domain/item-details';
import { displayState, itemSummary, pendingBranches, type ItemSummary } from '../domain/item-state';
import { planAttention } from '../domain/plan-reports';
import { itemChangedSignal } from '../wire/messages';
import { CivDue, CivKind, CivOrg, CivPending, CivState, CivTask, CivYear } from '../wire/search-attributes';
import { today } from './clock';
import type { RunningItem } from './running-item';

/** After a signal to the plan failed (the plan not started yet, or being replaced): when to try again. */
const RETRY_AFTER_MS = [60_000, 10 * 60_000, 60 * 60_000, 6 * 60 * 60_000];

export class ItemPublisher {
  /** What the item waits for next, as its details show it. */
  next: string | undefined;
  /** Version 3: when to send a summary the plan has not received yet (a signal that failed). */
  retryAt: number | undefined;
  /** The search attributes last upserted, and (version 2) the summary last told to the plan, as JSON. */
  private published = '';
  private reported = '';
  /** Version 3: what the plan acts on, as last delivered to it and as being sent now. */
  private told: string | undefined;
  private sending: string | undefined;
  private failures = 0;
  private memoDue: string;

  /**
   * `reportTo` is the plan workflow named in the input or, for an item started by hand (version
   * 3), the year's plan workflow found running at its start. Version 3 tells it only what it acts
   * on (domain/plan-reports.ts), once delivered; version 2 told it every change, or nothing without
   * a `reportTo`.
   */
  constructor(
    private readonly item: RunningItem,
    reportTo: string | undefined,
    private readonly v3 = false,
  ) {
    const { state } = item;
    this.plan = reportTo;
    this.memoDue = state.due;
    // The plan that started it knows that it started: it hears of it when it has something to act on.
    if (v3 && this.plan && workflowInfo().memo?.startedBy === this.plan) this.told = 'open';
  }

  private plan: string | undefined;

  /** The plan workflow the item reports to, if any (continue-as-new carries it on). */
  get reportTo(): string | undefined {
    return this.plan;
  }

  /** A new item: its memo and the search attributes that never change, then its state. */
  start(): void {
    const { def, kind } = this.item;
    upsertMemo({ title: def.ref.title, category: def.ref.categoryTitle, due: def.ref.due });
    upsertSearchAttributes([
      { key: CivYear, value: def.ref.year },
      { key: CivKind, value: kind },
      { key: CivTask, value: this.v3 ? itemSearchKey(kind, def.ref.id) : def.ref.id },
      ...(def.ref.org ? [{ key: CivOrg, value: def.ref.org }] : []),
    ]);
    this.publish();
  }

  /** Before the start: the plan workflow the item reports to, found running (version 3). */
  reportsTo(planWorkflowId: string | undefined): void {
    this.plan = planWorkflowId;
  }

  /** From now on the item tells this plan workflow of itself, starting with its state now. */
  watchedBy(planWorkflowId: string): void {
    this.plan = planWorkflowId;
    this.reported = '';
    this.told = undefined;
    this.failures = 0;
    this.publish();
  }

  /**
   * Keeps CivState, CivPending and CivDue current (an unchanged value adds nothing to history), the
   * details Temporal UI shows, the memo's due date, and the plan workflow told.
   */
  publish(): void {
    const { kind, workflowId, def, cal, state } = this.item;
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
    const summary = itemSummary(kind, workflowId, state, today(), Date.now());
    setCurrentDetails(describeItem(summary, def, this.next));
    if (this.v3) {
      if (state.due !== this.memoDue) {
        this.memoDue = state.due;
        upsertMemo({ due: state.due });
      }
      this.tell({ ...summary, run: workflowInfo().firstExecutionRunId });
    } else this.tellEveryChange(summary);
  }

  /** Version 3: the plan hears what it acts on, once it is delivered; a failed signal is sent again. */
  private tell(summary: ItemSummary): void {
    const attention = planAttention(summary);
    if (!this.plan || attention === this.told || attention === this.sending) return;
    this.sending = attention;
    getExternalWorkflowHandle(this.plan)
      .signal(itemChangedSignal, summary)
      .then(
        () => {
          this.told = attention;
          this.failures = 0;
          this.retryAt = undefined;
        },
        () => {
          // The plan may be closed or not started yet: the item goes on, and tries again later.
          const wait = RETRY_AFTER_MS[this.failures++];
          this.retryAt = wait === undefined ? undefined : Date.now() + wait;
        },
      )
      .finally(() => {
        if (this.sending === attention) this.sending = undefined;
      });
  }

  /**
   * Version 3, at the end: tells the plan the item's last summary and waits for the signal's
   * outcome, but not for retries: a plan that is not there (not started yet, failed, closed) looks
   * its items up in Temporal when it starts, so an item never waits hours for it before completing.
   */
  async settle(): Promise<void> {
    this.publish();
    await condition(() => this.sending === undefined);
  }

  /** Version 2: every change of the summary, never sent again. */
  private tellEveryChange(summary: ItemSummary): void {
    const told = JSON.stringify(summary);
    if (this.plan && told !== this.reported) {
      this.reported = told;
      // The plan may be closed or not started yet: the item goes on regardless.
      getExternalWorkflowHandle(this.plan)
        .signal(itemChangedSignal, summary)
        .catch(() => undefined);
    }
  }
}
