// The year's 台账 as an Excel workbook for the review (复查评审): a summary sheet with one row per task,
// theme and festival; one sheet per category of tasks, and one each for the themes and the festivals,
// where every report is a row with its evidence files named (as `civ year archive` files them); the
// KPIs; and the appraisal (年度绩效考核) with its formula. Text is written as text, never as a formula,
// so a summary typed as "=HYPERLINK(…)" shows as typed. Written with exceljs.
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { ZONE } from '../domain/calendar';
import { countsForAppraisal, kpiStatus, recordDate } from '../domain/appraisal';
import type { ItemRecord, ReportRecord, YearRecord } from '../domain/year-record';
import { parseEvidenceRef } from '../evidence/ref';
import { orderedItems, reportContent, type Block, type Cell, type ReportContent } from './content';
import { categoryHeading, itemLabel, KIND_LABEL, kpiText, STATE_LABEL } from './labels';

export interface WorkbookOptions {
  /** The stored name of an evidence file, by its sha256; undefined when the store has none. */
  evidenceName?: (hash: string) => string | undefined;
}

type Value = string | number | Date | null;

interface SheetTable {
  headers: readonly string[];
  rows: Value[][];
  /** Characters per column. */
  widths: readonly number[];
}

const FONT = { name: '宋体', size: 10.5 };
const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/** A local day as Excel keeps it: the wall-clock figures, in a cell formatted as a date. */
function day(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** An instant as Excel keeps it: Asia/Shanghai wall-clock time. */
function localTime(instant: string): Date | string {
  const t = DateTime.fromISO(instant, { zone: ZONE });
  return t.isValid ? new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute)) : instant;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], and each once. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base = Array.from(wanted.replace(/[:\\/?*[\]]/g, '_'))
    .slice(0, 31)
    .join('');
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${Array.from(base).slice(0, 28).join('')}(${n})`;
  taken.add(name);
  return name;
}

function addTable(
  wb: ExcelJS.Workbook,
  taken: Set<string>,
  name: string,
  title: readonly string[],
  t: SheetTable,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheetName(name, taken), {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  t.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w + 2));
  title.forEach((line, i) => {
    const row = ws.addRow([line]);
    ws.mergeCells(row.number, 1, row.number, t.headers.length);
    row.font = { ...FONT, size: i ? 10.5 : 14, bold: i === 0 };
    row.alignment = { horizontal: i ? 'left' : 'center', vertical: 'middle', wrapText: true };
    row.height = i ? 30 : 24;
  });
  const header = ws.addRow([...t.headers]);
  header.eachCell((c) => {
    c.font = { ...FONT, bold: true };
    c.fill = HEADER_FILL;
    c.border = BORDER;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  for (const values of t.rows) {
    const row = ws.addRow(values);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.font = FONT;
      c.border = BORDER;
      c.alignment = { vertical: 'top', wrapText: true };
      if (c.value instanceof Date)
        c.numFmt = c.value.getUTCHours() || c.value.getUTCMinutes() ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
      else if (typeof c.value === 'number' && t.headers[Number(c.col) - 1]?.endsWith('率')) c.numFmt = '0.0%';
    });
  }
  ws.views = [{ state: 'frozen', ySplit: header.number }];
  ws.autoFilter = {
    from: { row: header.number, column: 1 },
    to: { row: header.number + t.rows.length, column: t.headers.length },
  };
  ws.pageSetup.printTitlesRow = `${header.number}:${header.number}`;
  return ws;
}

function evidenceText(evidence: readonly string[], options: WorkbookOptions): string {
  return evidence
    .map((e) => {
      const hash = parseEvidenceRef(e);
      if (!hash) return e;
      const name = options.evidenceName?.(hash);
      return name ? `${name}（附件 ${hash.slice(0, 8)}）` : `附件 ${hash.slice(0, 8)}`;
    })
    .join('\n');
}

const SUMMARY_HEADERS = [
  '事项类型',
  '类别',
  '编号',
  '名称',
  '截止日期',
  '原定截止日期',
  '状态',
  '办结时间',
  '责任单位',
  '已报送',
  '未报送',
  '量化指标',
];

function summaryRows(record: YearRecord): Value[][] {
  return orderedItems(record).map((item) => {
    const category =
      item.kind === 'task' ? record.categories.find((c) => c.number === item.category) : undefined;
    const missing = item.branches.filter((b) => !b.report).map((b) => b.name);
    return [
      KIND_LABEL[item.kind],
      category ? categoryHeading(category) : '',
      itemLabel(item),
      item.title,
      day(item.due),
      day(item.originalDue),
      STATE_LABEL[item.state],
      item.completedAt ? localTime(item.completedAt) : null,
      item.branches.map((b) => b.name).join('、'),
      item.branches.length - missing.length,
      missing.join('、'),
      item.kpis.map((k) => kpiText({ ...k, status: kpiStatus(k) })).join('\n'),
    ];
  });
}

const REPORT_HEADERS = [
  '编号',
  '事项',
  '截止日期',
  '状态',
  '责任单位',
  '报送类型',
  '报送情况',
  '报送时间',
  '报送人',
  '报送内容',
  '证明材料',
  '按时',
  '逾期工作日',
  '退回整改次数',
];
const REPORT_WIDTHS = [7, 22, 11, 9, 14, 14, 10, 16, 8, 40, 28, 5, 6, 6];

/** Every report of the items, a row each; a branch that has not reported, a row saying so. */
function reportRows(record: YearRecord, items: readonly ItemRecord[], options: WorkbookOptions): Value[][] {
  const today = recordDate(record);
  const rows: Value[][] = [];
  for (const item of items)
    for (const b of item.branches) {
      const lead: Value[] = [itemLabel(item), item.title, day(item.due), STATE_LABEL[item.state], b.name];
      const row = (kind: string, status: string, r?: ReportRecord, final = false): Value[] => [
        ...lead,
        kind,
        status,
        r ? localTime(r.at) : null,
        r?.actor ?? '',
        r?.summary ?? '',
        r ? evidenceText(r.evidence, options) : '',
        final && b.onTime !== undefined ? (b.onTime ? '是' : '否') : '',
        final ? b.lateWorkingDays : null,
        final ? b.returns : null,
      ];
      for (const [id, r] of Object.entries(b.milestones).sort(([, x], [, y]) => x.at.localeCompare(y.at)))
        rows.push(row(`阶段进展：${id}`, '已报送', r));
      const late = countsForAppraisal(item) && today > item.due;
      rows.push(row('最终报送', b.report ? '已报送' : late ? '逾期未报送' : '未报送', b.report, true));
    }
  return rows;
}

/** A table of the report's content, found by its caption, with figures as numbers. */
function contentTable(content: ReportContent, caption: string): SheetTable | undefined {
  const find = (blocks: readonly Block[]): Extract<Block, { type: 'table' }> | undefined => {
    for (const b of blocks) {
      if (b.type === 'table' && b.caption === caption) return b;
      if (b.type === 'group') {
        const found = find(b.blocks);
        if (found) return found;
      }
    }
    return undefined;
  };
  const table = find(content.blocks);
  if (!table) return undefined;
  const rows = table.rows.map((r) => r.map((c) => figure(cellString(c))));
  const widths = table.headers.map((h, i) =>
    Math.min(30, Math.max(6, Array.from(h).length * 2, ...rows.map((r) => String(r[i] ?? '').length))),
  );
  return { headers: table.headers, rows, widths };
}

function cellString(value: Cell): string {
  const pieces = typeof value === 'string' || !Array.isArray(value) ? [value] : value;
  return (pieces as readonly (string | { text: string })[])
    .map((p) => (typeof p === 'string' ? p : p.text))
    .join('\n');
}

/** "96" and "61.2" as numbers, "93.8%" as 0.938; anything else as the text it is. */
function figure(text: string): Value {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const rate = /^(\d+(?:\.\d+)?)%$/.exec(text);
  return rate ? Number(rate[1]) / 100 : text;
}

function paragraphsOf(blocks: readonly Block[], from: string): string[] {
  const out: string[] = [];
  let on = false;
  const walk = (bs: readonly Block[]) => {
    for (const b of bs) {
      if (b.type === 'heading') on = b.text === from;
      else if (on && b.type === 'paragraph') out.push(b.text);
      else if (on && b.type === 'list') out.push(...b.items);
      else if (b.type === 'group') walk(b.blocks);
    }
  };
  walk(blocks);
  return out;
}

/** The 台账 workbook's bytes. */
export async function renderXlsx(record: YearRecord, options: WorkbookOptions = {}): Promise<Buffer> {
  const content = reportContent(record);
  const wb = new ExcelJS.Workbook();
  wb.creator = content.organization;
  wb.title = content.title;
  wb.created = new Date(record.generatedAt);
  const taken = new Set<string>();
  const overview = paragraphsOf(content.blocks, '二、总体情况').slice(0, 1);
  addTable(wb, taken, '汇总', [content.title, ...content.subtitle, ...overview], {
    headers: SUMMARY_HEADERS,
    rows: summaryRows(record),
    widths: [10, 22, 7, 26, 11, 11, 9, 16, 26, 6, 20, 30],
  });
  const items = orderedItems(record);
  const tasks = items.filter((i) => i.kind === 'task');
  for (const category of record.categories) {
    const own = tasks.filter((t) => t.category === category.number);
    if (own.length)
      addTable(wb, taken, categoryHeading(category), [`${content.title}：${categoryHeading(category)}`], {
        headers: REPORT_HEADERS,
        rows: reportRows(record, own, options),
        widths: REPORT_WIDTHS,
      });
  }
  for (const kind of ['theme', 'festival'] as const) {
    const own = items.filter((i) => i.kind === kind);
    if (own.length)
      addTable(
        wb,
        taken,
        kind === 'theme' ? '一月一主题' : '我们的节日',
        [`${content.title}：${KIND_LABEL[kind]}`],
        {
          headers: REPORT_HEADERS,
          rows: reportRows(record, own, options),
          widths: REPORT_WIDTHS,
        },
      );
  }
  const kpis = contentTable(content, '量化指标完成情况');
  if (kpis) addTable(wb, taken, '量化指标', [`${content.title}：量化指标完成情况`], kpis);
  const appraisal = contentTable(content, '各责任单位考核情况');
  if (appraisal)
    addTable(
      wb,
      taken,
      '考核',
      [`${content.title}：年度绩效考核`, ...paragraphsOf(content.blocks, '三、年度绩效考核')],
      appraisal,
    );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
