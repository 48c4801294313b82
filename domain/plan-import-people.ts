// The people of a plan from the office's sheets: the 领导小组 (组长, 副组长, 办公室工作人员) and the
// 单位名单 (each unit with its lead, their address and the deputy head in charge). A person is known
// by their email address; a deputy head named in the 单位名单 is found by address or, when the name is
// unique, by name.
import type { Branch, Deputy } from './plan';
import {
  BRANCH_TABLE,
  type BranchColumn,
  GROUP_TABLE,
  headerName,
  ID_PATTERN,
  type ImportLog,
  isEmailAddress,
  type Problem,
  type SheetData,
  tableOf,
} from './plan-table';

export interface Person {
  name: string;
  title?: string;
  email: string;
}

export interface LeadingGroupRows {
  head?: Person;
  deputies: Deputy[];
  staff: Person[];
  /** Path in the plan → where it came from, for the checks that run on the whole plan. */
  rows: Map<string, Pick<Problem, 'file' | 'sheet' | 'row'>>;
}

const ROLE_WORDS: { role: 'head' | 'deputy' | 'staff' | 'member'; words: RegExp }[] = [
  { role: 'deputy', words: /^(副组长|常务副组长)$/ },
  { role: 'head', words: /^(组长|领导小组组长)$/ },
  { role: 'staff', words: /^(办公室主任|办公室副主任|办公室工作人员|办公室成员|工作人员|联络员|办公室)$/ },
  { role: 'member', words: /^(成员|组员)$/ },
];

function personOf(
  row: { text: (k: 'name' | 'title' | 'email') => string },
  at: Omit<Problem, 'message' | 'column'>,
  columns: { name: string; email: string },
  log: ImportLog,
): Person | undefined {
  const name = row.text('name');
  const email = row.text('email');
  let ok = true;
  if (!name) {
    log.problems.push({ ...at, column: columns.name, message: '未填写姓名' });
    ok = false;
  }
  if (!isEmailAddress(email)) {
    log.problems.push({
      ...at,
      column: columns.email,
      message: email ? `“${email}”不是有效的电子邮箱地址` : '未填写电子邮箱（通知按邮箱发送）',
    });
    ok = false;
  }
  const title = row.text('title');
  return ok ? { name, ...(title && { title }), email } : undefined;
}

/** The 领导小组 sheet: one 组长, at least one 副组长 and one member of the office's staff. */
export function readLeadingGroup(
  sheet: SheetData | undefined,
  log: ImportLog,
  file?: string,
): LeadingGroupRows {
  const out: LeadingGroupRows = { deputies: [], staff: [], rows: new Map() };
  const table = tableOf(GROUP_TABLE, sheet, log, file);
  if (!table) return out;
  const col = (k: 'role' | 'name' | 'email' | 'id') => headerName(GROUP_TABLE, table.header, k);
  const where = { file, sheet: table.sheet.name };
  for (const row of table.rows) {
    const at = { ...where, row: row.row };
    const roleText = row.text('role').replace(/\s/g, '');
    const role = ROLE_WORDS.find((r) => r.words.test(roleText))?.role;
    if (!role) {
      log.problems.push({
        ...at,
        column: col('role'),
        message: `“${roleText || '（空）'}”不是小组职务（组长、副组长或办公室工作人员）`,
      });
      continue;
    }
    if (role === 'member') {
      log.notes.push(
        `工作表“${table.sheet.name}”第${row.row}行：领导小组成员取自单位名单中各处室、基层单位的负责人，此行未读入。`,
      );
      continue;
    }
    const person = personOf(row, at, { name: col('name'), email: col('email') }, log);
    if (!person) continue;
    if (role === 'head') {
      if (out.head) log.problems.push({ ...at, column: col('role'), message: '组长只能有一位' });
      out.head = person;
      out.rows.set('leadingGroup.head', at);
    } else if (role === 'staff') {
      out.rows.set(`leadingGroup.office.staff.${out.staff.length}`, at);
      out.staff.push(person);
    } else addDeputy(out, person, row.text('id'), at, col('id'), log);
  }
  const missing = [
    !out.head && '组长',
    !out.deputies.length && '副组长',
    !out.staff.length && '办公室工作人员',
  ]
    .filter(Boolean)
    .join('、');
  if (missing) log.problems.push({ ...where, message: `未填写${missing}` });
  return out;
}

function addDeputy(
  out: LeadingGroupRows,
  person: Person,
  code: string,
  at: Omit<Problem, 'message' | 'column'>,
  column: string,
  log: ImportLog,
): void {
  const id = code || `deputy-${out.deputies.length + 1}`;
  if (code && !ID_PATTERN.test(code)) {
    log.problems.push({
      ...at,
      column,
      message: `代码“${code}”只能用小写英文字母、数字和连字符，并以字母开头`,
    });
    return;
  }
  if (out.deputies.some((d) => d.id === id)) {
    log.problems.push({ ...at, column, message: `代码“${id}”已被另一位副组长使用` });
    return;
  }
  out.rows.set(`leadingGroup.deputies.${out.deputies.length}`, at);
  out.deputies.push({ id, ...person });
}

