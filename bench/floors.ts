// The scale floor (issue 18): the same load as ours, on the same server and SMTP server in the same
// run, caused by the least workflows can do (bench/floor-workflows.ts), sending the same mails through
// a minimal activity over plain pooled nodemailer, its worker in a process of its own as ours is
// (bench/floor-worker.ts). Ours / floor is how much of the time is ours.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  type NativeConnection,
  type WorkflowBundleWithSourceMap,
  Worker,
} from '@temporalio/worker';
import type { ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { SendMailOptions } from 'nodemailer';
import { workflowBundleOptions } from '../config/workflow-bundle';
import { SMTP_POOL_CONNECTIONS } from '../domain/delivery';
import type { SmtpCatcher } from '../preview/mail-catcher';
import { startScript, stopProcess } from '../test/helpers/processes';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import { cpuMeter } from './proc';

/** The header that tells the floor's mails from ours at the SMTP server. */
export const FLOOR_HEADER = 'x-civ-floor';

const addresses = (a: ParsedMail['to']): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? ''));

/** The message nodemailer builds again from one of ours as it arrived: same parts, same sizes. */
export function sameMail(m: ParsedMail): SendMailOptions {
  return {
    from: addresses(m.from as ParsedMail['to'])[0] ?? 'civ-office@example.gov.cn',
    to: addresses(m.to),
    cc: addresses(m.cc),
    subject: m.subject,
    text: m.text,
    html: m.html || undefined,
    attachments: m.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
    headers: { [FLOOR_HEADER]: '1' },
  };
}

/** The floor's mails as a file its worker process reads: attachments in base64, as nodemailer takes them. */
export function writeFloorMails(file: string, mails: SendMailOptions[]): void {
  const plain = mails.map((m) => ({
    ...m,
    attachments: (m.attachments ?? []).map((a) => ({
      ...a,
      content: Buffer.from(a.content as Buffer).toString('base64'),
      encoding: 'base64',
    })),
  }));
  writeFileSync(file, JSON.stringify(plain));
}

export const readFloorMails = (file: string): SendMailOptions[] =>
  JSON.parse(readFileSync(file, 'utf8')) as SendMailOptions[];

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The floor's workflow code, bundled once per bench run (before any floor is timed, as ours is). */
export function floorBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode(workflowBundleOptions(require.resolve('./floor-workflows')));
  return bundle;
}

/** Where a floor worker polls. */
export interface FloorServer {
  connection: NativeConnection;
  namespace: string;
}

/**
 * A worker of the floor's workflows whose activity sends `mails[i]` over pooled nodemailer; its
 * workflow code bundled in this process, or already, in the file `codePath`.
 */
export async function floorWorker(
  server: FloorServer,
  taskQueue: string,
  smtpUrl: string,
  mails: SendMailOptions[],
  codePath?: string,
): Promise<{ worker: Worker; close: () => void }> {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: SMTP_POOL_CONNECTIONS,
  } as SMTPTransport.Options);
  const worker = await Worker.create({
    connection: server.connection,
    namespace: server.namespace,
    taskQueue,
    workflowBundle: codePath ? { codePath } : await floorBundle(),
    activities: { floorSend: async (i: number) => void (await transport.sendMail(mails[i])) },
  });
  return { worker, close: () => transport.close() };
}

/** How many of the floor's mails reached the SMTP server. */
export const floorMails = (smtp: SmtpCatcher): number =>
  smtp.messages.filter((m) => m.headers.get(FLOOR_HEADER) === '1').length;

async function until(what: string, done: () => boolean, t0: number): Promise<number> {
  while (!done()) {
    if (performance.now() - t0 > 1_800_000) throw new Error(`floor: ${what} after 30 min`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return (performance.now() - t0) / 1000;
}

/** The scale floor's figures: its time to all mails, and its worker's CPU per workflow (ms, and by thread). */
export interface ScaleFloor {
  seconds: number;
  cpuPerWorkflow: number;
  threads: string;
}

/**
 * The scale floor: `plans` minimal plans started 64 at a time, each starting `items` children, the
 * first `mails.length / plans` of which send one of `mails`; its worker in a process of its own,
 * started as ours is. Seconds until every mail arrived, and the worker's CPU until then.
 */
export async function scaleFloor(
  env: TestWorkflowEnvironment,
  smtp: SmtpCatcher,
  { plans, items, mails }: { plans: number; items: number; mails: SendMailOptions[] },
): Promise<ScaleFloor> {
  const taskQueue = 'civ-bench-floor';
  const dir = mkdtempSync(join(tmpdir(), 'civ-bench-floor-'));
  try {
    const mailsFile = join(dir, 'mails.json');
    writeFloorMails(mailsFile, mails);
    // Bundled here, before the floor's worker starts, as ours' is: webpack never runs in a worker measured.
    const codePath = join(dir, 'floor-workflows.js');
    writeFileSync(codePath, (await floorBundle()).code);
    const workerEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      SMTP_URL: smtp.url,
      CIV_BENCH_FLOOR_QUEUE: taskQueue,
      CIV_BENCH_FLOOR_MAILS: mailsFile,
      CIV_BENCH_FLOOR_BUNDLE: codePath,
    };
    const { proc } = await startScript(
      'bench/floor-worker.ts',
      workerEnv,
      'floor worker: polling',
      120_000,
      WORKER_NODE_FLAGS,
    );
    try {
      return await timeFloor(env, smtp, { taskQueue, plans, items, mails }, cpuMeter(proc.pid!));
    } finally {
      await stopProcess(proc, 'SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The floor's plans started on `taskQueue`, 64 at a time; its figures once every mail arrived. */
async function timeFloor(
  env: TestWorkflowEnvironment,
  smtp: SmtpCatcher,
  {
    taskQueue,
    plans,
    items,
    mails,
  }: { taskQueue: string; plans: number; items: number; mails: SendMailOptions[] },
  cpu: ReturnType<typeof cpuMeter>,
): Promise<ScaleFloor> {
  const perPlan = mails.length / plans;
  const before = floorMails(smtp);
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    for (let p = next++; p < plans; p = next++) {
      const args = Array.from({ length: items }, (_, i) => (i < perPlan ? p * perPlan + i : -1));
      await env.client.workflow.start('floorPlan', {
        taskQueue,
        workflowId: `bench-floor-${Date.now()}-${p}`,
        args: [args],
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(64, plans) }, lane));
  const seconds = await until('mails', () => floorMails(smtp) - before >= mails.length, t0);
  return { seconds, ...cpu(plans * (1 + items)) };
}
