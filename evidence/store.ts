// The evidence store: the files (台账) officials attach to their reports, kept by content. A file's
// name in the store is the sha256 of its bytes, so a report's `sha256:…` reference can only ever
// mean those bytes, the same photo uploaded twice is kept once, and a hash is all a reader needs.
//
// Callers depend on EvidenceStore, not on FileEvidenceStore: a worker and a portal on different hosts
// will need a store they share (an object store such as S3, or a shared NFS folder), which only has
// to implement the three methods below.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dataDir } from '../config/paths';
import { scopeOfWorkflowId } from '../domain/organization';
import { checkEvidence, extensionOf } from './content-type';
import { isEvidenceHash } from './ref';

export interface EvidenceMeta {
  /** sha256 of the bytes, 64 lower-case hex digits. */
  hash: string;
  /**
   * The uploader's file name, sanitized (see sanitizeEvidenceName), its extension the sniffed
   * type's: the first upload's for the store as a whole, the item's own uploader's through `get`
   * with a workflow id.
   */
  name: string;
  /** MIME type sniffed from the content. */
  type: string;
  size: number;
  /** ISO instant of the first upload. */
  storedAt: string;
}

/** A file received and checked, not yet stored: it is stored once its report is accepted. */
export interface StagedEvidence {
  hash: string;
  size: number;
  type: string;
  /** The uploader's name, sanitized, with the extension of its type. */
  name: string;
  /** Where the store keeps it meanwhile (the store's own business). */
  path: string;
}

/** Who stored a file for which item: each upload's own record, named as its uploader named it. */
export interface EvidenceUpload {
  workflowId: string;
  /** The uploader's verified address. */
  uploader: string;
}

export interface EvidenceStore {
  /**
   * Stores the bytes unless they are stored already, and returns their meta: that of the first upload
   * when the same bytes come again under another name. Throws EvidenceRejectedError for a type that
   * is not accepted as evidence.
   */
  put(bytes: Uint8Array, name: string): Promise<EvidenceMeta>;
  /**
   * The file with this hash, or undefined when there is none (or `hash` is not a hash at all). With a
   * workflow id, its name is the one that item's uploader gave it (or a neutral one): a name another
   * item's or organization's uploader chose is never shown there.
   */
  get(hash: string, workflowId?: string): Promise<{ meta: EvidenceMeta; bytes: Buffer } | undefined>;
  meta(hash: string): Promise<EvidenceMeta | undefined>;
}

/**
 * The store as the portal uses it: files received as they stream in, stored only once their report
 * is accepted, each upload recorded for its item and uploader, and counted for the quotas.
 */
export interface UploadStore extends EvidenceStore {
  /**
   * Receives a file as it streams in, at most `maxBytes` (EvidenceTooLargeError beyond), and checks
   * its type (EvidenceRejectedError); nothing is stored until `commit`.
   */
  stage(source: AsyncIterable<Uint8Array>, name: string, maxBytes: number): Promise<StagedEvidence>;
  /** Stores a staged file for an upload (its report was accepted). */
  commit(staged: StagedEvidence, upload: EvidenceUpload): Promise<EvidenceMeta>;
  /** Forgets a staged file (its report was refused). */
  discard(staged: StagedEvidence): Promise<void>;
  /** What has been stored so far for an item, or by a person in that item's plan year. */
  usage(
    of: { workflowId: string } | { uploader: string; workflowId: string },
  ): Promise<{ files: number; bytes: number }>;
}

/** A file larger than the room left for it. */
export class EvidenceTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`evidence larger than ${maxBytes} bytes`);
    this.name = 'EvidenceTooLargeError';
  }
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

/**
 * The name a file of `type` goes by: the uploader's (sanitized), its extension the one the content
 * has. A PNG named `通知.hta` is `通知.png`, a JPEG named `gpj.exe` is `gpj.jpg`: a name can no longer
 * make Windows open stored evidence as a program, however it was sent.
 */
export function evidenceName(name: string, type: string): string {
  const clean = sanitizeEvidenceName(name);
  const ext = extensionOf(type);
  if (!ext) return clean;
  const match = /^(.*)\.([A-Za-z][A-Za-z0-9]{0,7})$/.exec(clean);
  const [stem, claimed] = match && match[1] ? [match[1], match[2].toLowerCase()] : [clean, ''];
  const kept = claimed === ext || (ext === 'jpg' && claimed === 'jpeg') ? claimed : ext;
  return sanitizeEvidenceName(`${stem}.${kept}`);
}

/** `${CIV_DATA_DIR}/evidence`, or `<repo>/data/evidence`, beside the notification ledger. */
export function defaultEvidenceDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'evidence');
}

interface UploadRecord extends EvidenceUpload {
  hash: string;
  name: string;
  type: string;
  size: number;
  at: string;
}

/** An uploader as a folder-safe key: the address itself never becomes a file name. */
function personKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16);
}

