// The words and number formats the year report uses, shared by its Markdown, CSV and HTML forms so
// that the three say the same thing the same way.
import type { KpiStatus } from '../domain/appraisal';
import { formatLocalTime } from '../domain/calendar';
import { notificationKindLabel, STATE_LABEL as DISPLAY_STATE_LABEL } from '../domain/labels';
import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  PLAN_NOTIFICATION_KINDS,
  type PlanNotificationKind,
} from '../domain/notification';
import type {
  AppraisalFormula,
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

/** The Chinese name of a notification kind; a kind this version does not know is shown as recorded. */
export function notificationLabel(kind: string): string {
  return MAIL_KINDS.includes(kind)
    ? notificationKindLabel(kind as NotificationKind | PlanNotificationKind)
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

/** "任务05", "3月", "清明": how an item is named in a table. */
export function itemLabel(item: Pick<ItemRecord, 'kind' | 'id' | 'title'>): string {
  switch (item.kind) {
    case 'task':
      return `任务${item.id}`;
    case 'theme':
      return /^\d+$/.test(item.id) ? `${Number(item.id)}月` : item.id;
    case 'festival':
      return item.title;
  }
}

/** "任务05", an ideographic space, "积极开展普法知识教育": how an item is headed in its own section. */
export function itemHeading(item: Pick<ItemRecord, 'kind' | 'id' | 'title'>): string {
  return item.kind === 'festival' ? item.title : `${itemLabel(item)}\u3000${item.title}`;
}

export function categoryHeading(c: { numeral: string; title: string }): string {
  return `${c.numeral}、${c.title}`;
}

/** An ISO instant as office staff read it: "2020年12月10日 15:30", Beijing time; shown as recorded when unreadable. */
export function formatInstant(iso: string): string {
  return formatLocalTime(iso);
}

export function formatRate(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

export function formatScore(score: number): string {
  return score.toFixed(1);
}

export function reportTitle(record: Pick<YearRecord, 'organization' | 'year'>): string {
  return `${record.organization}${record.year}年文明单位创建复查评审年度报告`;
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

export function formulaText(f: AppraisalFormula): string {
  return (
    `考核得分 = ${f.onTimePoints} × 按时报送率 − ${f.perLateWorkingDay} × 逾期工作日 − ` +
    `${f.perReturn} × 退回整改次数 − ${f.perMissing} × 逾期未报送事项数；最低为0分，保留一位小数。`
  );
}

/** What the appraisal counts, in the words of the 考核 rules, so a branch can check its own figures. */
export function appraisalRules(asOf: string): string[] {
  return [
    '承担事项：本单位为责任单位的工作任务、“一月一主题”和“我们的节日”活动，不含尚未开始的活动和方案印发前已过的节日。',
    '应报送：已报送的事项，加上已过截止日期仍未报送的事项。',
    '按时报送率 = 按时报送事项数 ÷ 应报送事项数；尚无应报送事项的，按100%计。',
    '逾期工作日：各事项最终报送时间晚于当时有效截止日期的工作日数之和；未报送的，计至统计时。',
    `逾期未报送：截止日期早于统计日（${asOf}）且本单位未报送的事项。`,
  ];
}
