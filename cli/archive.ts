// `civ year archive`: the year's report and every evidence file (台账) its reports refer to, in one
// zip for the review (复查评审) and the records office. The zip is built here from a YearRecord and an
// EvidenceStore, with no Temporal in sight, so it can be tested and reused (a portal download, say).
import { scopeKey } from '../domain/organization';
import { randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { ReportRecord, YearRecord } from '../domain/year-record';
import { parseEvidenceRef } from '../evidence/ref';
import {
  EvidenceCorruptError,
  type EvidenceMeta,
  type EvidenceStore,
  sanitizeEvidenceName,
} from '../evidence/store';
import { renderYearReport, REPORT_FORMATS } from '../report';
import { csvField } from '../report/csv';
import { renderDocx } from '../report/docx';
import { renderXlsx } from '../report/xlsx';
import { formatInstant } from '../report/labels';
import { CliError } from './errors';

export const ARCHIVE_INDEX_HEADERS = [
  '事项',
  '事项名称',
  '单位',
  '单位名称',
  '报送',
  '报送人',
  '报送时间',
  '文件名',
  '文件类型',
  '大小（字节）',
  'SHA-256',
  '状态',
  '归档路径',
] as const;

export type ArchivedFileStatus = 'archived' | 'missing' | 'corrupt';

const STATUS_LABEL: Record<ArchivedFileStatus, string> = {
  archived: '已归档',
  missing: '缺失',
  corrupt: '已损坏（内容与校验值不符）',
};

export interface YearArchiveSummary {
  path: string;
  /** Evidence references found in the year's reports (one file referenced twice counts twice). */
  references: number;
  /** Distinct files written into the zip. */
  files: number;
  missing: number;
  corrupt: number;
}

interface EvidenceUse {
  workflowId: string;
  title: string;
  branchId: string;
  branchName: string;
  /** 最终报送, or the milestone a progress report was for. */
  report: string;
  reporter: string;
  at: string;
  hash: string;
}

export function defaultArchivePath(year: number, org?: string): string {
  return `civ-${scopeKey({ year, org })}-archive.zip`;
}

/** A milestone by its title in the plan, as the reports name it. */
function milestoneTitle(item: YearRecord['items'][number], id: string): string {
  return item.milestones?.find((m) => m.id === id)?.title ?? id;
}

/** Every `sha256:` reference in the year's final and milestone reports, in the order of the record. */
function evidenceUses(record: YearRecord): EvidenceUse[] {
  const uses: EvidenceUse[] = [];
  for (const item of record.items)
    for (const b of item.branches) {
      const reports: [string, ReportRecord][] = [
        ...Object.entries(b.milestones)
          .sort(([a], [z]) => a.localeCompare(z))
          .map(([id, r]): [string, ReportRecord] => [`阶段进展：${milestoneTitle(item, id)}`, r]),
        ...(b.report ? [['最终报送', b.report] as [string, ReportRecord]] : []),
      ];
      for (const [label, r] of reports)
        for (const ref of r.evidence) {
          const hash = parseEvidenceRef(ref);
          if (hash)
            uses.push({
              workflowId: item.workflowId,
              title: item.title,
              branchId: b.id,
              branchName: b.name,
              report: label,
              reporter: r.actor,
              at: r.at,
              hash,
            });
        }
    }
  return uses;
}

/**
 * One folder name inside the zip. Workflow and branch ids are plain ASCII by construction; this only
 * makes sure a record from elsewhere cannot climb out of `evidence/` when the zip is extracted.
 */
function safeSegment(text: string): string {
  const s = text.replace(/[^A-Za-z0-9._-]/g, '_');
  return /^\.*$/.test(s) ? '_' : s;
}

type Lookup = { status: 'archived'; meta: EvidenceMeta } | { status: 'missing' | 'corrupt' };

async function lookUp(store: EvidenceStore, hash: string): Promise<Lookup> {
  try {
    // A full read rather than meta(): get() checks the bytes against their hash, and a damaged file
    // must be reported as such in the index, not archived.
    const found = await store.get(hash);
    return found ? { status: 'archived', meta: found.meta } : { status: 'missing' };
  } catch (err) {
    if (err instanceof EvidenceCorruptError) return { status: 'corrupt' };
    throw err;
  }
}

/** Why `outPath` cannot take the archive, checked before anything slow (Temporal, the store) runs. */
export async function checkArchivePath(outPath: string): Promise<void> {
  const stat = await fs.stat(outPath).catch(() => undefined);
  if (stat?.isDirectory()) throw new CliError(`cannot write ${outPath}: it is a directory`);
  const dir = path.dirname(path.resolve(outPath));
  const dirStat = await fs.stat(dir).catch(() => undefined);
  if (!dirStat?.isDirectory()) throw new CliError(`cannot write ${outPath}: there is no directory ${dir}`);
  try {
    await fs.access(dir, fs.constants.W_OK);
  } catch {
    throw new CliError(`cannot write ${outPath}: permission denied on ${dir}`);
  }
}

/**
 * Writes the year archive to `outPath`: report.html, report.md, report.csv, report.docx (公文 layout)
 * and report.xlsx (the 台账 workbook), every stored evidence
 * file the reports refer to under `evidence/<item workflow id>/<branch id>/<hash8>-<name>`, and
 * index.csv listing each reference, missing and damaged files included. The zip is written beside
 * `outPath` under a temporary name and renamed into place, so a failure leaves no partial file.
 */
export async function writeYearArchive(
  record: YearRecord,
  store: EvidenceStore,
  outPath: string,
): Promise<YearArchiveSummary> {
  await checkArchivePath(outPath);
  const uses = evidenceUses(record);
  const lookups = new Map<string, Lookup>();
  for (const use of uses) if (!lookups.has(use.hash)) lookups.set(use.hash, await lookUp(store, use.hash));

  const zip = new ZipFile();
  // A lazy entry whose read fails makes the zip emit 'error' (and never finish its output).
  const zipFailed = new Promise<never>((_resolve, reject) => zip.on('error', reject));
  const mtime = new Date(record.generatedAt);
  for (const format of REPORT_FORMATS)
    zip.addBuffer(Buffer.from(renderYearReport(record, format), 'utf8'), `report.${format}`, { mtime });
  // The Word report and the 台账 workbook, its files named as the store has them. Both are zips
  // already: stored, not deflated again.
  const names = new Map(
    [...lookups].flatMap(([hash, l]) => (l.status === 'archived' ? [[hash, l.meta.name]] : [])),
  );
  zip.addBuffer(await renderDocx(record), 'report.docx', { mtime, compress: false });
  zip.addBuffer(await renderXlsx(record, { evidenceName: (hash) => names.get(hash) }), 'report.xlsx', {
    mtime,
    compress: false,
  });
  const { index, files, counts } = addEvidence(zip, store, uses, lookups);
  zip.addBuffer(Buffer.from(index, 'utf8'), 'index.csv', { mtime });
  zip.end();

  await writeInPlace(zip, zipFailed, outPath);
  return { path: outPath, references: uses.length, files, missing: counts.missing, corrupt: counts.corrupt };
}

/** Adds every archived file to the zip once; returns index.csv, a row per reference, and the counts. */
function addEvidence(zip: ZipFile, store: EvidenceStore, uses: EvidenceUse[], lookups: Map<string, Lookup>) {
  // Entry path → hash, so a file referenced twice by one branch is archived once, and two files
  // whose first eight hex digits and names agree do not overwrite each other.
  const entries = new Map<string, string>();
  const rows: (string | number)[][] = [[...ARCHIVE_INDEX_HEADERS]];
  const counts = { missing: 0, corrupt: 0 };
  for (const use of uses) {
    const found = lookups.get(use.hash)!;
    let entry = '';
    if (found.status === 'archived') entry = addEvidenceFile(zip, store, entries, use, found.meta);
    else counts[found.status] += 1;
    rows.push(indexRow(use, found, entry));
  }
  // With a byte order mark, as report.csv: Excel reads a CSV without one in the ANSI code page.
  const index = `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
  return { index, files: entries.size, counts };
}

/** The file's path in the zip (added unless it is there already). */
function addEvidenceFile(
  zip: ZipFile,
  store: EvidenceStore,
  entries: Map<string, string>,
  use: EvidenceUse,
  meta: EvidenceMeta,
): string {
  const folder = `evidence/${safeSegment(use.workflowId)}/${safeSegment(use.branchId)}`;
  const name = sanitizeEvidenceName(meta.name);
  let entry = `${folder}/${use.hash.slice(0, 8)}-${name}`;
  if (entries.has(entry) && entries.get(entry) !== use.hash) entry = `${folder}/${use.hash}-${name}`;
  if (entries.has(entry)) return entry;
  entries.set(entry, use.hash);
  const hash = use.hash;
  zip.addReadStreamLazy(
    entry,
    // Images and Office files are compressed already; deflating them again costs time for nothing.
    { size: meta.size, mtime: new Date(meta.storedAt), compress: false },
    (cb) => {
      // Read only when the zip reaches this entry, so memory holds one file, not the whole year.
      store.get(hash).then(
        (file) =>
          file
            ? cb(null, Readable.from([file.bytes]))
            : cb(new Error(`evidence ${hash} disappeared while the archive was written`), Readable.from([])),
        (err: unknown) => cb(err, Readable.from([])),
      );
    },
  );
  return entry;
}

function indexRow(use: EvidenceUse, found: Lookup, entry: string): (string | number)[] {
  const meta = found.status === 'archived' ? found.meta : undefined;
  return [
    use.workflowId,
    use.title,
    use.branchId,
    use.branchName,
    use.report,
    use.reporter,
    formatInstant(use.at),
    meta?.name ?? '',
    meta?.type ?? '',
    meta?.size ?? '',
    use.hash,
    STATUS_LABEL[found.status],
    entry,
  ];
}

/** Writes the zip under a temporary name beside `outPath`, then renames it into place. */
async function writeInPlace(zip: ZipFile, zipFailed: Promise<never>, outPath: string): Promise<void> {
  const target = path.resolve(outPath);
  const temp = path.join(
    path.dirname(target),
    `.tmp-${path.basename(target)}-${process.pid}-${randomBytes(6).toString('hex')}`,
  );
  const out = createWriteStream(temp, { flags: 'wx' });
  try {
    await Promise.race([pipeline(zip.outputStream, out), zipFailed]);
    await fs.rename(temp, target);
  } catch (err) {
    out.destroy();
    await fs.rm(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'ENOENT' || code === 'EROFS')
      throw new CliError(`cannot write ${outPath}: ${code}`);
    throw err;
  }
}
