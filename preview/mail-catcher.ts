// A real SMTP server on loopback that catches what is sent to it: for the year preview (every email
// of a simulated year) and for the tests. Accepts any message (and any login), keeps the raw bytes,
// the envelope and the parsed mail of each, in arrival order.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerOptions } from 'smtp-server';

export interface CaughtEnvelope {
  mailFrom: string | undefined;
  rcptTo: string[];
  /** User name the client logged in with, if it logged in. */
  user: string | undefined;
}

export interface SmtpCatcher {
  /** `smtp://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Parsed messages, in arrival order; a message is here before the client sees its 250. */
  messages: ParsedMail[];
  /** Raw RFC 5322 source of each message, same order as `messages`. */
  raw: Buffer[];
  /** SMTP envelope of each message, same order as `messages`. */
  envelopes: CaughtEnvelope[];
  /** User names of all logins (the catcher accepts any password). */
  logins: string[];
  /** Resolves with the messages once at least `n` arrived; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

function addressOf(a: SMTPServerAddress | false): string | undefined {
  return a ? a.address : undefined;
}

export interface SmtpCatcherOptions {
  /** Recipients to refuse with `550 mailbox unavailable`, to test permanent rejections. */
  rejectRecipient?: (address: string) => boolean;
  /** Recipients to refuse with `451 try again later` (a transient failure) this many times each. */
  deferRecipient?: (address: string) => number;
  /** Listen on this port (to come back where a stopped server was); by default any free one. */
  port?: number;
}

export async function startSmtpCatcher(options: SmtpCatcherOptions = {}): Promise<SmtpCatcher> {
  const caught: Caught = { messages: [], raw: [], envelopes: [], logins: [], waiters: new Set() };
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // The email activity keeps pooled connections open: close them at once when a test ends.
    closeTimeout: 100,
    // No DNS here: a reverse lookup of 127.0.0.1 would only add its timeout to every message.
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      caught.logins.push(auth.username ?? '');
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onRcptTo: recipientCheck(options),
    onData: catchMessage(caught),
  });
  // A client that vanishes mid-conversation (a worker killed by the fault run) resets its connection:
  // SMTPServer reports that as an 'error' event, which would end the process if no one listened.
  server.on('error', () => undefined);
  await listen(server, options.port ?? 0);
  const { port } = server.server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  // Idempotent: a test that stopped the server to play an outage may close it again.
  const close = (): Promise<void> => (closed ??= new Promise((resolve) => server.close(() => resolve())));

  const { messages, raw, envelopes, logins } = caught;
  const waitFor = (n: number, timeoutMs?: number) => waitForMessages(caught, n, timeoutMs);
  return { url: `smtp://127.0.0.1:${port}`, port, messages, raw, envelopes, logins, waitFor, close };
}

/** What the catcher holds so far, and the `waitFor` calls to wake when a message arrives. */
type Caught = Pick<SmtpCatcher, 'messages' | 'raw' | 'envelopes' | 'logins'> & { waiters: Set<() => void> };

/** Refuses the recipients the options name: deferred ones (451) so many times, rejected ones (550). */
function recipientCheck(options: SmtpCatcherOptions): SMTPServerOptions['onRcptTo'] {
  const deferred = new Map<string, number>();
  return (address, _session, callback) => {
    const defer = options.deferRecipient?.(address.address) ?? 0;
    const seen = (deferred.get(address.address) ?? 0) + 1;
    deferred.set(address.address, seen);
    if (seen <= defer) {
      callback(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
      return;
    }
    if (options.rejectRecipient?.(address.address)) {
      callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      return;
    }
    callback();
  };
}

/** Keeps each message, its source and its envelope before answering 250. */
function catchMessage(caught: Caught): SMTPServerOptions['onData'] {
  return (stream, session, callback) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (err) => callback(err));
    stream.on('end', () => {
      const source = Buffer.concat(chunks);
      simpleParser(source)
        .then((parsed) => {
          caught.raw.push(source);
          caught.envelopes.push({
            mailFrom: addressOf(session.envelope.mailFrom),
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            user: typeof session.user === 'string' ? session.user : undefined,
          });
          caught.messages.push(parsed);
          caught.waiters.forEach((wake) => wake());
          callback();
        })
        .catch((err: Error) => callback(err));
    });
  };
}

function listen(server: SMTPServer, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
}

function waitForMessages(caught: Caught, n: number, timeoutMs = 5_000): Promise<ParsedMail[]> {
  const { messages, waiters } = caught;
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      if (messages.length < n) return false;
      cleanup();
      resolve(messages.slice());
      return true;
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`expected ${n} message(s) within ${timeoutMs} ms, got ${messages.length}`));
    }, timeoutMs);
    const wake = (): void => {
      check();
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      waiters.delete(wake);
    };
    waiters.add(wake);
    check();
  });
}
