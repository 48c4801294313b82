// The 任务分解表 read into the plan's tasks and categories: categories in merged cells, in rows of
// their own or repeated on every row; several units in one cell (、，, or line breaks, 牵头/配合 marks,
// 各处室); dates as offices write them; KPIs as "法治宣传普及率≥95%"; milestones as "6月30日：小结".
import type { Kpi, Task } from './plan';
import { readOfficeDate, type DateContext } from './office-dates';
import { chineseNumeral } from './plan-document';
import { type BranchRows, unitGroup, unitKey } from './plan-import-people';
import {
  cellText,
  type DataRow,
  headerName,
  type ImportLog,
  type Problem,
  type SheetData,
  tableOf,
  TASK_TABLE,
  type TaskColumn,
} from './plan-table';

export interface Category {
  number: number;
  numeral: string;
  title: string;
}

export interface TaskRows {
  tasks: Task[];
  categories: Category[];
  /** Path in the plan ("tasks.3") → the row it came from. */
  rows: Map<string, Pick<Problem, 'file' | 'sheet' | 'row'>>;
  /** A task field → the header of its column, as the sheet wrote it. */
  columns: Map<string, string>;
}

const NUMERALS = '一二三四五六七八九十';
const CATEGORY_HEADING = /^[（(]?([一二三四五六七八九十]{1,2})[)）、.．]\s*(.+)$/;
const NOTE_ROW = /^(注|备注|说明|填表|制表|联系人|审核人)/;

type Row = DataRow<TaskColumn>;

interface State {
  out: TaskRows;
  log: ImportLog;
  branches: BranchRows;
  ctx: DateContext;
  sheet: string;
  col: (k: TaskColumn) => string;
  category?: Category;
  /** Rows without a 序号, numbered after the sheet is read. */
  unnumbered: { row: number; task: Task }[];
  /** Each 序号 seen → its row, whether or not its task could be read. */
  numbers: Map<string, number>;
}

/** Reads the 任务分解表; every problem goes to `log`, named by row and column. */
export function readTaskSheet(
  sheet: SheetData | undefined,
  branches: BranchRows,
  ctx: DateContext,
  log: ImportLog,
): TaskRows {
  const out: TaskRows = { tasks: [], categories: [], rows: new Map(), columns: new Map() };
  const table = tableOf(TASK_TABLE, sheet, log);
  if (!table) return out;
  const col = (k: TaskColumn) => headerName(TASK_TABLE, table.header, k);
  for (const [field, key] of [
    ['title', 'title'],
    ['description', 'content'],
    ['branches', 'lead'],
    ['due', 'due'],
    ['milestones', 'milestones'],
    ['kpis', 'kpis'],
    ['signOff', 'signOff'],
    ['category', 'category'],
  ] as const)
    out.columns.set(field, col(key));
  const state: State = {
    out,
    log,
    branches,
    ctx,
    sheet: table.sheet.name,
    col,
    unnumbered: [],
    numbers: new Map(),
  };
  for (const row of table.rows) readRow(state, row);
  numberTasks(state);
  if (!out.tasks.length && !log.problems.some((p) => p.sheet === state.sheet))
    log.problems.push({ sheet: state.sheet, message: '表中没有任务' });
  if (out.tasks.length && out.categories.length !== 5)
    log.problems.push({
      sheet: state.sheet,
      column: col('category'),
      message: `任务须分为5个类别（实施方案“主要任务”的5个部分，年度报告按此统计），表中有${out.categories.length}个：${out.categories.map((c) => c.title).join('、')}`,
    });
  return out;
}

