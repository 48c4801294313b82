// What Temporal UI shows of a running item, kept current: the search attributes it is found and
// filtered by, its current details, and the year's plan workflow told of every change.
import {
  getExternalWorkflowHandle,
  setCurrentDetails,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { describeItem } from '../domain/item-details';
import { displayState, itemSummary, pendingBranches } from '../domain/item-state';
import { itemChangedSignal } from '../wire/messages';
import { CivDue, CivKind, CivOrg, CivPending, CivState, CivTask, CivYear } from '../wire/search-attributes';
import { today } from './clock';
import type { RunningItem } from './running-item';

export class ItemPublisher {
  /** What the item waits for next, as its details show it. */
  next: string | undefined;
  /** The search attributes last upserted, and the summary last told to the plan, as JSON. */
  private published = '';
  private reported = '';

  constructor(
    private readonly item: RunningItem,
    private plan: string | undefined,
  ) {}

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
      { key: CivTask, value: def.ref.id },
      ...(def.ref.org ? [{ key: CivOrg, value: def.ref.org }] : []),
    ]);
    this.publish();
  }

  /** From now on the item tells this plan workflow of itself, starting with its state now. */
  watchedBy(planWorkflowId: string): void {
    this.plan = planWorkflowId;
    this.reported = '';
    this.publish();
  }

  /**
   * Keeps CivState, CivPending and CivDue current (an unchanged value adds nothing to history), the
   * details Temporal UI shows, and the plan workflow told of every change.
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
