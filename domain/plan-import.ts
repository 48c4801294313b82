// A plan from the office's workbook (plan-table.ts): 方案信息, 领导小组, 单位名单, 任务分解表,
// 一月一主题, 我们的节日 and, for a year the calendar package does not know yet, 节假日调整. Every problem
// is collected with its sheet, row and column, all at once; a plan comes out only when there is none,
// and it has passed the plan schema. Pure: sheets in, a plan or problems out.
import type * as Zod from 'zod';
import {
  FESTIVAL_IDS,
  FESTIVAL_NAMES,
  holidaysKnown,
  latestDueDate,
  WorkCalendar,
  type FestivalId,
} from './calendar';
import { readExactDate } from './office-dates';
import { isOrgKey, ORG_KEY_RULE } from './organization';
import {
  type Plan,
  planSchemas,
  formatPath,
  DEFAULT_REVIEW_WORKING_DAYS,
  DEFAULT_ACKNOWLEDGE_WORKING_DAYS,
  DEFAULT_APPRAISAL,
} from './plan';
import { chineseNumeral } from './plan-document';
import { readBranches, readLeadingGroup } from './plan-import-people';
import { readTaskSheet } from './plan-import-tasks';
import {
  ACTIVITY_REPORTERS,
  CALENDAR_TABLE,
  cellText,
  type CellValue,
  FESTIVAL_TABLE,
  findSheet,
  headerName,
  type ImportLog,
  INFO_ROWS,
  INFO_SHEET,
  INFO_SHEET_ALIASES,
  type InfoKey,
  isEmailAddress,
  normalizeHeader,
  type Problem,
  type SheetData,
  tableOf,
  TASK_TABLE,
  THEME_TABLE,
  BRANCH_TABLE,
  GROUP_TABLE,
} from './plan-table';

/**
 * What the office's table does not say, taken as the shipped plans take it (plans/2020.yaml explains
 * each choice): reminders 14, 3 and 1 days ahead; the office after 3 working days overdue, the deputy
 * head after 6, the head after 10, repeated every 5; the year's last 5 working days for sign-off;
 * themes and festivals on the shorter cadence; the 文明创建考评 as the shipped plans' 扣分制 (base
 * 100; late −1, missing −3, a return or a missed milestone −0.5; 宣传报道 +0.5, 先进典型 +2, at most 5).
 */
export const IMPORT_POLICY = {
  defaults: {
    reminderDaysBefore: [14, 3, 1],
    escalation: {
      graceWorkingDays: 3,
      deputyAfterWorkingDays: 6,
      repeatEveryWorkingDays: 5,
      headAfterWorkingDays: 10,
    },
    reviewWorkingDays: DEFAULT_REVIEW_WORKING_DAYS,
    acknowledgeWorkingDays: DEFAULT_ACKNOWLEDGE_WORKING_DAYS,
  },
  activities: {
    reminderDaysBefore: [5, 1],
    escalation: {
      graceWorkingDays: 1,
      deputyAfterWorkingDays: 3,
      repeatEveryWorkingDays: 5,
      headAfterWorkingDays: 5,
    },
    festivalReportWorkingDays: 3,
  },
  appraisal: DEFAULT_APPRAISAL,
} as const;

/** IMPORT_POLICY as the plan's own (mutable) objects. */
function policy() {
  const { defaults: d, activities: a, appraisal: p } = IMPORT_POLICY;
  return {
    defaults: { ...d, reminderDaysBefore: [...d.reminderDaysBefore], escalation: { ...d.escalation } },
    activities: { ...a, reminderDaysBefore: [...a.reminderDaysBefore], escalation: { ...a.escalation } },
    appraisal: { base: p.base, deductions: { ...p.deductions }, bonuses: { ...p.bonuses } },
  };
}

/** Days ahead a festival's activity starts when the table leaves it blank. */
export const DEFAULT_FESTIVAL_LEAD_DAYS = 7;

