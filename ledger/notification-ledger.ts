// The notification ledger: an append-only JSON-lines file with one SentRecord per line, written
// after the SMTP server accepted a message, and one FailedRecord per message that could not be
// delivered at all. It makes the email activity idempotent across retries,
// worker restarts and workflow resets, and is the audit trail of what was sent for the year-end
// review. A crash can leave a torn last line; readers skip it and the next append starts afresh.
import {
  closeSync,
  fstatSync,
  fsync as fsyncCallback,
  mkdirSync,
  openSync,
  promises as fs,
  readSync,
  writeSync,
} from 'node:fs';
import { promisify } from 'node:util';
import * as path from 'node:path';
import {
  type MailKind,
  NOTIFICATION_KINDS,
  PLAN_NOTIFICATION_KINDS,
  PORTAL_MAIL_KINDS,
  type SentRecord,
} from '../domain/notification';
import { scopeOfWorkflowId } from '../domain/organization';
import { dataDir } from '../config/paths';

const fsync = promisify(fsyncCallback);

export interface LedgerFilter {
  /** Year of the workflow, read from the workflow id (`civ-[<org>-]<year>-…`), with `org`. */
  year?: number;
  /** With `year`: the organization key; absent for the home organization. */
  org?: string;
  workflowIdPrefix?: string;
}

/** A notification nobody received: the SMTP server refused it for good, or it could not be built. */
export interface FailedRecord {
  status: 'failed';
  workflowId: string;
  key: string;
  kind: MailKind;
  to: string[];
  subject?: string;
  reason: string;
  failedAt: string;
}

export interface NotificationLedger {
  readonly path: string;
  /** The record of (workflowId, key), if that notification was sent. */
  find(workflowId: string, key: string): Promise<SentRecord | undefined>;
  /** Appends one record and flushes it to disk (fsync) before resolving. */
  append(record: SentRecord): Promise<void>;
  /** Appends the record of a notification that could not be delivered. */
  appendFailure(record: Omit<FailedRecord, 'status'>): Promise<void>;
  /** All readable records of sent notifications in the order they were written, optionally filtered. */
  list(filter?: LedgerFilter): Promise<SentRecord[]>;
  /** All records of undeliverable notifications, optionally filtered. */
  failures(filter?: LedgerFilter): Promise<FailedRecord[]>;
}

/** `${CIV_DATA_DIR}/notifications.jsonl`, or `<repo>/data/notifications.jsonl`. */
export function defaultLedgerPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'notifications.jsonl');
}

const KINDS: ReadonlySet<string> = new Set([
  ...NOTIFICATION_KINDS,
  ...PLAN_NOTIFICATION_KINDS,
  ...PORTAL_MAIL_KINDS,
]);

function isRecord(value: unknown): value is SentRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.workflowId === 'string' &&
    typeof r.key === 'string' &&
    typeof r.kind === 'string' &&
    KINDS.has(r.kind) &&
    Array.isArray(r.to) &&
    r.to.every((t) => typeof t === 'string') &&
    typeof r.subject === 'string' &&
    typeof r.messageId === 'string' &&
    typeof r.sentAt === 'string' &&
    typeof r.deduplicated === 'boolean'
  );
}

function isFailure(value: unknown): value is FailedRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    r.status === 'failed' &&
    typeof r.workflowId === 'string' &&
    typeof r.key === 'string' &&
    typeof r.kind === 'string' &&
    KINDS.has(r.kind) &&
    Array.isArray(r.to) &&
    typeof r.reason === 'string' &&
    typeof r.failedAt === 'string'
  );
}

function parseLine(line: string): SentRecord | FailedRecord | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return isRecord(value) || isFailure(value) ? value : undefined;
  } catch {
    return undefined; // a torn or otherwise damaged line
  }
}

function sent(record: SentRecord | FailedRecord | undefined): record is SentRecord {
  return record !== undefined && !('status' in record && record.status === 'failed');
}

/** The year in a workflow id such as `civ-2020-task-05` or `civ-wuxi-jgswj-2020-task-05`. */
export function workflowYear(workflowId: string): number | undefined {
  return scopeOfWorkflowId(workflowId)?.year;
}

// Appends to one file are written in order by one writer per process, so the "does the file end
// with a newline?" check and the write that follows it cannot interleave with another append.
// Group commit: records appended while a write is being synced go out together in the next write,
// with one fsync for all of them; each append still resolves only once its record is on disk.
interface Batch {
  lines: string[];
  done: Promise<void>;
}
const writers = new Map<string, { writing: Promise<void>; next?: Batch }>();

