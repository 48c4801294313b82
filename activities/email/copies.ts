// The two ways an email goes out: one copy to all its readers, or, with personal links, each
// reader's own copy. Either way nothing an earlier attempt sent is sent again: the ledger knows
// what this host sent, the heartbeat details what any attempt sent.
import { ApplicationFailure } from '@temporalio/activity';
import type { Recipient, SentRecord } from '../../domain/notification';
import { notificationMessageId } from './message-id';
import {
  mailMessage,
  personalLink,
  readersOf,
  render,
  type Envelope,
  type LinkConfig,
  type MailRenderer,
} from './message';
import { markSent, progressOfEarlierAttempts, type Progress, timeForAnotherTransaction } from './progress';
import type { Mailroom } from './mailroom';
import { recordCopy, recordDelivery, recordFailure } from './records';
import { rejections, type Rejection } from './smtp';

/** One copy to everyone, under the notification's own Message-ID. */
export async function sendOneCopy(
  room: Mailroom,
  mail: Envelope,
  content: MailRenderer,
): Promise<SentRecord> {
  const rendered = render(content);
  if (rendered instanceof ApplicationFailure) return recordFailure(room, mail, rendered);
  const messageId = notificationMessageId(mail.workflowId, mail.key);
  const progress = progressOfEarlierAttempts();
  if (progress.sent.includes(mail.key)) {
    // An earlier attempt (maybe on another host) sent it and failed before it could say so.
    room.log()?.info('sent by an earlier attempt, not sending again', {
      workflowId: mail.workflowId,
      key: mail.key,
    });
    return recordDelivery(room, mail, rendered.subject, messageId, []);
  }
  const message = mailMessage(room.from, mail, rendered, messageId, { to: mail.to, cc: mail.cc });
  const info = await room.smtp.send(message, progress);
  if (info instanceof ApplicationFailure) return recordFailure(room, mail, info, rendered.subject);
  markSent(progress, mail.key);
  return recordDelivery(room, mail, rendered.subject, messageId, rejections(info));
}

/** Each reader's own copy, with their own link; a copy already in the ledger is not sent again. */
export async function sendPersonalCopies(
  room: Mailroom,
  mail: Envelope,
  content: MailRenderer,
  config: LinkConfig,
): Promise<SentRecord> {
  const attemptStartMs = Date.now();
  const readers = readersOf(mail);
  const rejected: Rejection[] = [];
  let subject = '';
  const progress = progressOfEarlierAttempts();
  for (const [address, reader] of readers) {
    const partKey = `${mail.key}>${address}`;
    const done = await room.ledger.find(mail.workflowId, partKey);
    if (done) subject = done.subject;
    if (done || progress.sent.includes(partKey)) {
      room.log()?.info('copy already sent, not sending again', { workflowId: mail.workflowId, key: partKey });
      continue;
    }
    // The attempt's time budget: no copy is started that could outlast it (30+ readers on a slow
    // relay); the retry, with what this attempt sent in its heartbeat details, sends the rest.
    if (!timeForAnotherTransaction(room.smtp.deadlineMs, attemptStartMs))
      throw ApplicationFailure.retryable(
        `the attempt's time is nearly spent after ${progress.sent.length} copies: the next attempt sends the rest`,
        'EmailTimeBudget',
      );
    const copy = await sendCopy(room, { mail, content, config, progress }, reader, partKey);
    subject = copy.subject;
    rejected.push(...copy.rejected);
  }
  if (rejected.length === readers.size) {
    const reason = rejected.map((r) => `${r.address}: ${r.reason}`).join('; ');
    const message = `SMTP delivery via ${room.smtp.host} failed: ${reason}`;
    return recordFailure(
      room,
      mail,
      ApplicationFailure.create({ message, type: 'SmtpRejected', nonRetryable: true, details: [reason] }),
      subject,
    );
  }
  return recordDelivery(room, mail, subject, notificationMessageId(mail.workflowId, mail.key), rejected);
}

interface PersonalSend {
  mail: Envelope;
  content: MailRenderer;
  config: LinkConfig;
  progress: Progress;
}

/**
 * One reader's copy under its own key and Message-ID. A refusal of this reader is returned, not
 * thrown, so one bad address does not stop the others.
 */
async function sendCopy(
  room: Mailroom,
  { mail, content, config, progress }: PersonalSend,
  reader: Recipient,
  partKey: string,
): Promise<{ subject: string; rejected: Rejection[] }> {
  const rendered = render(content, await personalLink(config, mail, reader));
  if (rendered instanceof ApplicationFailure) return recordFailure(room, mail, rendered);
  const { subject } = rendered;
  const messageId = notificationMessageId(mail.workflowId, partKey);
  const message = mailMessage(room.from, mail, rendered, messageId, { to: [reader] });
  const info = await room.smtp.send(message, progress);
  if (info instanceof ApplicationFailure) {
    const detail = typeof info.details?.[0] === 'string' ? info.details[0] : info.message;
    return { subject, rejected: [{ address: reader.email, reason: detail }] };
  }
  markSent(progress, partKey);
  await recordCopy(room, mail, partKey, reader, { subject, messageId });
  return { subject, rejected: rejections(info) };
}
