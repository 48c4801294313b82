// What `npm run faults:kill-worker` prints: the table of figures, then each difference, duplicate
// and missing email on a line of its own.
import { localDate } from '../domain/calendar';
import type { MailCounts, WorkflowDiff } from './compare';
import type { KillWorkerOptions } from './options';
import type { YearRun } from './year-run';

/** `2020-04-01 09:00:00` in Asia/Shanghai, the plan's own clock. */
function shanghai(ms: number): string {
  const seconds = Math.floor(((ms + 8 * 3_600_000) % 86_400_000) / 1000);
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor(seconds / 60) % 60).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${localDate(ms)} ${hh}:${mm}:${ss}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function printReport(r: {
  options: KillWorkerOptions;
  baseline: YearRun;
  faults: YearRun;
  workflows: { compared: number; diffs: WorkflowDiff[] };
  mails: MailCounts;
  log: (line: string) => void;
}): void {
  const { options, baseline, faults, workflows, mails, log } = r;
  const restart = faults.kills.map((k) => k.restartMs);
  const rows: [string, string][] = [
    ['seed', String(options.seed)],
    ['kills asked / done', `${options.kills} / ${faults.kills.length}`],
    ['worker processes started (with faults)', String(faults.workerStarts)],
    [
      'simulated dates of the kills (Asia/Shanghai)',
      faults.kills.map((k) => shanghai(k.simAt)).join(', ') || '—',
    ],
    [
      'new worker polling after SIGKILL (min / max)',
      restart.length ? `${seconds(Math.min(...restart))} / ${seconds(Math.max(...restart))}` : '—',
    ],
    ['wall time without / with faults', `${seconds(baseline.wallMs)} / ${seconds(faults.wallMs)}`],
    ['workflows compared (plan + items)', String(workflows.compared)],
    ['workflows that differ', String(workflows.diffs.length)],
    ['actions refused (without / with faults)', `${baseline.refused.length} / ${faults.refused.length}`],
    ['emails received, per recipient (without / with faults)', `${mails.baseline} / ${mails.faults}`],
    [
      'duplicate emails (with faults; without: ' + mails.baselineDuplicates + ')',
      String(mails.duplicates.length),
    ],
    ['missing emails', String(mails.missing.length)],
    ['emails with faults only', String(mails.extra.length)],
    ['notifications answered from the ledger after a kill', String(mails.deduplicated)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  log('');
  for (const [k, v] of rows) log(`${k.padEnd(width)}  ${v}`);
  for (const d of workflows.diffs) {
    log(`DIFFERS ${d.workflowId}:`);
    for (const p of d.paths.slice(0, 20)) log(`  ${p}`);
    if (d.paths.length > 20) log(`  … ${d.paths.length - 20} more`);
  }
  for (const d of mails.duplicates) log(`DUPLICATE ${d.id} ×${d.copies}: ${d.explanation}`);
  for (const id of mails.missing) log(`MISSING ${id}`);
  for (const id of mails.extra) log(`EXTRA ${id}`);
  for (const x of [...baseline.refused, ...faults.refused]) log(`REFUSED ${x.action}: ${x.reason}`);
  const ok = workflows.diffs.length === 0 && mails.missing.length === 0;
  log(
    ok
      ? `OK: every workflow ended as without faults, no email missing, ${mails.duplicates.length} duplicate(s).`
      : 'FAILED: see the lines above.',
  );
}
