// Building the message: who an email goes to, its content as each reader gets it, and the
// SendMailOptions handed to SMTP. Rendering is deterministic, so a message that cannot be built
// fails for good rather than being retried.
import { ApplicationFailure } from '@temporalio/activity';
import type { SendMailOptions } from 'nodemailer';
import type { MailKind, Notification, Recipient } from '../../domain/notification';
import type { RenderedNotification } from '../../domain/mail-blocks';
import { renderNotification } from '../../domain/templates';
import type { LinkKeys } from '../../links/keys';
import { signLink } from '../../links/token';
import { buildCalendarAttachment, type CalendarAttachment } from './calendar-invite';

/** Who an email goes to and under which (workflow id, key) it is sent once. */
export interface Envelope {
  workflowId: string;
  key: string;
  kind: MailKind;
  to: Recipient[];
  cc?: Recipient[];
}

export interface MailContent extends RenderedNotification {
  attachments?: { filename: string; content: string; contentType: string }[];
}

/** Renders a message for a reader; `link` is their personal link, when emails carry links. */
export type MailRenderer = (link?: string) => MailContent;

/** Where personal links point and the keys that sign them. */
export interface LinkConfig {
  keys: LinkKeys;
  baseUrl: string;
}

function invalidNotification(reason: string): ApplicationFailure {
  return ApplicationFailure.create({
    message: reason,
    type: 'InvalidNotification',
    nonRetryable: true,
    details: [reason],
  });
}

/** Why an envelope cannot be sent, as a non-retryable failure; undefined when it can. */
export function envelopeProblem(n: Envelope): ApplicationFailure | undefined {
  const problems: string[] = [];
  if (!n.workflowId) problems.push('workflowId is empty');
  if (!n.key) problems.push('key is empty');
  if (n.to.length === 0) problems.push('no recipient');
  [...n.to, ...(n.cc ?? [])].forEach((r, i) => {
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(r.email)) problems.push(`recipient ${i} has no valid email address`);
  });
  if (problems.length === 0) return undefined;
  return invalidNotification(`invalid notification: ${problems.join('; ')}`);
}

/** Renders, failing for good: rendering is deterministic, a retry cannot succeed. */
export function render(content: MailRenderer, link?: string): MailContent | ApplicationFailure {
  try {
    return content(link);
  } catch (err) {
    return invalidNotification(
      `cannot render notification: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** A notification's content: its Chinese text and HTML, and the calendar invite of its deadline. */
export function notificationContent(n: Notification, now: () => Date): MailRenderer {
  // Every reader's copy carries the same invite: built once per email (0.5 ms each), not per copy.
  let invite: { ics?: CalendarAttachment } | undefined;
  return (link) => {
    invite ??= { ics: buildCalendarAttachment(n, now()) };
    return { ...renderNotification(n, link), attachments: invite.ics ? [invite.ics] : [] };
  };
}

/** Everyone who reads the email, by lower-cased address, each once. */
export function readersOf(mail: Envelope): Map<string, Recipient> {
  const readers = new Map<string, Recipient>();
  for (const r of [...mail.to, ...(mail.cc ?? [])]) {
    const address = r.email.toLowerCase();
    // Someone both addressed and copied gets one copy, in the first role they were named in.
    if (!readers.has(address)) readers.set(address, r);
  }
  return readers;
}

/** A reader's own link to act in the role they are addressed in; none for a reader without one. */
export async function personalLink(
  config: LinkConfig,
  mail: Envelope,
  reader: Recipient,
): Promise<string | undefined> {
  if (!reader.role) return undefined;
  const token = await signLink(config.keys, {
    name: reader.name,
    email: reader.email,
    workflowId: mail.workflowId,
    role: reader.role,
  });
  return `${config.baseUrl}/l/${token}`;
}

/** The message as SMTP takes it; the X-Civ headers let a mailbox or a test tell what it is. */
export function mailMessage(
  from: string,
  mail: Envelope,
  rendered: MailContent,
  messageId: string,
  recipients: { to: Recipient[]; cc?: Recipient[] },
): SendMailOptions {
  const { subject, text, html, attachments } = rendered;
  return {
    from,
    to: recipients.to.map((r) => ({ name: r.name, address: r.email })),
    cc: recipients.cc?.map((r) => ({ name: r.name, address: r.email })),
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
}