function readRow(s: State, row: Row): void {
  const at = { sheet: s.sheet, row: row.row };
  const title = row.text('title');
  const content = row.text('content');
  const numberText = row.text('number');
  if (/^示例/.test(numberText)) {
    s.log.notes.push(`工作表“${s.sheet}”第${row.row}行是示例行，未读入。`);
    return;
  }
  const texts = [...new Set(row.raw.map(cellText).filter((t) => t !== ''))];
  // A row merged across the table reads as one text in every cell: a category heading, or a note.
  const across = texts.length === 1 && row.raw.filter((v) => cellText(v) !== '').length > 1;
  if (across || (!title && !content)) {
    const first = texts[0] ?? '';
    const heading = (!across && row.text('category')) || (CATEGORY_HEADING.test(first) ? first : '');
    if (heading) s.category = categoryOf(s, heading, row.row);
    else if (NOTE_ROW.test(first))
      s.log.notes.push(`工作表“${s.sheet}”第${row.row}行“${first.replace(/[。.]$/, '')}”不是任务，未读入。`);
    else s.log.problems.push({ ...at, column: s.col('title'), message: '未填写工作任务' });
    return;
  }
  const categoryText = row.text('category');
  if (categoryText) s.category = categoryOf(s, categoryText, row.row);
  const problems = s.log.problems.length;
  const need = (ok: string, column: TaskColumn, message: string) => {
    if (!ok) s.log.problems.push({ ...at, column: s.col(column), message });
  };
  need(title, 'title', '未填写工作任务');
  need(content, 'content', '未填写具体内容/工作要求');
  if (!s.category) s.log.problems.push({ ...at, column: s.col('category'), message: '未填写类别' });
  const branches = unitsOf(s, row, at);
  const due = readOfficeDate(row.cells.get('due') ?? null, s.ctx);
  if (!due.ok) s.log.problems.push({ ...at, column: s.col('due'), message: due.message });
  else if (due.note) s.log.notes.push(`工作表“${s.sheet}”第${row.row}行“${s.col('due')}”：${due.note}`);
  const kpis = kpisOf(s, row, at);
  const signOff = signOffOf(s, row, at);
  const id = taskNumber(s, numberText, at);
  const milestones = milestonesOf(s, row, at, due.ok ? due.date : undefined);
  if (s.log.problems.length > problems || !due.ok || !s.category || !signOff || !milestones) return;
  const task: Task = {
    id: id ?? '',
    category: s.category.number,
    title,
    description: content,
    branches,
    due: due.date,
    signOff,
    ...(kpis.length && { kpis }),
  };
  if (milestones.length) task.milestones = milestones;
  s.out.rows.set(`tasks.${s.out.tasks.length}`, at);
  s.out.tasks.push(task);
  if (id === undefined) s.unnumbered.push({ row: row.row, task });
}

/** A category by its text: "（一）强化思想引领…", "一、…" or the title alone (numbered in order). */
function categoryOf(s: State, text: string, row: number): Category | undefined {
  const m = CATEGORY_HEADING.exec(text.replace(/\s/g, ''));
  const title = (m ? m[2] : text).replace(/[。：:]$/, '').trim();
  const given = m ? chineseNumeral(m[1]) : undefined;
  const known = s.out.categories.find((c) => c.title === title);
  if (known && (given === undefined || given === known.number)) return known;
  const number = given ?? s.out.categories.length + 1;
  const clash = s.out.categories.find((c) => c.number === number);
  if (known || clash || number > 10) {
    s.log.problems.push({
      sheet: s.sheet,
      row,
      column: s.col('category'),
      message: clash ? `类别“${text}”与“${clash.title}”的序号相同` : `类别“${text}”的序号与前面的不一致`,
    });
    return undefined;
  }
  const category = { number, numeral: NUMERALS[number - 1] ?? String(number), title };
  s.out.categories.push(category);
  s.out.categories.sort((a, b) => a.number - b.number);
  return category;
}

/** 序号 as written: 1, "01", "1.", "任务1". */
function taskNumber(s: State, text: string, at: Omit<Problem, 'message'>): string | undefined {
  if (!text) return undefined;
  const m = /^(?:任务)?(\d{1,2})[.．、]?$/.exec(text.replace(/\s/g, ''));
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 1 && n <= 99)) {
    s.log.problems.push({ ...at, column: s.col('number'), message: `“${text}”不是任务序号（1—99）` });
    return undefined;
  }
  const id = String(n).padStart(2, '0');
  const first = s.numbers.get(id);
  if (first !== undefined)
    s.log.problems.push({ ...at, column: s.col('number'), message: `序号${n}与第${first}行重复` });
  else s.numbers.set(id, at.row!);
  return id;
}

/** Without any 序号 the tasks are numbered in order; with some missing, each missing one is a problem. */
function numberTasks(s: State): void {
  if (!s.unnumbered.length) return;
  if (s.unnumbered.length === s.out.tasks.length) {
    s.out.tasks.forEach((t, i) => (t.id = String(i + 1).padStart(2, '0')));
    s.log.notes.push(
      `工作表“${s.sheet}”未填序号：任务按表中顺序编为01—${s.out.tasks[s.out.tasks.length - 1].id}。`,
    );
    return;
  }
  for (const u of s.unnumbered)
    s.log.problems.push({ sheet: s.sheet, row: u.row, column: s.col('number'), message: '未填写序号' });
}

const UNIT_SEPARATORS = /[、，,；;\n/／]+|\s+/;
const UNIT_MARKS = /[（(](?:牵头|配合|主责|协办|负责|协助)[)）]|^(?:牵头|配合|主责|协办|协助)(?:单位)?[：:]/g;

