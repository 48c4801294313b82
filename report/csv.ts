// The year report as a spreadsheet: one row per item and responsible branch, for the office to sort,
// filter and total in Excel or WPS. UTF-8 with a byte order mark, because Excel reads a CSV without
// one in the machine's ANSI code page and shows Chinese as mojibake.
import { countsForAppraisal, kpiStatus, recordDate } from '../domain/appraisal';
import type { YearRecord } from '../domain/year-record';
import { orderedItems } from './content';
import { categoryHeading, formatInstant, itemLabel, KIND_LABEL, kpiText, STATE_LABEL } from './labels';

export const CSV_HEADERS = [
  '事项类型',
  '类别',
  '编号',
  '名称',
  '责任单位',
  '截止日期',
  '原定截止日期',
  '状态',
  '办结时间',
  '报送情况',
  '报送时间',
  '报送人',
  '报送内容',
  '证明材料',
  '按时',
  '逾期工作日',
  '退回整改次数',
  '活动时间',
  '地点',
  '参加人数',
  '宣传报道',
  '先进典型',
  '量化指标',
] as const;

/**
 * One field, quoted as RFC 4180 asks. Text a spreadsheet would run as a formula (=, +, -, @, and the
 * tab and carriage return some spreadsheets skip before one) gets a leading apostrophe: a summary
 * typed as `=HYPERLINK(...)` must be shown, not evaluated, on the office's PC.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(fields: readonly (string | number)[]): string {
  return fields.map(csvField).join(',');
}

export function renderCsv(record: YearRecord): string {
  const today = recordDate(record);
  const lines = [csvLine(CSV_HEADERS)];
  for (const item of orderedItems(record)) {
    const category =
      item.kind === 'task' ? record.categories.find((c) => c.number === item.category) : undefined;
    const kpis = item.kpis.map((k) => kpiText({ ...k, status: kpiStatus(k) })).join('；');
    for (const b of item.branches) {
      const r = b.report;
      lines.push(
        csvLine([
          KIND_LABEL[item.kind],
          category ? categoryHeading(category) : '',
          // "任务05", not "05": Excel would read the number and drop its leading zero.
          itemLabel(item),
          item.title,
          b.name,
          item.due,
          item.originalDue,
          STATE_LABEL[item.state],
          item.completedAt ? formatInstant(item.completedAt) : '',
          r ? '已报送' : countsForAppraisal(item) && today > item.due ? '逾期未报送' : '未报送',
          r ? formatInstant(r.at) : '',
          r?.actor ?? '',
          r?.summary ?? '',
          (r?.evidence ?? []).join('\n'),
          b.onTime === undefined ? '' : b.onTime ? '是' : '否',
          b.lateWorkingDays,
          b.returns,
          r?.heldOn ?? '',
          r?.place ?? '',
          r?.participants ?? '',
          (r?.publicity ?? []).join('\n'),
          (r?.honours ?? []).join('\n'),
          kpis,
        ]),
      );
    }
  }
  // CRLF as RFC 4180 writes it; Excel and WPS read both.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
