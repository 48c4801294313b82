// The local stack's services, as the processes that run them. Used by `npm start` (stack/up.ts)
// and by `civ doctor` to know what should be listening where.
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { SEARCH_ATTRIBUTE_FLAGS } from '../wire/search-attributes';
import { dataDir, REPO_DIR } from '../config/paths';

const DATA_DIR = dataDir();

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export const PORTS = {
  temporal: port('CIV_TEMPORAL_PORT', 7233),
  ui: port('CIV_UI_PORT', 8233),
  smtp: port('CIV_SMTP_PORT', 1025),
  inbox: port('CIV_INBOX_PORT', 1080),
  portal: port('CIV_PORTAL_PORT', 8080),
};
export const NAMESPACE = process.env.TEMPORAL_NAMESPACE ?? 'default';

export const URLS = {
  temporal: `127.0.0.1:${PORTS.temporal}`,
  ui: `http://127.0.0.1:${PORTS.ui}/namespaces/${NAMESPACE}/workflows`,
  smtp: `smtp://127.0.0.1:${PORTS.smtp}`,
  inbox: `http://127.0.0.1:${PORTS.inbox}/`,
  portal: `http://127.0.0.1:${PORTS.portal}`,
};

/** `temporal server start-dev` with SQLite persistence in the data folder and our search attributes. */
export function devServerArgs(): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(PORTS.temporal),
    '--ui-port',
    String(PORTS.ui),
    '--namespace',
    NAMESPACE,
    '--db-filename',
    join(DATA_DIR, 'temporal.sqlite'),
    '--log-level',
    'warn',
    ...SEARCH_ATTRIBUTE_FLAGS.flatMap((sa) => ['--search-attribute', sa]),
  ];
}

/** MailDev: SMTP catcher plus web inbox; mails persist in the data folder across restarts. */
export function mailDevArgs(): string[] {
  return [
    join(REPO_DIR, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js'),
    '--smtp',
    String(PORTS.smtp),
    '--web',
    String(PORTS.inbox),
    '--ip',
    '127.0.0.1',
    '--web-ip',
    '127.0.0.1',
    '--mail-directory',
    join(DATA_DIR, 'mail'),
  ];
}

export function isListening(portNumber: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port: portNumber, host });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function waitForPort(portNumber: number, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isListening(portNumber)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not listen on port ${portNumber} within ${timeoutMs / 1000} s`);
}
