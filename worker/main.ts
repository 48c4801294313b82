// The worker: all workflows and activities on one task queue. Connection settings come from the
// standard Temporal environment (see client/connection.ts); SIGINT/SIGTERM drain and stop it.
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogEntry } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { createActivities } from '../activities';
import { connectConfig, TASK_QUEUE } from '../client/connection';

// One line per event with the fields an operator looks for; webpack's bundle report is noise here.
const FIELDS = ['workflowId', 'activityType', 'kind', 'key', 'messageId', 'smtpHost', 'error'] as const;
function logLine(entry: LogEntry): void {
  if (entry.message.includes('webpack') || entry.message.startsWith('asset ')) return;
  const meta = entry.meta ?? {};
  const fields = FIELDS.filter((f) => meta[f] !== undefined).map((f) => `${f}=${String(meta[f])}`);
  console.log(`${entry.level} ${entry.message}${fields.length ? ` ${fields.join(' ')}` : ''}`);
}

async function main(): Promise<void> {
  Runtime.install({
    logger: new DefaultLogger((process.env.CIV_LOG_LEVEL as 'INFO' | undefined) ?? 'INFO', logLine),
  });
  const { address, namespace, options } = connectConfig();
  const connection = await NativeConnection.connect(options);
  // The plan workflow's activities (the Schedule, the bulletins) talk to Temporal themselves.
  const client = new Client({ connection: await Connection.connect(options), namespace });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities({ client, taskQueue: TASK_QUEUE }),
  });
  console.log(`worker: polling task queue "${TASK_QUEUE}" on ${address} (namespace ${namespace})`);
  try {
    await worker.run();
  } finally {
    await Promise.all([connection.close(), client.connection.close()]);
  }
  console.log('worker: stopped');
}

main().catch((err: unknown) => {
  console.error(`worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