export interface ImportInput {
  /** The 任务分解表 workbook's sheets (and, unless `people` is given, the 单位名单 and 领导小组). */
  sheets: readonly SheetData[];
  /** A workbook of its own for the 单位名单 (and 领导小组), as `--branches` names it. */
  people?: { file: string; sheets: readonly SheetData[] };
  /** The organization key from the command line (`--org`). */
  org?: string;
}

export type ImportResult =
  { ok: true; plan: Plan; notes: string[] } | { ok: false; problems: Problem[]; notes: string[] };

type Info = Partial<Record<InfoKey, { text: string; value: unknown; row: number }>>;

/** 方案信息: each known label in the first column, its value in the next. */
function readInfo(sheet: SheetData | undefined, log: ImportLog): Info {
  const info: Info = {};
  if (!sheet) {
    log.problems.push({
      sheet: INFO_SHEET,
      message: `缺少“${INFO_SHEET}”工作表（单位名称、年度、创建目标、办公室等）`,
    });
    return info;
  }
  sheet.rows.forEach((row, i) => {
    const label = normalizeHeader(cellText(row[0]));
    const spec = INFO_ROWS.find((r) => [r.label, ...r.aliases].some((n) => normalizeHeader(n) === label));
    if (spec && !info[spec.key]) info[spec.key] = { text: cellText(row[1]), value: row[1], row: i + 1 };
  });
  return info;
}

function infoProblem(log: ImportLog, info: Info, key: InfoKey, message: string, sheet: string): void {
  const label = INFO_ROWS.find((r) => r.key === key)!.label;
  log.problems.push({ sheet, row: info[key]?.row, column: label, message });
}

interface PlanInfo {
  organization: string;
  org?: string;
  year: number;
  document?: Plan['document'];
  goals: string;
  office: { name: string; attachedTo: string; email: string; phone?: string };
  volunteer?: { month: number; title: string; task: string; row?: number };
  activities: Pick<Plan['activities'], 'reportedBy' | 'tasks'>;
}

function yearOf(info: Info): number | undefined {
  const year = Number((info.year?.text ?? '').replace(/年(度)?$/, ''));
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined;
}

function checkInfo(info: Info, org: string | undefined, log: ImportLog, sheet: string): PlanInfo | undefined {
  const before = log.problems.length;
  const need = (key: InfoKey) => {
    const text = info[key]?.text ?? '';
    if (!text) infoProblem(log, info, key, '未填写', sheet);
    return text;
  };
  const organization = need('organization');
  const yearText = need('year').replace(/年(度)?$/, '');
  const year = Number(yearText);
  if (yearText && !(Number.isInteger(year) && year >= 2000 && year <= 2100))
    infoProblem(log, info, 'year', `“${info.year?.text}”不是年度（如 2027）`, sheet);
  const key = info.org?.text || org;
  if (info.org?.text && org && info.org.text !== org)
    infoProblem(log, info, 'org', `“${info.org.text}”与命令行的 --org ${org} 不一致`, sheet);
  else if (key && !isOrgKey(key)) infoProblem(log, info, 'org', `“${key}”：${ORG_KEY_RULE}`, sheet);
  const goals = need('goals');
  const phone = info.officePhone?.text ?? '';
  const office = {
    name: need('officeName'),
    attachedTo: need('attachedTo'),
    email: need('officeEmail'),
    ...(phone && { phone }),
  };
  if (office.email && !isEmailAddress(office.email))
    infoProblem(log, info, 'officeEmail', `“${office.email}”不是有效的电子邮箱地址`, sheet);
  const document = documentOf(info, year, log, sheet);
  const volunteer = volunteerOf(info, log, sheet);
  const activities = activitiesOf(info, log, sheet);
  if (log.problems.length > before) return undefined;
  return { organization, ...(key && { org: key }), year, document, goals, office, volunteer, activities };
}

/**
 * The plan as a document: its own title (or the one inside the notice's 《》), 文号, date and the
 * notice; all three of 文号, title and date, or none.
 */
