// The year report in the form asked for; what each form holds is described in its own module.
import type { YearRecord } from '../domain/year-record';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';

export const REPORT_FORMATS = ['md', 'html', 'csv'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export function renderYearReport(record: YearRecord, format: ReportFormat): string {
  switch (format) {
    case 'md':
      return renderMarkdown(record);
    case 'html':
      return renderHtml(record);
    case 'csv':
      return renderCsv(record);
    default:
      // Only reachable from untyped callers (a CLI option passed through unchecked).
      throw new RangeError(`unknown report format "${String(format)}": use md, html or csv`);
  }
}
