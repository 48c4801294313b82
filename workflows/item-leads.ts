// A change of a branch's lead reaches an item from its year's plan workflow, which alone records
// one (its changeLead Update checks who may). The leadChanged signal that tells the item is only a
// prompt: the item reads the year's changes from the plan itself, so a signal typed into Temporal
// UI in the right shape but naming someone else changes nothing.
import { ActivityFailure, isCancellation, log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { planWorkflowId } from '../domain/ids';
import { applyChangeLead } from '../domain/item-state';
import type { LeadChange } from '../domain/signals';
import type { RunningItem } from './running-item';

/**
 * Items that take the leadChanged signal as a prompt to ask their plan (an activity, a new command):
 * a signal handled before this marker was applied as it came, and replays so.
 */
export const LEAD_FROM_PLAN = 'item-lead-from-plan';

/** Retried for a day: a plan that cannot answer for that long leaves the item's people as they are. */
const { planLeadChanges } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

/** The latest change of each branch, in the order they were made. */
export function latestPerBranch(changes: readonly LeadChange[]): LeadChange[] {
  return changes.filter((c, i) => !changes.slice(i + 1).some((later) => later.branch === c.branch));
}

export class LeadFollower {
  private askingNow = false;
  private askAgain = false;

  /** `changed` is called when the item's people changed. */
  constructor(
    private readonly item: RunningItem,
    private readonly changed: () => void,
  ) {}

  /** Whether the item is asking its plan (an Update waits for the answer). */
  get asking(): boolean {
    return this.askingNow;
  }

  /** Asks the plan for its changes of lead (once more after the answer, when prompted meanwhile). */
  async prompted(): Promise<void> {
    if (this.askingNow) {
      this.askAgain = true;
      return;
    }
    this.askingNow = true;
    try {
      do {
        this.askAgain = false;
        await this.follow();
      } while (this.askAgain);
    } finally {
      this.askingNow = false;
    }
  }

  private async follow(): Promise<void> {
    const { def, state } = this.item;
    const scope = def.ref.org === undefined ? [] : [def.ref.org];
    let changes: LeadChange[];
    try {
      changes = await planLeadChanges(state.year, ...scope);
    } catch (err) {
      if (!(err instanceof ActivityFailure) || isCancellation(err)) throw err;
      log.warn('the plan did not say its changes of lead: the item keeps its people', {
        plan: planWorkflowId(state.year, def.ref.org),
        error: err.cause?.message ?? err.message,
      });
      return;
    }
    let applied = false;
    for (const change of latestPerBranch(changes))
      if (applyChangeLead(def, state, change, change.at)) applied = true;
    if (applied) this.changed();
  }
}
