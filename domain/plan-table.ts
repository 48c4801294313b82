// The plan as the office keeps it: a workbook with the 任务分解表 (序号, 类别, 工作任务, 具体内容/工作要求,
// 责任单位, 完成时限, 考核指标), the 单位名单, the 领导小组, the 方案信息, the 一月一主题 and 我们的节日.
// Here are the sheets' columns with the other names real tables give them, how a header row is found
// in a messy sheet, and how a problem is named (sheet, row, column). Pure: cells in, no file access.

/** A cell as a spreadsheet reader gives it: merged cells carry their master's value. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetData {
  name: string;
  /** rows[0] is the sheet's row 1. */
  rows: readonly (readonly CellValue[])[];
}

export interface ColumnSpec<K extends string = string> {
  key: K;
  /** The name the template writes. */
  header: string;
  /** Other names offices use for it. */
  aliases: readonly string[];
  required?: boolean;
  /** Characters, for the template. */
  width: number;
}

export interface TableSpec<K extends string = string> {
  sheet: string;
  sheetAliases: readonly string[];
  columns: readonly ColumnSpec<K>[];
}

export type TaskColumn =
  | 'number'
  | 'category'
  | 'title'
  | 'content'
  | 'lead'
  | 'support'
  | 'due'
  | 'milestones'
  | 'kpis'
  | 'signOff';

export const TASK_TABLE: TableSpec<TaskColumn> = {
  sheet: '任务分解表',
  sheetAliases: ['任务分解', '工作任务分解表', '任务清单', '工作任务', '任务表'],
  columns: [
    { key: 'number', header: '序号', aliases: ['编号', '任务序号', '任务编号'], width: 6 },
    {
      key: 'category',
      header: '类别',
      aliases: ['分类', '任务类别', '工作类别', '类别名称', '大类', '项目类别', '板块'],
      required: true,
      width: 18,
    },
    {
      key: 'title',
      header: '工作任务',
      aliases: ['任务', '任务名称', '工作项目', '重点任务', '主要任务', '工作事项', '任务事项', '项目名称'],
      required: true,
      width: 24,
    },
    {
      key: 'content',
      header: '具体内容/工作要求',
      aliases: [
        '具体内容',
        '工作要求',
        '具体内容及工作要求',
        '具体措施',
        '主要内容',
        '任务内容',
        '工作内容',
        '具体工作',
        '工作措施',
        '具体要求',
        '内容要求',
      ],
      required: true,
      width: 60,
    },
    {
      key: 'lead',
      header: '责任单位（牵头）',
      aliases: [
        '牵头单位',
        '牵头部门',
        '牵头处室',
        '责任单位',
        '责任部门',
        '责任处室',
        '责任科室',
        '负责单位',
        '承办单位',
        '主责单位',
        '责任主体',
      ],
      required: true,
      width: 16,
    },
    {
      key: 'support',
      header: '责任单位（配合）',
      aliases: ['配合单位', '配合部门', '配合处室', '协办单位', '协助单位', '参与单位'],
      width: 16,
    },
    {
      key: 'due',
      header: '完成时限',
      aliases: [
        '完成时间',
        '时间节点',
        '时限',
        '截止时间',
        '截止日期',
        '完成期限',
        '时间要求',
        '完成日期',
        '时间安排',
        '办结时限',
      ],
      required: true,
      width: 14,
    },
    {
      key: 'milestones',
      header: '阶段节点',
      aliases: ['阶段目标', '进度安排', '节点安排', '阶段任务'],
      width: 24,
    },
    {
      key: 'kpis',
      header: '考核指标',
      aliases: ['量化指标', '指标', '考核标准', '评价指标', '指标要求', '目标值'],
      width: 22,
    },
    { key: 'signOff', header: '审核', aliases: ['审核人', '审定', '签批', '审核领导', '审核单位'], width: 8 },
  ],
};

export type BranchColumn = 'name' | 'alias' | 'kind' | 'lead' | 'title' | 'email' | 'deputy' | 'id';