/** The lead units, then the supporting ones, each once; 各处室 and the like stand for their units. */
function unitsOf(s: State, row: Row, at: Omit<Problem, 'message'>): string[] {
  const ids: string[] = [];
  for (const key of ['lead', 'support'] as const) {
    const text = row.text(key);
    for (const raw of text.split(UNIT_SEPARATORS)) {
      const name = raw.replace(UNIT_MARKS, '').replace(/等$/, '').trim();
      if (!name) continue;
      const group = unitGroup(name, s.branches.branches);
      if (group) {
        s.log.notes.push(
          `工作表“${s.sheet}”第${row.row}行“${s.col(key)}”：“${name}”按单位名单中的${group.length}个单位（${group.map((b) => b.name).join('、')}）`,
        );
        ids.push(...group.map((b) => b.id));
        continue;
      }
      const id = s.branches.byName.get(unitKey(name));
      if (id) ids.push(id);
      else if (s.branches.names.length)
        s.log.problems.push({
          ...at,
          column: s.col(key),
          message: `“${name}”不在单位名单中${similar(name, s.branches.names)}`,
        });
    }
  }
  if (!row.text('lead') && !row.text('support'))
    s.log.problems.push({ ...at, column: s.col('lead'), message: '未填写责任单位' });
  return [...new Set(ids)];
}

/** "（单位名单中有“财务处”）" when a listed unit starts the same way. */
function similar(name: string, names: readonly string[]): string {
  const prefix = Array.from(name).slice(0, 2).join('');
  const like = names.filter((n) => n.startsWith(prefix)).map((n) => `“${n}”`);
  return like.length ? `（单位名单中有${like.join('、')}）` : '';
}

const KPI_LINE =
  /^(.+?)\s*(?:≥|>=|＞=|≧|不低于|不少于|达到|达)\s*(\d+(?:\.\d+)?)\s*[%％](?:以上)?[。.]?$|^(.+?)(\d+(?:\.\d+)?)\s*[%％]以上[。.]?$/;

/** 考核指标: one percentage threshold per line, "法治宣传普及率≥95%". */
function kpisOf(s: State, row: Row, at: Omit<Problem, 'message'>): Kpi[] {
  const kpis: Kpi[] = [];
  for (const line of row.text('kpis').split(/[\n；;]+/)) {
    const text = line.trim();
    if (!text) continue;
    const m = KPI_LINE.exec(text);
    const name = (m?.[1] ?? m?.[3] ?? '').trim();
    const min = Number(m?.[2] ?? m?.[4]);
    if (!m || !name || min > 100)
      s.log.problems.push({
        ...at,
        column: s.col('kpis'),
        message: `“${text}”不是可核对的百分比指标（写作“法治宣传普及率≥95%”，每行一项；其他要求请写在具体内容中）`,
      });
    else kpis.push({ id: `kpi-${kpis.length + 1}`, name, unit: '%', min });
  }
  return kpis;
}

function signOffOf(s: State, row: Row, at: Omit<Problem, 'message'>): Task['signOff'] | undefined {
  const text = row.text('signOff').replace(/\s/g, '');
  if (!text || /^(办公室|领导小组办公室|创建办|创建工作领导小组办公室)(审核)?$/.test(text)) return 'office';
  if (/^(组长|领导小组组长|主要领导|局长|主任)(审核|审定)?$/.test(text)) return 'head';
  s.log.problems.push({
    ...at,
    column: s.col('signOff'),
    message: `“${text}”：审核只能填“办公室”或“组长”（不填为办公室）`,
  });
  return undefined;
}

const MILESTONE_LINE =
  /^(.+?)[：:]\s*(.+)$|^(\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d{1,2}月(?:底|末)|上半年)(?:前|之前)?\s*(.+)$/;

/** 阶段节点: "2026年6月30日：上半年小结", one a line, each before the task's due date; undefined on a problem. */
function milestonesOf(
  s: State,
  row: Row,
  at: Omit<Problem, 'message'>,
  due: string | undefined,
): Task['milestones'] | undefined {
  const out: NonNullable<Task['milestones']> = [];
  const column = s.col('milestones');
  let ok = true;
  for (const line of row.text('milestones').split(/[\n；;]+/)) {
    const text = line.trim();
    if (!text) continue;
    const m = MILESTONE_LINE.exec(text);
    const date = m ? readOfficeDate(m[1] ?? m[3], s.ctx, 'milestone') : undefined;
    const title = (m?.[2] ?? m?.[4] ?? '').trim();
    let message: string | undefined;
    if (!date || !title)
      message = `“${text}”读不出阶段节点（写作“${s.ctx.year}年6月30日：上半年工作小结”，每行一项）`;
    else if (!date.ok) message = `“${text}”：${date.message}`;
    else if (due && date.date >= due) message = `“${text}”：阶段节点应早于完成时限${due}`;
    if (message || !date?.ok) {
      s.log.problems.push({ ...at, column, message: message! });
      ok = false;
      continue;
    }
    if (date.note) s.log.notes.push(`工作表“${s.sheet}”第${row.row}行“${column}”：${date.note}`);
    out.push({ id: `m${out.length + 1}`, title, due: date.date });
  }
  return ok ? out : undefined;
}
