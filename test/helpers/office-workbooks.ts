// Workbooks as an office fills them: the draft `civ plan draft` wrote, completed the way its staff
// would in Excel (units, dates, people), and soffice (LibreOffice, which scripts/install.sh installs)
// to save a workbook again as LibreOffice does, or to read one back independently of exceljs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Plan } from '../../domain/plan';

/** The row of `sheet` whose first cell (or the cell in `column`) is `value`. */
function rowWhere(sheet: ExcelJS.Worksheet, column: number, value: string | number): ExcelJS.Row {
  for (let r = 1; r <= sheet.rowCount; r++) {
    const v = sheet.getRow(r).getCell(column).value;
    if (v === value || String(v) === String(value)) return sheet.getRow(r);
  }
  throw new Error(`no row with ${value} in column ${column} of ${sheet.name}`);
}

function headerColumn(sheet: ExcelJS.Worksheet, header: string): number {
  for (let r = 1; r <= 5; r++) {
    const row = sheet.getRow(r);
    for (let c = 1; c <= sheet.columnCount; c++) if (row.getCell(c).value === header) return c;
  }
  throw new Error(`no column ${header} in ${sheet.name}`);
}

const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** Fills the draft of the seed with the units, dates, people and festivals of `plan` (plans/2020.yaml). */
export async function fillDraft(file: string, plan: Plan, out: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const name = (id: string) => plan.branches.find((b) => b.id === id)!.name;
  const tasks = wb.getWorksheet('任务分解表')!;
  const col = (h: string) => headerColumn(tasks, h);
  for (const t of plan.tasks) {
    const row = rowWhere(tasks, 1, Number(t.id));
    row.getCell(col('责任单位（牵头）')).value = name(t.branches[0]);
    row.getCell(col('责任单位（配合）')).value = t.branches.slice(1).map(name).join('、') || null;
    row.getCell(col('完成时限')).value = chineseDate(t.due);
    row.getCell(col('阶段节点')).value =
      (t.milestones ?? []).map((m) => `${chineseDate(m.due)}：${m.title}`).join('\n') || null;
    if (t.signOff === 'head') row.getCell(col('审核')).value = '组长';
  }
  const info = wb.getWorksheet('方案信息')!;
  rowWhere(info, 1, '办公室电子邮箱').getCell(2).value = plan.leadingGroup.office.email;
  // The seed says only "下设办公室": the office writes its full name, as the plan does.
  rowWhere(info, 1, '领导小组办公室名称').getCell(2).value = plan.leadingGroup.office.name;
  rowWhere(info, 1, '办公室电话').getCell(2).value = plan.leadingGroup.office.phone ?? null;
  fillGroup(wb.getWorksheet('领导小组')!, plan);
  const units = wb.getWorksheet('单位名单')!;
  for (const b of plan.branches) {
    const deputy = plan.leadingGroup.deputies.find((d) => d.id === b.deputy)!;
    units.addRow([b.name, '', b.kind, b.lead.name, b.lead.title ?? '', b.lead.email, deputy.name, b.id]);
  }
  const festivals = wb.getWorksheet('我们的节日')!;
  for (const f of plan.festivals) rowWhere(festivals, 1, f.name).getCell(2).value = f.leadDays;
  await wb.xlsx.writeFile(out);
}

function fillGroup(sheet: ExcelJS.Worksheet, plan: Plan): void {
  const g = plan.leadingGroup;
  const head = rowWhere(sheet, 1, '组长');
  head.getCell(2).value = g.head.name;
  head.getCell(3).value = g.head.title ?? null;
  head.getCell(4).value = g.head.email;
  // The draft has one 副组长 row and one 办公室工作人员 row: the office writes one row a person.
  sheet.spliceRows(rowWhere(sheet, 1, '副组长').number, 2);
  for (const d of g.deputies) sheet.addRow(['副组长', d.name, d.title ?? '', d.email, d.id]);
  for (const p of g.office.staff) sheet.addRow(['办公室工作人员', p.name, p.title ?? '', p.email, '']);
}

/** `file` opened and saved again by LibreOffice Calc, as an office on LibreOffice hands it in. */
export function savedByLibreOffice(file: string, dir: string): string {
  const out = path.join(dir, 'libreoffice');
  // "Excel 2007-365", the filter LibreOffice saves an .xlsx with when its user keeps the format.
  soffice(['--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, file]);
  return path.join(out, path.basename(file));
}

/** Every sheet of a workbook as LibreOffice reads it, CSV text by sheet name. */
export function sheetsByLibreOffice(file: string): Record<string, string> {
  const out = mkdtempSync(path.join(tmpdir(), 'civ-lo-csv-'));
  try {
    // 44 = comma, 34 = quote, 76 = UTF-8, cells as shown (dates as formatted), and the last -1:
    // every sheet to a file of its own.
    soffice([
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
      '--outdir',
      out,
      file,
    ]);
    const stem = path.basename(file, path.extname(file));
    return Object.fromEntries(
      readdirSync(out).map((f) => [f.slice(stem.length + 1, -4), readFileSync(path.join(out, f), 'utf8')]),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Runs LibreOffice headless with a profile of its own, so parallel runs do not share a lock. */
export function soffice(args: string[]): void {
  const profile = mkdtempSync(path.join(tmpdir(), 'civ-lo-profile-'));
  try {
    execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', ...args], {
      stdio: 'pipe',
      timeout: 120_000,
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** CSV text (RFC 4180, as LibreOffice writes it) as rows of fields; quoted fields may span lines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted) {
      if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}