export const BRANCH_TABLE: TableSpec<BranchColumn> = {
  sheet: '单位名单',
  sheetAliases: ['责任单位名单', '单位', '处室名单', '部门名单', '支部名单', '单位及负责人'],
  columns: [
    {
      key: 'name',
      header: '单位名称',
      aliases: ['名称', '单位', '处室', '部门', '责任单位', '处室（支部）', '部门名称'],
      required: true,
      width: 20,
    },
    { key: 'alias', header: '简称', aliases: ['别称', '又称', '简称或别称'], width: 12 },
    { key: 'kind', header: '类型', aliases: ['单位类型', '类别', '性质'], required: true, width: 10 },
    {
      key: 'lead',
      header: '负责人',
      aliases: ['负责人姓名', '姓名', '联系人', '主要负责人'],
      required: true,
      width: 10,
    },
    { key: 'title', header: '职务', aliases: ['负责人职务', '职位'], width: 16 },
    {
      key: 'email',
      header: '电子邮箱',
      aliases: ['邮箱', '电子邮件', 'email', 'e-mail', '邮件地址', '负责人邮箱'],
      required: true,
      width: 28,
    },
    {
      key: 'deputy',
      header: '分管领导',
      aliases: ['分管局领导', '联系领导', '分管负责人'],
      required: true,
      width: 12,
    },
    { key: 'id', header: '代码', aliases: ['单位代码', '英文代码', '编码', 'id'], width: 18 },
  ],
};

export type GroupColumn = 'role' | 'name' | 'title' | 'email' | 'id';

export const GROUP_TABLE: TableSpec<GroupColumn> = {
  sheet: '领导小组',
  sheetAliases: ['创建工作领导小组', '领导小组成员', '组织机构'],
  columns: [
    {
      key: 'role',
      header: '小组职务',
      aliases: ['组内职务', '小组内职务', '身份', '角色', '分工'],
      required: true,
      width: 14,
    },
    { key: 'name', header: '姓名', aliases: ['名字'], required: true, width: 10 },
    { key: 'title', header: '职务', aliases: ['行政职务', '职位'], width: 16 },
    {
      key: 'email',
      header: '电子邮箱',
      aliases: ['邮箱', '电子邮件', 'email', 'e-mail'],
      required: true,
      width: 28,
    },
    { key: 'id', header: '代码', aliases: ['英文代码', 'id'], width: 14 },
  ],
};

export type ThemeColumn = 'month' | 'title' | 'label';

export const THEME_TABLE: TableSpec<ThemeColumn> = {
  sheet: '一月一主题',
  sheetAliases: ['月度主题', '一月一主题活动', '主题活动'],
  columns: [
    { key: 'month', header: '月份', aliases: ['月'], required: true, width: 6 },
    { key: 'title', header: '主题', aliases: ['主题名称', '活动主题'], required: true, width: 14 },
    { key: 'label', header: '主题月', aliases: ['名称', '月名', '活动月'], required: true, width: 10 },
  ],
};

export type FestivalColumn = 'name' | 'leadDays';

export const FESTIVAL_TABLE: TableSpec<FestivalColumn> = {
  sheet: '我们的节日',
  sheetAliases: ['节日活动', '传统节日'],
  columns: [
    { key: 'name', header: '节日', aliases: ['节日名称', '名称'], required: true, width: 8 },
    { key: 'leadDays', header: '提前启动天数', aliases: ['提前天数', '提前启动', '提前'], width: 14 },
  ],
};

export type CalendarColumn = 'date' | 'kind';

/** Optional: the State Council's schedule for a year the calendar package does not know yet. */
export const CALENDAR_TABLE: TableSpec<CalendarColumn> = {
  sheet: '节假日调整',
  sheetAliases: ['放假安排', '节假日', '调休'],
  columns: [
    { key: 'date', header: '日期', aliases: [], required: true, width: 14 },
    { key: 'kind', header: '安排', aliases: ['类型', '放假或上班'], required: true, width: 10 },
  ],
};

