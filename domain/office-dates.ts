// Dates as offices write them in a 任务分解表: an Excel date, 2026年6月30日, 2026/6/30, 6月30日前,
// 6月底, 上半年, 第三季度, 全年. Each is read as one due date of the plan year; a vague one becomes the
// last working day of the period it names, and the reading says so, so nothing is guessed silently.
import { isRealDate } from './plan';
import { chineseNumeral } from './plan-document';
import { cellText, type CellValue } from './plan-table';
import type { WorkCalendar } from './calendar';

export interface DateContext {
  year: number;
  calendar: WorkCalendar;
  /** The plan's latest due date (the year's last working days are kept for sign-off). */
  latestDue: string;
  reviewWorkingDays: number;
}

export type DateReading =
  | {
      ok: true;
      date: string;
      /** How a vague phrase (6月底, 全年) or an Excel serial number was read, for the office to check. */
      note?: string;
    }
  | { ok: false; message: string };

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function lastDayOfMonth(y: number, m: number): string {
  return iso(y, m, new Date(Date.UTC(y, m, 0)).getUTCDate());
}

/** Excel's day numbers count from 1899-12-30 (the 1900 system, which Excel, WPS and LibreOffice share). */
function fromSerial(serial: number): string {
  const d = new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000);
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const FULL_WIDTH_DIGIT = /[０-９]/g;

function normalize(text: string): string {
  return text
    .replace(FULL_WIDTH_DIGIT, (c) => String(c.charCodeAt(0) - 0xff10))
    .replace(/[\s\u3000]/g, '')
    .replace(/[（(][^）)]*[)）]$/, '')
    .replace(/(?:之前|以前|前|为止|止|完成)$/, '');
}

const RECURRING = /每月|每季|每周|每年|按月|按季|逐月|每半年|定期|随时|月度|季度报/;
const WHOLE_YEAR = /^(全年|年底|年末|年内|长期|长期坚持|持续推进|持续|常态化|全年持续|年终)$/;

/** A month, in digits or numerals. */
function monthOf(text: string): number | undefined {
  const n = /^\d+$/.test(text) ? Number(text) : chineseNumeral(text);
  return n !== undefined && n >= 1 && n <= 12 ? n : undefined;
}

type Parsed =
  | { kind: 'exact'; year?: number; month: number; day: number }
  | { kind: 'period'; year?: number; end: (y: number) => string; what: string }
  | { kind: 'year'; year?: number };

function parsePhrase(t: string): Parsed | undefined {
  let m =
    /^(\d{4})(?:[年\-/.])(\d{1,2})(?:[月\-/.])(\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return { kind: 'exact', year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  m = /^(\d{1,2})[月\-/.](\d{1,2})日?$/.exec(t);
  if (m) return { kind: 'exact', month: Number(m[1]), day: Number(m[2]) };
  const y = /^(\d{4})年(.+)$/.exec(t);
  const year = y ? Number(y[1]) : undefined;
  const rest = y ? y[2] : t;
  if (WHOLE_YEAR.test(rest)) return { kind: 'year', year };
  m = /^([\d一二三四五六七八九十]{1,3})月(底|末|份|下旬|中旬|上旬)?$/.exec(rest);
  const month = m ? monthOf(m[1]) : undefined;
  if (m && month) {
    const when = m[2] ?? '';
    if (when === '上旬') return { kind: 'period', year, end: (yy) => iso(yy, month, 10), what: '当月10日' };
    if (when === '中旬') return { kind: 'period', year, end: (yy) => iso(yy, month, 20), what: '当月20日' };
    return { kind: 'period', year, end: (yy) => lastDayOfMonth(yy, month), what: '当月最后一个工作日' };
  }
  if (/^(上半年|年中)$/.test(rest))
    return { kind: 'period', year, end: (yy) => iso(yy, 6, 30), what: '上半年最后一个工作日' };
  m = /^第?([一二三四1-4])季度(末|底)?$/.exec(rest);
  if (m) {
    const q = /\d/.test(m[1]) ? Number(m[1]) : chineseNumeral(m[1])!;
    return { kind: 'period', year, end: (yy) => lastDayOfMonth(yy, q * 3), what: `第${q}季度最后一个工作日` };
  }
  return undefined;
}

/** The day a cell names, before the plan's rules are applied. */
function readCell(value: CellValue, ctx: DateContext): DateReading | Parsed {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, message: '不是有效日期' };
    return {
      kind: 'exact',
      year: value.getUTCFullYear(),
      month: value.getUTCMonth() + 1,
      day: value.getUTCDate(),
    };
  }
  if (typeof value === 'number') {
    // A date cell whose format the reader did not know as a date comes as its day number.
    if (value > 32_874 && value < 73_051) {
      const date = fromSerial(value);
      return { ok: true, date, note: `Excel日期值${value}按${date}` };
    }
    return { ok: false, message: `“${value}”不是日期（写作“${ctx.year}年6月30日”“6月底”或“全年”）` };
  }
  const raw = String(value ?? '').trim();
  if (!raw) return { ok: false, message: '未填写' };
  const t = normalize(raw);
  if (RECURRING.test(t))
    return {
      ok: false,
      message: `“${raw}”是周期性要求，不是完成时限：请写明最终完成日期，每月或每季度的进度写在“阶段节点”列`,
    };
  if ((t.match(/\d{1,2}月/g) ?? []).length > 1 || /[、，,;；\n]/.test(raw))
    return { ok: false, message: `“${raw}”写了多个时间：完成时限只写一个日期，中间节点写在“阶段节点”列` };
  return (
    parsePhrase(t) ?? {
      ok: false,
      message: `读不出日期“${raw}”（可写作“${ctx.year}年6月30日”“6月30日”“6月底”“上半年”或“全年”）`,
    }
  );
}

