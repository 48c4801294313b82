// The year report in the office's own formats, beside Markdown, CSV and HTML (report/index.ts): the
// Word document (公文 layout), its PDF print, and the 台账 workbook. Binary, so each is bytes, made
// asynchronously; named for the office's folder as the report's title reads.
import type { YearRecord } from '../domain/year-record';
import { parseEvidenceRef } from '../evidence/ref';
import type { EvidenceStore } from '../evidence/store';
import { renderDocx } from './docx';
import { reportTitle } from './labels';
import { renderPdf } from './pdf';
import { renderXlsx, type WorkbookOptions } from './xlsx';

export const OFFICE_FORMATS = ['docx', 'pdf', 'xlsx'] as const;

export type OfficeFormat = (typeof OFFICE_FORMATS)[number];

export function isOfficeFormat(value: string): value is OfficeFormat {
  return (OFFICE_FORMATS as readonly string[]).includes(value);
}

export const OFFICE_MEDIA_TYPES: Record<OfficeFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface OfficeOptions extends WorkbookOptions {
  /** The chromium that prints the PDF (default: $CHROMIUM_PATH or Debian's /usr/bin/chromium). */
  chromium?: string;
}

export function renderOfficeReport(
  record: YearRecord,
  format: OfficeFormat,
  options: OfficeOptions = {},
): Promise<Buffer> {
  switch (format) {
    case 'docx':
      return renderDocx(record);
    case 'pdf':
      return renderPdf(record, options.chromium);
    case 'xlsx':
      return renderXlsx(record, options);
    default:
      throw new RangeError(`unknown report format "${String(format)}": use docx, pdf or xlsx`);
  }
}

/**
 * "无锡市机关事务管理局2020年深化全国文明单位创建工作情况报告（复查评审台账）.docx": the report's title,
 * which leaves out the organization, after the organization's name, so that a folder of several
 * offices' files still says whose each is. The Word, PDF and workbook differ by their extension.
 */
export function officeFileName(
  record: Pick<YearRecord, 'organization' | 'year' | 'document'>,
  format: OfficeFormat,
): string {
  const name = `${record.organization}${reportTitle(record)}`.replace(/[\\/:*?"<>|]/g, '_');
  return `${name}.${format}`;
}

/** The stored name of every evidence file the year's reports refer to, for the 台账 workbook. */
export async function evidenceNames(
  record: YearRecord,
  store: Pick<EvidenceStore, 'meta'>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const item of record.items)
    for (const b of item.branches)
      for (const r of [b.report, ...Object.values(b.milestones)])
        for (const ref of r?.evidence ?? []) {
          const hash = parseEvidenceRef(ref);
          if (!hash || names.has(hash)) continue;
          const meta = await store.meta(hash).catch(() => undefined);
          if (meta) names.set(hash, meta.name);
        }
  return names;
}