/** 方案信息: one fact a row, its name in the first column and its value in the second. */
export const INFO_SHEET = '方案信息';
export const INFO_SHEET_ALIASES = ['基本信息', '方案基本信息'];

export type InfoKey =
  | 'organization'
  | 'org'
  | 'year'
  | 'number'
  | 'title'
  | 'notice'
  | 'issuedOn'
  | 'goals'
  | 'officeName'
  | 'attachedTo'
  | 'officeEmail'
  | 'officePhone'
  | 'volunteerMonth'
  | 'volunteerTitle'
  | 'volunteerTask'
  | 'activitiesReportedBy'
  | 'themeTask'
  | 'festivalTask';

/** How the 方案信息 writes the plan's `activities.reportedBy` choice. */
export const ACTIVITY_REPORTERS = { lead: '牵头单位', all: '各单位' } as const;

export const INFO_ROWS: readonly { key: InfoKey; label: string; aliases: readonly string[]; hint: string }[] =
  [
    { key: 'organization', label: '单位名称', aliases: ['单位', '机关名称'], hint: '必填' },
    {
      key: 'org',
      label: '单位代码',
      aliases: ['机构代码', '英文代码'],
      hint: '多个单位共用一套系统时填写：小写英文字母、数字和连字符，如 wuxi-jgswj；只有一个单位的可不填',
    },
    { key: 'year', label: '年度', aliases: ['年份'], hint: '必填，如 2027' },
    { key: 'number', label: '文号', aliases: ['发文字号', '文件编号'], hint: '如 锡管党委〔2020〕6号' },
    {
      key: 'title',
      label: '方案标题',
      aliases: ['实施方案标题', '方案名称'],
      hint: '如 无锡市机关事务管理局2020年深化全国文明单位创建工作实施方案；不填时取印发通知标题书名号内的方案名称',
    },
    {
      key: 'notice',
      label: '印发通知标题',
      aliases: ['文件标题', '通知标题', '标题'],
      hint: '如 关于印发《……实施方案》的通知；未另发通知的可不填',
    },
    { key: 'issuedOn', label: '印发日期', aliases: ['发文日期', '成文日期'], hint: '如 2020年3月9日' },
    { key: 'goals', label: '创建目标', aliases: ['目标', '工作目标'], hint: '必填，年度报告引用' },
    { key: 'officeName', label: '领导小组办公室名称', aliases: ['办公室名称'], hint: '必填' },
    {
      key: 'attachedTo',
      label: '办公室挂靠单位',
      aliases: ['挂靠单位', '办公室设在'],
      hint: '必填，如 机关党委',
    },
    { key: 'officeEmail', label: '办公室电子邮箱', aliases: ['办公室邮箱'], hint: '必填，催办抄送此邮箱' },
    {
      key: 'officePhone',
      label: '办公室电话',
      aliases: ['办公室联系电话', '联系电话'],
      hint: '如 0510-12345678；邮件署名的联系电话，可不填',
    },
    { key: 'volunteerMonth', label: '学雷锋活动月', aliases: ['学雷锋活动月份'], hint: '必填，月份，如 3' },
    { key: 'volunteerTitle', label: '学雷锋活动名称', aliases: ['学雷锋活动月名称'], hint: '必填' },
    {
      key: 'volunteerTask',
      label: '学雷锋活动对应任务',
      aliases: ['学雷锋活动任务序号', '学雷锋活动任务'],
      hint: '必填，任务分解表中的序号，如 9',
    },
    {
      key: 'activitiesReportedBy',
      label: '主题和节日活动报送单位',
      aliases: ['活动报送单位', '主题活动报送单位'],
      hint: `${ACTIVITY_REPORTERS.lead}：由下面两项所填任务的责任单位牵头报送，其他单位参加、不另报送；${ACTIVITY_REPORTERS.all}：每个单位都报送每项活动；不填按${ACTIVITY_REPORTERS.all}`,
    },
    {
      key: 'themeTask',
      label: '一月一主题对应任务',
      aliases: ['一月一主题任务序号', '月度主题对应任务'],
      hint: `任务分解表中的序号，如 10；报送单位填${ACTIVITY_REPORTERS.lead}时必填`,
    },
    {
      key: 'festivalTask',
      label: '我们的节日对应任务',
      aliases: ['我们的节日任务序号', '节日活动对应任务'],
      hint: `任务分解表中的序号，如 7；报送单位填${ACTIVITY_REPORTERS.lead}时必填`,
    },
  ];