function documentOf(info: Info, year: number, log: ImportLog, sheet: string): Plan['document'] {
  const number = info.number?.text ?? '';
  const notice = info.notice?.text ?? '';
  const title = info.title?.text || (/^关于印发《(.+)》的通知$/.exec(notice)?.[1] ?? '');
  if (!number && !title && !notice && !info.issuedOn?.text) return undefined;
  const missing = [!number && '文号', !title && '方案标题', !info.issuedOn?.text && '印发日期'].filter(
    Boolean,
  );
  if (missing.length) {
    log.problems.push({ sheet, message: `发文信息不全：缺少${missing.join('、')}（三项都填，或都不填）` });
    return undefined;
  }
  // Issued in the plan year or late in the year before: any real day is accepted.
  const issued = readExactDate(info.issuedOn!.value as CellValue, year);
  if (!issued.ok) {
    infoProblem(log, info, 'issuedOn', issued.message, sheet);
    return undefined;
  }
  return { title, number, issuedOn: issued.date, ...(notice && { notice }) };
}

/** A task's number as the 方案信息 gives it (10, 任务10, 第10项) as the plan's "10", or undefined. */
function taskNumber(text: string): string | undefined {
  const m = /^(?:任务|第)?\s*(\d{1,2})\s*项?$/.exec(text);
  return m ? m[1].padStart(2, '0') : undefined;
}

/** Who reports the themes and festivals: 各单位 (the default), or the branches of the two tasks. */
function activitiesOf(info: Info, log: ImportLog, sheet: string): PlanInfo['activities'] {
  const text = info.activitiesReportedBy?.text ?? '';
  // "牵头单位", "牵头单位报送", "各单位", "全部单位": as an office would write either.
  const choice = /牵头/.test(text)
    ? ACTIVITY_REPORTERS.lead
    : /^(各|全部|所有)(单位)?(报送)?$/.test(text)
      ? ACTIVITY_REPORTERS.all
      : text;
  const tasks: Record<'themes' | 'festivals', string | undefined> = {
    themes: undefined,
    festivals: undefined,
  };
  for (const [kind, key] of [
    ['themes', 'themeTask'],
    ['festivals', 'festivalTask'],
  ] as const) {
    const text = info[key]?.text ?? '';
    tasks[kind] = taskNumber(text);
    if (text && !tasks[kind]) infoProblem(log, info, key, `“${text}”不是任务序号`, sheet);
    else if (!text && choice === ACTIVITY_REPORTERS.lead)
      infoProblem(
        log,
        info,
        key,
        `未填写（报送单位为${ACTIVITY_REPORTERS.lead}时必填，任务分解表中的序号）`,
        sheet,
      );
  }
  const both =
    tasks.themes && tasks.festivals ? { themes: tasks.themes, festivals: tasks.festivals } : undefined;
  if (!choice || choice === ACTIVITY_REPORTERS.all)
    return { reportedBy: 'all', ...(both && { tasks: both }) };
  if (choice === ACTIVITY_REPORTERS.lead) return { reportedBy: 'lead', ...(both && { tasks: both }) };
  infoProblem(
    log,
    info,
    'activitiesReportedBy',
    `“${choice}”：填${ACTIVITY_REPORTERS.lead}或${ACTIVITY_REPORTERS.all}`,
    sheet,
  );
  return { reportedBy: 'all' };
}

function volunteerOf(info: Info, log: ImportLog, sheet: string): PlanInfo['volunteer'] {
  const monthText = (info.volunteerMonth?.text ?? '').replace(/月(份)?$/, '');
  const month = /^\d+$/.test(monthText) ? Number(monthText) : chineseNumeral(monthText);
  const title = info.volunteerTitle?.text ?? '';
  const taskText = (info.volunteerTask?.text ?? '').replace(/^任务/, '');
  let ok = true;
  const fail = (key: InfoKey, message: string) => {
    infoProblem(log, info, key, message, sheet);
    ok = false;
  };
  if (!monthText) fail('volunteerMonth', '未填写（学雷锋志愿服务活动月的月份，如 3）');
  else if (!(month && month >= 1 && month <= 12))
    fail('volunteerMonth', `“${info.volunteerMonth?.text}”不是月份`);
  if (!title) fail('volunteerTitle', '未填写（如 第十九届学雷锋志愿服务活动月）');
  if (!/^\d{1,2}$/.test(taskText))
    fail('volunteerTask', taskText ? `“${taskText}”不是任务序号` : '未填写（任务分解表中的序号）');
  return ok
    ? { month: month!, title, task: taskText.padStart(2, '0'), row: info.volunteerTask?.row }
    : undefined;
}

