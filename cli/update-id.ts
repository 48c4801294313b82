// Update ids that make a repeated command harmless. An admin whose `civ task decide … return` timed
// out runs it again; Temporal applies an update id once per workflow run and answers a repeat with
// the first outcome, so the same command on the same state must give the same id, while the same
// words on a later occasion (a new round of reports, after a return) must give a new one.
import { createHash } from 'node:crypto';
import type { ItemState } from '../domain/item-state';

export type ItemUpdateName = 'report' | 'decide' | 'extendDeadline' | 'close';

/** JSON with object keys sorted, so equal inputs hash alike whatever order their fields came in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * What an update answers to, which the update itself does not change: a report answers the latest
 * return (a branch re-submits the same text after rework), a decision the reports received so far;
 * an extension is defined by its new date alone.
 */
function round(name: ItemUpdateName, state: ItemState): number {
  if (name === 'report') return state.decisions.filter((d) => d.verdict === 'return').length;
  if (name === 'decide') return state.reportsReceived ?? state.branches.filter((b) => b.report).length;
  return 0;
}

export function itemUpdateId(
  workflowId: string,
  name: ItemUpdateName,
  input: unknown,
  state: ItemState,
): string {
  const hash = createHash('sha256')
    .update(canonical({ workflowId, name, input, round: round(name, state) }))
    .digest('hex');
  return `${name}-${hash.slice(0, 32)}`;
}
