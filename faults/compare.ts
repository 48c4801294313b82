// The run with faults against the run without: every workflow's final state in a normalized form,
// and every email counted per (workflow id, key, recipient) as the SMTP server received it.
import { isDeepStrictEqual } from 'node:util';
import type { KillDone } from './killer';
import type { YearRun } from './year-run';

/**
 * Fields that hold an instant: when a kill and the new worker's start took wall time, during which
 * the test server's clock ran at wall speed, they legitimately differ by seconds or minutes.
 * `deduplicated` says an email activity found the copy in its ledger, which a retry after a kill
 * does: it is counted apart, not compared.
 */
const LEFT_OUT = new Set([
  'at',
  'sentAt',
  'failedAt',
  'startedAt',
  'readySince',
  'completedAt',
  'assignedAt',
  'announceAt',
  'horizon',
  'deduplicated',
  // The item workflow's first run id, as the plan workflow records it: new in every run of the year.
  'run',
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function normalized(value: unknown): Json {
  if (Array.isArray(value)) return value.map(normalized);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value))
      if (!LEFT_OUT.has(k) && v !== undefined) out[k] = normalized(v);
    return out;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return null;
}

/** Paths where two normalized values differ, e.g. `branches[2].report.summary`. */
function differences(a: Json, b: Json, path: string, out: string[]): void {
  if (isDeepStrictEqual(a, b)) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: ${a.length} entries, with faults ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) differences(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      differences(a[k] ?? null, b[k] ?? null, path ? `${path}.${k}` : k, out);
    return;
  }
  const show = (v: Json) => JSON.stringify(v).slice(0, 80);
  out.push(`${path}: ${show(a)}, with faults ${show(b)}`);
}

export interface WorkflowDiff {
  workflowId: string;
  paths: string[];
}

export function compareWorkflows(
  baseline: YearRun,
  faults: YearRun,
): { compared: number; diffs: WorkflowDiff[] } {
  const diffs: WorkflowDiff[] = [];
  const check = (workflowId: string, a: unknown, b: unknown) => {
    const paths: string[] = [];
    if (a === undefined || b === undefined)
      paths.push(a === undefined ? 'only with faults' : 'missing with faults');
    else differences(normalized(a), normalized(b), '', paths);
    if (paths.length > 0) diffs.push({ workflowId, paths });
  };
  check('plan', baseline.planState, faults.planState);
  const ids = new Set([...Object.keys(baseline.items), ...Object.keys(faults.items)]);
  for (const id of ids) check(id, baseline.items[id], faults.items[id]);
  return { compared: ids.size + 1, diffs };
}

export interface MailCounts {
  baseline: number;
  faults: number;
  /** (workflow id, key, recipient) received more than once with faults, with why. */
  duplicates: { id: string; copies: number; explanation: string }[];
  /** Received fewer times with faults than without. */
  missing: string[];
  /** Received with faults only. */
  extra: string[];
  /** Received more than once even without faults (should be none). */
  baselineDuplicates: number;
  /** Emails the workflows recorded as answered from the ledger: retries after a kill that sent nothing. */
  deduplicated: number;
}

function counts(run: YearRun): Map<string, number[]> {
  const byId = new Map<string, number[]>();
  for (const m of run.mails)
    for (const r of m.recipients) {
      const id = `${m.workflowId} ${m.key} ${r}`;
      byId.set(id, [...(byId.get(id) ?? []), m.wallMs]);
    }
  return byId;
}

const NOTICE_LAG_MS = 250;

/** Why a copy came twice: the kill between the two arrivals, and what the ledger had of it. */
function explain(id: string, arrivals: number[], kills: KillDone[], run: YearRun): string {
  const [workflowId, key, recipient] = id.split(' ');
  // An arrival is noted when the catcher has parsed the message and the 10 ms poll saw it, which can
  // be after a kill that came right after the SMTP server's reply: allow that much before it.
  const kill = kills.find((k) => k.wallMs >= arrivals[0] - NOTICE_LAG_MS && k.wallMs <= arrivals[1]);
  const ledgered = run.ledger.filter(
    (r) => r.workflowId === workflowId && r.key === `${key}>${recipient}`,
  ).length;
  if (!kill)
    return `no kill between the two copies (${arrivals.map((a) => (a / 1000).toFixed(1)).join(' s, ')} s): not explained by a kill`;
  const after = kill.wallMs - arrivals[0];
  const when = after >= 0 ? `${after.toFixed(0)} ms after` : `within ${(-after).toFixed(0)} ms of`;
  return (
    `kill ${kills.indexOf(kill) + 1} came ${when} the SMTP server's acceptance of the first copy, ` +
    `before the worker recorded it (ledger lines for this copy: ${ledgered}); the activity's next attempt, ` +
    `on the new worker, found it neither in the ledger nor in its heartbeat details and sent it again`
  );
}

export function compareMails(baseline: YearRun, faults: YearRun): MailCounts {
  const a = counts(baseline);
  const b = counts(faults);
  const duplicates: MailCounts['duplicates'] = [];
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [id, arrivals] of b) {
    if (arrivals.length > 1)
      duplicates.push({
        id,
        copies: arrivals.length,
        explanation: explain(id, arrivals, faults.kills, faults),
      });
    if (!a.has(id)) extra.push(id);
  }
  for (const [id, arrivals] of a) if ((b.get(id)?.length ?? 0) < arrivals.length) missing.push(id);
  const deduplicated = (run: YearRun) =>
    [run.planState.notifications, ...Object.values(run.items).map((s) => s.notifications)]
      .flat()
      .filter((n) => n.deduplicated).length;
  return {
    baseline: baseline.mails.reduce((n, m) => n + m.recipients.length, 0),
    faults: faults.mails.reduce((n, m) => n + m.recipients.length, 0),
    duplicates,
    missing,
    extra,
    baselineDuplicates: [...a.values()].filter((x) => x.length > 1).length,
    deduplicated: deduplicated(faults) - deduplicated(baseline),
  };
}
