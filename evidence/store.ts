// The evidence store: the files (台账) officials attach to their reports, kept by content. A file's
// name in the store is the sha256 of its bytes, so a report's `sha256:…` reference can only ever
// mean those bytes, the same photo uploaded twice is kept once, and a hash is all a reader needs.
//
// Callers depend on EvidenceStore, not on FileEvidenceStore: a worker and a portal on different hosts
// will need a store they share (an object store such as S3, or a shared NFS folder), which only has
// to implement the three methods below.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { dataDir } from '../config/paths';
import { checkEvidence } from './content-type';
import { isEvidenceHash } from './ref';

export interface EvidenceMeta {
  /** sha256 of the bytes, 64 lower-case hex digits. */
  hash: string;
  /** The uploader's file name, sanitized (see sanitizeEvidenceName). */
  name: string;
  /** MIME type sniffed from the content. */
  type: string;
  size: number;
  /** ISO instant of the first upload. */
  storedAt: string;
}

export interface EvidenceStore {
  /**
   * Stores the bytes unless they are stored already, and returns their meta: that of the first upload
   * when the same bytes come again under another name. Throws EvidenceRejectedError for a type that
   * is not accepted as evidence.
   */
  put(bytes: Uint8Array, name: string): Promise<EvidenceMeta>;
  /** The file with this hash, or undefined when there is none (or `hash` is not a hash at all). */
  get(hash: string): Promise<{ meta: EvidenceMeta; bytes: Buffer } | undefined>;
  meta(hash: string): Promise<EvidenceMeta | undefined>;
}

/** A file refused as evidence; `message` is the Chinese reason to show the uploader. */
export class EvidenceRejectedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'EvidenceRejectedError';
  }
}

/** A stored file whose bytes no longer match its hash: damaged on disk, or changed by hand. */
export class EvidenceCorruptError extends Error {
  constructor(readonly hash: string) {
    super(`evidence ${hash} is corrupt: its content no longer matches its sha256`);
    this.name = 'EvidenceCorruptError';
  }
}

export const EVIDENCE_NAME_MAX_CHARS = 120;
const FALLBACK_NAME = '未命名文件';

/**
 * The uploader's file name made safe to show, to store in JSON and to use inside a zip opened on a
 * Windows PC: the last path segment only (browsers may send `C:\fakepath\…`), no control or
 * invisible formatting characters (a right-to-left override can make `exe.pdf` read as `fdp.exe`),
 * none of the characters Windows forbids in names, and at most 120 characters, cut from the stem so
 * the extension survives.
 */
export function sanitizeEvidenceName(name: string): string {
  const lastSegment = name.split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/^\.+/, '');
  if (!cleaned) return FALLBACK_NAME;
  const chars = Array.from(cleaned);
  if (chars.length <= EVIDENCE_NAME_MAX_CHARS) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(cleaned.slice(dot)) : [];
  if (ext.length > 16) return chars.slice(0, EVIDENCE_NAME_MAX_CHARS).join('');
  return chars
    .slice(0, EVIDENCE_NAME_MAX_CHARS - ext.length)
    .concat(ext)
    .join('');
}

/** `${CIV_DATA_DIR}/evidence`, or `<repo>/data/evidence`, beside the notification ledger. */
export function defaultEvidenceDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'evidence');
}

function isMeta(value: unknown): value is EvidenceMeta {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.hash === 'string' &&
    typeof m.name === 'string' &&
    typeof m.type === 'string' &&
    typeof m.size === 'number' &&
    typeof m.storedAt === 'string'
  );
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export interface FileEvidenceStoreOptions {
  /** Default: defaultEvidenceDir(). */
  dir?: string;
  now?: () => Date;
}

/**
 * Evidence on the local disk: `<dir>/<first two hex digits>/<hash>` holds the bytes and
 * `<hash>.json` beside it the meta. The meta is written last, so a file counts as stored only once
 * both are complete; each is written to a temporary file and moved into place, so a crash never
 * leaves a half-written file under its real name.
 */
export class FileEvidenceStore implements EvidenceStore {
  readonly dir: string;
  private readonly now: () => Date;

  constructor(options: FileEvidenceStoreOptions = {}) {
    this.dir = path.resolve(options.dir ?? defaultEvidenceDir());
    this.now = options.now ?? (() => new Date());
  }

  private blobPath(hash: string): string {
    return path.join(this.dir, hash.slice(0, 2), hash);
  }

  private metaPath(hash: string): string {
    return `${this.blobPath(hash)}.json`;
  }

  async put(bytes: Uint8Array, name: string): Promise<EvidenceMeta> {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const existing = await this.meta(hash);
    if (existing) return existing;
    const check = await checkEvidence(bytes, name);
    if (!check.ok) throw new EvidenceRejectedError(check.reason);
    const meta: EvidenceMeta = {
      hash,
      name: sanitizeEvidenceName(name),
      type: check.type,
      size: bytes.byteLength,
      storedAt: this.now().toISOString(),
    };
    const folder = path.dirname(this.blobPath(hash));
    await fs.mkdir(folder, { recursive: true });
    // Two uploads of the same bytes may race: both write identical blobs (the rename just replaces
    // one with the other), but only the first meta may win, so the meta is linked into place, which
    // unlike a rename fails when the target exists.
    await this.writeAtomically(this.blobPath(hash), bytes, 'replace');
    const linked = await this.writeAtomically(
      this.metaPath(hash),
      Buffer.from(`${JSON.stringify(meta, null, 2)}\n`),
      'keep-existing',
    );
    await syncDirectory(folder);
    if (linked) return meta;
    const first = await this.meta(hash);
    if (!first) throw new Error(`evidence ${hash}: its meta vanished while it was being stored`);
    return first;
  }

  async get(hash: string): Promise<{ meta: EvidenceMeta; bytes: Buffer } | undefined> {
    const meta = await this.meta(hash);
    if (!meta) return undefined;
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(this.blobPath(meta.hash));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== meta.hash) throw new EvidenceCorruptError(hash);
    return { meta, bytes };
  }

  async meta(hash: string): Promise<EvidenceMeta | undefined> {
    // Checked before any path is built from it: `../../etc/passwd` never reaches the file system.
    if (!isEvidenceHash(hash)) return undefined;
    let text: string;
    try {
      text = await fs.readFile(this.metaPath(hash), 'utf8');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new EvidenceCorruptError(hash);
    }
    if (!isMeta(parsed) || parsed.hash !== hash) throw new EvidenceCorruptError(hash);
    return parsed;
  }

  /**
   * Writes `data` to a temporary file in the target's folder (same file system, so the move is
   * atomic), flushes it, and moves it to `target`. 'keep-existing' leaves an existing target alone and
   * returns false.
   */
  private async writeAtomically(
    target: string,
    data: Uint8Array,
    mode: 'replace' | 'keep-existing',
  ): Promise<boolean> {
    const temp = path.join(
      path.dirname(target),
      `.tmp-${path.basename(target)}-${process.pid}-${randomBytes(6).toString('hex')}`,
    );
    try {
      const handle = await fs.open(temp, 'wx');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (mode === 'replace') {
        await fs.rename(temp, target);
        return true;
      }
      try {
        await fs.link(temp, target);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw err;
      }
    } finally {
      await fs.rm(temp, { force: true });
    }
  }
}

/** Makes the renames in `folder` durable; some file systems cannot sync a directory, which is fine. */
async function syncDirectory(folder: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(folder, 'r');
    await handle.sync();
  } catch {
    // Best effort only: the files themselves were flushed before they were moved.
  } finally {
    await handle?.close();
  }
}
