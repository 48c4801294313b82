// The scale floor (issue 18): the same load as ours, on the same server and SMTP server in the same
// run, caused by the least workflows can do (bench/floor-workflows.ts), sending the same mails through
// a minimal activity over plain pooled nodemailer. Ours / floor is how much of the time is ours.
import { performance } from 'node:perf_hooks';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap, Worker } from '@temporalio/worker';
import type { ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { SendMailOptions } from 'nodemailer';
import { workflowBundleOptions } from '../config/workflow-bundle';
import { SMTP_POOL_CONNECTIONS } from '../domain/delivery';
import type { SmtpCatcher } from '../preview/mail-catcher';

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

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The floor's workflow code, bundled once per bench run (before any floor is timed, as ours is). */
export function floorBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode(workflowBundleOptions(require.resolve('./floor-workflows')));
  return bundle;
}

/** A worker of the floor's workflows whose activity sends `mails[i]` over pooled nodemailer. */
export async function floorWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  smtpUrl: string,
  mails: SendMailOptions[],
): Promise<{ worker: Worker; close: () => void }> {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: SMTP_POOL_CONNECTIONS,
  } as SMTPTransport.Options);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace,
    taskQueue,
    workflowBundle: await floorBundle(),
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

/**
 * The scale floor: `plans` minimal plans started 64 at a time, each starting `items` children, the
 * first `mails.length / plans` of which send one of `mails`. Seconds until every mail arrived.
 */
export async function scaleFloor(
  env: TestWorkflowEnvironment,
  smtp: SmtpCatcher,
  { plans, items, mails }: { plans: number; items: number; mails: SendMailOptions[] },
): Promise<number> {
  const taskQueue = 'civ-bench-floor';
  const { worker, close } = await floorWorker(env, taskQueue, smtp.url, mails);
  const perPlan = mails.length / plans;
  const before = floorMails(smtp);
  try {
    return await worker.runUntil(async () => {
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
      return until('mails', () => floorMails(smtp) - before >= mails.length, t0);
    });
  } finally {
    close();
  }
}
