// The messages to the responsible branches about work they owe: the assignment, the reminders
// before the due date, the overdue notice, a new due date, and the reminder to acknowledge (签收).
import type { Block } from '../mail-blocks';
import type { Notification } from '../notification';
import { formatChineseDate } from '../calendar';
import { formatChineseDateWithWeekday } from './labels';
import {
  branchGreeting,
  isTask,
  lateTable,
  paragraph,
  reportBlocks,
  taskFields,
  type Wording,
} from './parts';

export function assignment(n: Notification, { task, due, title, unit }: Wording): Block[] {
  return [
    branchGreeting(n),
    paragraph(
      isTask(task)
        ? `根据${task.organization}${task.year}年文明单位创建工作实施方案安排，现将以下任务交由${unit}负责落实。请高度重视，明确专人负责，细化工作措施，按时保质完成。`
        : `根据${task.organization}${task.year}年文明单位创建工作实施方案安排，现将${title}有关事项通知如下。请${unit}结合实际认真组织开展，做好活动记录，并按时报送活动开展情况。`,
    ),
    taskFields(n),
    ...reportBlocks(
      n,
      n.branches,
      `请于${due}前完成，并通过以下链接报送${isTask(task) ? '完成' : '开展'}情况：`,
    ),
    paragraph(`如确需延期，请在截止日期前向${task.officeName}书面说明理由。`),
  ];
}

export function reminder(n: Notification, { due, title, unit }: Wording): Block[] {
  const left =
    n.daysLeft === undefined ? '' : n.daysLeft <= 0 ? '，今日即到期' : `，距截止还有${n.daysLeft}天`;
  return [
    branchGreeting(n),
    paragraph(
      `${unit}负责的${title}将于${due}到期${left}。截至目前，${unit}尚未报送完成情况，请抓紧推进，并于${due}前按时报送。特此提醒。`,
    ),
    taskFields(n),
    ...reportBlocks(n, n.branches, '请通过以下链接报送：'),
  ];
}

export function milestoneReminder(n: Notification, { due, title, unit }: Wording): Block[] {
  const m = n.milestone;
  const left =
    n.daysLeft === undefined ? '' : n.daysLeft <= 0 ? '今日即到期，' : `距节点时限还有${n.daysLeft}天，`;
  const stage = m
    ? `按照工作安排，${title}的阶段性节点“${m.title}”应于${formatChineseDateWithWeekday(m.due)}前完成，${left}目前${unit}尚未报送阶段进展情况。`
    : `按照工作安排，${title}已进入阶段性推进节点。`;
  const fields: Block[] = [taskFields(n)];
  if (m)
    fields.push({
      type: 'fields',
      rows: [
        ['阶段节点', m.title],
        ['节点时限', `${formatChineseDateWithWeekday(m.due)}前`],
      ],
    });
  return [
    branchGreeting(n),
    paragraph(`${stage}请对照节点要求抓紧推进，及时报送阶段进展情况，确保任务于${due}前全面完成。特此提醒。`),
    ...fields,
    ...reportBlocks(n, n.branches, '阶段进展情况请通过以下链接报送：'),
  ];
}

/** A milestone passed without a progress report: the same follow-up as a due date. */
export function milestoneOverdue(n: Notification, { due, title, unit }: Wording): Block[] {
  const m = n.milestone;
  const own = n.late?.filter((l) => n.branches.some((b) => b.id === l.id)) ?? [];
  const lateness = own[0]?.daysLate ? `，已逾期${own[0].daysLate}个工作日` : '';
  const stage = m
    ? `${title}的阶段节点“${m.title}”已于${formatChineseDateWithWeekday(m.due)}到期，截至目前${unit}尚未报送阶段进展情况${lateness}。`
    : `${title}的阶段节点已到期，${unit}尚未报送阶段进展情况。`;
  const fields: Block[] = [taskFields(n)];
  if (m)
    fields.push({
      type: 'fields',
      rows: [
        ['阶段节点', m.title],
        ['节点时限', `${formatChineseDateWithWeekday(m.due)}前`],
      ],
    });
  return [
    branchGreeting(n),
    paragraph(
      `${stage}请抓紧推进，尽快报送阶段进展情况，确保任务于${due}前全面完成。逾期未报的阶段节点将纳入年度考评。特此提醒。`,
    ),
    ...fields,
    ...reportBlocks(n, n.branches, '阶段进展情况请通过以下链接报送：'),
  ];
}

export function overdue(n: Notification, { task, due, title, unit }: Wording): Block[] {
  const own = n.late?.filter((l) => n.branches.some((b) => b.id === l.id)) ?? [];
  const lateness = own.length === 1 ? `，已逾期${own[0].daysLate}个工作日` : '，现已逾期';
  const blocks: Block[] = [
    branchGreeting(n),
    paragraph(
      `${unit}负责的${title}已于${due}到期。截至目前，${unit}仍未报送完成情况${lateness}。请立即组织落实，尽快报送；确有困难的，请及时向${task.officeName}说明情况。逾期仍未报送的，领导小组办公室将按规定予以催办。特此通知。`,
    ),
    taskFields(n),
  ];
  if (own.length > 1) blocks.push(paragraph('各单位逾期情况如下：'), lateTable(own));
  return [...blocks, ...reportBlocks(n, n.branches, '请通过以下链接报送：')];
}

export function extended(n: Notification, { due, title, unit }: Wording): Block[] {
  const x = n.extension;
  const rows: [string, string][] = x
    ? [
        ['原完成时限', `${formatChineseDateWithWeekday(x.from)}前`],
        ['调整后时限', `${formatChineseDateWithWeekday(x.to)}前`],
        ['同意人', x.actor],
        ['调整理由', x.reason],
      ]
    : [];
  return [
    branchGreeting(n),
    paragraph(
      `经领导小组同意，${title}的完成时限调整为${due}。请${unit}按调整后的时限抓紧推进，按时报送完成情况。特此通知。`,
    ),
    { type: 'fields', rows },
    taskFields(n),
    ...reportBlocks(n, n.branches, '完成情况请通过以下链接报送：'),
  ];
}

export function acknowledgeReminder(n: Notification, { due, title, unit }: Wording): Block[] {
  const on = n.assignedOn ? `已于${formatChineseDate(n.assignedOn)}交办` : '已交办';
  return [
    branchGreeting(n),
    paragraph(
      `${title}${on}，截至目前${unit}尚未签收。请及时签收，明确专人负责，并于${due}前完成报送。特此提醒。`,
    ),
    taskFields(n),
    { type: 'action', intro: '请通过以下链接签收并查看任务要求：', label: '进入签收页面' },
  ];
}
