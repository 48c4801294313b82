// Chinese e-mail templates for every notification kind (DESIGN §4). Pure: no I/O, no clock, safe to
// import from workflow code. Each message is first built as a list of blocks, then rendered twice
// (plain text and HTML) so both bodies always say the same thing.
import { formatChineseDate } from './calendar';
import { escapeHtml } from './html';

export { escapeHtml };
import type { LateBranch, Notification, NotificationKind, TaskRef } from './notification';

export interface RenderedNotification {
  subject: string;
  text: string;
  html: string;
}

/** Subject prefix of every kind, as the office writes it. */
export const SUBJECT_PREFIX: Record<NotificationKind, string> = {
  assignment: '【任务交办】',
  reminder: '【任务提醒】',
  'milestone-reminder': '【阶段进展提醒】',
  overdue: '【逾期提醒】',
  'escalation-office': '【催办】',
  'escalation-deputy': '【分管领导督办】',
  'escalation-head': '【督办】',
  'ready-for-sign-off': '【待审核】',
  returned: '【退回整改】',
  'signed-off': '【审核通过】',
  extended: '【延期通知】',
  'sign-off-reminder': '【审核提醒】',
  unfinished: '【未完成】',
  'delivery-failed': '【邮件未送达】',
  'acknowledge-reminder': '【签收提醒】',
};

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** `2020-12-15` → `2020年12月15日（星期二）`; throws like formatChineseDate on anything but YYYY-MM-DD. */
export function formatChineseDateWithWeekday(iso: string): string {
  const text = formatChineseDate(iso);
  const [y, m, d] = iso.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${text}（星期${WEEKDAYS[weekday]}）`;
}

/** 1 → 一, 5 → 五 (the plan has at most a handful of categories). */
function chineseNumeral(n: number): string {
  if (n >= 0 && n <= 10) return NUMERALS[n];
  if (n > 10 && n < 20) return `十${NUMERALS[n - 10]}`;
  return String(n);
}

/** `第一类：强化思想引领，推动理论武装走深走实`, whether or not the plan's title already carries the prefix. */
export function formatCategory(task: Pick<TaskRef, 'category' | 'categoryTitle'>): string {
  const title = task.categoryTitle.trim();
  if (/^第.+类/.test(title)) return title;
  return `第${chineseNumeral(task.category)}类：${title}`;
}

/**
 * The subject's label: `2020年文明单位创建任务05：积极开展普法知识教育`, `2020年“一月一主题”3月：
 * “学习雷锋”榜样月主题活动`, `2020年“我们的节日·端午”主题活动`.
 */
export function taskLabel(task: Pick<TaskRef, 'year' | 'id' | 'title' | 'kind'>): string {
  if (task.kind === 'theme') return `${task.year}年“一月一主题”${Number(task.id)}月：${task.title}`;
  if (task.kind === 'festival') return `${task.year}年${task.title}`;
  return `${task.year}年文明单位创建任务${task.id}：${task.title}`;
}

/** How a sentence names the item: 任务“积极开展普法知识教育”, or the activity's own title. */
function itemName(task: Pick<TaskRef, 'title' | 'kind'>): string {
  return (task.kind ?? 'task') === 'task' ? `任务“${task.title}”` : task.title;
}

/** 任务 or 活动, as a sentence refers back to the item. */
function noun(task: Pick<TaskRef, 'kind'>): string {
  return (task.kind ?? 'task') === 'task' ? '任务' : '活动';
}

// ---------------------------------------------------------------------------------------------
// Content blocks

/** One piece of a message, rendered the same way into its text and its HTML body. */
export type Block =
  | { type: 'greeting'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'fields'; rows: [label: string, value: string][] }
  /**
   * Where the reader acts: their personal link (filled in per recipient when the email is sent),
   * or, without one, whom to ask.
   */
  | { type: 'action'; intro: string; label: string; optional?: boolean }
  | { type: 'table'; headers: string[]; rows: string[][] }
  | { type: 'signature'; lines: string[] }
  | { type: 'note'; text: string };

function joinNames(names: string[]): string {
  return names.filter((n) => n.trim() !== '').join('、');
}

/** `后勤服务中心支部、财务处：`, or the recipients' names when no branch is named. */
function branchGreeting(n: Notification): string {
  const branches = joinNames(n.branches.map((b) => b.name));
  if (branches) return `${branches}：`;
  return personGreeting(n, '同志');
}

/** A recipient that is a body (领导小组办公室, 财务处 …) rather than a person gets no title. */
const BODY_NAME = /(办公室|委员会|领导小组|中心|支部|[室组处部局])$/;

function personGreeting(n: Notification, title: string): string {
  const names = n.to.map((r) => r.name.trim()).filter((name) => name !== '');
  if (names.length === 0) return '各位同志：';
  return `${names.map((name) => (BODY_NAME.test(name) ? name : `${name}${title}`)).join('、')}：`;
}

function taskFields(n: Notification, options: { branches?: boolean } = {}): Block {
  const { task } = n;
  const rows: [string, string][] =
    (task.kind ?? 'task') === 'task'
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

function reportBlocks(n: Notification, branches: { id: string; name: string }[], intro: string): Block[] {
  if (branches.length === 0) return [];
  const blocks: Block[] = [{ type: 'action', intro, label: '进入报送页面' }];
  if (n.task.kpis && n.task.kpis.length > 0)
    blocks.push({
      type: 'note',
      text: '本任务设有考核指标，报送时请一并填写各项指标的完成数值（百分比）。',
    });
  return blocks;
}

function decideBlocks(): Block[] {
  return [
    {
      type: 'action',
      intro: '请通过以下链接查看各单位报送情况并作出审核意见（审核通过或退回整改）：',
      label: '进入审核页面',
    },
  ];
}

type LateRow = Omit<LateBranch, 'daysLate'> & { daysLate?: number };

function lateTable(late: LateRow[]): Block {
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
function lateBranches(n: Notification): LateRow[] {
  if (n.late && n.late.length > 0) return n.late;
  return n.branches.map((b) => ({ id: b.id, name: b.name }));
}

function signature(task: TaskRef): Block {
  const lines = [task.organization, task.officeName].filter((l) => l.trim() !== '');
  return { type: 'signature', lines };
}

function contactNote(task: TaskRef): Block {
  return {
    type: 'note',
    text: `本邮件由文明单位创建任务管理系统发送。如有疑问，请与${task.officeName}联系。`,
  };
}

function daysLeftText(daysLeft: number | undefined): string {
  if (daysLeft === undefined) return '';
  if (daysLeft <= 0) return '今日到期';
  return `还有${daysLeft}天到期`;
}

// ---------------------------------------------------------------------------------------------
// Templates, one per kind

function subjectOf(n: Notification): string {
  const base = `${SUBJECT_PREFIX[n.kind]}${taskLabel(n.task)}`;
  switch (n.kind) {
    case 'reminder': {
      const left = daysLeftText(n.daysLeft);
      return left ? `${base}（${left}）` : base;
    }
    case 'milestone-reminder':
      return n.milestone ? `${base}——${n.milestone.title}` : base;
    case 'extended':
      return n.extension ? `${base}（完成时限调整为${formatChineseDate(n.extension.to)}）` : base;
    case 'sign-off-reminder':
      return n.signOff?.lastWorkingDay ? `${base}（本年度最后一个工作日）` : base;
    default:
      return base;
  }
}

/** Ends a free-text sentence with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[。！？.!?）)」”]$/.test(trimmed) ? trimmed : `${trimmed}。`;
}

function blocksOf(n: Notification): Block[] {
  const { task } = n;
  const due = formatChineseDateWithWeekday(task.due);
  const title = itemName(task);
  const it = noun(task);
  // 你单位 for one addressed branch, 各单位 when the message goes to several.
  const unit = n.branches.length > 1 ? '各单位' : '你单位';
  switch (n.kind) {
    case 'assignment':
      return [
        { type: 'greeting', text: branchGreeting(n) },
        {
          type: 'paragraph',
          text:
            (task.kind ?? 'task') === 'task'
              ? `根据${task.organization}${task.year}年文明单位创建工作实施方案安排，现将以下任务交由${unit}负责落实。请高度重视，明确专人负责，细化工作措施，按时保质完成。`
              : `根据${task.organization}${task.year}年文明单位创建工作实施方案安排，现将${title}有关事项通知如下。请${unit}结合实际认真组织开展，做好活动记录，并按时报送活动开展情况。`,
        },
        taskFields(n),
        ...reportBlocks(
          n,
          n.branches,
          `请于${due}前完成，并通过以下链接报送${(task.kind ?? 'task') === 'task' ? '完成' : '开展'}情况：`,
        ),
        {
          type: 'paragraph',
          text: `如确需延期，请在截止日期前向${task.officeName}书面说明理由。`,
        },
        signature(task),
        contactNote(task),
      ];

    case 'reminder': {
      const left =
        n.daysLeft === undefined ? '' : n.daysLeft <= 0 ? '，今日即到期' : `，距截止还有${n.daysLeft}天`;
      return [
        { type: 'greeting', text: branchGreeting(n) },
        {
          type: 'paragraph',
          text: `${unit}负责的${title}将于${due}到期${left}。截至目前，${unit}尚未报送完成情况，请抓紧推进，并于${due}前按时报送。特此提醒。`,
        },
        taskFields(n),
        ...reportBlocks(n, n.branches, '请通过以下链接报送：'),
        signature(task),
        contactNote(task),
      ];
    }

    case 'milestone-reminder': {
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
        { type: 'greeting', text: branchGreeting(n) },
        {
          type: 'paragraph',
          text: `${stage}请对照节点要求抓紧推进，及时报送阶段进展情况，确保任务于${due}前全面完成。特此提醒。`,
        },
        ...fields,
        ...reportBlocks(n, n.branches, '阶段进展情况请通过以下链接报送：'),
        signature(task),
        contactNote(task),
      ];
    }

    case 'overdue': {
      const own = n.late?.filter((l) => n.branches.some((b) => b.id === l.id)) ?? [];
      const lateness = own.length === 1 ? `，已逾期${own[0].daysLate}个工作日` : '，现已逾期';
      const blocks: Block[] = [
        { type: 'greeting', text: branchGreeting(n) },
        {
          type: 'paragraph',
          text: `${unit}负责的${title}已于${due}到期。截至目前，${unit}仍未报送完成情况${lateness}。请立即组织落实，尽快报送；确有困难的，请及时向${task.officeName}说明情况。逾期仍未报送的，领导小组办公室将按规定予以催办。特此通知。`,
        },
        taskFields(n),
      ];
      if (own.length > 1) blocks.push({ type: 'paragraph', text: '各单位逾期情况如下：' }, lateTable(own));
      return [
        ...blocks,
        ...reportBlocks(n, n.branches, '请通过以下链接报送：'),
        signature(task),
        contactNote(task),
      ];
    }

    case 'escalation-office': {
      const late = lateBranches(n);
      return [
        { type: 'greeting', text: `${task.officeName}：` },
        {
          type: 'paragraph',
          text: `${title}已于${due}到期。经系统核查，截至目前以下${late.length}个责任单位仍未报送完成情况：`,
        },
        lateTable(late),
        taskFields(n, { branches: false }),
        {
          type: 'paragraph',
          text: '请予催办，督促上述单位尽快落实并报送完成情况；确需调整完成时限的，请按程序报领导小组同意。',
        },
        ...reportBlocks(n, late, '办理情况可通过以下链接查看：'),
        signature(task),
        contactNote(task),
      ];
    }

    case 'escalation-deputy': {
      const late = lateBranches(n);
      return [
        { type: 'greeting', text: personGreeting(n, '同志') },
        {
          type: 'paragraph',
          text: `${title}已于${due}到期。经领导小组办公室催办，截至目前您分管的以下${late.length}个责任单位仍未报送完成情况：`,
        },
        lateTable(late),
        taskFields(n, { branches: false }),
        {
          type: 'paragraph',
          text: '请督促上述单位尽快落实并报送完成情况。逾期仍未报送的，将提请领导小组组长督办。',
        },
        ...reportBlocks(n, late, '办理情况可通过以下链接查看：'),
        signature(task),
        contactNote(task),
      ];
    }

    case 'escalation-head': {
      const late = lateBranches(n);
      return [
        { type: 'greeting', text: personGreeting(n, '组长') },
        {
          type: 'paragraph',
          text: `${title}已于${due}到期。经领导小组办公室催办，截至目前以下${late.length}个责任单位仍未报送完成情况：`,
        },
        lateTable(late),
        taskFields(n, { branches: false }),
        {
          type: 'paragraph',
          text: '上述情况已影响年度文明单位创建工作整体进度，现提请领导小组督办，请予督办。',
        },
        ...reportBlocks(n, late, '办理情况可通过以下链接查看：'),
        signature(task),
        contactNote(task),
      ];
    }

    case 'ready-for-sign-off':
      return [
        { type: 'greeting', text: personGreeting(n, '同志') },
        {
          type: 'paragraph',
          text: `${title}的各责任单位均已报送完成情况，现提请审核。请对照要求审核相关材料，并于${due}前作出审核意见。`,
        },
        taskFields(n),
        ...decideBlocks(),
        signature(task),
        contactNote(task),
      ];

    case 'returned': {
      const d = n.decision;
      const newDue = d?.newDue;
      const deadline = formatChineseDateWithWeekday(newDue ?? task.due);
      const rows: [string, string][] = [];
      if (d?.actor) rows.push(['审核人', d.actor]);
      rows.push(['审核意见', d?.comment?.trim() ? d.comment : '（无）']);
      if (newDue) rows.push(['整改时限', `${deadline}前`]);
      return [
        { type: 'greeting', text: branchGreeting(n) },
        {
          type: 'paragraph',
          text: `经审核，${unit}报送的${title}完成情况尚未达到要求，现退回整改。请根据审核意见认真整改，并于${deadline}前重新报送。`,
        },
        { type: 'fields', rows },
        taskFields(n),
        ...reportBlocks(n, n.branches, '整改情况请通过以下链接重新报送：'),
        signature(task),
        contactNote(task),
      ];
    }

    case 'signed-off': {
      const d = n.decision;
      const rows: [string, string][] = [];
      if (d?.actor) rows.push(['审核人', d.actor]);
      if (d?.comment?.trim()) rows.push(['审核意见', d.comment]);
      const blocks: Block[] = [
        { type: 'greeting', text: branchGreeting(n) },
        {
          type: 'paragraph',
          text: `经审核，${unit}负责的${title}已通过审核，予以办结。`,
        },
      ];
      if (rows.length > 0) blocks.push({ type: 'fields', rows });
      if (d?.overrideReason?.trim())
        blocks.push({
          type: 'paragraph',
          text: `特别说明：本任务部分考核指标未达到规定要求，经审核同意予以通过。理由：${sentence(d.overrideReason)}`,
        });
      return [
        ...blocks,
        taskFields(n),
        {
          type: 'paragraph',
          text: `请做好相关工作资料的整理归档，以备年度复查评审。感谢${unit}的支持与配合。`,
        },
        signature(task),
        contactNote(task),
      ];
    }

    case 'extended': {
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
        { type: 'greeting', text: branchGreeting(n) },
        {
          type: 'paragraph',
          text: `经领导小组同意，${title}的完成时限调整为${due}。请${unit}按调整后的时限抓紧推进，按时报送完成情况。特此通知。`,
        },
        { type: 'fields', rows },
        taskFields(n),
        ...reportBlocks(n, n.branches, '完成情况请通过以下链接报送：'),
        signature(task),
        contactNote(task),
      ];
    }

    case 'sign-off-reminder': {
      const since = n.signOff ? formatChineseDate(n.signOff.readySince.slice(0, 10)) : undefined;
      const blocks: Block[] = [
        { type: 'greeting', text: personGreeting(n, '同志') },
        {
          type: 'paragraph',
          text: `${title}的各责任单位${since ? `已于${since}` : '均已'}报送完成情况，目前尚待审核。请尽快对照任务要求审核相关材料，作出审核意见。`,
        },
      ];
      if (n.signOff?.lastWorkingDay)
        blocks.push({
          type: 'paragraph',
          text: '今天是本年度最后一个工作日。年度结束时仍未审核的任务，将记为年度未完成任务。',
        });
      return [...blocks, taskFields(n), ...decideBlocks(), signature(task), contactNote(task)];
    }

    case 'unfinished': {
      const closed = n.unfinished?.closed;
      const yearEnd = closed ? formatChineseDate(closed.on) : formatChineseDate(`${task.year}-12-31`);
      const why: Block[] = closed
        ? [{ type: 'fields', rows: [['年度结转', `${closed.actor}（${closed.reason}）`]] }]
        : [];
      if (n.unfinished?.reason === 'not-signed-off' || n.late === undefined)
        return [
          { type: 'greeting', text: personGreeting(n, '同志') },
          {
            type: 'paragraph',
            text: `${title}的各责任单位已报送完成情况，但截至${yearEnd}尚未完成审核。按照实施方案，该${it}记为年度未完成${it}${it === '任务' ? '，将在年度结转时转入下一年度继续办理' : ''}。`,
          },
          ...why,
          taskFields(n),
          signature(task),
          contactNote(task),
        ];
      const late = lateBranches(n);
      return [
        { type: 'greeting', text: branchGreeting(n) },
        {
          type: 'paragraph',
          text: `截至${yearEnd}，${title}仍有以下${late.length}个责任单位未报送完成情况。按照实施方案，该${it}记为年度未完成${it}${it === '任务' ? '，将在年度结转时转入下一年度继续办理' : ''}，并纳入年度考核。`,
        },
        lateTable(late),
        ...why,
        taskFields(n, { branches: false }),
        signature(task),
        contactNote(task),
      ];
    }

    case 'delivery-failed': {
      const f = n.failure;
      const rows: [string, string][] = f
        ? [
            ['邮件类别', SUBJECT_PREFIX[f.kind]],
            ...(f.subject ? ([['邮件主题', f.subject]] as [string, string][]) : []),
            ['未送达地址', f.recipients.join('、') || '（无）'],
            ['退信原因', f.reason],
          ]
        : [];
      return [
        { type: 'greeting', text: `${task.officeName}：` },
        {
          type: 'paragraph',
          text: `系统发送的${title}相关通知未能送达，收件人尚未收到。请核实收件人邮箱地址是否有效（如人员岗位调整，请及时更新实施方案中的负责人信息），并通过电话等方式告知相关同志。`,
        },
        { type: 'fields', rows },
        taskFields(n, { branches: false }),
        signature(task),
        contactNote(task),
      ];
    }

    case 'acknowledge-reminder': {
      const on = n.assignedOn ? `已于${formatChineseDate(n.assignedOn)}交办` : '已交办';
      return [
        { type: 'greeting', text: branchGreeting(n) },
        {
          type: 'paragraph',
          text: `${title}${on}，截至目前${unit}尚未签收。请及时签收，明确专人负责，并于${due}前完成报送。特此提醒。`,
        },
        taskFields(n),
        { type: 'action', intro: '请通过以下链接签收并查看任务要求：', label: '进入签收页面' },
        signature(task),
        contactNote(task),
      ];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering

const INDENT = '\u3000\u3000';

/** Said where a personal link would be, when the email could not carry one. */
const NO_LINK = '请登录文明创建工作平台办理，或与领导小组办公室联系。';

function renderText(blocks: Block[], link?: string): string {
  const parts = blocks.map((b): string => {
    switch (b.type) {
      case 'greeting':
        return b.text;
      case 'paragraph':
        return `${INDENT}${b.text}`;
      case 'fields':
        return b.rows.map(([label, value]) => `${INDENT}${label}：${value}`).join('\n');
      case 'action':
        if (!link) return b.optional ? '' : `${INDENT}${NO_LINK}`;
        return `${INDENT}${b.intro}\n    ${link}`;
      case 'table':
        return b.rows
          .map((row) => {
            const details = row.slice(2).map((cell, i) => `${b.headers[i + 2]}：${cell}`);
            return `${INDENT}${row[0]}. ${row[1]}${details.length > 0 ? `（${details.join('，')}）` : ''}`;
          })
          .join('\n');
      case 'signature':
        return b.lines.join('\n');
      case 'note':
        return `${INDENT}${b.text}`;
    }
  });
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

const STYLE = {
  body: 'font-family:Microsoft YaHei,PingFang SC,SimSun,sans-serif;font-size:15px;line-height:1.8;color:#222;max-width:760px;',
  paragraph: 'margin:0 0 12px 0;text-indent:2em;',
  table: 'border-collapse:collapse;margin:0 0 12px 2em;',
  cell: 'border:1px solid #999;padding:4px 12px;text-align:left;',
  label: 'padding:2px 12px 2px 0;white-space:nowrap;vertical-align:top;color:#555;',
  button:
    'display:inline-block;padding:8px 20px;background:#b3261e;color:#fff;text-decoration:none;border-radius:4px;font-weight:bold;',
  note: 'margin:0 0 12px 0;text-indent:2em;font-size:13px;color:#666;',
  signature: 'margin:24px 0 12px 0;text-align:right;',
};

function renderHtml(subject: string, blocks: Block[], link?: string): string {
  const e = escapeHtml;
  const parts = blocks.map((b): string => {
    switch (b.type) {
      case 'greeting':
        return `<p style="margin:0 0 12px 0;">${e(b.text)}</p>`;
      case 'paragraph':
        return `<p style="${STYLE.paragraph}">${e(b.text)}</p>`;
      case 'fields':
        return `<table style="${STYLE.table}">${b.rows
          .map(
            ([label, value]) => `<tr><td style="${STYLE.label}">${e(label)}：</td><td>${e(value)}</td></tr>`,
          )
          .join('')}</table>`;
      case 'action':
        if (!link) return b.optional ? '' : `<p style="${STYLE.paragraph}">${e(NO_LINK)}</p>`;
        return (
          `<p style="${STYLE.paragraph}">${e(b.intro)}</p>` +
          `<p style="margin:0 0 8px 2em;"><a href="${e(link)}" style="${STYLE.button}">${e(b.label)}</a></p>` +
          `<p style="${STYLE.note}">如按钮无法打开，请将以下链接复制到浏览器中打开（此链接仅限本人使用，请勿转发）：<br>${e(link)}</p>`
        );
      case 'table':
        return (
          `<table style="${STYLE.table}"><thead><tr>${b.headers
            .map((h) => `<th style="${STYLE.cell}background:#f0f0f0;">${e(h)}</th>`)
            .join('')}</tr></thead>` +
          `<tbody>${b.rows
            .map((row) => `<tr>${row.map((c) => `<td style="${STYLE.cell}">${e(c)}</td>`).join('')}</tr>`)
            .join('')}</tbody></table>`
        );
      case 'signature':
        return `<p style="${STYLE.signature}">${b.lines.map(e).join('<br>')}</p>`;
      case 'note':
        return `<p style="${STYLE.note}">${e(b.text)}</p>`;
    }
  });
  return (
    '<!DOCTYPE html>\n<html lang="zh-CN">\n<head><meta charset="utf-8">' +
    `<title>${e(subject)}</title></head>\n<body style="${STYLE.body}">\n${parts.join('\n')}\n</body>\n</html>\n`
  );
}

/**
 * Subject, plain-text and HTML body of a notification, in Chinese; `link` is the reader's personal
 * link to act on it (each recipient gets their own copy).
 */
export function renderNotification(n: Notification, link?: string): RenderedNotification {
  return renderBlocks(subjectOf(n), blocksOf(n), link);
}

/** A message from its blocks: the same content as plain text and as HTML, in the office's style. */
export function renderBlocks(subject: string, blocks: Block[], link?: string): RenderedNotification {
  return { subject, text: renderText(blocks, link), html: renderHtml(subject, blocks, link) };
}
