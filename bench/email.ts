// The email fan-out figure (issue 18, item 3): notifications through the email activity, as a ratio
// to plain pooled nodemailer sending the very same copies to the same SMTP server in the same run;
// and, for the gap, plain nodemailer taking the activity's steps one at a time in the same loop:
// making each reader's copy as it is sent, then the ledger's lookups and durable appends around it.
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
import type { MailTransport } from '../activities/email/smtp';
import { SMTP_POOL_CONNECTIONS } from '../domain/delivery';
import type { Notification, SentRecord } from '../domain/notification';
import { renderNotification } from '../domain/templates';
import { type NotificationLedger, openLedger } from '../ledger/notification-ledger';
import { startSmtpCatcher } from '../preview/mail-catcher';
import { SAMPLE_TASK } from '../test/helpers/plans';
import type { EmailFigures, Spent } from './causes';

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

/** The time per notification making its .ics alone took. */
function icsMs(n: number): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) buildCalendarAttachment(notification(i), new Date());
  return (performance.now() - t0) / n;
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

/**
 * The sides taking turns, half of the `n` messages each time, the second round in reverse order:
 * the SMTP server's heap grows with every message it keeps, and a cost that drifts steadily over
 * the run then weighs the same on every side. What each side spent per notification.
 */
async function takeTurns<K extends string>(
  n: number,
  concurrency: number,
  sides: Record<K, (i: number) => Promise<unknown>>,
): Promise<Record<K, Spent>> {
  const names = Object.keys(sides) as K[];
  const spent = Object.fromEntries(names.map((k) => [k, { ms: 0, cpuMs: 0 }])) as Record<K, Spent>;
  const half = Math.ceil(n / 2);
  for (const [from, order] of [
    [0, names],
    [half, [...names].reverse()],
  ] as const) {
    const count = Math.min(half, n - from);
    for (const k of order) {
      const x = await pool(count, concurrency, (i) => sides[k](from + i));
      spent[k].ms += x.ms / n;
      spent[k].cpuMs += x.cpuMs / n;
    }
  }
  return spent;
}

const minus = (a: Spent, b: Spent): Spent => ({ ms: a.ms - b.ms, cpuMs: a.cpuMs - b.cpuMs });

/** What the activity records of a sent copy or notification, for the ledger side of the bench. */
function sentRecord(m: Notification, key: string, to: string[]): SentRecord {
  return {
    workflowId: m.workflowId,
    key,
    kind: m.kind,
    to,
    subject: `关于“${m.task.title}”的提醒`,
    messageId: notificationMessageId(m.workflowId, key),
    sentAt: new Date().toISOString(),
    deduplicated: false,
  };
}

/**
 * Plain nodemailer doing, step by step, what the activity does beyond sending: with `ledger`, the
 * activity's lookups and durable appends around each copy (the notification, then per reader a
 * lookup, the send and its record, then the notification's record); always, the notification's
 * copies made as it is sent.
 */
function stepByStep(plain: MailTransport, links: LinkConfig, ledger?: NotificationLedger) {
  return async (m: Notification) => {
    await ledger?.find(m.workflowId, m.key);
    const copies = await readerCopies(m, links);
    for (const [k, [address]] of [...readersOf(m)].entries()) {
      const key = `${m.key}>${address}`;
      await ledger?.find(m.workflowId, key);
      await plain.sendMail(copies[k]);
      await ledger?.append(sentRecord(m, key, [address]));
    }
    await ledger?.append(
      sentRecord(
        m,
        m.key,
        m.to.map((r) => r.email),
      ),
    );
  };
}

type Sides = 'activity' | 'direct' | 'making' | 'ledgered';

/**
 * The ratio, and where the activity's extra time goes, from what each side spent and the .ics's
 * own time; printed as well.
 */
function figuresOf(
  spent: Record<Sides, Spent>,
  ics: number,
  n: number,
  concurrency: number,
  say: Say,
): EmailFigures {
  const rate = (x: Spent) => 1000 / x.ms;
  say(
    `email: ${n} notifications through the activity, ${concurrency} at a time`,
    `${rate(spent.activity).toFixed(0)} /s`,
  );
  say(`email: the same through plain pooled nodemailer`, `${rate(spent.direct).toFixed(0)} /s`);
  const ratio = rate(spent.activity) / rate(spent.direct);
  say('email: ratio activity / nodemailer', ratio.toFixed(2), '≥ 0.8');
  // One process sends, makes and receives (the SMTP server is in it too), so CPU spent on anything
  // is time not spent sending.
  const figures: EmailFigures = {
    ratio,
    extra: minus(spent.activity, spent.direct),
    making: minus(spent.making, spent.direct),
    ledger: minus(spent.ledgered, spent.making),
    rest: minus(spent.activity, spent.ledgered),
    icsMs: ics,
  };
  const both = (x: Spent) => `${x.ms.toFixed(2)} / ${x.cpuMs.toFixed(2)} ms`;
  say('email, per notification beyond nodemailer, time / CPU: all', both(figures.extra));
  say(
    '  of it: making the copies as they are sent (.ics alone, time)',
    `${both(figures.making)} (${figures.icsMs.toFixed(2)} ms)`,
  );
  say("  of it: the ledger's lookups and durable appends", both(figures.ledger));
  say('  of it: the rest (deadline signal, attempt progress, records)', both(figures.rest));
  return figures;
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
    // Each side warms up on notifications of its own (a tenth as many), so the code all of them
    // share (the SMTP server's, nodemailer's) is compiled before any is timed.
    const warmUp = Math.max(1, Math.round(n / 10));
    // The baseline sends the very messages the activity hands to SMTP (each reader's copy: its link,
    // addresses with names, headers, Message-ID, bodies, .ics), made beforehand.
    const made = await Promise.all(
      Array.from({ length: n + warmUp }, (_, i) => readerCopies(notification(i), links)),
    );
    // Between the two, plain nodemailer taking the activity's steps one at a time, in the same loop
    // against the same SMTP server: what each step costs while mail is flowing.
    const making = stepByStep(plain, links);
    const ledgered = stepByStep(plain, links, openLedger(join(dir, 'ledger-steps.jsonl')));
    const sides: Record<Sides, (i: number) => Promise<unknown>> = {
      activity: (i) => activity.sendNotification(notification(i)),
      direct: async (i) => {
        for (const copy of made[i]) await plain.sendMail(copy);
      },
      making: (i) => making(notification(i)),
      ledgered: (i) => ledgered(notification(i)),
    };
    for (const send of Object.values(sides)) await pool(warmUp, concurrency, (i) => send(n + i));
    const spent = await takeTurns(n, concurrency, sides);
    plain.close();
    return figuresOf(spent, icsMs(n), n, concurrency, say);
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