/**
 * Reads a due date (`kind` 'due') or a milestone date of the plan year. An exact date stays as
 * written; a period (6月底, 第三季度) becomes its last working day; 全年 and the like the plan's
 * latest due date.
 */
export function readOfficeDate(
  value: CellValue,
  ctx: DateContext,
  kind: 'due' | 'milestone' = 'due',
): DateReading {
  const raw = typeof value === 'string' ? value.trim() : undefined;
  const read = readCell(value, ctx);
  if ('ok' in read) return read.ok ? checkDate(read.date, ctx, kind, read.note) : read;
  if (read.year !== undefined && read.year !== ctx.year)
    return { ok: false, message: `“${raw ?? read.year}”不在${ctx.year}年度内` };
  if (read.kind === 'year')
    return kind === 'due'
      ? {
          ok: true,
          date: ctx.latestDue,
          note: `“${raw}”按${ctx.latestDue}（本年度最晚的截止日期：年末${ctx.reviewWorkingDays}个工作日留作审核）`,
        }
      : { ok: false, message: `“${raw}”不是阶段节点的日期` };
  if (read.kind === 'exact') {
    const date = iso(read.year ?? ctx.year, read.month, read.day);
    if (!isRealDate(date)) return { ok: false, message: `“${raw ?? date}”不是真实的日期` };
    return checkDate(date, ctx, kind);
  }
  let date = ctx.calendar.previousWorkingDay(read.end(ctx.year));
  let note = `“${raw}”按${date}（${read.what}）`;
  if (kind === 'due' && date > ctx.latestDue) {
    date = ctx.latestDue;
    note = `“${raw}”按${date}（本年度最晚的截止日期：年末${ctx.reviewWorkingDays}个工作日留作审核）`;
  }
  return { ok: true, date, note };
}

function checkDate(date: string, ctx: DateContext, kind: 'due' | 'milestone', note?: string): DateReading {
  if (!date.startsWith(`${ctx.year}-`)) return { ok: false, message: `${date}不在${ctx.year}年度内` };
  if (kind === 'due' && date > ctx.latestDue)
    return {
      ok: false,
      message: `${date}晚于本年度最晚的截止日期${ctx.latestDue}（年末${ctx.reviewWorkingDays}个工作日留作审核和考核）`,
    };
  const off = ctx.calendar.isWorkingDay(date) ? '' : `${date}是休息日，提醒和逾期按此日期计算`;
  const said = [note, off].filter(Boolean).join('；');
  return said ? { ok: true, date, note: said } : { ok: true, date };
}

/** A day written in full (an Excel date, 2020年3月9日, 2020-03-09), or without its year in `year`. */
export function readExactDate(value: CellValue, year?: number): DateReading {
  const read = readCell(value, { year: year ?? 2000 } as DateContext);
  if ('ok' in read) return read.ok ? { ok: true, date: read.date } : read;
  if (read.kind !== 'exact' || (read.year ?? year) === undefined)
    return { ok: false, message: `“${cellText(value)}”不是完整的日期（写作“2027年3月9日”）` };
  const date = iso(read.year ?? year!, read.month, read.day);
  return isRealDate(date) ? { ok: true, date } : { ok: false, message: `“${cellText(value)}”不是真实的日期` };
}
