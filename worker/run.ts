// Running a worker: all workflows and activities on one task queue, connected from the standard
// Temporal environment (client/connection.ts), with the workflow code bundled ahead
// (worker/bundle.ts). SIGINT/SIGTERM drain and stop it. `npm run worker` runs it as it is; the fault
// runs (faults/worker.ts) adapt it to the time-skipping test server.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { type Activities, createActivities } from '../activities';
import { connectConfig, TASK_QUEUE } from '../client/connection';
import { ensureWorkflowBundle } from './bundle';

export interface RunWorkerOptions {
  /** Workflows kept in memory (0: none, every task replays its history). */
  maxCachedWorkflows: number;
  /** Changes to the activities, for a server that lacks a capability (the test server's Schedules). */
  adapt?: (activities: Activities) => Activities;
}

export async function runWorker(o: RunWorkerOptions): Promise<void> {
  const { address, namespace, options } = connectConfig();
  const connection = await NativeConnection.connect(options);
  // The plan workflow's activities (the Schedule, the bulletins) talk to Temporal themselves.
  const client = new Client({ connection: await Connection.connect(options), namespace });
  const activities = createActivities({ client, taskQueue: TASK_QUEUE });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue: TASK_QUEUE,
    // Bundled ahead, in a process of its own: webpack would stay in this one's memory.
    workflowBundle: { codePath: await ensureWorkflowBundle() },
    activities: o.adapt ? o.adapt(activities) : activities,
    maxCachedWorkflows: o.maxCachedWorkflows,
  });
  console.log(`worker: polling task queue "${TASK_QUEUE}" on ${address} (namespace ${namespace})`);
  try {
    await worker.run();
  } finally {
    await Promise.all([connection.close(), client.connection.close()]);
  }
  console.log('worker: stopped');
}
