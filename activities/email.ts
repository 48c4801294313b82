// The email activity (DESIGN §4): renders a Notification in Chinese, sends it over real SMTP with
// nodemailer and records it in the notification ledger. Idempotent: the Message-ID is derived from
// (workflow id, notification key), and a notification the ledger already holds is not sent again.
// The SMTP URL (which may carry credentials) and the sender address come from the worker's
// environment, never from the notification, so no credential ever enters workflow history.
import { createHash } from 'node:crypto';
import { ApplicationFailure, asyncLocalStorage } from '@temporalio/activity';
import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import nodemailer from 'nodemailer';
import type { NodemailerError, SendMailOptions } from 'nodemailer';
import {
  HEARTBEAT_INTERVAL_MS,
  SEND_DEADLINE_MS,
  SMTP_CONNECTION_TIMEOUT_MS,
  SMTP_GREETING_TIMEOUT_MS,
  SMTP_POOL_CONNECTIONS,
  SMTP_SOCKET_TIMEOUT_MS,
} from '../domain/delivery';
import type {
  Notification,
  NotificationKind,
  PlanMailKind,
  Recipient,
  SentRecord,
} from '../domain/notification';
import {
  formatCategory,
  renderNotification,
  taskLabel,
  type RenderedNotification,
} from '../domain/templates';
import { loadLinkKeys, portalUrl, type LinkKeys } from '../links/keys';
import { signLink } from '../links/token';
import { openLedger, type NotificationLedger } from '../ledger/notification-ledger';

export const DEFAULT_SMTP_URL = 'smtp://127.0.0.1:1025';
export const DEFAULT_MAIL_FROM = '文明创建领导小组办公室 <civ-office@example.gov.cn>';
const MESSAGE_ID_DOMAIN = 'civ.local';
const TIME_ZONE = 'Asia/Shanghai';

/** What the activity needs from a nodemailer transporter (tests may pass their own). */
export interface MailTransport {
  sendMail(mail: SendMailOptions): Promise<{
    accepted?: (string | { address: string })[];
    rejected?: (string | { address: string })[];
    rejectedErrors?: { recipient?: string; response?: string; message?: string }[];
  }>;
}

export interface EmailLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

export interface EmailActivityOptions {
  /** A ready transport; by default one is built from SMTP_URL on first use. */
  transport?: MailTransport;
  /** SMTP URL; by default SMTP_URL from the environment, else smtp://127.0.0.1:1025. */
  smtpUrl?: string;
  /** Ledger file; by default `${CIV_DATA_DIR:-<repo>/data}/notifications.jsonl`. */
  ledgerPath?: string;
  /** Sender; by default MAIL_FROM from the environment, else the office's example address. */
  from?: string;
  /** Clock for `sentAt` and the calendar stamp. */
  now?: () => Date;
  /** Logger; by default the Temporal activity logger when running inside an activity. */
  logger?: EmailLogger;
  /** Hard limit on one SMTP transaction, in ms (default SEND_DEADLINE_MS). */
  sendDeadlineMs?: number;
  /**
   * Personal links: the portal's signing keys and address. By default from CIV_PORTAL_SECRET (or
   * CIV_PORTAL_KEYS_FILE) and CIV_PORTAL_URL; `null` sends one copy without links to everyone.
   */
  links?: { keys: LinkKeys; baseUrl: string } | null;
}

/** Who an email goes to and under which (workflow id, key) it is sent once. */
export interface Envelope {
  workflowId: string;
  key: string;
  kind: NotificationKind | PlanMailKind;
  to: Recipient[];
  cc?: Recipient[];
}

export interface MailContent extends RenderedNotification {
  attachments?: { filename: string; content: string; contentType: string }[];
}

/** Renders a message for a reader; `link` is their personal link, when emails carry links. */
export type MailRenderer = (link?: string) => MailContent;

