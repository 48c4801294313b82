// What the CLI says of a year or an item that is over: what really happened, and where to go from
// there. A real-time stack does not replay a past year; `civ year preview` does, on the time-skipping
// server.
import type { Client } from '@temporalio/client';
import { workflowStatus } from '../client/workflow-status';
import { completedResult } from '../client/workflow-state';
import { formatLocalTime } from '../domain/calendar';
import type { ItemState } from '../domain/item-state';
import type { PlanState } from '../domain/plan-state';

/** Whether the plan year `year` is over (after 31 December, Asia/Shanghai). */
export function yearEnded(year: number, nowMs = Date.now()): boolean {
  return nowMs >= Date.parse(`${year + 1}-01-01T00:00:00+08:00`);
}

/** Said of a past year with nothing of it in Temporal. */
export function pastYearHint(year: number): string {
  return `the ${year} plan year ended on ${year}-12-31 and a real-time stack does not run a past year (civ year preview ${year} runs it on the time-skipping server)`;
}

/** The year a workflow id names (`civ-2020-task-05`, `civ-wuxi-jgswj-2027-plan`). */
export function idYear(workflowId: string): number | undefined {
  const m = /^civ-(?:[a-z][a-z0-9-]*-)?(\d{4})-/.exec(workflowId);
  return m ? Number(m[1]) : undefined;
}

/** "has not been started", with the reason when its year is over. */
export function notStartedLine(workflowId: string): string {
  const year = idYear(workflowId);
  return `${workflowId} has not been started${year !== undefined && yearEnded(year) ? `: ${pastYearHint(year)}` : ''}`;
}

const UNFINISHED_WHY: Record<NonNullable<ItemState['unfinishedReason']>, string> = {
  'reports-missing': 'its year ended with reports missing',
  'not-signed-off': 'its year ended before it was signed off',
  'started-after-year': 'it was started after its plan year had ended',
  closed: 'it was closed',
};

/** An item that ended: how, when and why. */
export function itemEndedLine(workflowId: string, state: ItemState): string {
  const when = state.completedAt ? ` on ${formatLocalTime(state.completedAt)}` : '';
  if (state.phase === 'signed-off') return `${workflowId} has ended: it was signed off${when}`;
  const why = state.closed
    ? `it was closed by ${state.closed.actor}: ${state.closed.reason}`
    : UNFINISHED_WHY[state.unfinishedReason ?? 'reports-missing'];
  const hint =
    yearEnded(state.year) && state.unfinishedReason === 'started-after-year'
      ? ` (${pastYearHint(state.year)})`
      : '';
  return `${workflowId} has ended: it is ${state.phase}${when}, ${why}${hint}`;
}

/** How a plan workflow that completed ended: signed off or closed, when and why. */
export function planCompletedWhy(s: PlanState): string {
  if (s.phase === 'signed-off' && s.finalSignOff)
    return `the year was signed off by ${s.finalSignOff.actor} on ${formatLocalTime(s.finalSignOff.at)}`;
  const hint = yearEnded(s.year)
    ? ` (civ year preview ${s.year} runs the whole year on the time-skipping server)`
    : '';
  return s.closed
    ? `the year was closed on ${formatLocalTime(s.closed.at)}: ${s.closed.reason}${hint}`
    : `it is ${s.phase}${hint}`;
}

/** The plan workflow's state when it is no longer running (completed), else undefined. */
export async function completedPlan(client: Client, workflowId: string): Promise<PlanState | undefined> {
  if ((await workflowStatus(client, workflowId)) !== 'COMPLETED') return undefined;
  return completedResult<PlanState>(client, workflowId);
}
