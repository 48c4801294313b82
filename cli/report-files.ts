// `civ year report --format docx|pdf|xlsx`: the year report as the office files it, written beside
// its target under a temporary name and renamed into place, so a failure leaves no partial file.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { scopeKey } from '../domain/organization';
import type { YearRecord } from '../domain/year-record';
import type { EvidenceStore } from '../evidence/store';
import { evidenceNames, type OfficeFormat, renderOfficeReport } from '../report/office';
import { PdfUnavailableError } from '../report/pdf';
import { CliError } from './errors';

/** civ-2020-report.docx, civ-wuxi-jgswj-2027-report.xlsx */
export function defaultReportPath(year: number, org: string | undefined, format: OfficeFormat): string {
  return `civ-${scopeKey({ year, org })}-report.${format}`;
}

export async function writeOfficeReport(
  record: YearRecord,
  format: OfficeFormat,
  out: string,
  store: Pick<EvidenceStore, 'meta'>,
): Promise<void> {
  const names = format === 'xlsx' ? await evidenceNames(record, store) : new Map<string, string>();
  let bytes: Buffer;
  try {
    bytes = await renderOfficeReport(record, format, { evidenceName: (hash) => names.get(hash) });
  } catch (err) {
    if (err instanceof PdfUnavailableError) throw new CliError(err.message);
    throw err;
  }
  const target = path.resolve(out);
  const temp = path.join(
    path.dirname(target),
    `.tmp-${path.basename(target)}-${process.pid}-${randomBytes(6).toString('hex')}`,
  );
  try {
    await fs.writeFile(temp, bytes, { flag: 'wx' });
    await fs.rename(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot write ${out}: ${code ?? String(err)}`);
  }
}
