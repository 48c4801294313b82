// What the plan workflow answers: its queries, its Updates (one table of rules from
// domain/plan-state.ts) and its items telling it of themselves.
import { getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import {
  applyChangeLead,
  applyCloseYear,
  applyEndSession,
  applyFinalSignOff,
  applyItemChanged,
  applyRevokeLinks,
  checkChangeLead,
  checkCloseYear,
  checkEndSession,
  checkFinalSignOff,
  checkRevokeLinks,
  isItemOpen,
  peopleNow,
  type PlanState,
} from '../domain/plan-state';
import type { ChangeLeadInput } from '../domain/item-updates';
import type { YearPlan } from '../domain/year-plan';
import {
  changeLeadUpdate,
  closeYearUpdate,
  endSessionUpdate,
  finalSignOffUpdate,
  itemChangedSignal,
  leadChangedSignal,
  planPeopleQuery,
  planStatusQuery,
  revokeLinksUpdate,
} from '../wire/messages';
import { stamp } from './clock';
import { setUpdateHandlers, updateRule } from './update-rules';

export interface PlanEvents {
  /** An Update changed the year. */
  changed(): void;
  /** An item told of itself; `closed` when it has just closed, which may make the year ready. */
  itemChanged(closed: boolean): void;
}

export function setPlanHandlers(plan: YearPlan, state: PlanState, on: PlanEvents): void {
  const { people } = plan;
  setHandler(planStatusQuery, () => state);
  setHandler(planPeopleQuery, () => peopleNow(people, state));
  setUpdateHandlers(
    [
      updateRule(
        changeLeadUpdate,
        (c) => checkChangeLead(people, state, c),
        (c) => {
          const change = applyChangeLead(state, c, stamp());
          for (const item of Object.values(state.items))
            if (isItemOpen(item)) tellLeads(item.workflowId, [change]);
        },
      ),
      updateRule(
        revokeLinksUpdate,
        (r) => checkRevokeLinks(people, state, r),
        (r) => applyRevokeLinks(state, r, stamp()),
      ),
      updateRule(
        finalSignOffUpdate,
        (s) => checkFinalSignOff(people, state, s),
        (s) => applyFinalSignOff(state, s, stamp()),
      ),
      updateRule(
        closeYearUpdate,
        (c) => checkCloseYear(people, state, c),
        (c) => applyCloseYear(state, c, stamp()),
      ),
      updateRule(endSessionUpdate, checkEndSession, (e) => applyEndSession(state, e, stamp())),
    ],
    () => {
      on.changed();
      return state;
    },
  );
  setHandler(itemChangedSignal, (summary) => {
    const { first, closed } = applyItemChanged(state, summary);
    // An item started after a lead changed (a later month's theme) was given the plan's lead.
    if (first) tellLeads(summary.workflowId, state.leadChanges ?? []);
    on.itemChanged(closed);
  });
}

/** Tells an item of changes of lead (it ignores one it already has). */
function tellLeads(workflowId: string, changes: (ChangeLeadInput & { at: string })[]): void {
  for (const change of changes)
    getExternalWorkflowHandle(workflowId)
      .signal(leadChangedSignal, change)
      .catch(() => undefined);
}
