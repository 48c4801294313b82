// `npm run worker`: the worker (worker/run.ts) with its log lines and its workflow cache from the
// environment.
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { runWorker } from './run';

// One line per event with the fields an operator looks for; webpack's bundle report is noise here.
const FIELDS = ['workflowId', 'activityType', 'kind', 'key', 'messageId', 'smtpHost', 'error'] as const;
function logLine(entry: LogEntry): void {
  if (entry.message.includes('webpack') || entry.message.startsWith('asset ')) return;
  const meta = entry.meta ?? {};
  const fields = FIELDS.filter((f) => meta[f] !== undefined).map((f) => `${f}=${String(meta[f])}`);
  console.log(`${entry.level} ${entry.message}${fields.length ? ` ${fields.join(' ')}` : ''}`);
}

/** $CIV_MAX_CACHED_WORKFLOWS, else 100. */
function cacheSize(): number {
  const value = Number(process.env.CIV_MAX_CACHED_WORKFLOWS ?? 100);
  if (!Number.isInteger(value) || value < 2)
    throw new Error(
      `CIV_MAX_CACHED_WORKFLOWS must be a whole number of at least 2, not "${process.env.CIV_MAX_CACHED_WORKFLOWS}"`,
    );
  return value;
}

async function main(): Promise<void> {
  Runtime.install({
    logger: new DefaultLogger((process.env.CIV_LOG_LEVEL as 'INFO' | undefined) ?? 'INFO', logLine),
  });
  await runWorker({ maxCachedWorkflows: cacheSize() });
}

main().catch((err: unknown) => {
  console.error(`worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
