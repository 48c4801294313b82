// The year's 台账 as an Excel workbook for the review (复查评审): a summary sheet with one row per task,
// theme and festival; one sheet per category of tasks, and one each for the themes and the festivals,
// where every report is a row with its evidence files named (as `civ year archive` files them), its
// 台账 fields and the KPIs it gave with their counts; the KPIs; and the 文明创建考评 (扣分制) with its
// rules and each branch's arithmetic. Text is written as text, never as a formula, so a summary
// typed as "=HYPERLINK(…)" shows as typed. Written with exceljs.
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { ZONE } from '../domain/calendar';
import { countsForAppraisal, kpiStatus, recordDate } from '../domain/appraisal';
import type { ItemRecord, ReportRecord, YearRecord } from '../domain/year-record';
import { parseEvidenceRef } from '../evidence/ref';
import {
  CAPTION,
  LEDGER_HEADERS,
  orderedItems,
  reportContent,
  SECTION,
  type Block,
  type Cell,
  type ReportContent,
} from './content';
import {
  APPRAISAL_TITLE,
  categoryHeading,
  itemLabel,
  KIND_LABEL,
  KPI_STATUS_LABEL,
  kpiText,
  STATE_LABEL,
} from './labels';

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
  ...LEDGER_HEADERS,
  '量化指标',
  '实际值',
  '分子',
  '分母',
  '按时',
  '逾期工作日',
  '退回整改次数',
];
const REPORT_WIDTHS = [7, 22, 11, 9, 14, 14, 10, 16, 8, 40, 28, 11, 14, 6, 28, 20, 24, 6, 6, 6, 5, 6, 6];

/**
 * The KPIs a branch's final report gave, as four cells: the indicator (and what its counts count),
 * its value and, for a rate, its two counts. Figures are numbers; a report giving several KPIs
 * lists them one per line.
 */
function kpiCells(item: ItemRecord, branch: string): Value[] {
  const own = item.kpis.filter((k) => k.branch === branch);
  const names = own.map(kpiName);
  const column = (pick: (k: ItemRecord['kpis'][number]) => number | undefined): Value => {
    const values = own.map(pick);
    if (!values.length || values.every((v) => v === undefined)) return null;
    return values.length === 1
      ? values[0]!
      : values.map((v) => (v === undefined ? '—' : String(v))).join('\n');
  };
  return [names.join('\n'), column((k) => k.value), column((k) => k.numerator), column((k) => k.denominator)];
}

/** "注册志愿者占干部职工比例（注册志愿者人数/在编干部职工数）": a rate named with what its counts count. */
function kpiName(k: Pick<ItemRecord['kpis'][number], 'name' | 'counts'>): string {
  return k.counts ? `${k.name}（${k.counts.numerator}/${k.counts.denominator}）` : k.name;
}

const KPI_HEADERS = ['事项', '指标', '要求（≥）', '实际值', '分子', '分母', '报送单位', '报送时间', '结果'];

/** Every KPI of the year, a row each, its value and counts as numbers. */
function kpiTable(record: YearRecord): SheetTable | undefined {
  const rows: Value[][] = [];
  for (const item of orderedItems(record)) {
    if (!countsForAppraisal(item)) continue;
    for (const k of item.kpis) {
      const branch =
        item.branches.find((b) => b.id === k.branch) ?? record.branches.find((b) => b.id === k.branch);
      rows.push([
        itemLabel(item),
        kpiName(k),
        k.min,
        k.value ?? null,
        k.numerator ?? null,
        k.denominator ?? null,
        branch?.name ?? k.branch ?? '',
        k.at ? localTime(k.at) : null,
        KPI_STATUS_LABEL[kpiStatus(k)],
      ]);
    }
  }
  return rows.length ? { headers: KPI_HEADERS, rows, widths: [7, 36, 8, 8, 8, 8, 14, 16, 8] } : undefined;
}

/** The 台账 fields of a report: 活动时间, 地点, 参加人数, 宣传报道, 先进典型. */
function ledgerCells(r: ReportRecord | undefined): Value[] {
  return [
    r?.heldOn ? day(r.heldOn) : null,
    r?.place ?? '',
    r?.participants ?? null,
    (r?.publicity ?? []).join('\n'),
    (r?.honours ?? []).join('\n'),
  ];
}

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
        ...ledgerCells(r),
        ...(final ? kpiCells(item, b.id) : ['', null, null, null]),
        final && b.onTime !== undefined ? (b.onTime ? '是' : '否') : '',
        final ? b.lateWorkingDays : null,
        final ? b.returns : null,
      ];
      for (const [id, r] of Object.entries(b.milestones).sort(([, x], [, y]) => x.at.localeCompare(y.at))) {
        const stage = item.milestones?.find((m) => m.id === id)?.title ?? id;
        rows.push(row(`阶段进展：${stage}`, '已报送', r));
      }
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

/** The appraisal's figures, one row per branch, with the arithmetic of its score beside them. */
function appraisalTable(content: ReportContent): SheetTable | undefined {
  const table = contentTable(content, CAPTION.appraisal);
  const arithmetic = contentTable(content, CAPTION.arithmetic);
  if (!table || !arithmetic) return table;
  const steps = new Map(arithmetic.rows.map((r) => [r[0], r[1]]));
  return {
    headers: [...table.headers, arithmetic.headers[1]],
    rows: table.rows.map((r) => [...r, steps.get(r[0]) ?? '']),
    widths: [...table.widths, 40],
  };
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
  const overview = paragraphsOf(content.blocks, SECTION.overview).slice(0, 1);
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
  const kpis = kpiTable(record);
  if (kpis) addTable(wb, taken, '量化指标', [`${content.title}：${CAPTION.kpis}`], kpis);
  const appraisal = appraisalTable(content);
  if (appraisal)
    addTable(
      wb,
      taken,
      '考核',
      [`${content.title}：${APPRAISAL_TITLE}`, ...paragraphsOf(content.blocks, SECTION.appraisal)],
      appraisal,
    );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