function groupCommit(file: string, line: string, write: (lines: string[]) => Promise<void>): Promise<void> {
  let writer = writers.get(file);
  if (!writer) {
    writer = { writing: Promise.resolve() };
    writers.set(file, writer);
  }
  const w = writer;
  if (w.next) {
    w.next.lines.push(line);
    return w.next.done;
  }
  const lines = [line];
  // `writing` never rejects: a failed write fails its own batch's appends, not the next ones.
  const done = w.writing.then(() => {
    if (w.next?.lines === lines) w.next = undefined;
    return write(lines);
  });
  const batch: Batch = { lines, done };
  w.next = batch;
  w.writing = done.catch(() => undefined);
  void w.writing.then(() => {
    if (writers.get(file) === w && !w.next) writers.delete(file);
  });
  return batch.done;
}

async function readLines(file: string): Promise<string[]> {
  let content: string;
  try {
    content = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return content.split('\n');
}

/** Makes a newly created file's directory entry durable too. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some platforms and file systems cannot fsync a directory; the file itself is synced.
  } finally {
    await handle.close();
  }
}

async function readRecords(file: string, filter: LedgerFilter): Promise<(SentRecord | FailedRecord)[]> {
  const out: (SentRecord | FailedRecord)[] = [];
  for (const line of await readLines(file)) {
    const record = parseLine(line);
    if (record && matches(record, filter)) out.push(record);
  }
  return out;
}

function matches(record: SentRecord | FailedRecord, filter: LedgerFilter): boolean {
  if (filter.workflowIdPrefix !== undefined && !record.workflowId.startsWith(filter.workflowIdPrefix))
    return false;
  if (filter.year !== undefined) {
    const scope = scopeOfWorkflowId(record.workflowId);
    if (scope?.year !== filter.year || scope.org !== filter.org) return false;
  }
  return true;
}

/**
 * The ledger's `find`. It runs before every send: it reads only what was appended since it last
 * looked (by this or another process), so a year of notifications costs one pass over the file, not
 * one per send.
 */
function sentIndex(file: string): NotificationLedger['find'] {
  const index = new Map<string, SentRecord>();
  let indexed = 0;
  // Synchronous: each call is a few microseconds on a local disk, where the thread pool's round trip
  // costs tens, four times per send. Being synchronous, two refreshes can never interleave: two
  // reading from the same offset would both move it on, past lines never read (a record missed is a
  // mail sent twice).
  const refresh = (): void => {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    try {
      const { size } = fstatSync(fd);
      if (size < indexed) {
        index.clear(); // replaced or truncated: start over
        indexed = 0;
      }
      if (size === indexed) return;
      const chunk = Buffer.alloc(size - indexed);
      readSync(fd, chunk, 0, chunk.length, indexed);
      // Up to the last complete line; a line still being written is read next time.
      const end = chunk.lastIndexOf(0x0a);
      if (end < 0) return;
      for (const line of chunk.subarray(0, end).toString('utf8').split('\n')) {
        const record = parseLine(line);
        if (sent(record)) index.set(`${record.workflowId}\n${record.key}`, record);
      }
      indexed += end + 1;
    } finally {
      closeSync(fd);
    }
  };
  return async (workflowId, key) => {
    refresh();
    return index.get(`${workflowId}\n${key}`);
  };
}

/** The file opened for appending; its folder is made the first time it is missing. */
function openForAppend(file: string): number {
  try {
    return openSync(file, 'a+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(path.dirname(file), { recursive: true });
    return openSync(file, 'a+');
  }
}

/** One group commit's write: the lines appended and synced to disk. */
async function appendLines(file: string, lines: string[]): Promise<void> {
  const fd = openForAppend(file);
  let empty: boolean;
  try {
    // A torn last line (crash mid-write) has no newline: start the new records on their own line.
    const { size } = fstatSync(fd);
    empty = size === 0;
    const last = Buffer.alloc(1);
    const newline = empty || (readSync(fd, last, 0, 1, size - 1) === 1 && last[0] === 0x0a);
    const bytes = Buffer.from(`${newline ? '' : '\n'}${lines.join('\n')}\n`, 'utf8');
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
    await fsync(fd);
  } finally {
    closeSync(fd);
  }
  if (empty) await syncDirectory(path.dirname(file));
}

export function openLedger(file: string = defaultLedgerPath()): NotificationLedger {
  const resolved = path.resolve(file);
  const append = (record: SentRecord | FailedRecord): Promise<void> =>
    groupCommit(resolved, JSON.stringify(record), (lines) => appendLines(resolved, lines));
  return {
    path: resolved,
    find: sentIndex(resolved),
    append,
    appendFailure: (record) => append({ status: 'failed', ...record }),
    list: async (filter = {}) => (await readRecords(resolved, filter)).filter(sent),
    failures: async (filter = {}) =>
      (await readRecords(resolved, filter)).filter((r): r is FailedRecord => !sent(r)),
  };
}
