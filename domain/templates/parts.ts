// The pieces the templates of several kinds share: greetings, the item's fields, where the reader
// reports or decides, the table of late branches, and the closing every message ends with.
import type { Block } from '../mail-blocks';
import type { LateBranch, Notification, ItemRef } from '../notification';
import { formatCategory, formatChineseDateWithWeekday, itemName, noun } from './labels';

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
}

export function wordingOf(n: Notification): Wording {
  const { task } = n;
  return {
    task,
    due: formatChineseDateWithWeekday(task.due),
    title: itemName(task),
    it: noun(task),
    unit: n.branches.length > 1 ? '各单位' : '你单位',
  };
}

/** Whether the item is a plan task (rather than a monthly theme or a festival activity). */
export function isTask(task: ItemRef): boolean {
  return (task.kind ?? 'task') === 'task';
}

function joinNames(names: string[]): string {
  return names.filter((n) => n.trim() !== '').join('、');
}

/** `后勤服务中心支部、财务处：`, or the recipients' names when no branch is named. */
export function branchGreeting(n: Notification): Block {
  const branches = joinNames(n.branches.map((b) => b.name));
  return { type: 'greeting', text: branches ? `${branches}：` : personGreetingText(n, '同志') };
}

/** A recipient that is a body (领导小组办公室, 财务处 …) rather than a person gets no title. */
const BODY_NAME = /(办公室|委员会|领导小组|中心|支部|[室组处部局])$/;

function personGreetingText(n: Notification, title: string): string {
  const names = n.to.map((r) => r.name.trim()).filter((name) => name !== '');
  if (names.length === 0) return '各位同志：';
  return `${names.map((name) => (BODY_NAME.test(name) ? name : `${name}${title}`)).join('、')}：`;
}

/** The recipients by name, each with `title` (同志, 组长) unless it is a body. */
export function personGreeting(n: Notification, title: string): Block {
  return { type: 'greeting', text: personGreetingText(n, title) };
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
        ['任务编号', `${task.year}年第${task.id}项`],
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

/** Where the branches report, if any are addressed, and what a task with KPIs asks of them. */
export function reportBlocks(
  n: Notification,
  branches: { id: string; name: string }[],
  intro: string,
): Block[] {
  if (branches.length === 0) return [];
  const blocks: Block[] = [{ type: 'action', intro, label: '进入报送页面' }];
  if (n.task.kpis && n.task.kpis.length > 0)
    blocks.push({
      type: 'note',
      text: '本任务设有考核指标，报送时请一并填写各项指标的完成数值（百分比）。',
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

/** What every message ends with: the office's signature and whom to ask. */
export function closing(task: ItemRef): Block[] {
  const lines = [task.organization, task.officeName].filter((l) => l.trim() !== '');
  return [
    { type: 'signature', lines },
    {
      type: 'note',
      text: `本邮件由文明单位创建任务管理系统发送。如有疑问，请与${task.officeName}联系。`,
    },
  ];
}

/** Ends a free-text sentence with a full stop unless it already ends with punctuation. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[。！？.!?）)」”]$/.test(trimmed) ? trimmed : `${trimmed}。`;
}
