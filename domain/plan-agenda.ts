// What the annual plan workflow waits for: the items it expects to close before the
// year can be signed off, and its next email, the month's bulletin or a reminder to the head of
// the final sign-off. Pure rules over the year's plan and state.
import { localDate, type WorkCalendar } from './calendar';
import { festivalWorkflowId, taskWorkflowId, themeWorkflowId } from './ids';
import type { PlanNotificationKind } from './notification';
import { isItemOpen, type PlanState } from './plan-state';
import type { YearPlan } from './year-plan';

/** Head's reminders of the final sign-off: working days after it was asked for. */
const FINAL_SIGN_OFF_REMINDERS = [5, 10, 15];

/** A plan-level email the plan workflow is to send once, at `at` (epoch ms). */
export interface DuePlanNotification {
  kind: PlanNotificationKind;
  key: string;
  at: number;
  month?: number;
  /** What Temporal UI shows while the workflow waits for it. */
  label: string;
}

/** The workflow ids of the items the plan expects to close before the year can be signed off. */
export function expectedItems(plan: YearPlan, state: PlanState): string[] {
  const past = new Set(state.past.map((p) => `${p.kind}-${p.id}`));
  // A plan started in the year before (to announce early) expects every month's theme.
  const startDay = localDate(Date.parse(state.startedAt));
  const startMonth = startDay < `${plan.year}-01-01` ? 1 : Number(startDay.slice(5, 7));
  return [
    ...plan.tasks.map((t) => taskWorkflowId(plan.year, t.ref.id, plan.org)),
    ...plan.festivals
      .filter((f) => !past.has(`festival-${f.id}`))
      .map((f) => festivalWorkflowId(plan.year, f.id, plan.org)),
    ...plan.themes
      .filter((t) => t.month >= startMonth && !past.has(`theme-${String(t.month).padStart(2, '0')}`))
      .map((t) => themeWorkflowId(plan.year, String(t.month).padStart(2, '0'), plan.org)),
  ];
}

/** Whether every expected item has told the plan that it closed. */
export function allItemsClosed(expected: string[], state: PlanState): boolean {
  return expected.every((id) => state.items[id] && !isItemOpen(state.items[id]));
}

/** The next plan-level email: this month's bulletin, or a reminder to the head of the final sign-off. */
export function nextPlanNotification(
  plan: YearPlan,
  state: PlanState,
  cal: WorkCalendar,
): DuePlanNotification | undefined {
  if (state.phase === 'running') return nextBulletin(plan, state, cal);
  if (state.phase !== 'awaiting-final-sign-off' || !state.readySince) return undefined;
  const readyAt = Date.parse(state.readySince);
  const ready = localDate(readyAt);
  if (!state.handledKeys.includes('final-sign-off-request')) {
    // In office hours: at once on a working day's daytime, else at 09:00 of the next working day.
    const day =
      cal.isWorkingDay(ready) && readyAt < cal.at0900(ready) + 8 * 3_600_000
        ? ready
        : cal.addWorkingDays(ready, 1);
    const at = Math.max(readyAt, cal.at0900(day));
    return { kind: 'final-sign-off-request', key: 'final-sign-off-request', at, label: '提请年度审核' };
  }
  for (const n of FINAL_SIGN_OFF_REMINDERS) {
    const day = cal.addWorkingDays(ready, n);
    const key = `final-sign-off-reminder-${day}`;
    if (!state.handledKeys.includes(key))
      return { kind: 'final-sign-off-reminder', key, at: cal.at0900(day), label: '年度审核提醒' };
  }
  return undefined;
}

/** The first bulletin after the plan started that has not gone out yet. */
function nextBulletin(plan: YearPlan, state: PlanState, cal: WorkCalendar): DuePlanNotification | undefined {
  const started = Date.parse(state.startedAt);
  const bulletin = plan.bulletinDays.find(
    (b) => cal.at0900(b.day) > started && !state.handledKeys.includes(`bulletin-${b.month}`),
  );
  return (
    bulletin && {
      kind: 'bulletin',
      key: `bulletin-${bulletin.month}`,
      at: cal.at0900(bulletin.day),
      month: bulletin.month,
      label: `${bulletin.month}月情况通报`,
    }
  );
}