/** A problem in the workbook, named where the office will look for it. */
export interface Problem {
  /** The workbook, when the branches come from a workbook of their own. */
  file?: string;
  sheet: string;
  /** 1-based, as the spreadsheet numbers rows. */
  row?: number;
  column?: string;
  message: string;
}

/** 工作表“任务分解表”第7行“责任单位”：“财务科”不在单位名单中 */
export function formatProblem(p: Problem): string {
  const at = `${p.file ? `${p.file} ` : ''}工作表“${p.sheet}”${p.row ? `第${p.row}行` : ''}${p.column ? `“${p.column}”` : ''}`;
  return `${at}：${p.message}`;
}

/** A cell as text: trimmed, numbers as written; dates as YYYY-MM-DD. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return String(value)
    .replace(/\r\n?/g, '\n')
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

/** A header as compared: no spaces, line breaks, marks of required columns, and half-width brackets. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/[\s\u3000*＊:：]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[／、]/g, '/')
    .toLowerCase();
}

function columnFor<K extends string>(spec: TableSpec<K>, header: string): K | undefined {
  const h = normalizeHeader(header);
  if (!h) return undefined;
  for (const c of spec.columns)
    if ([c.header, ...c.aliases].some((name) => normalizeHeader(name) === h)) return c.key;
  // Compound headers: "责任单位(牵头)", or a two-row header joined ("责任单位牵头").
  if (spec === (TASK_TABLE as TableSpec<string>)) {
    if (/牵头|主责|负责/.test(h)) return 'lead' as K;
    if (/配合|协办|协助|参与/.test(h)) return 'support' as K;
    if (/(完成|截止|办结).*(时|日期)|时间节点/.test(h)) return 'due' as K;
  }
  return undefined;
}

export interface Header<K extends string> {
  /** The last header row (1-based); data starts below it. */
  row: number;
  /** Column key → 0-based index and the header as written. */
  columns: Map<K, { index: number; header: string }>;
}

/** Rows a header may be looked for in: titles and notes above a table rarely take more. */
const HEADER_SEARCH_ROWS = 15;

function mapRow<K extends string>(
  spec: TableSpec<K>,
  row: readonly string[],
): Map<K, { index: number; header: string }> {
  const columns = new Map<K, { index: number; header: string }>();
  row.forEach((text, index) => {
    const key = columnFor(spec, text);
    if (key && !columns.has(key)) columns.set(key, { index, header: text.replace(/\s+/g, '') });
  });
  return columns;
}

/**
 * Finds the header row: the first of the sheet's first rows naming every required column (or most
 * of them). A header of two rows (责任单位 merged over 牵头 | 配合) is read as one.
 */
export function findHeader<K extends string>(spec: TableSpec<K>, sheet: SheetData): Header<K> | undefined {
  const required = spec.columns.filter((c) => c.required).map((c) => c.key);
  let best: Header<K> | undefined;
  let bestCount = 0;
  const rows = sheet.rows.slice(0, HEADER_SEARCH_ROWS).map((r) => r.map(cellText));
  for (let i = 0; i < rows.length; i++) {
    const single = mapRow(spec, rows[i]);
    const joined = rows[i + 1]
      ? mapRow(
          spec,
          rows[i].map((t, c) => joinHeader(t, rows[i + 1][c])),
        )
      : single;
    const countOf = (m: Map<K, unknown>) => required.filter((k) => m.has(k)).length;
    // Two rows are one header when the second adds columns (牵头 | 配合 under 责任单位) and loses none.
    const two = countOf(joined) >= countOf(single) && joined.size > single.size;
    const columns = two ? joined : single;
    if (countOf(columns) > bestCount) {
      best = { row: two ? i + 2 : i + 1, columns };
      bestCount = countOf(columns);
    }
    if (bestCount === required.length) break;
  }
  return bestCount >= Math.min(2, required.length) ? best : undefined;
}

