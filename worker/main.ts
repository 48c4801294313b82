// The worker: all workflows and activities on one task queue. Connection settings come from the
// standard Temporal environment (see client/connection.ts); SIGINT/SIGTERM drain and stop it.
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { connectConfig, TASK_QUEUE } from '../client/connection';

async function main(): Promise<void> {
  const { address, namespace, options } = connectConfig();
  const connection = await NativeConnection.connect(options);
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities(),
  });
  console.log(`worker: polling task queue "${TASK_QUEUE}" on ${address} (namespace ${namespace})`);
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
  console.log('worker: stopped');
}

main().catch((err: unknown) => {
  console.error(`worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
