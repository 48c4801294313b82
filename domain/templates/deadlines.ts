// The messages to the responsible branches about work they owe: the assignment, the reminders
// before the due date, the overdue notice, a missed milestone, a new due date, and the reminder to
// acknowledge (签收). A task's branches report 完成情况 by a 完成时限; a theme's or festival's report
// their activity's 开展情况 by a 报送时限.
import type { Block } from '../mail-blocks';
import type { Notification } from '../notification';
import { formatChineseDate } from '../calendar';
import { formatChineseDateWithWeekday, quoted } from './labels';
import {
  basis,
  branchGreeting,
  isTask,
  lateTable,
  paragraph,
  reportBlocks,
  taskFields,
  type Wording,
} from './parts';

const names = (branches: { name: string }[]) => branches.map((b) => b.name).join('、');

/** What follows an unanswered overdue notice, said without citing a rule that does not exist. */
const WHAT_FOLLOWS = '逾期仍未报送的，领导小组办公室将予以催办，并纳入年度考评。特此提醒。';

export function assignment(n: Notification, w: Wording): Block[] {
  const { task, due, title, unit } = w;
  return [
    branchGreeting(n),
    paragraph(
      isTask(task)
        ? `${basis(task)}，现将以下任务交由${unit}负责落实。请高度重视，明确专人负责，细化工作措施，于${due}前保质完成。`
        : `${basis(task)}，现将${title}有关事项通知如下。请${unit}结合实际认真组织开展，做好活动记录，活动开展情况应于${due}前报送。`,
    ),
    ...(n.participants?.length
      ? [
          paragraph(
            `本次活动由${names(n.branches)}牵头组织并报送开展情况；${names(n.participants)}积极参与，不单独报送。`,
          ),
        ]
      : []),
    taskFields(n),
    ...reportBlocks(n, n.branches, `${w.report}请通过以下链接报送：`),
    paragraph(`如确需调整${w.deadline}，请在${w.deadline}届满前向${task.officeName}书面说明理由。`),
  ];
}

export function reminder(n: Notification, w: Wording): Block[] {
  const { due, unit, report } = w;
  const left =
    n.daysLeft === undefined ? '' : n.daysLeft <= 0 ? '，今日即到期' : `，距截止还有${n.daysLeft}天`;
  const ask = isTask(w.task) ? '请抓紧推进' : '请抓紧组织开展';
  return [
    branchGreeting(n),
    paragraph(
      `${unit}负责的${w.dueSoon}${left}。截至目前，${unit}尚未报送${report}，${ask}，并于${due}前按时报送。特此提醒。`,
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
    ? `按照工作安排，${title}的阶段节点${quoted(m.title)}应于${formatChineseDateWithWeekday(m.due)}前完成，${left}目前${unit}尚未报送阶段进展情况。`
    : `按照工作安排，${title}已进入阶段性推进节点。`;
  return [
    branchGreeting(n),
    paragraph(`${stage}请对照节点要求抓紧推进，及时报送阶段进展情况，确保任务于${due}前全面完成。特此提醒。`),
    ...milestoneFields(n),
    ...reportBlocks(n, n.branches, '阶段进展情况请通过以下链接报送：'),
  ];
}

function milestoneFields(n: Notification): Block[] {
  const m = n.milestone;
  const fields: Block[] = [taskFields(n)];
  if (m)
    fields.push({
      type: 'fields',
      rows: [
        ['阶段节点', m.title],
        ['节点时限', `${formatChineseDateWithWeekday(m.due)}前`],
      ],
    });
  return fields;
}

/** A milestone passed without a progress report: the same follow-up as a due date. */
export function milestoneOverdue(n: Notification, { due, title, unit }: Wording): Block[] {
  const m = n.milestone;
  const own = n.late?.filter((l) => n.branches.some((b) => b.id === l.id)) ?? [];
  const lateness = own[0]?.daysLate ? `，已逾期${own[0].daysLate}个工作日` : '';
  const stage = m
    ? `${title}的阶段节点${quoted(m.title)}已于${formatChineseDateWithWeekday(m.due)}到期，截至目前${unit}尚未报送阶段进展情况${lateness}。`
    : `${title}的阶段节点已到期，${unit}尚未报送阶段进展情况。`;
  return [
    branchGreeting(n),
    paragraph(
      `${stage}请抓紧推进，尽快报送阶段进展情况，确保任务于${due}前全面完成。逾期未报的阶段节点将纳入年度考评。特此提醒。`,
    ),
    ...milestoneFields(n),
    ...reportBlocks(n, n.branches, '阶段进展情况请通过以下链接报送：'),
  ];
}

export function overdue(n: Notification, w: Wording): Block[] {
  const { task, unit, report } = w;
  const own = n.late?.filter((l) => n.branches.some((b) => b.id === l.id)) ?? [];
  const lateness = own.length === 1 ? `，已逾期${own[0].daysLate}个工作日` : '，现已逾期';
  const blocks: Block[] = [
    branchGreeting(n),
    paragraph(
      `${unit}负责的${w.duePast}。截至目前，${unit}仍未报送${report}${lateness}。请立即组织落实，尽快报送；确有困难的，请及时向${task.officeName}说明情况。${WHAT_FOLLOWS}`,
    ),
    taskFields(n),
  ];
  if (own.length > 1) blocks.push(paragraph('各单位逾期情况如下：'), lateTable(own));
  return [...blocks, ...reportBlocks(n, n.branches, '请通过以下链接报送：')];
}

export function extended(n: Notification, w: Wording): Block[] {
  const { due, title, unit, report, deadline } = w;
  const x = n.extension;
  const rows: [string, string][] = x
    ? [
        [`原${deadline}`, `${formatChineseDateWithWeekday(x.from)}前`],
        [`调整后${deadline}`, `${formatChineseDateWithWeekday(x.to)}前`],
        ['同意人', x.actor],
        ['调整理由', x.reason],
      ]
    : [];
  const approved = x ? `经${x.actor}同意` : '经领导小组同意';
  return [
    branchGreeting(n),
    paragraph(
      `${approved}，${title}的${deadline}调整为${due}。请${unit}按调整后的${deadline}抓紧推进，按时报送${report}。特此通知。`,
    ),
    { type: 'fields', rows },
    taskFields(n),
    ...reportBlocks(n, n.branches, `${report}请通过以下链接报送：`),
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
    { type: 'action', intro: '请通过以下链接签收并查看工作要求：', label: '进入签收页面' },
  ];
}
