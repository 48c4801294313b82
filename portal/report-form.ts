// A branch's report as posted through its form: the text fields and the files, each checked here
// so that a wrong one comes back to the form beside its field, before anything is stored or sent.
import type { MultipartFile } from '@fastify/multipart';
import type { ItemDefinition } from '../domain/item-definition';
import { checkEvidence } from '../evidence/content-type';
import { one, type Fields } from './forms';

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
}

export interface Upload {
  bytes: Buffer;
  name: string;
}

/** The form's own fields as typed (the CSRF token and the nonce aside), each within its size. */
export function reportValues(fields: Fields): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of Object.keys(fields))
    if (name !== '_csrf' && name !== 'nonce') values[name] = one(fields, name);
  return values;
}

/** The report's text: the summary, the item's KPIs (0 to 100) and the evidence's web addresses. */
export function reportText(values: Record<string, string>, def: ItemDefinition): ReportText | FieldRefusal {
  const summary = values.summary?.trim() ?? '';
  if (!summary) return { field: 'summary', message: '请填写完成情况简述。' };
  const kpis: Record<string, number> = {};
  for (const k of def.kpis) {
    const text = values[`kpi-${k.id}`]?.trim();
    if (!text) continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0 || value > 100)
      return { field: `kpi-${k.id}`, message: `${k.name}请填写0到100之间的数值。` };
    kpis[k.id] = value;
  }
  const links = (values.links ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (const l of links)
    if (!/^https?:\/\/\S+$/i.test(l) || l.length > 2000)
      return {
        field: 'links',
        message: `“${l.slice(0, 60)}”不是有效的网址（应以 http:// 或 https:// 开头）。`,
      };
  return { summary, kpis, links, milestone: values.milestone?.trim() };
}

/** The uploaded files, read and each checked to be evidence we take; none stored yet. */
export async function reportUploads(files: MultipartFile[]): Promise<Upload[] | FieldRefusal> {
  const uploads: Upload[] = [];
  for (const file of files) {
    const bytes = await file.toBuffer();
    const check = await checkEvidence(bytes, file.filename);
    if (!check.ok) return { field: 'files', message: `${file.filename}：${check.reason}` };
    uploads.push({ bytes, name: file.filename });
  }
  return uploads;
}

export function isRefusal<T extends object>(result: T | FieldRefusal): result is FieldRefusal {
  return 'message' in result;
}
