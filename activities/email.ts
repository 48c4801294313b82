// The email activity: renders a Notification in Chinese, sends it over real SMTP with
// nodemailer and records it in the notification ledger. Idempotent: the Message-ID is derived from
// (workflow id, notification key), and a notification the ledger already holds is not sent again.
// The SMTP URL (which may carry credentials) and the sender address come from the worker's
// environment, never from the notification, so no credential ever enters workflow history.
// Its pieces are in email/; this file puts them together.
import { asyncLocalStorage } from '@temporalio/activity';
import { SEND_DEADLINE_MS } from '../domain/delivery';
import type { Notification, SentRecord } from '../domain/notification';
import { loadLinkKeys, portalUrl } from '../links/keys';
import { openLedger } from '../ledger/notification-ledger';
import { sendOneCopy, sendPersonalCopies } from './email/copies';
import type { EmailLogger, Mailroom } from './email/mailroom';
import {
  envelopeProblem,
  notificationContent,
  type Envelope,
  type LinkConfig,
  type MailRenderer,
} from './email/message';
import { recordFailure } from './email/records';
import { createSmtp, type MailTransport } from './email/smtp';

export { buildCalendarAttachment, type CalendarAttachment } from './email/calendar-invite';
export type { Envelope, MailContent, MailRenderer } from './email/message';
export { calendarEventUid, notificationMessageId } from './email/message-id';
export type { EmailLogger } from './email/mailroom';
export type { MailTransport } from './email/smtp';

export const DEFAULT_SMTP_URL = 'smtp://127.0.0.1:1025';
export const DEFAULT_MAIL_FROM = '文明创建领导小组办公室 <civ-office@example.gov.cn>';

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
  links?: LinkConfig | null;
}

export interface EmailActivities {
  sendNotification(n: Notification): Promise<SentRecord>;
  /** Not an activity itself: what other email-sending activities build on. */
  deliver(mail: Envelope, content: MailRenderer): Promise<SentRecord>;
  /** Not an activity either: the personal links' keys and address, null when mails carry none. */
  linkConfig(): LinkConfig | null;
}

function mailroom(options: EmailActivityOptions): Mailroom {
  const env = process.env;
  const smtpUrl = options.smtpUrl ?? (env.SMTP_URL?.trim() || DEFAULT_SMTP_URL);
  const from = options.from ?? (env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM);
  const smtp = createSmtp({
    url: smtpUrl,
    transport: options.transport,
    deadlineMs: options.sendDeadlineMs ?? SEND_DEADLINE_MS,
  });
  const log = (): EmailLogger | undefined => options.logger ?? asyncLocalStorage.getStore()?.log;
  const now = options.now ?? (() => new Date());
  return { from, smtp, ledger: openLedger(options.ledgerPath), now, log };
}

export function createEmailActivities(options: EmailActivityOptions = {}): EmailActivities {
  const room = mailroom(options);

  /** The links configuration, read once: a broken one fails every send, loudly and retryably. */
  let links = options.links;
  const linkConfig = (): LinkConfig | null => {
    if (links === undefined) {
      const keys = loadLinkKeys();
      links = keys ? { keys, baseUrl: portalUrl() } : null;
    }
    return links;
  };

  /**
   * Sends one email once per (workflow id, key): the ledger answers a repeat, the Message-ID is
   * derived from both, a permanent refusal is recorded and thrown as non-retryable. With personal
   * links, each reader gets their own copy (its own Message-ID, its own ledger line), and one
   * refused address does not stop the others.
   */
  async function deliver(mail: Envelope, content: MailRenderer): Promise<SentRecord> {
    const invalid = envelopeProblem(mail);
    if (invalid) return recordFailure(room, mail, invalid);

    const existing = await room.ledger.find(mail.workflowId, mail.key);
    if (existing) {
      room.log()?.info('notification already sent, not sending again', {
        workflowId: mail.workflowId,
        key: mail.key,
        messageId: existing.messageId,
      });
      return { ...existing, deduplicated: true };
    }

    const config = linkConfig();
    return config ? sendPersonalCopies(room, mail, content, config) : sendOneCopy(room, mail, content);
  }

  async function sendNotification(n: Notification): Promise<SentRecord> {
    return deliver(n, notificationContent(n, room.now));
  }

  return { sendNotification, deliver, linkConfig };
}
