// The office's workbook as written by `civ plan draft` (filled from a 实施方案) and `civ plan template`
// (empty, with one example row a sheet): what each sheet holds, independent of the spreadsheet library
// that writes it. The import (plan-import.ts) reads exactly these sheets back, and messier ones.
import { FESTIVAL_IDS, FESTIVAL_NAMES } from './calendar';
import type { PlanOutline } from './plan-document';
import {
  ACTIVITY_REPORTERS,
  BRANCH_TABLE,
  type CellValue,
  type ColumnSpec,
  FESTIVAL_TABLE,
  GROUP_TABLE,
  INFO_ROWS,
  INFO_SHEET,
  type InfoKey,
  type TableSpec,
  TASK_TABLE,
  THEME_TABLE,
} from './plan-table';

export interface SheetModel {
  name: string;
  /** A title above the header, across the table. */
  title?: string;
  headers: readonly string[];
  /** Column widths in characters. */
  widths: readonly number[];
  rows: CellValue[][];
  /** Columns (0-based) the office is to fill in, shaded where empty. */
  toFill?: readonly number[];
  /** Cells merged down one column: rows counted from the first data row (0-based), inclusive. */
  merges?: { column: number; from: number; to: number }[];
}

export interface WorkbookModel {
  title: string;
  sheets: SheetModel[];
}

const headersOf = (spec: TableSpec) => spec.columns.map((c: ColumnSpec) => c.header);
const widthsOf = (spec: TableSpec) => spec.columns.map((c: ColumnSpec) => c.width);
const columnIndex = (spec: TableSpec, keys: readonly string[]) =>
  spec.columns.flatMap((c, i) => (keys.includes(c.key) ? [i] : []));

function infoSheet(values: Partial<Record<InfoKey, CellValue>>): SheetModel {
  return {
    name: INFO_SHEET,
    headers: ['项目', '内容', '说明'],
    widths: [20, 60, 50],
    rows: INFO_ROWS.map((r) => [r.label, values[r.key] ?? null, r.hint]),
    toFill: [1],
  };
}

function groupSheet(rows: CellValue[][]): SheetModel {
  return {
    name: GROUP_TABLE.sheet,
    headers: headersOf(GROUP_TABLE),
    widths: widthsOf(GROUP_TABLE),
    rows,
    toFill: columnIndex(GROUP_TABLE, ['name', 'title', 'email']),
  };
}

function branchSheet(rows: CellValue[][]): SheetModel {
  return {
    name: BRANCH_TABLE.sheet,
    headers: headersOf(BRANCH_TABLE),
    widths: widthsOf(BRANCH_TABLE),
    rows,
    toFill: columnIndex(BRANCH_TABLE, ['name', 'kind', 'lead', 'title', 'email', 'deputy']),
  };
}

function themeSheet(themes: PlanOutline['themes']): SheetModel {
  const rows = Array.from({ length: 12 }, (_, i): CellValue[] => {
    const t = themes.find((x) => x.month === i + 1);
    return [i + 1, t?.title ?? null, t?.label ?? null];
  });
  return {
    name: THEME_TABLE.sheet,
    headers: headersOf(THEME_TABLE),
    widths: widthsOf(THEME_TABLE),
    rows,
    toFill: [1, 2],
  };
}

function festivalSheet(festivals: PlanOutline['festivals'], leadDays: number | null): SheetModel {
  return {
    name: FESTIVAL_TABLE.sheet,
    headers: headersOf(FESTIVAL_TABLE),
    widths: widthsOf(FESTIVAL_TABLE),
    rows: festivals.map((id) => [FESTIVAL_NAMES[id], leadDays]),
    toFill: [1],
  };
}

/** The 任务分解表 of a document: its tasks, the category merged over its tasks' rows. */
function taskSheet(outline: PlanOutline, title: string): SheetModel {
  const categoryName = (n: number) => {
    const c = outline.categories.find((x) => x.number === n);
    return c ? `（${c.numeral}）${c.title}` : null;
  };
  const rows = outline.tasks.map((t): CellValue[] => [
    Number(t.id),
    categoryName(t.category),
    t.title,
    t.description,
    null,
    null,
    null,
    null,
    t.kpis.map((k) => `${k.name}≥${k.min}${k.unit}`).join('\n') || null,
    null,
  ]);
  const merges: SheetModel['merges'] = [];
  outline.tasks.forEach((t, i) => {
    const last = merges[merges.length - 1];
    if (last && outline.tasks[last.from].category === t.category) last.to = i;
    else merges.push({ column: 1, from: i, to: i });
  });
  return {
    name: TASK_TABLE.sheet,
    title,
    headers: headersOf(TASK_TABLE),
    widths: widthsOf(TASK_TABLE),
    rows,
    toFill: columnIndex(TASK_TABLE, ['lead', 'due']),
    merges: merges.filter((m) => m.to > m.from),
  };
}

