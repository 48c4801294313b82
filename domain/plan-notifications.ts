// The annual plan workflow's emails, in Chinese: the monthly bulletin (情况通报) to the leading
// group and every branch, the request and reminders for the head's final sign-off of the year, and
// the year summary. Pure: built from the year's record, which the sending activity takes.
import { appraise, missedMilestones, summarizeYear } from './appraisal';
import { formatChineseDate, localDateOf } from './calendar';
import { PLAN_MAIL_LABEL, STATE_LABEL, SYSTEM_NAME } from './labels';
import { quoted } from './templates/labels';
import type { PlanNotification, PlanNotificationKind, Recipient } from './notification';
import type { Plan } from './plan';
import type { Block } from './mail-blocks';
import type { ItemRecord, YearRecord } from './year-record';

/** A plan mail before rendering: each recipient's copy is rendered with their own link. */
export interface PlanNotificationContent {
  to: Recipient[];
  cc: Recipient[];
  subject: string;
  blocks: Block[];
}

const OPEN_STATES = new Set(['open', 'overdue', 'escalated', 'returned', 'awaiting-sign-off']);

function leadingGroup(plan: Plan): Recipient[] {
  const lg = plan.leadingGroup;
  return [
    { name: lg.head.name, email: lg.head.email, role: { kind: 'head' } },
    ...lg.deputies.map((p): Recipient => ({ name: p.name, email: p.email, role: { kind: 'deputy' } })),
  ];
}

function office(plan: Plan): Recipient {
  return {
    name: plan.leadingGroup.office.name,
    email: plan.leadingGroup.office.email,
    role: { kind: 'office' },
  };
}

/** The leading group's way to the year at a glance; branch leads get no such link. */
const DASHBOARD: Block = {
  type: 'action',
  intro: '全年各项工作的办理情况（红黄绿三色预警）可通过以下链接查看：',
  label: '查看督办看板',
  optional: true,
};

function branchLeads(plan: Plan): Recipient[] {
  return plan.branches.map((b) => ({ name: b.name, email: b.lead.email }));
}

/** The 落款 on one line, and the day under it. */
function signature(plan: Plan, record: YearRecord): Block {
  return {
    type: 'signature',
    lines: [
      `${plan.organization}${plan.leadingGroup.office.name}`,
      formatChineseDate(localDateOf(record.generatedAt)),
    ],
  };
}

/** Whom to ask: the office's first staff member and its telephone. */
function contact(plan: Plan): Block {
  const office = plan.leadingGroup.office;
  const phone = office.phone ? `，电话：${office.phone}` : '';
  return { type: 'note', text: `本邮件由${SYSTEM_NAME}发送。联系人：${office.staff[0].name}${phone}。` };
}

function counts(record: YearRecord): {
  total: number;
  done: number;
  open: number;
  overdue: number;
  unfinished: number;
} {
  const items = record.items.filter((i) => i.state !== 'not-started' && i.state !== 'past');
  return {
    total: items.length,
    done: items.filter((i) => i.state === 'signed-off').length,
    open: items.filter((i) => OPEN_STATES.has(i.state)).length,
    overdue: items.filter((i) => i.state === 'overdue' || i.state === 'escalated').length,
    unfinished: items.filter((i) => i.state === 'unfinished').length,
  };
}

function branchTable(record: YearRecord): Block {
  return {
    type: 'table',
    headers: [
      '序号',
      '单位',
      '承担事项',
      '按时报送',
      '逾期报送',
      '逾期未报送',
      '退回整改',
      '节点逾期',
      '考评得分',
    ],
    rows: appraise(record).map((a, i) => [
      String(i + 1),
      a.name,
      String(a.responsible),
      String(a.onTime),
      String(a.late),
      String(a.missing),
      String(a.returns),
      String(a.milestonesMissed),
      formatPoints(a.score),
    ]),
  };
}

