// A branch's report as posted through its form: the text fields and the files, each checked here
// so that a wrong one comes back to the form beside its field, before anything is stored or sent.
import type { FastifyRequest } from 'fastify';
import type { ItemDefinition } from '../domain/item-definition';
import type { ReportInput } from '../domain/item-updates';
import { isRealDate } from '../domain/plan';
import { megabytes } from '../evidence/content-type';
import {
  EvidenceRejectedError,
  EvidenceTooLargeError,
  type StagedEvidence,
  type UploadStore,
} from '../evidence/store';
import { emptyFields, one, staleForm, type Fields } from './forms';

/** Why a field of the form is refused, for the page to show beside it. */
export interface FieldRefusal {
  field: string;
  message: string;
}

export interface ReportText {
  summary: string;
  kpis: Record<string, number>;
  links: string[];
  milestone?: string;
  /** The 台账 fields given and the counts of rate KPIs, as the report Update takes them. */
  ledger: Pick<ReportInput, 'heldOn' | 'place' | 'participants' | 'publicity' | 'honours' | 'kpiCounts'>;
}

/** The form's own fields as typed (the CSRF token and the nonce aside), each within its size. */
export function reportValues(fields: Fields): Record<string, string> {
  const values = Object.create(null) as Record<string, string>;
  for (const name of Object.keys(fields))
    if (name !== '_csrf' && name !== 'nonce') values[name] = one(fields, name);
  return values;
}

/** The lines of a text area, trimmed, empty ones left out. */
function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The web addresses of a text area, one per line, or the refusal of the first that is none. */
function webLinks(values: Record<string, string>, field: string): string[] | FieldRefusal {
  const links = lines(values[field]);
  for (const l of links)
    if (!/^https?:\/\/\S+$/i.test(l) || l.length > 2000)
      return { field, message: `“${l.slice(0, 60)}”不是有效的网址（应以 http:// 或 https:// 开头）。` };
  return links;
}

type Kpis = Pick<ReportText, 'kpis'> & Pick<ReportText['ledger'], 'kpiCounts'>;

/** A KPI as a percent (0 to 100), or a rate's two counts, the second at least 1 and not below the first. */
function kpiValues(values: Record<string, string>, def: ItemDefinition): Kpis | FieldRefusal {
  const kpis: Record<string, number> = {};
  const kpiCounts: NonNullable<ReportText['ledger']['kpiCounts']> = {};
  for (const k of def.kpis) {
    const field = `kpi-${k.id}`;
    if (k.numerator && k.denominator) {
      const [n, d] = [values[`${field}-n`]?.trim(), values[`${field}-d`]?.trim()];
      if (!n && !d) continue;
      const [numerator, denominator] = [Number(n), Number(d)];
      if (
        !Number.isInteger(numerator) ||
        !Number.isInteger(denominator) ||
        numerator < 0 ||
        denominator < 1 ||
        numerator > denominator
      )
        return {
          field,
          message: `${k.name}请填写${k.numerator}和${k.denominator}（整数，前者不大于后者）。`,
        };
      kpiCounts[k.id] = { numerator, denominator };
      continue;
    }
    const text = values[field]?.trim();
    if (!text) continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0 || value > 100)
      return { field, message: `${k.name}请填写0到100之间的数值。` };
    kpis[k.id] = value;
  }
  return { kpis, ...(Object.keys(kpiCounts).length && { kpiCounts }) };
}