export interface EmailActivities {
  sendNotification(n: Notification): Promise<SentRecord>;
  /** Not an activity itself: what other email-sending activities build on. */
  deliver(mail: Envelope, content: MailRenderer): Promise<SentRecord>;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The Message-ID of a notification: `<first 32 hex of sha256(workflowId/key)>@civ.local`. */
export function notificationMessageId(workflowId: string, key: string): string {
  return `<${sha256Hex(`${workflowId}/${key}`).slice(0, 32)}@${MESSAGE_ID_DOMAIN}>`;
}

/**
 * UID of the calendar event of a workflow's deadline (`due`) or milestone (`milestone-<id>`).
 * Stable across messages, so a later reminder or a new due date updates the same event.
 */
export function calendarEventUid(workflowId: string, event: string): string {
  return `${sha256Hex(`${workflowId}#${event}`).slice(0, 32)}@${MESSAGE_ID_DOMAIN}`;
}

const DEADLINE_KINDS: ReadonlySet<NotificationKind> = new Set<NotificationKind>([
  'assignment',
  'reminder',
  'milestone-reminder',
  'returned',
  'extended',
]);

export interface CalendarAttachment {
  filename: string;
  content: string;
  contentType: string;
}

/**
 * The `.ics` attachment of a notification with a deadline: an all-day event on the due date (the
 * new due date of a returned task, the milestone date of a milestone reminder), with a reminder at
 * 09:00 the day before. Undefined for kinds without a deadline.
 */
export function buildCalendarAttachment(n: Notification, stamp: Date): CalendarAttachment | undefined {
  if (!DEADLINE_KINDS.has(n.kind)) return undefined;
  const { task } = n;
  const milestone = n.kind === 'milestone-reminder' ? n.milestone : undefined;
  const date = milestone?.due ?? (n.kind === 'returned' ? (n.decision?.newDue ?? task.due) : task.due);
  const start = DateTime.fromISO(date, { zone: TIME_ZONE });
  if (!start.isValid) return undefined;

  const eventId = milestone ? `milestone-${milestone.id}` : 'due';
  const summary = milestone
    ? `【阶段节点】任务${task.id}：${task.title}——${milestone.title}`
    : `【截止】${taskLabel(task)}`;
  const description = [
    `任务名称：${task.title}`,
    `所属类别：${formatCategory(task)}`,
    milestone ? `阶段节点：${milestone.title}` : undefined,
    n.branches.length > 0 ? `责任单位：${n.branches.map((b) => b.name).join('、')}` : undefined,
    // No link here: calendar entries are synced and shared more widely than the email itself.
    n.branches.length > 0 ? '报送方式：通过通知邮件中的链接报送' : undefined,
    `${task.organization}${task.officeName}`,
  ]
    .filter((line): line is string => line !== undefined)
    .join('\n');

  const calendar = ical({
    name: `${task.year}年文明单位创建任务`,
    prodId: { company: 'civ', product: 'civ-notifications', language: 'ZH' },
    method: ICalCalendarMethod.PUBLISH,
  });
  calendar.createEvent({
    id: calendarEventUid(n.workflowId, eventId),
    // Every change of the due date raises the sequence, so calendar clients replace the event even
    // when the new date is earlier. Milestones never move.
    sequence: milestone ? 0 : (n.sequence ?? 0),
    stamp,
    start,
    end: start.plus({ days: 1 }),
    allDay: true,
    summary,
    description,
    alarms: [{ type: ICalAlarmType.display, trigger: 15 * 3600, description: summary }],
  });

  return {
    filename: milestone ? `task-${task.id}-milestone-${milestone.id}.ics` : `task-${task.id}-due.ics`,
    content: calendar.toString(),
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
  };
}

/**
 * What an attempt has sent so far, kept in the activity's heartbeat details: the Temporal server
 * holds them and hands them to the next attempt on whichever worker it runs, so a retry on another
 * host does not send again what this one already sent (the ledger is only this host's).
 */
interface Progress {
  sent: string[];
}

function progressOfEarlierAttempts(): Progress {
  const details = asyncLocalStorage.getStore()?.info.heartbeatDetails as Partial<Progress> | undefined;
  return { sent: Array.isArray(details?.sent) ? details.sent.filter((k) => typeof k === 'string') : [] };
}

/** Records a sent copy in the heartbeat details at once, not at the next interval. */
function markSent(progress: Progress, key: string): void {
  progress.sent.push(key);
  asyncLocalStorage.getStore()?.heartbeat(progress);
}

function defaultLogger(): EmailLogger | undefined {
  return asyncLocalStorage.getStore()?.log;
}

/**
 * Runs one SMTP transaction under a hard deadline, heartbeating inside an activity. The
 * transaction is cut when the deadline passes or Temporal cancels the activity (its timeout ran
 * out, the workflow went away), so no earlier attempt is still sending when a retry starts.
 */
async function withinDeadline<T>(
  deadlineMs: number,
  progress: Progress,
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const activity = asyncLocalStorage.getStore();
  const signals = [AbortSignal.timeout(deadlineMs)];
  if (activity) signals.push(activity.cancellationSignal);
  const beat = activity && setInterval(() => activity.heartbeat(progress), HEARTBEAT_INTERVAL_MS);
  try {
    activity?.heartbeat(progress);
    return await send(AbortSignal.any(signals));
  } finally {
    if (beat) clearInterval(beat);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Host (and port) of an SMTP URL, for logs: never the user name or password. */
function describeSmtp(url: string): { host: string; secrets: string[] } {
  try {
    const parsed = new URL(url);
    const secrets = parsed.password === '' ? [] : [parsed.password, safeDecode(parsed.password)];
    return { host: parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname, secrets };
  } catch {
    return { host: '(invalid SMTP_URL)', secrets: [] };
  }
}

function redact(text: string, secrets: string[]): string {
  return secrets.reduce((out, secret) => (secret.length > 0 ? out.split(secret).join('***') : out), text);
}

function addressOf(a: string | { address: string }): string {
  return typeof a === 'string' ? a : a.address;
}

/** A failure Temporal can act on: a permanent SMTP rejection is not retried, anything else is. */
function deliveryFailure(err: unknown, host: string, secrets: string[]): ApplicationFailure {
  const e = (err ?? {}) as NodemailerError;
  const detail = redact(
    [e.code, e.command, e.response ?? e.message].filter((p) => typeof p === 'string' && p !== '').join(' '),
    secrets,
  );
  const message = `SMTP delivery via ${host} failed: ${detail || 'unknown error'}`;
  const permanent = e.permanent === true && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE');
  return permanent
    ? ApplicationFailure.create({ message, type: 'SmtpRejected', nonRetryable: true, details: [detail] })
    : ApplicationFailure.retryable(message, 'SmtpDeliveryFailed');
}

function validate(n: Envelope): void {
  const problems: string[] = [];
  if (!n.workflowId) problems.push('workflowId is empty');
  if (!n.key) problems.push('key is empty');
  if (n.to.length === 0) problems.push('no recipient');
  [...n.to, ...(n.cc ?? [])].forEach((r, i) => {
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(r.email)) problems.push(`recipient ${i} has no valid email address`);
  });
  if (problems.length > 0) {
    const reason = `invalid notification: ${problems.join('; ')}`;
    throw ApplicationFailure.create({
      message: reason,
      type: 'InvalidNotification',
      nonRetryable: true,
      details: [reason],
    });
  }
}

/** The SMTP server's answer for each refused recipient, e.g. "550 5.1.1 mailbox unavailable". */
function rejections(
  info: Awaited<ReturnType<MailTransport['sendMail']>>,
): { address: string; reason: string }[] {
  const errors = info.rejectedErrors ?? [];
  return (info.rejected ?? []).map(addressOf).map((address) => {
    const err = errors.find((e) => e.recipient?.toLowerCase() === address.toLowerCase());
    return { address, reason: err?.response ?? err?.message ?? 'refused by the SMTP server' };
  });
}

export function createEmailActivities(options: EmailActivityOptions = {}): EmailActivities {
  const env = process.env;
  const smtpUrl = options.smtpUrl ?? (env.SMTP_URL?.trim() || DEFAULT_SMTP_URL);
  const from = options.from ?? (env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM);
  const now = options.now ?? (() => new Date());
  const ledger: NotificationLedger = openLedger(options.ledgerPath);
  const smtp = describeSmtp(smtpUrl);
  let transport: MailTransport | undefined = options.transport;

  const getTransport = (): MailTransport => {
    // Pooled: a connection is reused for the next messages instead of opened for each one, which
    // costs the SMTP handshake (and here about 100 ms) every time.
    transport ??= nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: SMTP_POOL_CONNECTIONS,
      connectionTimeout: SMTP_CONNECTION_TIMEOUT_MS,
      greetingTimeout: SMTP_GREETING_TIMEOUT_MS,
      socketTimeout: SMTP_SOCKET_TIMEOUT_MS,
    });
    return transport;
  };

