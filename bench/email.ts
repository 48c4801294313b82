// The email fan-out figure (issue 18, item 3): notifications through the email activity, as a ratio
// to plain pooled nodemailer sending the very same copies to the same SMTP server in the same run;
// and, for the gap, what the activity does that the baseline does not: making each reader's copy,
// and its ledger lookups and durable appends.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import {
  buildCalendarAttachment,
  createEmailActivities,
  DEFAULT_MAIL_FROM,
  notificationMessageId,
} from '../activities/email';
import { type LinkConfig, mailMessage, personalLink, readersOf } from '../activities/email/message';
import { SMTP_POOL_CONNECTIONS } from '../domain/delivery';
import type { Notification } from '../domain/notification';
import { renderNotification } from '../domain/templates';
import { openLedger } from '../ledger/notification-ledger';
import { startSmtpCatcher } from '../preview/mail-catcher';
import { SAMPLE_TASK } from '../test/helpers/plans';
import type { EmailFigures } from './causes';

type Say = (figure: string, value: string, target?: string) => void;

function notification(i: number): Notification {
  return {
    workflowId: `civ-2020-task-${String(i % 90).padStart(2, '0')}`,
    key: `bench-${i}`,
    kind: 'reminder',
    to: [{ name: '李明', email: `lead${i}@example.gov.cn`, role: { kind: 'lead', branch: 'office' } }],
    cc: [{ name: '领导小组办公室', email: 'office@example.gov.cn', role: { kind: 'office' } }],
    task: SAMPLE_TASK,
    branches: [{ id: 'office', name: '办公室支部' }],
    daysLeft: 3,
  };
}

/** The copies the email activity sends of `m`, one per reader with their link, as SMTP takes them. */
async function readerCopies(m: Notification, links: LinkConfig): Promise<SendMailOptions[]> {
  const ics = buildCalendarAttachment(m, new Date());
  return Promise.all(
    [...readersOf(m)].map(async ([address, reader]) => {
      const content = {
        ...renderNotification(m, await personalLink(links, m, reader)),
        attachments: ics ? [ics] : [],
      };
      const messageId = notificationMessageId(m.workflowId, `${m.key}>${address}`);
      return mailMessage(DEFAULT_MAIL_FROM, m, content, messageId, { to: [reader] });
    }),
  );
}

/** The copies of `n` notifications, and the time per notification making them and their .ics took. */
async function madeBeforehand(n: number, links: LinkConfig) {
  const t0 = performance.now();
  const made = await Promise.all(Array.from({ length: n }, (_, i) => readerCopies(notification(i), links)));
  const makingMs = (performance.now() - t0) / n;
  const t1 = performance.now();
  for (let i = 0; i < n; i++) buildCalendarAttachment(notification(i), new Date());
  return { made, makingMs, icsMs: (performance.now() - t1) / n };
}

interface Spent {
  ms: number;
  cpuMs: number;
}

