// The pieces the templates of several kinds share: greetings, the item's fields, where the reader
// reports or decides, the table of late branches, and the closing every message ends with.
import type { Block } from '../mail-blocks';
import type { LateBranch, Notification, ItemRef, Recipient } from '../notification';
import { formatChineseDate } from '../calendar';
import { SYSTEM_NAME } from '../labels';
import { formatCategory, formatChineseDateWithWeekday, itemName, noun, taskNumber } from './labels';

/** How a template refers to the item and its readers, worked out once per message. */
export interface Wording {
  task: ItemRef;
  /** The due date with its weekday. */
  due: string;
  /** The item as a sentence names it. */
  title: string;
  /** 任务 or 活动. */
  it: string;
  /** 你单位 for one addressed branch, 各单位 when the message goes to several. */
  unit: string;
  /** What the branches report: a task's 完成情况, an activity's 开展情况. */
  report: string;
  /** The date the report is due by: a task's 完成时限, an activity's 报送时限. */
  deadline: string;
  /**
   * The due date as a sentence says it: a task 将于…到期 / 已于…到期; an activity's report 应于…前报送.
   */
  dueSoon: string;
  duePast: string;
}

export function wordingOf(n: Notification): Wording {
  const { task } = n;
  const due = formatChineseDateWithWeekday(task.due);
  const title = itemName(task);
  const activity = !isTask(task);
  return {
    task,
    due,
    title,
    it: noun(task),
    unit: n.branches.length > 1 ? '各单位' : '你单位',
    report: activity ? '开展情况' : '完成情况',
    deadline: activity ? '报送时限' : '完成时限',
    dueSoon: activity ? `${title}开展情况应于${due}前报送` : `${title}将于${due}到期`,
    duePast: activity ? `${title}开展情况应于${due}前报送` : `${title}已于${due}到期`,
  };
}

/** Whether the item is a plan task (rather than a monthly theme or a festival activity). */
export function isTask(task: ItemRef): boolean {
  return (task.kind ?? 'task') === 'task';
}

/**
 * 根据《…实施方案》（文号）安排: the plan by its full title in 书名号 with its 文号, as an office cites
 * a document; definitions from before the plan carried its title fall back to the year's plan.
 */
export function basis(task: ItemRef): string {
  const title = task.document?.title ?? `${task.organization}${task.year}年文明单位创建工作实施方案`;
  const inner = title.replace(/《/g, '〈').replace(/》/g, '〉');
  return `根据《${inner}》${task.document?.number ? `（${task.document.number}）` : ''}安排`;
}

function joinNames(names: string[]): string {
  return names.filter((n) => n.trim() !== '').join('、');
}

/** `后勤服务中心支部、财务处：`, or the recipients by title when no branch is named. */
export function branchGreeting(n: Notification): Block {
  const branches = joinNames(n.branches.map((b) => b.name));
  return { type: 'greeting', text: branches ? `${branches}：` : personGreetingText(n.to) };
}

/** A recipient that is a body (领导小组办公室, 财务处 …) rather than a person gets no title. */
const BODY_NAME = /(办公室|委员会|领导小组|中心|支部|[室组处部局])$/;

/** How a letter addresses a person: by the title the plan gives them (张华副局长), else 同志. */
function addressed(r: Recipient): string {
  const name = r.name.trim();
  return BODY_NAME.test(name) ? name : `${name}${r.title ?? '同志'}`;
}

/**
 * The persons addressed, each by title; never a person and a body in one 抬头, so a body beside
 * persons is left to the copy it is sent.
 */
function personGreetingText(to: Recipient[]): string {
  const named = to.filter((r) => r.name.trim() !== '');
  const persons = named.filter((r) => !BODY_NAME.test(r.name.trim()));
  const shown = persons.length ? persons : named;
  return shown.length ? `${shown.map(addressed).join('、')}：` : '各位同志：';
}

/** The recipients by the titles the plan gives them: 张华副局长：, 王建国组长：. */
export function personGreeting(n: Notification): Block {
  return { type: 'greeting', text: personGreetingText(n.to) };
}