  /** Writes a permanent failure to the ledger (the year's record of every email) and throws it. */
  async function fail(mail: Envelope, failure: ApplicationFailure, subject?: string): Promise<never> {
    await ledger.appendFailure({
      workflowId: mail.workflowId,
      key: mail.key,
      kind: mail.kind,
      to: [...mail.to, ...(mail.cc ?? [])].map((r) => r.email),
      subject,
      reason: failure.message,
      failedAt: now().toISOString(),
    });
    (options.logger ?? defaultLogger())?.warn('notification not deliverable', {
      workflowId: mail.workflowId,
      key: mail.key,
      error: failure.message,
    });
    throw failure;
  }

  /** The links configuration, read once: a broken one fails every send, loudly and retryably. */
  let links: { keys: LinkKeys; baseUrl: string } | null | undefined = options.links;
  const linkConfig = (): { keys: LinkKeys; baseUrl: string } | null => {
    if (links === undefined) {
      const keys = loadLinkKeys();
      links = keys ? { keys, baseUrl: portalUrl() } : null;
    }
    return links;
  };

  /** Renders, failing for good: rendering is deterministic, a retry cannot succeed. */
  function render(content: MailRenderer, link?: string): MailContent | ApplicationFailure {
    try {
      return content(link);
    } catch (err) {
      const reason = `cannot render notification: ${err instanceof Error ? err.message : String(err)}`;
      return ApplicationFailure.create({
        message: reason,
        type: 'InvalidNotification',
        nonRetryable: true,
        details: [reason],
      });
    }
  }