/** The 台账 fields: 活动时间, 地点, 参加人数, 宣传报道 and 先进典型, each optional. */
function ledgerValues(
  values: Record<string, string>,
): Omit<ReportText['ledger'], 'kpiCounts'> | FieldRefusal {
  const heldOn = values.heldOn?.trim();
  if (heldOn && !isRealDate(heldOn)) return { field: 'heldOn', message: '活动时间请填写有效日期。' };
  const participantsText = values.participants?.trim();
  const participants = participantsText ? Number(participantsText) : undefined;
  if (
    participants !== undefined &&
    (!Number.isInteger(participants) || participants < 1 || participants > 100_000)
  )
    return { field: 'participants', message: '参加人数请填写1到100000之间的整数。' };
  const publicity = webLinks(values, 'publicity');
  if (isRefusal(publicity)) return publicity;
  const place = values.place?.trim().slice(0, 200);
  const honours = lines(values.honours)
    .map((h) => h.slice(0, 200))
    .slice(0, 10);
  return {
    ...(heldOn && { heldOn }),
    ...(place && { place }),
    ...(participants !== undefined && { participants }),
    ...(publicity.length && { publicity: publicity.slice(0, 20) }),
    ...(honours.length && { honours }),
  };
}

/** The report's text: the summary, the item's KPIs, the evidence's web addresses and the 台账 fields. */
export function reportText(values: Record<string, string>, def: ItemDefinition): ReportText | FieldRefusal {
  const summary = values.summary?.trim() ?? '';
  if (!summary) return { field: 'summary', message: '请填写完成情况简述。' };
  const kpis = kpiValues(values, def);
  if (isRefusal(kpis)) return kpis;
  const links = webLinks(values, 'links');
  if (isRefusal(links)) return links;
  const ledger = ledgerValues(values);
  if (isRefusal(ledger)) return ledger;
  return {
    summary,
    kpis: kpis.kpis,
    links,
    milestone: values.milestone?.trim(),
    ledger: { ...ledger, ...(kpis.kpiCounts && { kpiCounts: kpis.kpiCounts }) },
  };
}

/** What a streamed report form gave: its text fields, and its files staged (not stored yet). */
export interface ReadForm {
  fields: Fields;
  staged: StagedEvidence[];
}

/** The limits a report's files are read within, in bytes. */
export interface UploadLimits {
  perFile: number;
  perReport: number;
}

const TOO_LARGE = (l: UploadLimits) =>
  `文件过大：单个文件不超过${megabytes(l.perFile)}，每次报送合计不超过${megabytes(l.perReport)}。`;

/**
 * Reads a report form as it streams in, files staged one at a time to the store (never held whole
 * in memory, never stored before the report is accepted). `csrfOk` is asked before the first file
 * is read, so a form from elsewhere is refused having read its text fields only; the browser sends
 * the hidden token first. A file refused by type or size comes back beside the form's files; what
 * was staged is discarded, and the rest of the body is left unread.
 */
export async function readReportForm(
  req: FastifyRequest,
  store: UploadStore,
  limits: UploadLimits,
  csrfOk: (token: unknown) => boolean,
): Promise<ReadForm | FieldRefusal> {
  const fields = emptyFields();
  const staged: StagedEvidence[] = [];
  let total = 0;
  let current = '';
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        addField(fields, part.fieldname, String(part.value));
        continue;
      }
      if (!csrfOk(fields._csrf)) throw staleForm();
      // A file input left empty is a part without a name and without content.
      if (!part.filename) {
        part.file.resume();
        continue;
      }
      current = part.filename;
      const room = Math.min(limits.perFile, limits.perReport - total);
      const file = await store.stage(part.file, part.filename, room);
      staged.push(file);
      total += file.size;
    }
    return { fields, staged };
  } catch (err) {
    await Promise.all(staged.map((f) => store.discard(f)));
    // The parser's own limit on one file is the same refusal as the store's.
    const tooLarge =
      err instanceof EvidenceTooLargeError || (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';
    if (tooLarge) return { field: 'files', message: TOO_LARGE(limits) };
    if (err instanceof EvidenceRejectedError)
      return { field: 'files', message: `${current}：${err.message}` };
    throw err;
  }
}

function addField(fields: Fields, name: string, value: string): void {
  const prev = Object.hasOwn(fields, name) ? fields[name] : undefined;
  fields[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
}

export function isRefusal<T extends object>(result: T | FieldRefusal): result is FieldRefusal {
  return 'message' in result;
}