/** "责任单位" over "牵头" → "责任单位牵头"; a cell merged down keeps its one name. */
function joinHeader(top: string, below: string | undefined): string {
  if (!below || below === top) return top;
  return top ? `${top}${below}` : below;
}

/** The sheet named as the spec says (or by one of its other names), else undefined. */
export function findSheet(
  sheets: readonly SheetData[],
  name: string,
  aliases: readonly string[],
): SheetData | undefined {
  const names = [name, ...aliases].map(normalizeHeader);
  return (
    sheets.find((s) => normalizeHeader(s.name) === names[0]) ??
    sheets.find((s) => names.includes(normalizeHeader(s.name)))
  );
}

/** The spec's column header as the sheet wrote it, for a problem's “column”. */
export function headerName<K extends string>(spec: TableSpec<K>, header: Header<K>, key: K): string {
  return header.columns.get(key)?.header ?? spec.columns.find((c) => c.key === key)!.header;
}

/** A row below the header: its 1-based number, its cells by column key, and all its cells. */
export interface DataRow<K extends string> {
  row: number;
  cells: Map<K, CellValue>;
  text: (key: K) => string;
  empty: boolean;
  raw: readonly CellValue[];
}

/** Each data row below the header with its 1-based number and its cells by column key. */
export function dataRows<K extends string>(sheet: SheetData, header: Header<K>): DataRow<K>[] {
  return sheet.rows.slice(header.row).map((raw, i) => {
    const cells = new Map<K, CellValue>();
    for (const [key, { index }] of header.columns) cells.set(key, raw[index] ?? null);
    return {
      row: header.row + i + 1,
      cells,
      raw,
      text: (key: K) => cellText(cells.get(key)),
      empty: raw.every((v) => cellText(v) === ''),
    };
  });
}

/** What to call a missing column: its name and the other names it may go by. */
export function missingColumn<K extends string>(spec: TableSpec<K>, key: K): string {
  const c = spec.columns.find((col) => col.key === key)!;
  return `缺少“${c.header}”列${c.aliases.length ? `（也可写作：${c.aliases.slice(0, 4).join('、')}）` : ''}`;
}

/** What reading a workbook found: problems (nothing is written while there is one) and notes. */
export interface ImportLog {
  problems: Problem[];
  /** How something was read (6月底 → a date, 各处室 → which units), one Chinese line each. */
  notes: string[];
}

/** A sheet's rows below its header, or a problem saying why there are none. */
export function tableOf<K extends string>(
  spec: TableSpec<K>,
  sheet: SheetData | undefined,
  log: ImportLog,
  file?: string,
): { sheet: SheetData; header: Header<K>; rows: DataRow<K>[] } | undefined {
  if (!sheet) {
    log.problems.push({ file, sheet: spec.sheet, message: `缺少“${spec.sheet}”工作表` });
    return undefined;
  }
  const header = findHeader(spec, sheet);
  if (!header) {
    const names = spec.columns.filter((c) => c.required).map((c) => `“${c.header}”`);
    log.problems.push({
      file,
      sheet: sheet.name,
      message: `前${HEADER_SEARCH_ROWS}行中找不到表头（应有${names.join('')}等列）`,
    });
    return undefined;
  }
  let complete = true;
  for (const c of spec.columns)
    if (c.required && !header.columns.has(c.key)) {
      log.problems.push({ file, sheet: sheet.name, row: header.row, message: missingColumn(spec, c.key) });
      complete = false;
    }
  return complete ? { sheet, header, rows: dataRows(sheet, header).filter((r) => !r.empty) } : undefined;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/;

export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text);
}

/** An id the plan accepts: lower-case letters, digits and dashes, starting with a letter. */
export const ID_PATTERN = /^[a-z][a-z0-9-]*$/;