export function officeGreeting(task: ItemRef): Block {
  return { type: 'greeting', text: `${task.officeName}：` };
}

export function paragraph(text: string): Block {
  return { type: 'paragraph', text };
}

export function taskFields(n: Notification, options: { branches?: boolean } = {}): Block {
  const { task } = n;
  const rows: [string, string][] = isTask(task)
    ? [
        ['任务编号', taskNumber(task)],
        ['任务名称', task.title],
        ['所属类别', formatCategory(task)],
        ['完成时限', `${formatChineseDateWithWeekday(task.due)}前`],
      ]
    : [
        ['活动名称', task.title],
        ['所属类别', task.categoryTitle],
        ['报送时限', `${formatChineseDateWithWeekday(task.due)}前`],
      ];
  if (options.branches !== false && n.branches.length > 0)
    rows.push(['责任单位', joinNames(n.branches.map((b) => b.name))]);
  if (task.kpis && task.kpis.length > 0)
    rows.push(['考核指标', task.kpis.map((k) => `${k.name}不低于${k.min}${k.unit}`).join('；')]);
  return { type: 'fields', rows };
}

/**
 * Where the addressed branches report, and, for a task with KPIs, what it asks of them. Only the
 * branches report: a message to the leading group about them (`kpiNote: false`) leaves the note out.
 */
export function reportBlocks(
  n: Notification,
  branches: { id: string; name: string }[],
  intro: string,
  { kpiNote = true }: { kpiNote?: boolean } = {},
): Block[] {
  if (branches.length === 0) return [];
  const blocks: Block[] = [{ type: 'action', intro, label: '进入报送页面' }];
  if (kpiNote && n.task.kpis && n.task.kpis.length > 0)
    blocks.push({
      type: 'note',
      text: '本任务设有考核指标，报送时请一并填写各项指标的完成数值（百分比，或按人数填写后自动计算）。',
    });
  return blocks;
}

export const DECIDE: Block = {
  type: 'action',
  intro: '请通过以下链接查看各单位报送情况并作出审核意见（审核通过或退回整改）：',
  label: '进入审核页面',
};

type LateRow = Omit<LateBranch, 'daysLate'> & { daysLate?: number };

export function lateTable(late: LateRow[]): Block {
  return {
    type: 'table',
    headers: ['序号', '责任单位', '逾期天数'],
    rows: late.map((b, i) => [
      String(i + 1),
      b.name,
      b.daysLate === undefined ? '—' : `${b.daysLate}个工作日`,
    ]),
  };
}

/** Late branches of an escalation; without `late`, the addressed branches with unknown lateness. */
export function lateBranches(n: Notification): LateRow[] {
  if (n.late && n.late.length > 0) return n.late;
  return n.branches.map((b) => ({ id: b.id, name: b.name }));
}

/** Whether the message goes to the office alone, which does not write to itself. */
function toOfficeOnly(n: Notification): boolean {
  return n.to.length > 0 && n.to.every((r) => r.role?.kind === 'office' || r.name === n.task.officeName);
}

/**
 * What every message ends with: the 落款 on one line (the office, or the system for a message to the
 * office) with the day it was sent, and whom to ask (联系人, 电话).
 */
export function closing(n: Notification): Block[] {
  const { task } = n;
  const signer = toOfficeOnly(n) ? SYSTEM_NAME : `${task.organization}${task.officeName}`;
  const contact = task.contact
    ? `联系人：${task.contact.name}${task.contact.phone ? `，电话：${task.contact.phone}` : ''}。`
    : `如有疑问，请与${task.officeName}联系。`;
  return [
    { type: 'signature', lines: [signer, ...(n.date ? [formatChineseDate(n.date)] : [])] },
    { type: 'note', text: `本邮件由${SYSTEM_NAME}发送。${contact}` },
  ];
}

/** Ends a free-text sentence with a full stop unless it already ends with punctuation. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[。！？.!?）)」”]$/.test(trimmed) ? trimmed : `${trimmed}。`;
}
