// What may be attached to a report as evidence (台账): photos, scans and office documents. The type is
// read from the bytes, never from the file name or the browser's Content-Type, both of which the
// uploader controls: a page or a program renamed `.pdf` must not be stored and later served back.
import { fileTypeFromBuffer } from 'file-type';

/** Largest single evidence file: a phone photo or a scanned PDF fits, a video does not. */
export const EVIDENCE_MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Most files one report may carry. */
export const EVIDENCE_MAX_FILES = 5;
/** The files of one report together: a request larger than this is refused before it is read. */
export const EVIDENCE_MAX_REPORT_BYTES = 20 * 1024 * 1024;

/** How much evidence may pile up, whoever sends it: per item, and per person and plan year. */
export interface EvidenceQuotas {
  itemBytes: number;
  personYearBytes: number;
}

export const EVIDENCE_QUOTAS: EvidenceQuotas = {
  itemBytes: 200 * 1024 * 1024,
  personYearBytes: 300 * 1024 * 1024,
};

/** 10MB, 200MB: how the limits are said on the form and in refusals. */
export function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10}MB`;
}

export type EvidenceCheck = { ok: true; type: string; ext: string } | { ok: false; reason: string };

const UNSUPPORTED =
  '文件类型不支持：仅接受图片（JPG、PNG、WebP、HEIC）、PDF 和 Office 文档（Word、Excel、PowerPoint）';

/** Sniffed MIME type → the extension the file is stored and archived under. */
const ALLOWED: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  // iPhones and many Android phones save photos as HEIC; file-type names the brand's flavour.
  'image/heic': 'heic',
  'image/heif': 'heic',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};

const ALLOWED_EXTENSIONS = new Set([...Object.values(ALLOWED), 'jpeg', 'doc', 'xls']);

// A compound file (CFB) is a container: Word 97-2003 and Excel 97-2003 files are CFBs, and so are MSI
// installers and Outlook messages. What is inside shows in the names of its directory entries
// (UTF-16LE): Word keeps its text in "WordDocument", Excel its sheets in "Workbook" (or "Book" for
// Excel 5/95).
const WORD_STREAM = Buffer.from('WordDocument', 'utf16le');
const EXCEL_STREAMS = [Buffer.from('Workbook', 'utf16le'), Buffer.from('Book', 'utf16le')];

function legacyOffice(bytes: Buffer): { type: string; ext: string } | undefined {
  if (bytes.includes(WORD_STREAM)) return { type: 'application/msword', ext: 'doc' };
  if (EXCEL_STREAMS.some((s) => bytes.includes(s))) return { type: 'application/vnd.ms-excel', ext: 'xls' };
  return undefined;
}

const LEGACY: Readonly<Record<string, string>> = {
  'application/msword': 'doc',
  'application/vnd.ms-excel': 'xls',
};

/** The extension a file of this (sniffed) type is stored, served and archived under. */
export function extensionOf(type: string): string | undefined {
  return ALLOWED[type] ?? LEGACY[type];
}

function claimedExtension(name: string): string | undefined {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(name.trim());
  return match?.[1].toLowerCase();
}

/**
 * Whether these bytes may be stored as evidence, and as what. `name` only words the refusal: a file
 * whose name promises an accepted type but whose content is something else is told so.
 */
export async function checkEvidence(bytes: Uint8Array, name: string): Promise<EvidenceCheck> {
  if (bytes.byteLength === 0) return { ok: false, reason: '文件为空，请重新选择' };
  if (bytes.byteLength > EVIDENCE_MAX_FILE_BYTES)
    return {
      ok: false,
      reason: `文件过大：单个文件不能超过 ${EVIDENCE_MAX_FILE_BYTES / 1024 / 1024} MB`,
    };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sniffed: { mime: string } | undefined;
  try {
    sniffed = await fileTypeFromBuffer(buffer);
  } catch {
    // A truncated or malformed container (a broken zip, say) is refused like an unknown type.
    sniffed = undefined;
  }
  if (sniffed) {
    const ext = ALLOWED[sniffed.mime];
    if (ext) return { ok: true, type: sniffed.mime, ext };
    if (sniffed.mime === 'application/x-cfb') {
      const office = legacyOffice(buffer);
      if (office) return { ok: true, ...office };
    }
  }
  const claimed = claimedExtension(name);
  if (claimed && ALLOWED_EXTENSIONS.has(claimed))
    return { ok: false, reason: `文件内容与扩展名“.${claimed}”不符。${UNSUPPORTED}` };
  return { ok: false, reason: UNSUPPORTED };
}
