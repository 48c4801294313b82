// The words and number formats the year report uses, shared by its Markdown, CSV and HTML forms so
// that the three say the same thing the same way.
import type { BranchAppraisal, KpiStatus } from '../domain/appraisal';
import { formatChineseDate, formatLocalTime } from '../domain/calendar';
import { itemNotificationLabel, STATE_LABEL as DISPLAY_STATE_LABEL } from '../domain/labels';
import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  PLAN_NOTIFICATION_KINDS,
  type PlanNotificationKind,
} from '../domain/notification';
import type {
  AppraisalRules,
  ItemKind,
  ItemRecord,
  ItemRecordState,
  YearRecord,
} from '../domain/year-record';

export const STATE_LABEL: Record<ItemRecordState, string> = {
  ...DISPLAY_STATE_LABEL,
  'not-started': '未开始',
  past: '方案印发前已过',
};

export const KIND_LABEL: Record<ItemKind, string> = {
  task: '工作任务',
  theme: '“一月一主题”活动',
  festival: '“我们的节日”活动',
};

export const KPI_STATUS_LABEL: Record<KpiStatus, string> = {
  met: '达标',
  missed: '未达标',
  'not-reported': '未报送',
};

/**
 * The Chinese name of a notification kind sent about an item of `itemKind` (an activity's
 * assignment is its 活动通知); a kind this version does not know is shown as recorded.
 */
export function notificationLabel(kind: string, itemKind?: ItemKind): string {
  return MAIL_KINDS.includes(kind)
    ? itemNotificationLabel(kind as NotificationKind | PlanNotificationKind, itemKind)
    : kind;
}

const MAIL_KINDS: readonly string[] = [...NOTIFICATION_KINDS, ...PLAN_NOTIFICATION_KINDS];

