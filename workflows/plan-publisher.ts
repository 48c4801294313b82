// What Temporal UI shows of the plan workflow, kept current: CivState (the phase), CivOverdue and
// CivPending, and its current details.
import { setCurrentDetails, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { describePlan } from '../domain/plan-details';
import { planCounts, type PlanState } from '../domain/plan-state';
import type { YearPlan } from '../domain/year-plan';
import { CivKind, CivOrg, CivOverdue, CivPending, CivState, CivYear } from '../wire/search-attributes';

export class PlanPublisher {
  /** The search attributes last upserted, as JSON: an unchanged value adds nothing to history. */
  private published = '';

  /**
   * `counts` says what CivOverdue and CivPending show: version 1 counts every open item's pending
   * branches, version 2 the late items' (it hears only what it acts on: domain/plan-reports.ts).
   */
  constructor(
    private readonly state: PlanState,
    private readonly counts: (state: PlanState) => ReturnType<typeof planCounts> = planCounts,
  ) {}

  /** A new plan workflow: its memo and the search attributes that never change, then its state. */
  start(plan: YearPlan, year: number, org: string | undefined): void {
    upsertMemo({ title: plan.title, organization: plan.organization });
    upsertSearchAttributes([
      { key: CivYear, value: year },
      { key: CivKind, value: 'plan' },
      ...(org ? [{ key: CivOrg, value: org }] : []),
    ]);
    this.publish();
  }

  publish(): void {
    const { state } = this;
    const counts = this.counts(state);
    setCurrentDetails(describePlan(state, counts));
    const values = { phase: state.phase, overdue: counts.overdue, pending: counts.pending };
    const json = JSON.stringify(values);
    if (json === this.published) return;
    this.published = json;
    upsertSearchAttributes([
      { key: CivState, value: values.phase },
      { key: CivOverdue, value: values.overdue },
      { key: CivPending, value: values.pending },
    ]);
  }
}
