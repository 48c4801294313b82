// SMTP delivery: the pooled nodemailer transport, one transaction under a deadline, and what the
// server's answer means to Temporal. The SMTP URL may carry a password: it is kept out of every
// log line and failure message.
import { ApplicationFailure } from '@temporalio/activity';
import nodemailer from 'nodemailer';
import type { NodemailerError, SendMailOptions } from 'nodemailer';
import {
  SMTP_CONNECTION_TIMEOUT_MS,
  SMTP_GREETING_TIMEOUT_MS,
  SMTP_POOL_CONNECTIONS,
  SMTP_SOCKET_TIMEOUT_MS,
} from '../../domain/delivery';
import { withinDeadline, type Progress } from './progress';

/** What the activity needs from a nodemailer transporter (tests may pass their own). */
export interface MailTransport {
  sendMail(mail: SendMailOptions): Promise<{
    accepted?: (string | { address: string })[];
    rejected?: (string | { address: string })[];
    rejectedErrors?: { recipient?: string; response?: string; message?: string }[];
  }>;
}

/** The SMTP server's answer to a transaction it accepted (perhaps not for every recipient). */
export type SmtpAnswer = Awaited<ReturnType<MailTransport['sendMail']>>;

export interface Rejection {
  address: string;
  reason: string;
}

export interface Smtp {
  /** Host (and port) of the server, for logs and failure messages. */
  host: string;
  /** The hard limit on one transaction, in ms. */
  deadlineMs: number;
  /**
   * One SMTP transaction; a permanent refusal comes back as a non-retryable failure, anything else
   * that goes wrong is thrown as a retryable one.
   */
  send(message: SendMailOptions, progress: Progress): Promise<SmtpAnswer | ApplicationFailure>;
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

function addressOf(a: string | { address: string }): string {
  return typeof a === 'string' ? a : a.address;
}

/** The SMTP server's answer for each refused recipient, e.g. "550 5.1.1 mailbox unavailable". */
export function rejections(info: SmtpAnswer): Rejection[] {
  const errors = info.rejectedErrors ?? [];
  return (info.rejected ?? []).map(addressOf).map((address) => {
    const err = errors.find((e) => e.recipient?.toLowerCase() === address.toLowerCase());
    return { address, reason: err?.response ?? err?.message ?? 'refused by the SMTP server' };
  });
}

export interface SmtpOptions {
  url: string;
  /** A ready transport; by default one to `url`, made on first use. */
  transport?: MailTransport;
  /** Hard limit on one transaction, in ms. */
  deadlineMs: number;
}

export function createSmtp(options: SmtpOptions): Smtp {
  const { url, deadlineMs } = options;
  const { host, secrets } = describeSmtp(url);
  let transport = options.transport;
  const getTransport = (): MailTransport => {
    // Pooled: a connection is reused for the next messages instead of opened for each one, which
    // costs the SMTP handshake (and here about 100 ms) every time.
    transport ??= nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: SMTP_POOL_CONNECTIONS,
      connectionTimeout: SMTP_CONNECTION_TIMEOUT_MS,
      greetingTimeout: SMTP_GREETING_TIMEOUT_MS,
      socketTimeout: SMTP_SOCKET_TIMEOUT_MS,
    });
    return transport;
  };

  async function send(
    message: SendMailOptions,
    progress: Progress,
  ): Promise<SmtpAnswer | ApplicationFailure> {
    try {
      return await withinDeadline(deadlineMs, progress, (signal) =>
        getTransport().sendMail({ ...message, signal }),
      );
    } catch (err) {
      const failure = deliveryFailure(err, host, secrets);
      if (failure.nonRetryable) return failure;
      throw failure;
    }
  }

  return { host, deadlineMs, send };
}