  /** One SMTP transaction; a permanent refusal comes back as a non-retryable failure. */
  async function transmit(
    mail: Envelope,
    rendered: MailContent,
    messageId: string,
    to: Recipient[],
    cc: Recipient[] | undefined,
    progress: Progress,
  ): Promise<Awaited<ReturnType<MailTransport['sendMail']>> | ApplicationFailure> {
    const { subject, text, html, attachments } = rendered;
    const message: SendMailOptions = {
      from,
      to: to.map((r) => ({ name: r.name, address: r.email })),
      cc: cc?.map((r) => ({ name: r.name, address: r.email })),
      subject,
      text,
      html,
      messageId,
      headers: {
        'X-Civ-Workflow': mail.workflowId,
        'X-Civ-Key': mail.key,
        'X-Civ-Kind': mail.kind,
        'Auto-Submitted': 'auto-generated',
      },
      attachments: attachments ?? [],
    };
    try {
      return await withinDeadline(options.sendDeadlineMs ?? SEND_DEADLINE_MS, progress, (signal) =>
        getTransport().sendMail({ ...message, signal }),
      );
    } catch (err) {
      const failure = deliveryFailure(err, smtp.host, smtp.secrets);
      if (failure.nonRetryable) return failure;
      throw failure;
    }
  }

  /** Each reader's own copy, with their own link; a copy already in the ledger is not sent again. */
  async function deliverPersonally(
    mail: Envelope,
    content: MailRenderer,
    config: { keys: LinkKeys; baseUrl: string },
  ): Promise<SentRecord> {
    const log = options.logger ?? defaultLogger();
    const readers = new Map<string, Recipient>();
    for (const r of [...mail.to, ...(mail.cc ?? [])]) {
      const address = r.email.toLowerCase();
      // Someone both addressed and copied gets one copy, in the first role they were named in.
      if (!readers.has(address)) readers.set(address, r);
    }
    const rejected: { address: string; reason: string }[] = [];
    let subject = '';
    const progress = progressOfEarlierAttempts();
    for (const [address, reader] of readers) {
      const partKey = `${mail.key}>${address}`;
      const done = await ledger.find(mail.workflowId, partKey);
      if (done) subject = done.subject;
      if (done || progress.sent.includes(partKey)) {
        log?.info('copy already sent, not sending again', { workflowId: mail.workflowId, key: partKey });
        continue;
      }
      const link = reader.role
        ? `${config.baseUrl}/l/${await signLink(config.keys, {
            name: reader.name,
            email: reader.email,
            workflowId: mail.workflowId,
            role: reader.role,
          })}`
        : undefined;
      const rendered = render(content, link);
      if (rendered instanceof ApplicationFailure) return fail(mail, rendered);
      subject = rendered.subject;
      const messageId = notificationMessageId(mail.workflowId, partKey);
      const info = await transmit(mail, rendered, messageId, [reader], undefined, progress);
      if (info instanceof ApplicationFailure) {
        const detail = typeof info.details?.[0] === 'string' ? info.details[0] : info.message;
        rejected.push({ address: reader.email, reason: detail });
        continue;
      }
      rejected.push(...rejections(info));
      markSent(progress, partKey);
      await ledger.append({
        workflowId: mail.workflowId,
        key: partKey,
        kind: mail.kind,
        to: [reader.email],
        subject,
        messageId,
        sentAt: now().toISOString(),
        deduplicated: false,
      });
    }
    if (rejected.length === readers.size) {
      const reason = rejected.map((r) => `${r.address}: ${r.reason}`).join('; ');
      const message = `SMTP delivery via ${smtp.host} failed: ${reason}`;
      return fail(
        mail,
        ApplicationFailure.create({ message, type: 'SmtpRejected', nonRetryable: true, details: [reason] }),
        subject,
      );
    }
    return record(mail, subject, notificationMessageId(mail.workflowId, mail.key), rejected, log);
  }