/** The themes of the 12 months, each once. */
function readThemes(sheet: SheetData | undefined, log: ImportLog): Plan['themes'] {
  const table = tableOf(THEME_TABLE, sheet, log);
  if (!table) return [];
  const themes: Plan['themes'] = [];
  const col = (k: 'month' | 'title' | 'label') => headerName(THEME_TABLE, table.header, k);
  for (const row of table.rows) {
    const at = { sheet: table.sheet.name, row: row.row };
    const text = row.text('month').replace(/月(份)?$/, '');
    const month = /^\d+$/.test(text) ? Number(text) : chineseNumeral(text);
    const title = row.text('title').replace(/^[“"「]|[”"」]$/g, '');
    const label = row.text('label');
    const before = log.problems.length;
    if (!(month && month >= 1 && month <= 12))
      log.problems.push({ ...at, column: col('month'), message: `“${row.text('month')}”不是月份（1—12）` });
    else if (themes.some((t) => t.month === month))
      log.problems.push({ ...at, column: col('month'), message: `${month}月已有主题` });
    if (!title) log.problems.push({ ...at, column: col('title'), message: '未填写主题' });
    if (!label) log.problems.push({ ...at, column: col('label'), message: '未填写主题月（如“启程月”）' });
    if (log.problems.length === before) themes.push({ month: month!, title, label });
  }
  const missing = Array.from({ length: 12 }, (_, i) => i + 1).filter(
    (m) => !themes.some((t) => t.month === m),
  );
  if (missing.length && !log.problems.some((p) => p.sheet === table.sheet.name))
    log.problems.push({
      sheet: table.sheet.name,
      message: `缺少${missing.join('、')}月的主题（每月一个，共12个）`,
    });
  return themes.sort((a, b) => a.month - b.month);
}

