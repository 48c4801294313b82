// What the annual plan workflow answers: its queries, its Updates (one table of rules from
// domain/plan-state.ts) and its signals: items telling it of themselves, the Schedule's starter
// asking for a month's theme. A signal has no validator, so each is checked here and a malformed one
// is dropped with a warning in the worker's log (domain/signals.ts): nothing else happens.
import { getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import type { ItemSummary } from '../domain/item-state';
import {
  applyChangeLead,
  applyCloseYear,
  applyEndSession,
  applyFinalSignOff,
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
import { itemChangedProblem, type LeadChange, startThemeProblem } from '../domain/signals';
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
  startThemeSignal,
} from '../wire/messages';
import { stamp } from './clock';
import { dropped } from './dropped-signal';
import { setUpdateHandlers, updateRule } from './update-rules';

export interface PlanEvents {
  /** An Update changed the year. */
  changed(): void;
  /** An item told of itself, in the right shape (whether to believe it is the plan's to judge). */
  report(summary: ItemSummary): Promise<void>;
  /** A month's theme is asked for. */
  startTheme(month: number): Promise<void>;
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
  setHandler(itemChangedSignal, (summary: unknown) => {
    const problem = itemChangedProblem(summary);
    if (problem) return dropped('itemChanged', problem, summary);
    return on.report(summary as ItemSummary);
  });
  setHandler(startThemeSignal, (input: unknown) => {
    const problem = startThemeProblem(input);
    if (problem) return dropped('startTheme', problem, input);
    return on.startTheme((input as { month: number }).month);
  });
}

/** Tells an item of changes of lead (it ignores one it already has). */
export function tellLeads(workflowId: string, changes: readonly LeadChange[]): void {
  for (const change of changes)
    getExternalWorkflowHandle(workflowId)
      .signal(leadChangedSignal, change)
      .catch(() => undefined);
}