/** What the reader could not read, and what the document never says, for the office to fill in. */
function notesSheet(outline: PlanOutline): SheetModel {
  const lines = [
    ...outline.notes,
    '“责任单位（牵头）”“责任单位（配合）”“完成时限”：实施方案未写明，请在“任务分解表”中逐项填写（完成时限可写“2027年6月30日”“6月底”“全年”）。',
    '“阶段节点”（可不填）：每行一项，如“6月30日：上半年工作小结”；“审核”不填为办公室审核，可填“组长”。',
    '“单位名单”：实施方案未列出各单位，请填写每个单位的名称、类型、负责人、电子邮箱和分管领导。',
    '“领导小组”：请填写组长、各副组长（分管领导）和办公室工作人员的姓名与电子邮箱。',
    '“方案信息”：请核对读出的内容，并填写办公室电子邮箱。',
  ];
  return {
    name: '识别说明',
    headers: ['序号', '说明'],
    widths: [6, 110],
    rows: lines.map((l, i) => [i + 1, l]),
  };
}

/** The 任务分解表 workbook of a 实施方案, as far as the document says. */
export function draftWorkbook(outline: PlanOutline): WorkbookModel {
  const org = outline.organization ?? '';
  const year = outline.year ?? null;
  const title = `${org}${year ?? ''}年文明单位创建工作任务分解表`;
  const g = outline.leadingGroup;
  const volunteer = outline.volunteerMonth;
  return {
    title,
    sheets: [
      taskSheet(outline, title),
      infoSheet({
        organization: outline.organization ?? null,
        year,
        number: outline.document.number ?? null,
        title: outline.document.title ?? null,
        notice: outline.document.notice ?? null,
        issuedOn: outline.document.issuedOn ?? null,
        goals: outline.goals ?? null,
        officeName: g.officeName ?? null,
        attachedTo: g.attachedTo ?? null,
        volunteerMonth: volunteer?.month ?? null,
        volunteerTitle: volunteer?.title ?? null,
        volunteerTask: volunteer ? Number(volunteer.task) : null,
        // As the shipped plan chooses: the branches of the tasks that carry the activities report them.
        activitiesReportedBy: outline.themeTask && outline.festivalTask ? ACTIVITY_REPORTERS.lead : null,
        themeTask: outline.themeTask ? Number(outline.themeTask) : null,
        festivalTask: outline.festivalTask ? Number(outline.festivalTask) : null,
      }),
      groupSheet([
        ['组长', null, g.headTitle ?? null, null, null],
        ['副组长', null, g.deputies ? g.deputies.replace(/^各/, '') : null, null, null],
        ['办公室工作人员', null, null, null, null],
      ]),
      branchSheet([]),
      themeSheet(outline.themes),
      festivalSheet(outline.festivals, null),
      notesSheet(outline),
    ],
  };
}

/**
 * An empty workbook: the 任务分解表 with one filled example row (its 序号 says 示例, so an import skips
 * it), the other sheets with their columns, the 12 months and the four festivals.
 */
export function templateWorkbook(year: number): WorkbookModel {
  const title = `××单位${year}年文明单位创建工作任务分解表`;
  const tasks: SheetModel = {
    name: TASK_TABLE.sheet,
    title,
    headers: headersOf(TASK_TABLE),
    widths: widthsOf(TASK_TABLE),
    rows: [
      [
        '示例',
        '（一）强化思想引领，推动理论武装走深走实',
        '积极开展普法知识教育',
        '完善普法规划任务，开展普法教育活动。增强干部职工尊法学法守法用法意识，法治宣传普及率≥95%。',
        '法规处',
        '办公室、机关党委',
        `${year}年12月4日`,
        '4月底：完善年度普法规划任务\n6月30日：上半年普法工作小结',
        '法治宣传普及率≥95%',
        '办公室',
      ],
    ],
    toFill: columnIndex(TASK_TABLE, ['lead', 'due']),
  };
  return {
    title,
    sheets: [
      tasks,
      infoSheet({ year }),
      groupSheet([
        ['组长', null, null, null, null],
        ['副组长', null, null, null, null],
        ['办公室工作人员', null, null, null, null],
      ]),
      branchSheet([]),
      themeSheet([]),
      festivalSheet([...FESTIVAL_IDS], 7),
    ],
  };
}
