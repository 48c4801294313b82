// What a delivery leaves behind: its line in the notification ledger (the year's record of every
// email) and in the log, for a notification delivered and for one that cannot be.
import type { ApplicationFailure } from '@temporalio/activity';
import type { Recipient, SentRecord } from '../../domain/notification';
import type { Mailroom } from './mailroom';
import type { Envelope } from './message';
import type { Rejection } from './smtp';

/** Writes a permanent failure to the ledger and throws it. */
export async function recordFailure(
  room: Mailroom,
  mail: Envelope,
  failure: ApplicationFailure,
  subject?: string,
): Promise<never> {
  await room.ledger.appendFailure({
    workflowId: mail.workflowId,
    key: mail.key,
    kind: mail.kind,
    to: [...mail.to, ...(mail.cc ?? [])].map((r) => r.email),
    subject,
    reason: failure.message,
    failedAt: room.now().toISOString(),
  });
  room.log()?.warn('notification not deliverable', {
    workflowId: mail.workflowId,
    key: mail.key,
    error: failure.message,
  });
  throw failure;
}

/** The record of a delivered notification: written to the ledger, logged, returned. */
export async function recordDelivery(
  room: Mailroom,
  mail: Envelope,
  subject: string,
  messageId: string,
  rejected: Rejection[],
): Promise<SentRecord> {
  if (rejected.length > 0)
    room.log()?.warn('SMTP server rejected some recipients', {
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
    sentAt: room.now().toISOString(),
    deduplicated: false,
    ...(rejected.length > 0 ? { rejected } : {}),
  };
  await room.ledger.append(sent);
  room.log()?.info('notification sent', {
    workflowId: mail.workflowId,
    key: mail.key,
    kind: mail.kind,
    messageId,
    smtpHost: room.smtp.host,
  });
  return sent;
}

/** One reader's own copy, under its own key, so a retry does not send it again. */
export async function recordCopy(
  room: Mailroom,
  mail: Envelope,
  key: string,
  reader: Recipient,
  sent: { subject: string; messageId: string },
): Promise<void> {
  await room.ledger.append({
    workflowId: mail.workflowId,
    key,
    kind: mail.kind,
    to: [reader.email],
    subject: sent.subject,
    messageId: sent.messageId,
    sentAt: room.now().toISOString(),
    deduplicated: false,
  });
}