/** 97, 97.5: points as a person writes them. */
function formatPoints(n: number): string {
  return (Math.round(n * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
}

/** Work past its due date with reports still missing, and who owes them. */
function overdueRows(record: YearRecord): string[][] {
  const names = new Map(record.branches.map((b) => [b.id, b.name]));
  return record.items
    .filter((i) => i.state === 'overdue' || i.state === 'escalated')
    .map((i, n) => [
      String(n + 1),
      i.title,
      formatChineseDate(i.due),
      i.branches
        .filter((b) => !b.report)
        .map((b) => names.get(b.id) ?? b.id)
        .join('、'),
    ]);
}

/** The themes of the months so far, with how many branches reported on each. */
function themeLines(record: YearRecord): Block[] {
  const themes = record.items.filter(
    (i) => i.kind === 'theme' && i.state !== 'not-started' && i.state !== 'past',
  );
  if (!themes.length) return [];
  const reported = (i: ItemRecord) => i.branches.filter((b) => b.report).length;
  return [
    { type: 'paragraph', text: '崇德乐善“一月一主题”活动开展情况：' },
    {
      type: 'table',
      headers: ['月份', '主题活动', '已报送单位', '状态'],
      rows: themes.map((i) => [
        `${Number(i.id)}月`,
        i.title,
        `${reported(i)}/${i.branches.length}`,
        STATE_LABEL[i.state as keyof typeof STATE_LABEL] ?? i.state,
      ]),
    },
  ];
}

/** What every plan mail may draw on, worked out once per message. */
interface Facts {
  mail: PlanNotification;
  plan: Plan;
  record: YearRecord;
  /** The year's figures so far, as one sentence. */
  figures: string;
}

/** 'YYYY-MM' of month `month` of the year. */
function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** 亮点 of the month: what was signed off in it, and the 宣传报道 and 先进典型 its reports gave. */
function highlights(record: YearRecord, month: string): string {
  const inMonth = (at: string | undefined) => at !== undefined && localDateOf(at).startsWith(month);
  const done = record.items.filter((i) => i.state === 'signed-off' && inMonth(i.completedAt));
  const reports = record.items.flatMap((i) =>
    i.branches.flatMap((b) => (b.report && inMonth(b.report.at) ? [b.report] : [])),
  );
  const publicity = new Set(reports.flatMap((r) => r.publicity ?? [])).size;
  const honours = reports.flatMap((r) => r.honours ?? []);
  const parts = [
    done.length
      ? `本月办结${done.length}项：${done.map((i) => quoted(i.title)).join('、')}。`
      : '本月无办结事项。',
    publicity ? `各单位报送宣传报道${publicity}篇。` : '',
    honours.length ? `先进典型：${honours.join('；')}。` : '',
  ];
  return parts.join('');
}

/** 存在问题: work overdue, milestones missed, by whom. */
function problems(record: YearRecord): Block[] {
  const today = localDateOf(record.generatedAt);
  const rows = overdueRows(record);
  const names = new Map(record.branches.map((b) => [b.id, b.name]));
  const missed = record.items.flatMap((i) =>
    i.branches.flatMap((b) =>
      missedMilestones(i, b, today)
        .filter((m) => !b.report && !b.milestones[m.id])
        .map((m) => `${names.get(b.id) ?? b.name}（${i.title}：${m.title}）`),
    ),
  );
  const blocks: Block[] = rows.length
    ? [
        { type: 'paragraph', text: `目前有${rows.length}项工作已逾期仍未报送，请相关单位抓紧报送：` },
        { type: 'table', headers: ['序号', '工作', '截止日期', '未报送单位'], rows },
      ]
    : [{ type: 'paragraph', text: '目前没有逾期未报送的工作。' }];
  if (missed.length) blocks.push({ type: 'paragraph', text: `阶段节点逾期未报：${missed.join('；')}。` });
  return blocks;
}

/** 下步要求: what falls due in the month ahead, and what every branch is asked to do. */
function nextSteps(record: YearRecord, month: string): Block[] {
  const due = record.items
    .filter((i) => i.due.startsWith(month) && !['signed-off', 'unfinished', 'past'].includes(i.state))
    .map((i) => `${quoted(i.title)}（${formatChineseDate(i.due)}前）`);
  return [
    {
      type: 'paragraph',
      text:
        (due.length ? `下月应完成：${due.join('、')}。` : '') +
        '请各单位对照实施方案，按时报送工作完成情况和活动开展情况，及时反映上报相关信息和创建成果；逾期事项抓紧办理，领导小组办公室将继续跟踪督办，结果纳入年度考评。',
    },
  ];
}

function bulletin({ mail, plan, record, figures }: Facts): PlanNotificationContent {
  // Sent on the first working day of a month, it covers the month before: issue N is month N.
  const month = (mail.month ?? 2) - 1;
  const next = month === 12 ? monthKey(plan.year + 1, 1) : monthKey(plan.year, month + 1);
  return {
    to: branchLeads(plan),
    cc: [...leadingGroup(plan), office(plan)],
    subject: `【情况通报】${plan.year}年文明单位创建工作情况通报第${month}期（${month}月份）`,
    blocks: [
      { type: 'greeting', text: '局机关各处室、各基层单位、各支部：' },
      { type: 'paragraph', text: `现将${month}月份文明单位创建工作情况通报如下。` },
      { type: 'paragraph', text: `一、总体进展。${figures}各单位工作完成情况如下：` },
      branchTable(record),
      ...themeLines(record),
      { type: 'paragraph', text: `二、工作亮点。${highlights(record, monthKey(plan.year, month))}` },
      { type: 'paragraph', text: '三、存在问题。' },
      ...problems(record),
      { type: 'paragraph', text: '四、下步要求。' },
      ...nextSteps(record, next),
      DASHBOARD,
      signature(plan, record),
      { type: 'paragraph', text: '报：局领导' },
      contact(plan),
    ],
  };
}

/** The request for the head's final sign-off, and its reminder. */
function finalSignOff({ mail, plan, record, figures }: Facts): PlanNotificationContent {
  const reminder = mail.kind === 'final-sign-off-reminder';
  const head = plan.leadingGroup.head;
  return {
    to: [{ name: head.name, email: head.email, title: '组长', role: { kind: 'head' } }],
    cc: [office(plan)],
    subject: `【${reminder ? '年度审核提醒' : '提请年度审核'}】${plan.year}年文明单位创建工作`,
    blocks: [
      { type: 'greeting', text: `${head.name}组长：` },
      {
        type: 'paragraph',
        text: `${plan.year}年文明单位创建各项工作已办结或随年度结束记为未完成。${figures}${reminder ? '年度审核尚未进行，' : ''}现提请对全年创建工作进行年度审核。`,
      },
      branchTable(record),
      {
        type: 'action',
        intro: '请通过以下链接查看全年工作情况并作出年度审核意见：',
        label: '进入年度审核页面',
      },
      signature(plan, record),
      contact(plan),
    ],
  };
}

function yearSummary({ plan, record, figures }: Facts): PlanNotificationContent {
  const sign = record.finalSignOff;
  const kpis = summarizeYear(record).kpiCounts;
  return {
    to: leadingGroup(plan),
    cc: [office(plan)],
    subject: `【年度总结】${plan.year}年文明单位创建工作总结`,
    blocks: [
      { type: 'greeting', text: '各位领导：' },
      {
        type: 'paragraph',
        text: `${plan.year}年文明单位创建工作${sign ? `已经${sign.actor}组长审核通过` : '已结束'}。${figures}`,
      },
      ...(sign?.comment
        ? [{ type: 'fields' as const, rows: [['审核意见', sign.comment]] as [string, string][] }]
        : []),
      { type: 'paragraph', text: `全年工作目标：${plan.goals}` },
      { type: 'paragraph', text: '文明创建考评（纳入年度绩效考核）情况：' },
      branchTable(record),
      {
        type: 'paragraph',
        text: `量化指标完成情况：达标${kpis.met}项，未达标${kpis.missed}项，未报送${kpis['not-reported']}项。年度报告（含各项工作的报送、催办和审核记录）见附件。`,
      },
      DASHBOARD,
      signature(plan, record),
      contact(plan),
    ],
  };
}

/**
 * The office's notice that a plan mail did not reach (all of) its readers, so that someone tells
 * them another way: to the office's mailbox and its staff, as an item's notice goes.
 */
function deliveryFailed(facts: Facts): PlanNotificationContent {
  const { mail, plan, record } = facts;
  const f = mail.failure!;
  const failed = PLAN_NOTIFICATIONS[f.kind]({ ...facts, mail: { ...mail, kind: f.kind } });
  const recipients = f.recipients ?? [...failed.to, ...failed.cc].map((r) => r.email);
  const office = plan.leadingGroup.office;
  return {
    to: [{ name: office.name, email: office.email, role: { kind: 'office' } }],
    cc: office.staff
      .filter((p) => p.email.toLowerCase() !== office.email.toLowerCase())
      .map((p): Recipient => ({ name: p.name, email: p.email, role: { kind: 'office' } })),
    subject: `【邮件未送达】${plan.year}年文明单位创建工作${PLAN_MAIL_LABEL[f.kind]}`,
    blocks: [
      { type: 'greeting', text: `${office.name}：` },
      {
        type: 'paragraph',
        text: `${SYSTEM_NAME}发送的${PLAN_MAIL_LABEL[f.kind]}邮件未能送达，收件人尚未收到。请核实收件人邮箱地址是否有效（如人员岗位调整，请及时更新实施方案中的人员信息），并通过电话等方式告知相关同志。`,
      },
      {
        type: 'fields',
        rows: [
          ['邮件类别', PLAN_MAIL_LABEL[f.kind]],
          ['邮件主题', failed.subject],
          ['未送达地址', recipients.join('、') || '（无）'],
          ['退信原因', f.reason],
        ],
      },
      signature(plan, record),
      contact(plan),
    ],
  };
}

const PLAN_NOTIFICATIONS: Record<PlanNotificationKind, (f: Facts) => PlanNotificationContent> = {
  bulletin,
  'final-sign-off-request': finalSignOff,
  'final-sign-off-reminder': finalSignOff,
  'year-summary': yearSummary,
  'delivery-failed': deliveryFailed,
};

/** The year's figures so far: how many items, how many done, open, overdue and unfinished. */
function figuresOf(plan: Plan, record: YearRecord): string {
  const c = counts(record);
  const asOf = formatChineseDate(localDateOf(record.generatedAt));
  return `截至${asOf}，${plan.year}年创建工作共${c.total}项（含任务、主题活动和节日活动），已办结${c.done}项，正在推进${c.open}项（其中逾期${c.overdue}项）${c.unfinished ? `，年度未完成${c.unfinished}项` : ''}。`;
}

export function renderPlanNotification(
  mail: PlanNotification,
  plan: Plan,
  record: YearRecord,
): PlanNotificationContent {
  return PLAN_NOTIFICATIONS[mail.kind]({ mail, plan, record, figures: figuresOf(plan, record) });
}