function isRecord(value: unknown): value is UploadRecord {
  const r = value as Record<string, unknown> | null;
  return typeof r?.hash === 'string' && typeof r.size === 'number' && typeof r.name === 'string';
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
export class FileEvidenceStore implements UploadStore {
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
      name: evidenceName(name, check.type),
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

  async get(hash: string, workflowId?: string): Promise<{ meta: EvidenceMeta; bytes: Buffer } | undefined> {
    const stored = await this.meta(hash);
    if (!stored) return undefined;
    const meta =
      workflowId === undefined ? stored : { ...stored, name: await this.nameIn(stored, workflowId) };
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
    // Stored before names followed their type: the extension is the content's all the same.
    return { ...parsed, name: evidenceName(parsed.name, parsed.type) };
  }

  private uploadsOf(workflowId: string): string {
    // Workflow ids are ours (letters, digits, dashes): checked so no other string builds a path.
    if (!/^[a-z0-9-]{1,120}$/.test(workflowId)) throw new RangeError(`not a workflow id: ${workflowId}`);
    return path.join(this.dir, 'uploads', workflowId);
  }

  private async records(workflowId: string): Promise<UploadRecord[]> {
    const folder = this.uploadsOf(workflowId);
    const names = await fs.readdir(folder).catch((err: unknown) => {
      if (isNotFound(err)) return [] as string[];
      throw err;
    });
    const records: UploadRecord[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const parsed: unknown = JSON.parse(await fs.readFile(path.join(folder, name), 'utf8'));
      if (isRecord(parsed)) records.push(parsed);
    }
    return records.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** The name the item's own uploader gave the file; a neutral one when the item has no record of it. */
  private async nameIn(meta: EvidenceMeta, workflowId: string): Promise<string> {
    const record = (await this.records(workflowId)).find((r) => r.hash === meta.hash);
    return record?.name ?? evidenceName(`附件-${meta.hash.slice(0, 8)}`, meta.type);
  }

  async stage(source: AsyncIterable<Uint8Array>, name: string, maxBytes: number): Promise<StagedEvidence> {
    const staging = path.join(this.dir, '.staging');
    await fs.mkdir(staging, { recursive: true });
    const file = path.join(staging, `${process.pid}-${randomBytes(12).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new EvidenceTooLargeError(maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, count, createWriteStream(file, { flags: 'wx' }));
      // At most one file's worth (10 MB) in memory, to read its type from the whole of it.
      const check = await checkEvidence(await fs.readFile(file), name);
      if (!check.ok) throw new EvidenceRejectedError(check.reason);
      return {
        hash: hash.digest('hex'),
        size,
        type: check.type,
        name: evidenceName(name, check.type),
        path: file,
      };
    } catch (err) {
      await fs.rm(file, { force: true });
      // The upload's own size limit (the multipart parser's) is the same refusal.
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
        throw new EvidenceTooLargeError(maxBytes);
      throw err;
    }
  }

  async commit(staged: StagedEvidence, upload: EvidenceUpload): Promise<EvidenceMeta> {
    const { hash } = staged;
    let meta = await this.meta(hash);
    if (meta) await fs.rm(staged.path, { force: true });
    else {
      const folder = path.dirname(this.blobPath(hash));
      await fs.mkdir(folder, { recursive: true });
      await fs.rename(staged.path, this.blobPath(hash));
      const fresh: EvidenceMeta = {
        hash,
        name: staged.name,
        type: staged.type,
        size: staged.size,
        storedAt: this.now().toISOString(),
      };
      await this.writeAtomically(
        this.metaPath(hash),
        Buffer.from(`${JSON.stringify(fresh, null, 2)}\n`),
        'keep-existing',
      );
      await syncDirectory(folder);
      meta = (await this.meta(hash)) ?? fresh;
    }
    const record: UploadRecord = {
      ...upload,
      hash,
      name: staged.name,
      type: staged.type,
      size: staged.size,
      at: this.now().toISOString(),
    };
    const folder = this.uploadsOf(upload.workflowId);
    await fs.mkdir(folder, { recursive: true });
    await this.writeAtomically(
      path.join(folder, `${hash}.${personKey(upload.uploader)}.json`),
      Buffer.from(`${JSON.stringify(record, null, 2)}\n`),
      'replace',
    );
    return { ...meta, name: staged.name };
  }

  async discard(staged: StagedEvidence): Promise<void> {
    await fs.rm(staged.path, { force: true });
  }

  async usage(
    of: { workflowId: string } | { uploader: string; workflowId: string },
  ): Promise<{ files: number; bytes: number }> {
    const records: UploadRecord[] = [];
    if (!('uploader' in of)) records.push(...(await this.records(of.workflowId)));
    else {
      // The person's uploads in the items of the same organization and year.
      const scope = scopeOfWorkflowId(of.workflowId);
      const items = await fs.readdir(path.join(this.dir, 'uploads')).catch(() => [] as string[]);
      const same = items.filter((id) => {
        const s = scopeOfWorkflowId(id);
        return s !== undefined && s.year === scope?.year && s.org === scope?.org;
      });
      const key = personKey(of.uploader);
      for (const id of same)
        records.push(...(await this.records(id)).filter((r) => personKey(r.uploader) === key));
    }
    return { files: records.length, bytes: records.reduce((n, r) => n + r.size, 0) };
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
