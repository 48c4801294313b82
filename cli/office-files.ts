// The office's files on disk: a 实施方案 as text (.txt in UTF-8 or GB18030, as Chinese Windows saves
// it) or Word (.docx, read by mammoth), and workbooks (.xlsx, read and written by exceljs, as Excel,
// WPS and LibreOffice save them). Every failure is one Chinese line naming the file.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import type { DocumentText } from '../domain/plan-document';
import type { CellValue, SheetData } from '../domain/plan-table';
import type { SheetModel, WorkbookModel } from '../domain/plan-workbook';
import { CliError } from './errors';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** Compound File Binary: .xls, .doc, .et, .wps, and password-protected Office files. */
const CFB = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Buffer, magic: number[]) => magic.every((b, i) => bytes[i] === b);

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${file}：文件不存在`);
    if (code === 'EISDIR') throw new CliError(`${file}：是文件夹，不是文件`);
    throw new CliError(`${file}：无法读取（${code ?? String(err)}）`);
  }
}

/** Text in UTF-8 (with or without a byte order mark), else GB18030 (which includes GBK and GB2312). */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** A 实施方案 as lines (.txt) or paragraphs (.docx). */
export async function readPlanDocumentFile(file: string): Promise<DocumentText> {
  const bytes = await readBytes(file);
  if (startsWith(bytes, CFB))
    throw new CliError(
      `${file}：是旧版 Word 97-2003 文档（.doc/.wps）或已加密：请在 Word 或 WPS 中另存为 .docx 或纯文本 .txt`,
    );
  if (startsWith(bytes, ZIP)) {
    let html: string;
    try {
      html = (await mammoth.convertToHtml({ buffer: bytes })).value;
    } catch {
      throw new CliError(`${file}：不是可读取的 Word 文档（.docx）`);
    }
    return { ...paragraphsOfHtml(html), unit: '段' };
  }
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-')
    throw new CliError(`${file}：是 PDF：请使用 Word 文档（.docx）或纯文本（.txt）`);
  return { lines: decodeText(bytes).split(/\r\n?|\n/), unit: '行' };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'td', 'th']);

/**
 * mammoth's HTML of a Word document as its paragraphs (table cells too), and which of them are items
 * of a numbered list (<ol>): Word's automatic numbering, whose numbers are not in the text.
 */
export function paragraphsOfHtml(html: string): { lines: string[]; numbered: Set<number> } {
  const lines: string[] = [];
  const numbered = new Set<number>();
  const lists: string[] = [];
  let text = '';
  let inNumbered = false;
  const flush = () => {
    if (text.trim()) {
      if (inNumbered) numbered.add(lines.length);
      lines.push(text.trim());
    }
    text = '';
  };
  for (const [, close, tag, chars] of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>|([^<]+)/g)) {
    if (chars !== undefined) text += chars.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITIES[e]);
    else if (tag === 'ol' || tag === 'ul') {
      flush();
      if (close) lists.pop();
      else lists.push(tag);
    } else if (BLOCKS.has(tag)) {
      flush();
      inNumbered = !close && tag === 'li' && lists[lists.length - 1] === 'ol';
    }
  }
  flush();
  return { lines, numbered };
}

/** A cell's value as the import reads it: rich text joined, a formula's result, a link's text. */
function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined || (typeof result === 'object' && !(result instanceof Date)) ? null : result;
  }
  if ('hyperlink' in value) return cellValue((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
  return null;
}

/** Columns read per sheet: a 任务分解表 has about ten; a stray cell far right should not cost memory. */
const MAX_COLUMNS = 60;

/** Every sheet of a workbook as rows of cell values; merged cells carry their master's value. */
export async function readWorkbook(file: string): Promise<SheetData[]> {
  const bytes = await readBytes(file);
  if (startsWith(bytes, CFB))
    throw new CliError(
      `${file}：是旧版 Excel 97-2003 工作簿（.xls/.et）或已加密：请在 Excel 或 WPS 中另存为“Excel 工作簿（.xlsx）”后再导入`,
    );
  if (!startsWith(bytes, ZIP)) throw new CliError(`${file}：不是 Excel 工作簿（.xlsx）`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new CliError(`${file}：不是可读取的 Excel 工作簿（.xlsx）`);
  }
  return workbook.worksheets.map((sheet) => {
    const columns = Math.min(sheet.columnCount, MAX_COLUMNS);
    const rows: CellValue[][] = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const cells: CellValue[] = [];
      for (let c = 1; c <= columns; c++) cells.push(cellValue(row.getCell(c).value));
      rows.push(cells);
    }
    return { name: sheet.name, rows };
  });
}

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = { name: '宋体', size: 11 };
/** The cells the office fills in. */
const TO_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/** Lists the office picks from, so a typo cannot get in. */
const CHOICES: Record<string, string[]> = {
  类型: ['处室', '支部', '基层单位'],
  审核: ['办公室', '组长'],
  小组职务: ['组长', '副组长', '办公室工作人员'],
};

function addSheet(workbook: ExcelJS.Workbook, model: SheetModel): void {
  const sheet = workbook.addWorksheet(model.name, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  model.widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w + 2));
  if (model.title) {
    const title = sheet.addRow([model.title]);
    sheet.mergeCells(1, 1, 1, model.headers.length);
    title.font = { ...FONT, size: 16, bold: true };
    title.alignment = { horizontal: 'center' };
    title.height = 30;
  }
  const header = sheet.addRow([...model.headers]);
  header.eachCell((c) => {
    c.font = { ...FONT, bold: true };
    c.fill = HEADER_FILL;
    c.border = BORDER;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  const first = header.number + 1;
  sheet.views = [{ state: 'frozen', ySplit: header.number }];
  sheet.pageSetup.printTitlesRow = `${header.number}:${header.number}`;
  const fill = new Set(model.toFill ?? []);
  for (const values of model.rows) {
    const row = sheet.addRow(values.map((v) => v ?? null));
    row.height = rowHeight(values, model.widths);
    for (let c = 1; c <= model.headers.length; c++) {
      const cell = row.getCell(c);
      cell.font = FONT;
      cell.border = BORDER;
      cell.alignment = { vertical: 'top', wrapText: true };
      if (fill.has(c - 1) && (cell.value === null || cell.value === '')) cell.fill = TO_FILL;
    }
  }
  for (const m of model.merges ?? [])
    sheet.mergeCells(first + m.from, m.column + 1, first + m.to, m.column + 1);
  addChoices(sheet, model, first);
}

/**
 * Points a row needs to show its wrapped text: spreadsheets do not grow a row for wrapped text they
 * did not lay out themselves (LibreOffice printing a new file, Excel until the row is edited).
 * A Chinese character takes about two of a column's character widths.
 */
export function rowHeight(values: readonly unknown[], widths: readonly number[]): number {
  const lines = values.map((v, i) => {
    if (v === null || v === undefined) return 1;
    const width = (widths[i] ?? 10) + 2;
    return String(v)
      .split('\n')
      .reduce((n, line) => {
        const units = Array.from(line).reduce((u, ch) => u + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
        return n + Math.max(1, Math.ceil(units / width));
      }, 0);
  });
  return Math.min(409, Math.max(...lines, 1) * 14.5 + 4);
}

function addChoices(sheet: ExcelJS.Worksheet, model: SheetModel, first: number): void {
  model.headers.forEach((h, i) => {
    const choices = CHOICES[h];
    if (!choices) return;
    const letter = sheet.getColumn(i + 1).letter;
    // Through row 500: room for every unit of a large administration.
    for (let r = first; r <= 500; r++)
      sheet.getCell(`${letter}${r}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${choices.join(',')}"`],
      };
  });
}

/** Writes the workbook beside `file` and renames it into place; an existing file is never overwritten. */
export async function writeWorkbook(model: WorkbookModel, file: string): Promise<void> {
  if (existsSync(file)) throw new CliError(`${file}：文件已存在，未覆盖`);
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) throw new CliError(`${file}：文件夹 ${dir} 不存在`);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'civ';
  workbook.title = model.title;
  for (const sheet of model.sheets) addSheet(workbook, sheet);
  const tmp = `${file}.tmp-${process.pid}`;
  await fs.writeFile(tmp, Buffer.from(await workbook.xlsx.writeBuffer()));
  await fs.rename(tmp, file);
}