/** `count` sends, `concurrency` at a time: wall time and the process's CPU time (all its threads). */
async function pool(
  count: number,
  concurrency: number,
  send: (i: number) => Promise<unknown>,
): Promise<Spent> {
  let next = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await send(next++);
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The two sides taking turns, half of the `n` messages each time; what each spent in all. */
async function takeTurns(
  n: number,
  concurrency: number,
  viaActivity: (i: number) => Promise<unknown>,
  direct: (i: number) => Promise<unknown>,
): Promise<{ viaActivity: Spent; direct: Spent }> {
  const spent = { viaActivity: { ms: 0, cpuMs: 0 }, direct: { ms: 0, cpuMs: 0 } };
  const add = (to: Spent, x: Spent) => {
    to.ms += x.ms;
    to.cpuMs += x.cpuMs;
  };
  const half = Math.ceil(n / 2);
  for (const from of [0, half]) {
    const count = Math.min(half, n - from);
    add(spent.viaActivity, await pool(count, concurrency, (i) => viaActivity(from + i)));
    add(spent.direct, await pool(count, concurrency, (i) => direct(from + i)));
  }
  return spent;
}

/**
 * The ledger's share of a notification, alone: what the activity does for one with two readers
 * (a lookup of the notification, per reader a lookup and a durable append of its copy, then the
 * notification's own record), `concurrency` at a time as the sends were. CPU ms per notification.
 */
async function ledgerCpuMs(dir: string, n: number, concurrency: number): Promise<number> {
  const ledger = openLedger(join(dir, 'ledger-alone.jsonl'));
  const record = (m: Notification, key: string, to: string[]) => ({
    workflowId: m.workflowId,
    key,
    kind: m.kind,
    to,
    subject: `关于“${m.task.title}”的提醒`,
    messageId: notificationMessageId(m.workflowId, key),
    sentAt: new Date().toISOString(),
    deduplicated: false,
  });
  const spent = await pool(n, concurrency, async (i) => {
    const m = notification(i);
    await ledger.find(m.workflowId, m.key);
    for (const [address] of readersOf(m)) {
      const key = `${m.key}>${address}`;
      await ledger.find(m.workflowId, key);
      await ledger.append(record(m, key, [address]));
    }
    await ledger.append(
      record(
        m,
        m.key,
        m.to.map((r) => r.email),
      ),
    );
  });
  return spent.cpuMs / n;
}

/**
 * CPU per notification with no SMTP server: nodemailer's stream transport builds each message and
 * sends it nowhere. The activity through it, against the same copies made beforehand through it:
 * what the activity costs beyond the messages themselves, apart from any SMTP traffic.
 */
async function withoutSmtpCpuMs(dir: string, made: SendMailOptions[][], concurrency: number) {
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const activity = createEmailActivities({
    transport: stream,
    ledgerPath: join(dir, 'ledger-no-smtp.jsonl'),
    logger: { info() {}, warn() {} },
  });
  const n = made.length;
  // Other keys than the SMTP rounds' (a notification the ledger holds is not sent again).
  const fresh = (i: number) => ({ ...notification(i), key: `no-smtp-${i}` });
  const viaActivity = await pool(n, concurrency, (i) => activity.sendNotification(fresh(i)));
  const plain = await pool(n, concurrency, async (i) => {
    for (const copy of made[i]) await stream.sendMail(copy);
  });
  return { activity: viaActivity.cpuMs / n, plain: plain.cpuMs / n };
}

export async function emailFanOut(n: number, concurrency: number, say: Say): Promise<EmailFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'civ-bench-mail-'));
  const smtp = await startSmtpCatcher();
  const saved = { secret: process.env.CIV_PORTAL_SECRET, file: process.env.CIV_PORTAL_KEYS_FILE };
  try {
    // As the stack sends them: each reader their own copy, with their own signed link (the
    // activity reads the signing key from the environment, as the worker's does).
    process.env.CIV_PORTAL_SECRET = randomBytes(32).toString('hex');
    delete process.env.CIV_PORTAL_KEYS_FILE;
    const activity = createEmailActivities({
      smtpUrl: smtp.url,
      ledgerPath: join(dir, 'ledger.jsonl'),
      logger: { info() {}, warn() {} },
    });
    const links = activity.linkConfig()!;
    const plain = nodemailer.createTransport({
      url: smtp.url,
      pool: true,
      maxConnections: SMTP_POOL_CONNECTIONS,
    });
    // The baseline sends the very messages the activity hands to SMTP (each reader's copy: its link,
    // addresses with names, headers, Message-ID, bodies, .ics), made beforehand.
    const { made, makingMs, icsMs } = await madeBeforehand(n, links);
    // Each side gets the same warm-up, then the two take turns, half of the messages each time, so
    // neither gains from the other warming up the SMTP server.
    await activity.sendNotification(notification(n + 1));
    for (const copy of made[0]) await plain.sendMail({ ...copy, messageId: undefined });
    const { viaActivity, direct } = await takeTurns(
      n,
      concurrency,
      (i) => activity.sendNotification(notification(i)),
      async (i) => {
        for (const copy of made[i]) await plain.sendMail(copy);
      },
    );
    plain.close();
    const rate = (x: Spent) => n / (x.ms / 1000);
    say(
      `email: ${n} notifications through the activity, ${concurrency} at a time`,
      `${rate(viaActivity).toFixed(0)} /s`,
    );
    say(`email: the same through plain pooled nodemailer`, `${rate(direct).toFixed(0)} /s`);
    const ratio = rate(viaActivity) / rate(direct);
    say('email: ratio activity / nodemailer', ratio.toFixed(2), '≥ 0.8');
    // Where the activity's extra time goes. One process sends, makes and receives (the SMTP server
    // is in it too), so CPU spent on anything is time not spent sending.
    const extraMs = (viaActivity.ms - direct.ms) / n;
    const extraCpuMs = (viaActivity.cpuMs - direct.cpuMs) / n;
    const ledgerMs = await ledgerCpuMs(dir, n, concurrency);
    say(
      'email, per notification: extra time; extra CPU; making its copies (the .ics); the ledger alone (CPU)',
      `${extraMs.toFixed(2)} ms; ${extraCpuMs.toFixed(2)} ms; ${makingMs.toFixed(2)} ms (${icsMs.toFixed(2)} ms); ${ledgerMs.toFixed(2)} ms`,
    );
    const noSmtp = await withoutSmtpCpuMs(dir, made, concurrency);
    say(
      'email, per notification with no SMTP server (stream transport), CPU: activity / the copies alone',
      `${noSmtp.activity.toFixed(2)} ms / ${noSmtp.plain.toFixed(2)} ms`,
    );
    return { ratio, extraMs, extraCpuMs, makingMs, icsMs, ledgerMs, noSmtp };
  } finally {
    for (const [name, value] of [
      ['CIV_PORTAL_SECRET', saved.secret],
      ['CIV_PORTAL_KEYS_FILE', saved.file],
    ] as const)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
