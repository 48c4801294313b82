// What an item's workflow answers: its queries, its Updates (one table of rules from
// domain/item-state.ts) and the signals of its plan workflow.
import { patched, setHandler } from '@temporalio/workflow';
import { planWorkflowId } from '../domain/ids';
import { type LeadChange, leadChangedProblem, watchProblem } from '../domain/signals';
import {
  type Announcements,
  applyAcknowledge,
  applyChangeLead,
  applyClose,
  applyDecide,
  applyExtend,
  applyReport,
  checkAcknowledge,
  checkClose,
  checkDecide,
  checkExtend,
  checkReport,
} from '../domain/item-state';
import {
  acknowledgeUpdate,
  closeUpdate,
  decideUpdate,
  definitionQuery,
  extendDeadlineUpdate,
  leadChangedSignal,
  reportUpdate,
  statusQuery,
  watchSignal,
} from '../wire/messages';
import { stamp, today } from './clock';
import { dropped } from './dropped-signal';
import { LEAD_FROM_PLAN } from './item-leads';
import type { RunningItem } from './running-item';
import { setUpdateHandlers, updateRule } from './update-rules';

export interface ItemEvents {
  /** A transition happened; `announced` are the notifications it calls for. */
  changed(announced?: Announcements): void;
  /** The year's plan workflow asked the item to report to it. */
  watchedBy(planWorkflowId: string): void;
  /** A change of lead was told: the item asks its plan for the year's changes (item-leads.ts). */
  leadsChanged(): Promise<void>;
  /** False while the item asks its plan who leads: an Update waits, so it mails the current lead. */
  leadsSettled(): boolean;
}

export function setItemHandlers(item: RunningItem, on: ItemEvents): void {
  const { def, state } = item;
  const checks = () => ({ today: today(), latestDue: item.latestDue });
  setHandler(statusQuery, () => state);
  setHandler(definitionQuery, () => def);
  // Kept in the order they always had: Updates that came before the handlers existed are run in
  // the order their handlers are registered.
  setUpdateHandlers(
    [
      updateRule(
        reportUpdate,
        (r) => checkReport(def, state, r),
        (r) => applyReport(state, r, stamp()),
      ),
      updateRule(
        decideUpdate,
        (d) => checkDecide(def, state, d, checks()),
        (d) => applyDecide(state, d, stamp(), Date.now()),
      ),
      updateRule(
        extendDeadlineUpdate,
        (e) => checkExtend(def, state, e, checks()),
        (e) => applyExtend(state, e, stamp(), Date.now()),
      ),
      updateRule(
        closeUpdate,
        (c) => checkClose(def, state, c),
        (c) => applyClose(state, c, stamp()),
      ),
      updateRule(
        acknowledgeUpdate,
        (a) => checkAcknowledge(state, a, def),
        (a): Announcements => {
          applyAcknowledge(state, a, stamp());
          return [];
        },
      ),
    ],
    (announced) => {
      on.changed(announced);
      return state;
    },
    () => on.leadsSettled(),
  );
  // A signal has no validator: a malformed one (typed into Temporal UI) is dropped, never thrown,
  // which would fail the workflow task again and again.
  setHandler(leadChangedSignal, (c: unknown) => {
    const problem = leadChangedProblem(c);
    if (problem) return dropped('leadChanged', problem, c);
    // Only what the plan recorded is believed, not what the signal says.
    if (patched(LEAD_FROM_PLAN)) return on.leadsChanged();
    const change = c as LeadChange;
    if (applyChangeLead(def, state, change, change.at)) on.changed();
  });
  setHandler(watchSignal, (w: unknown) => {
    const problem = watchProblem(w);
    if (problem) return dropped('watch', problem, w);
    // Only the plan workflow of the item's own year and organization.
    const plan = planWorkflowId(state.year, def.ref.org);
    const { planWorkflowId: asked } = w as { planWorkflowId: string };
    if (asked !== plan) return dropped('watch', `the item reports to ${plan} only`, w);
    on.watchedBy(asked);
  });
}
