// The scale floor's worker (bench/floors.ts) in a process of its own, started as ours is, so that its
// CPU per workflow is read the same way as ours: the floor's workflows, and an activity sending mail
// number i of the file $CIV_BENCH_FLOOR_MAILS over plain pooled nodemailer, its workflow code the
// bundle $CIV_BENCH_FLOOR_BUNDLE built ahead (as ours is). SIGTERM stops it.
import { NativeConnection } from '@temporalio/worker';
import { floorWorker, readFloorMails } from './floors';

async function main(): Promise<void> {
  const env = process.env;
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const mails = readFloorMails(env.CIV_BENCH_FLOOR_MAILS ?? '');
  const { worker, close } = await floorWorker(
    { connection, namespace: env.TEMPORAL_NAMESPACE ?? 'default' },
    env.CIV_BENCH_FLOOR_QUEUE ?? 'civ-bench-floor',
    env.SMTP_URL ?? '',
    mails,
    env.CIV_BENCH_FLOOR_BUNDLE,
  );
  process.once('SIGTERM', () => worker.shutdown());
  console.log('floor worker: polling');
  try {
    await worker.run();
  } finally {
    close();
    await connection.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`floor worker: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