  /** The record of a delivered notification: written to the ledger, logged, returned. */
  async function record(
    mail: Envelope,
    subject: string,
    messageId: string,
    rejected: { address: string; reason: string }[],
    log: EmailLogger | undefined,
  ): Promise<SentRecord> {
    if (rejected.length > 0)
      log?.warn('SMTP server rejected some recipients', {
        workflowId: mail.workflowId,
        key: mail.key,
        rejected: rejected.map((r) => r.address),
      });
    const sent: SentRecord = {
      workflowId: mail.workflowId,
      key: mail.key,
      kind: mail.kind,
      to: mail.to.map((r) => r.email),
      subject,
      messageId,
      sentAt: now().toISOString(),
      deduplicated: false,
      ...(rejected.length > 0 ? { rejected } : {}),
    };
    await ledger.append(sent);
    log?.info('notification sent', {
      workflowId: mail.workflowId,
      key: mail.key,
      kind: mail.kind,
      messageId,
      smtpHost: smtp.host,
    });
    return sent;
  }

  /**
   * Sends one email once per (workflow id, key): the ledger answers a repeat, the Message-ID is
   * derived from both, a permanent refusal is recorded and thrown as non-retryable. With personal
   * links, each reader gets their own copy (its own Message-ID, its own ledger line), and one
   * refused address does not stop the others.
   */
  async function deliver(mail: Envelope, content: MailRenderer): Promise<SentRecord> {
    const log = options.logger ?? defaultLogger();
    try {
      validate(mail);
    } catch (err) {
      return fail(mail, err as ApplicationFailure);
    }

    const existing = await ledger.find(mail.workflowId, mail.key);
    if (existing) {
      log?.info('notification already sent, not sending again', {
        workflowId: mail.workflowId,
        key: mail.key,
        messageId: existing.messageId,
      });
      return { ...existing, deduplicated: true };
    }

    const config = linkConfig();
    if (config) return deliverPersonally(mail, content, config);

    const rendered = render(content);
    if (rendered instanceof ApplicationFailure) return fail(mail, rendered);
    const messageId = notificationMessageId(mail.workflowId, mail.key);
    const progress = progressOfEarlierAttempts();
    if (progress.sent.includes(mail.key)) {
      // An earlier attempt (maybe on another host) sent it and failed before it could say so.
      log?.info('sent by an earlier attempt, not sending again', {
        workflowId: mail.workflowId,
        key: mail.key,
      });
      return record(mail, rendered.subject, messageId, [], log);
    }
    const info = await transmit(mail, rendered, messageId, mail.to, mail.cc, progress);
    if (info instanceof ApplicationFailure) return fail(mail, info, rendered.subject);
    markSent(progress, mail.key);
    return record(mail, rendered.subject, messageId, rejections(info), log);
  }

  async function sendNotification(n: Notification): Promise<SentRecord> {
    return deliver(n, (link) => {
      const ics = buildCalendarAttachment(n, now());
      return { ...renderNotification(n, link), attachments: ics ? [ics] : [] };
    });
  }

  return { sendNotification, deliver };
}
