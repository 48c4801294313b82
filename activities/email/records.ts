// What a delivery leaves behind: its line in the notification ledger (the year's record of every
// email) and in the log, for a notification delivered and for one that cannot be.
import type { ApplicationFailure } from '@temporalio/activity';
import type { Recipient, SentRecord } from '../../domain/notification';
import type { NotificationLedger } from '../../ledger/notification-ledger';
import type { Envelope } from './message';
import type { Rejection } from './smtp';

export interface EmailLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

export interface RecordsOptions {
  ledger: NotificationLedger;
  now: () => Date;
  /** The logger of the moment: inside an activity, the activity's own. */
  log: () => EmailLogger | undefined;
  smtpHost: string;
}

export interface Records {
  /** Writes a permanent failure to the ledger and throws it. */
  failed(mail: Envelope, failure: ApplicationFailure, subject?: string): Promise<never>;
  /** The record of a delivered notification: written to the ledger, logged, returned. */
  delivered(mail: Envelope, subject: string, messageId: string, rejected: Rejection[]): Promise<SentRecord>;
  /** One reader's own copy, under its own key, so a retry does not send it again. */
  copySent(mail: Envelope, key: string, reader: Recipient, subject: string, messageId: string): Promise<void>;
}

export function createRecords({ ledger, now, log, smtpHost }: RecordsOptions): Records {
  async function failed(mail: Envelope, failure: ApplicationFailure, subject?: string): Promise<never> {
    await ledger.appendFailure({
      workflowId: mail.workflowId,
      key: mail.key,
      kind: mail.kind,
      to: [...mail.to, ...(mail.cc ?? [])].map((r) => r.email),
      subject,
      reason: failure.message,
      failedAt: now().toISOString(),
    });
    log()?.warn('notification not deliverable', {
      workflowId: mail.workflowId,
      key: mail.key,
      error: failure.message,
    });
    throw failure;
  }

  async function delivered(
    mail: Envelope,
    subject: string,
    messageId: string,
    rejected: Rejection[],
  ): Promise<SentRecord> {
    if (rejected.length > 0)
      log()?.warn('SMTP server rejected some recipients', {
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
    log()?.info('notification sent', {
      workflowId: mail.workflowId,
      key: mail.key,
      kind: mail.kind,
      messageId,
      smtpHost,
    });
    return sent;
  }

  async function copySent(
    mail: Envelope,
    key: string,
    reader: Recipient,
    subject: string,
    messageId: string,
  ): Promise<void> {
    await ledger.append({
      workflowId: mail.workflowId,
      key,
      kind: mail.kind,
      to: [reader.email],
      subject,
      messageId,
      sentAt: now().toISOString(),
      deduplicated: false,
    });
  }

  return { failed, delivered, copySent };
}