/** Kinds in the order the office's work happens, unknown kinds last, for counts "by kind". */
export function notificationKindOrder(kind: string): number {
  const i = MAIL_KINDS.indexOf(kind);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

export function verdictLabel(verdict: 'approve' | 'return'): string {
  return verdict === 'approve' ? '审核通过' : '退回整改';
}

/** "第5项", "3月", "清明": how an item is named in a table (its number as the mails write it). */
export function itemLabel(item: Pick<ItemRecord, 'kind' | 'id' | 'title'>): string {
  switch (item.kind) {
    case 'task':
      return `第${Number(item.id)}项`;
    case 'theme':
      return /^\d+$/.test(item.id) ? `${Number(item.id)}月` : item.id;
    case 'festival':
      return item.title;
  }
}

/** "第5项", an ideographic space, "积极开展普法知识教育": how an item is headed in its own section. */
export function itemHeading(item: Pick<ItemRecord, 'kind' | 'id' | 'title'>): string {
  return item.kind === 'festival' ? item.title : `${itemLabel(item)}\u3000${item.title}`;
}

/** （一）强化思想引领，推动理论武装走深走实: a category as the seed heads it. */
export function categoryHeading(c: { numeral: string; title: string }): string {
  return `（${c.numeral}）${c.title}`;
}

/** An ISO instant as office staff read it: "2020年12月10日 15:30", Beijing time; shown as recorded when unreadable. */
export function formatInstant(iso: string): string {
  return formatLocalTime(iso);
}

export function formatRate(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Points as a person writes them: 97, 97.5, 0.25; never 97.0 or 97.49999. */
export function formatScore(score: number): string {
  return (Math.round(score * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
}

/**
 * The report's title from the plan's own: 无锡市机关事务管理局2020年深化全国文明单位创建工作实施方案
 * → 2020年深化全国文明单位创建工作情况报告（复查评审台账）.
 */
export function reportTitle(record: Pick<YearRecord, 'organization' | 'year' | 'document'>): string {
  const work = record.document?.title
    .replace(record.organization, '')
    .replace(/实施方案$/, '')
    .trim();
  const subject = work?.startsWith(`${record.year}年`) ? work : `${record.year}年文明单位创建工作`;
  return `${subject}情况报告（复查评审台账）`;
}

/** "法治宣传普及率：96（要求≥95，达标）"; a rate with its counts, "92（46/50）". */
export function kpiText(k: {
  name: string;
  min: number;
  value?: number;
  numerator?: number;
  denominator?: number;
  status: KpiStatus;
}): string {
  const counts =
    k.numerator !== undefined && k.denominator !== undefined ? `（${k.numerator}/${k.denominator}）` : '';
  const value = k.value === undefined ? '未报送' : `${k.value}${counts}`;
  return `${k.name}：${value}（要求≥${k.min}，${KPI_STATUS_LABEL[k.status]}）`;
}

/** The section and the bulletin's table: the appraisal is part of the year's performance review. */
export const APPRAISAL_TITLE = '文明创建考评（纳入年度绩效考核）';

/** The 扣分制 in one sentence, as the plan sets it. */
export function formulaText(a: AppraisalRules): string {
  const { deductions: d, bonuses: b } = a;
  return (
    `考评实行扣分制：各责任单位基础分${formatScore(a.base)}分，逾期报送的每项扣${formatScore(d.late)}分，` +
    `逾期未报送的每项扣${formatScore(d.missing)}分（同一事项不重复扣分），退回整改的每次扣${formatScore(d.returned)}分，` +
    `阶段节点逾期未报的每个扣${formatScore(d.milestone)}分；宣传报道每篇加${formatScore(b.publicity)}分，` +
    `先进典型每项加${formatScore(b.honour)}分，加分合计不超过${formatScore(b.cap)}分；得分最低为0分。`
  );
}

/** What the appraisal counts, in the words of the 考评 rules, so a branch can check its own figures. */
export function appraisalRules(asOf: string): string[] {
  return [
    '承担事项：本单位为责任单位的工作任务、“一月一主题”和“我们的节日”活动，不含尚未开始的活动和方案印发前已过的节日。',
    '逾期报送：最终报送时间晚于当时有效截止日期的事项；逾期未报送：截止日期早于统计日且本单位仍未报送的事项。',
    '阶段节点逾期未报：阶段节点日期已过，本单位在节点日期前既未报送阶段进展、也未报送完成情况的节点。',
    '宣传报道、先进典型：本单位各项报送中填写的宣传报道链接和先进典型，由领导小组办公室核实。',
    `统计截至${formatChineseDate(asOf)}。按时报送率（按时报送事项数 ÷ 应报送事项数）列出供参考，不计分。`,
  ];
}

/** The arithmetic of one branch's score: 100 − 逾期报送1项×1 + 宣传报道2篇×0.5 = 100. */
export function scoreArithmetic(
  a: AppraisalRules,
  r: Pick<
    BranchAppraisal,
    | 'late'
    | 'missing'
    | 'returns'
    | 'milestonesMissed'
    | 'publicity'
    | 'honours'
    | 'deductions'
    | 'bonus'
    | 'score'
  >,
): string {
  const d = a.deductions;
  const f = formatScore;
  const off = [
    [r.late, '逾期报送', '项', d.late],
    [r.missing, '逾期未报送', '项', d.missing],
    [r.returns, '退回整改', '次', d.returned],
    [r.milestonesMissed, '节点逾期', '个', d.milestone],
  ] as const;
  const terms = off.filter(([n]) => n > 0).map(([n, what, unit, p]) => ` − ${what}${n}${unit}×${f(p)}`);
  const gains = [
    ...(r.publicity ? [`宣传报道${r.publicity}篇×${f(a.bonuses.publicity)}`] : []),
    ...(r.honours ? [`先进典型${r.honours}项×${f(a.bonuses.honour)}`] : []),
  ];
  const plus = r.publicity * a.bonuses.publicity + r.honours * a.bonuses.honour;
  const bonus = gains.length
    ? ` + ${gains.length > 1 ? `（${gains.join(' + ')}）` : gains[0]}${plus > a.bonuses.cap ? `，按上限${f(a.bonuses.cap)}` : ''}`
    : '';
  const floor = a.base - r.deductions + r.bonus < 0 ? '（不足0分，记0分）' : '';
  return `${f(a.base)}${terms.join('')}${bonus} = ${f(r.score)}${floor}`;
}