const KINDS: { kind: Branch['kind']; words: RegExp }[] = [
  { kind: '处室', words: /^(处室|科室|部门|机关处室|内设机构)$/ },
  { kind: '支部', words: /^(支部|党支部)$/ },
  { kind: '基层单位', words: /^(基层单位|直属单位|下属单位|事业单位)$/ },
];

export interface BranchRows {
  branches: Branch[];
  /** A unit's name, short name or id → its id, for the 责任单位 cells; rows with problems too. */
  byName: Map<string, string>;
  /** Every unit's name as listed, for suggestions. */
  names: string[];
  rows: Map<string, Pick<Problem, 'file' | 'sheet' | 'row'>>;
}

/** Names compared without spaces. */
export const unitKey = (name: string) => name.replace(/[\s\u3000]/g, '');

/** The 单位名单: every unit with its kind, its lead and the deputy head in charge. */
export function readBranches(
  sheet: SheetData | undefined,
  deputies: readonly Deputy[],
  log: ImportLog,
  file?: string,
): BranchRows {
  const out: BranchRows = { branches: [], byName: new Map(), names: [], rows: new Map() };
  const table = tableOf(BRANCH_TABLE, sheet, log, file);
  if (!table) return out;
  const col = (k: BranchColumn) => headerName(BRANCH_TABLE, table.header, k);
  let generated = 0;
  for (const row of table.rows) {
    const at = { file, sheet: table.sheet.name, row: row.row };
    const name = row.text('name');
    const kindText = row.text('kind').replace(/\s/g, '');
    const kind = KINDS.find((k) => k.words.test(kindText))?.kind;
    const problems = log.problems.length;
    if (!name) log.problems.push({ ...at, column: col('name'), message: '未填写单位名称' });
    if (!kind)
      log.problems.push({
        ...at,
        column: col('kind'),
        message: kindText
          ? `“${kindText}”不是单位类型（处室、支部或基层单位）`
          : '未填写类型（处室、支部或基层单位）',
      });
    const lead = personOf(
      { text: (k) => row.text(k === 'name' ? 'lead' : k) },
      at,
      { name: col('lead'), email: col('email') },
      log,
    );
    const deputy = deputyOf(row.text('deputy'), deputies, { ...at, column: col('deputy') }, log);
    const code = row.text('id');
    if (code && !ID_PATTERN.test(code))
      log.problems.push({
        ...at,
        column: col('id'),
        message: `代码“${code}”只能用小写英文字母、数字和连字符，并以字母开头`,
      });
    if (name && out.byName.has(unitKey(name)))
      log.problems.push({ ...at, column: col('name'), message: `“${name}”在单位名单中出现了两次` });
    const listed = name && !out.byName.has(unitKey(name));
    const id = code || (listed ? `unit-${String(++generated).padStart(2, '0')}` : '');
    // A unit whose row has a problem is still a unit: the tasks naming it are not wrong too.
    if (listed) {
      out.names.push(name);
      for (const key of [name, id, ...row.text('alias').split(/[、，,；;\s]+/)].filter(Boolean))
        out.byName.set(unitKey(key), id);
    }
    if (log.problems.length > problems || !kind || !lead || !deputy) continue;
    out.rows.set(`branches.${out.branches.length}`, at);
    out.branches.push({ id, name, kind, lead, deputy });
  }
  if (generated)
    log.notes.push(
      `单位名单未填“代码”的${generated}个单位，按顺序编为unit-01—unit-${String(generated).padStart(2, '0')}（代码用于系统内部，年度开始后请勿更改）。`,
    );
  if (!out.branches.length && !log.problems.some((p) => p.sheet === table.sheet.name))
    log.problems.push({ file, sheet: table.sheet.name, message: '单位名单中没有单位' });
  return out;
}

function deputyOf(
  text: string,
  deputies: readonly Deputy[],
  at: Omit<Problem, 'message'>,
  log: ImportLog,
): string | undefined {
  if (!deputies.length) return undefined;
  if (!text) {
    log.problems.push({ ...at, message: '未填写分管领导（领导小组中的副组长）' });
    return undefined;
  }
  const byEmail = deputies.find((d) => d.email.toLowerCase() === text.toLowerCase());
  const byName = deputies.filter((d) => d.name === text || d.id === text);
  if (byEmail) return byEmail.id;
  if (byName.length === 1) return byName[0].id;
  log.problems.push({
    ...at,
    message: byName.length
      ? `“${text}”在领导小组中有${byName.length}位同名副组长：请填写其电子邮箱`
      : `“${text}”不是“领导小组”表中的副组长`,
  });
  return undefined;
}

/** Units of one kind for a cell that says 各处室, 各支部, 各基层单位 or 各单位. */
export function unitGroup(text: string, branches: readonly Branch[]): Branch[] | undefined {
  const t = unitKey(text);
  if (/^(各处室|局机关各处室|机关各处室|各科室)$/.test(t)) return branches.filter((b) => b.kind === '处室');
  if (/^(各支部|各党支部|机关各支部)$/.test(t)) return branches.filter((b) => b.kind === '支部');
  if (/^(各基层单位|各直属单位|局属各单位|各下属单位)$/.test(t))
    return branches.filter((b) => b.kind === '基层单位');
  if (/^(各单位|各部门|全局各单位|各处室（单位）|全体单位|各处室、各单位)$/.test(t)) return [...branches];
  return undefined;
}
