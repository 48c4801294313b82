// The worker the fault runs kill and start again: `npm run worker`'s (worker/run.ts), with what the
// time-skipping test server forces.
//  - It has no Schedules: the monthly-theme Schedule activity answers "exists", and the driver starts
//    each month's theme as the Schedule would (as preview/run.ts does in-process).
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runWorker } from '../worker/run';

Runtime.install({ logger: new DefaultLogger('WARN') });
runWorker({
  maxCachedWorkflows: 100,
  adapt: (activities) => ({ ...activities, ensureThemeSchedule: async () => false }),
}).catch((err: unknown) => {
  console.error(`worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