function festivalId(name: string): FestivalId | undefined {
  const n = name.replace(/[\s“”"]/g, '');
  return FESTIVAL_IDS.find((id) => n === FESTIVAL_NAMES[id] || n === `${FESTIVAL_NAMES[id]}节` || n === id);
}

/** 我们的节日: which festivals, and how many days ahead each activity starts. */
function readFestivals(sheet: SheetData | undefined, log: ImportLog): Plan['festivals'] {
  if (!sheet) {
    log.notes.push('没有“我们的节日”工作表：本年度不安排节日活动。');
    return [];
  }
  const table = tableOf(FESTIVAL_TABLE, sheet, log);
  if (!table) return [];
  const out: Plan['festivals'] = [];
  for (const row of table.rows) {
    const at = { sheet: table.sheet.name, row: row.row };
    const id = festivalId(row.text('name'));
    const daysText = row.text('leadDays').replace(/天$/, '');
    const days = daysText ? Number(daysText) : DEFAULT_FESTIVAL_LEAD_DAYS;
    if (!id) {
      log.problems.push({
        ...at,
        column: headerName(FESTIVAL_TABLE, table.header, 'name'),
        message: `“${row.text('name')}”：系统安排的节日为春节、清明、端午、中秋`,
      });
      continue;
    }
    if (!(Number.isInteger(days) && days >= 0 && days <= 60)) {
      log.problems.push({
        ...at,
        column: headerName(FESTIVAL_TABLE, table.header, 'leadDays'),
        message: `“${daysText}”不是0—60的天数`,
      });
      continue;
    }
    if (!daysText)
      log.notes.push(
        `工作表“${table.sheet.name}”第${row.row}行：${FESTIVAL_NAMES[id]}未填提前启动天数，按${days}天。`,
      );
    if (out.some((f) => f.id === id))
      log.problems.push({ ...at, message: `${FESTIVAL_NAMES[id]}出现了两次` });
    else out.push({ id, name: FESTIVAL_NAMES[id], leadDays: days });
  }
  return out.sort((a, b) => FESTIVAL_IDS.indexOf(a.id) - FESTIVAL_IDS.indexOf(b.id));
}

/** 节假日调整 (optional): days off and swapped working days of the plan year. */
function readCalendar(sheet: SheetData | undefined, year: number, log: ImportLog): Plan['calendar'] {
  if (!sheet) return undefined;
  const table = tableOf(CALENDAR_TABLE, sheet, log);
  if (!table) return undefined;
  const corrections = { holidays: [] as string[], workdays: [] as string[] };
  for (const row of table.rows) {
    const at = { sheet: table.sheet.name, row: row.row };
    const date = readExactDate(row.cells.get('date') ?? null, year);
    const kind = row.text('kind');
    const list = /放假|休息|假日|休/.test(kind)
      ? corrections.holidays
      : /上班|工作日|调休/.test(kind)
        ? corrections.workdays
        : undefined;
    if (!date.ok)
      log.problems.push({
        ...at,
        column: headerName(CALENDAR_TABLE, table.header, 'date'),
        message: date.message,
      });
    else if (!list)
      log.problems.push({
        ...at,
        column: headerName(CALENDAR_TABLE, table.header, 'kind'),
        message: `“${kind}”：安排只能填“放假”或“上班”`,
      });
    else if (!date.date.startsWith(`${year}-`))
      log.problems.push({
        ...at,
        column: headerName(CALENDAR_TABLE, table.header, 'date'),
        message: `${date.date}不在${year}年度内`,
      });
    else list.push(date.date);
  }
  return corrections;
}

/**
 * The 节假日调整 sheet's corrections; for a year whose official schedule is not out yet and that the
 * sheet does not give, the office's word to go on with weekends only (the import says so).
 */
function calendarOf(sheet: SheetData | undefined, year: number, log: ImportLog): Plan['calendar'] {
  const corrections = readCalendar(sheet, year, log);
  if (holidaysKnown(year, corrections)) return corrections;
  return { holidays: [], workdays: [], ...corrections, weekendsOnly: true };
}

/** Builds the plan from the workbook, or every problem found in it. */
export function importPlan(input: ImportInput): ImportResult {
  const log: ImportLog = { problems: [], notes: [] };
  const peopleSheets = input.people?.sheets ?? input.sheets;
  const peopleFile = input.people?.file;
  const find = (sheets: readonly SheetData[], name: string, aliases: readonly string[]) =>
    findSheet(sheets, name, aliases);
  const infoSheet = find(input.sheets, INFO_SHEET, INFO_SHEET_ALIASES);
  const rawInfo = readInfo(infoSheet, log);
  const info = checkInfo(rawInfo, input.org, log, infoSheet?.name ?? INFO_SHEET);
  const year = yearOf(rawInfo);
  // Without its year no date in the table can be read: say so, and the rest once it is there.
  if (year === undefined) return { ok: false, problems: log.problems, notes: log.notes };
  const calendarCorrections = calendarOf(
    find(input.sheets, CALENDAR_TABLE.sheet, CALENDAR_TABLE.sheetAliases),
    year,
    log,
  );
  const calendar = WorkCalendar.official(calendarCorrections);
  const ctx = {
    year,
    calendar,
    latestDue: latestDueDate(calendar, year, DEFAULT_REVIEW_WORKING_DAYS),
    reviewWorkingDays: DEFAULT_REVIEW_WORKING_DAYS,
  };
  const group = readLeadingGroup(
    find(peopleSheets, GROUP_TABLE.sheet, GROUP_TABLE.sheetAliases) ??
      find(input.sheets, GROUP_TABLE.sheet, GROUP_TABLE.sheetAliases),
    log,
    peopleFile,
  );
  const branches = readBranches(
    find(peopleSheets, BRANCH_TABLE.sheet, BRANCH_TABLE.sheetAliases),
    group.deputies,
    log,
    peopleFile,
  );
  const taskSheet = find(input.sheets, TASK_TABLE.sheet, TASK_TABLE.sheetAliases) ?? input.sheets[0];
  const tasks = readTaskSheet(taskSheet, branches, ctx, log);
  const themes = readThemes(find(input.sheets, THEME_TABLE.sheet, THEME_TABLE.sheetAliases), log);
  const festivals = readFestivals(find(input.sheets, FESTIVAL_TABLE.sheet, FESTIVAL_TABLE.sheetAliases), log);
  if (info?.volunteer && tasks.tasks.length && !tasks.tasks.some((t) => t.id === info.volunteer!.task))
    log.problems.push({
      sheet: infoSheet!.name,
      row: info.volunteer.row,
      column: '学雷锋活动对应任务',
      message: `任务分解表中没有序号${Number(info.volunteer.task)}`,
    });
  if (log.problems.length || !info || !group.head)
    return { ok: false, problems: log.problems, notes: log.notes };
  const members = branches.branches.filter((b) => b.kind !== '支部').map((b) => b.id);
  log.notes.push('领导小组成员：单位名单中各处室、基层单位的负责人（支部书记不列入）。');
  const plan = {
    organization: info.organization,
    ...(info.org && { org: info.org }),
    year: info.year,
    timeZone: 'Asia/Shanghai',
    ...(info.document && { document: info.document }),
    goals: info.goals,
    leadingGroup: {
      head: group.head,
      deputies: group.deputies,
      members,
      office: { ...info.office, staff: group.staff },
    },
    branches: branches.branches,
    categories: tasks.categories,
    ...policy(),
    activities: { ...policy().activities, ...info.activities },
    tasks: tasks.tasks,
    themes,
    festivals,
    volunteerMonth: {
      month: info.volunteer!.month,
      title: info.volunteer!.title,
      task: info.volunteer!.task,
    },
    ...(calendarCorrections && { calendar: calendarCorrections }),
  };
  return checked(plan, { tasks, group, branches, infoSheet: infoSheet!.name }, log);
}

type Sources = {
  tasks: ReturnType<typeof readTaskSheet>;
  group: ReturnType<typeof readLeadingGroup>;
  branches: ReturnType<typeof readBranches>;
  infoSheet: string;
};

/** The plan schema's last word, each of its complaints placed on the row it came from. */
function checked(plan: unknown, sources: Sources, log: ImportLog): ImportResult {
  const result = planSchemas().PlanSchema.safeParse(plan);
  if (result.success) return { ok: true, plan: result.data, notes: log.notes };
  const problems = result.error.issues.map((issue) => placed(issue, sources));
  return { ok: false, problems, notes: log.notes };
}

function placed(issue: Zod.core.$ZodIssue, s: Sources): Problem {
  const path = issue.path.map(String);
  const rule = `不符合方案规则（${formatPath(issue.path)}: ${issue.message}）`;
  const [top, index, field] = path;
  if (top === 'tasks') {
    const at = s.tasks.rows.get(`tasks.${index}`) ?? { sheet: TASK_TABLE.sheet };
    return { ...at, column: field ? s.tasks.columns.get(field) : undefined, message: rule };
  }
  if (top === 'branches')
    return { ...(s.branches.rows.get(`branches.${index}`) ?? { sheet: BRANCH_TABLE.sheet }), message: rule };
  if (top === 'leadingGroup') {
    const key = [...s.group.rows.keys()].find((k) => path.join('.').startsWith(k));
    return { ...(key ? s.group.rows.get(key)! : { sheet: GROUP_TABLE.sheet }), message: rule };
  }
  if (top === 'themes') return { sheet: THEME_TABLE.sheet, message: rule };
  return { sheet: s.infoSheet, message: rule };
}
