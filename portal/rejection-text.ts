// What an official reads when a workflow refuses a form: the refusal's code (domain/rejections.ts)
// said in Chinese, beside the field of the form it concerns. The workflow's own message is English,
// for admins in the CLI and Temporal UI; the portal never parses it.
import type { Rejection, RejectionCode } from '../domain/rejections';

/** A refused Update as the portal got it: the workflow's rejection, and the failure's message. */
export interface UpdateRefusal {
  /** Absent only when the failure carried no rejection (a worker older than the rejection codes). */
  rejection?: Rejection;
  /** The workflow had completed: signed off, or ended with its year. */
  closed?: boolean;
  message: string;
}

const NO_RIGHT = '您无权办理此项操作。';
const BAD_DATE = '请填写正确的日期。';

/** Each code's Chinese text, for the official who posted the form. */
const TEXT: { readonly [C in RejectionCode]: (r: Rejection<C>) => string } = {
  malformed: ({ field }) =>
    field === 'lead.email'
      ? '请填写正确的电子邮箱地址。'
      : field === 'lead.name'
        ? '请填写负责人姓名（不含特殊字符）。'
        : '提交的内容格式不正确。',
  'ambiguous-actor': () => '姓名对应多人，请使用电子邮箱地址。',
  'may-not-report': () => NO_RIGHT,
  'already-signed-off': () => '此事项已审核通过，无需再办理。',
  'ended-unfinished': () => '此事项已随年度结束，不能再办理。',
  'unknown-branch': () => '所选单位不存在。',
  'branch-not-responsible': () => '所选单位不是此事项的责任单位。',
  'report-needs-actor': () => '报送人不能为空。',
  'report-needs-summary': () => '请填写完成情况简述。',
  'unknown-milestone': () => '所选阶段节点不存在。',
  'unknown-kpi': () => '此事项没有该考核指标。',
  'kpi-out-of-range': () => '考核指标请填写0到100之间的数值。',
  'may-not-sign-off': () => NO_RIGHT,
  'not-ready-for-sign-off': () => '尚有单位未报送，暂不能审核通过。',
  'kpi-below-threshold': () => '有考核指标未达标：如仍予通过，请填写理由。',
  'return-needs-comment': () => '退回整改请填写审核意见，说明需要整改的内容。',
  'branch-not-reported': () => '所选单位尚未报送，无需退回。',
  'nothing-to-return': () => '尚无单位报送，无需退回。',
  'due-date-format': () => BAD_DATE,
  'due-date-not-real': () => BAD_DATE,
  'due-date-in-past': () => '新的完成时限不能早于今天。',
  'due-date-outside-year': () => '新的完成时限须在本年度内。',
  'due-date-too-late': () => '新的完成时限过晚，须为年底审核预留时间。',
  'due-date-not-later': () => '新的完成时限须晚于当前时限。',
  'may-not-extend': () => NO_RIGHT,
  'extension-needs-reason': () => '请填写调整理由。',
  'acknowledgement-needs-actor': () => '签收人不能为空。',
  'already-acknowledged': () => '本单位已签收。',
  'may-not-close': () => NO_RIGHT,
  'close-needs-reason': () => '请填写办结理由。',
  'year-signed-off': () => '本年度已完成年度审核，无需再办理。',
  'year-closed': () => '本年度已结束，不能再办理。',
  'may-not-change-lead': () => NO_RIGHT,
  'already-leads': () => '此人已是该单位负责人。',
  'may-not-sign-off-year': () => NO_RIGHT,
  'year-not-ready': () => '尚有事项未办结，暂不能进行年度审核。',
  'may-not-close-year': () => NO_RIGHT,
  'year-close-needs-reason': () => '请填写结束本年度的理由。',
  'may-not-revoke-links': () => NO_RIGHT,
  'revocation-needs-reason': () => '请填写停用链接的理由。',
};

/** The Chinese text of a refusal (a failure without a rejection keeps the workflow's words). */
export function refusalText(r: UpdateRefusal): string {
  if (r.closed) return '此事项已办结（已审核通过或已随年度结束），不能再提交。';
  if (!r.rejection) return `未能办理：${r.message}`;
  const text = TEXT[r.rejection.code] as (r: Rejection) => string;
  return text(r.rejection);
}

/** Each item form's inputs, by the field of the Update's input they fill. */
const FORM_INPUTS: Readonly<Record<ItemForm, Readonly<Record<string, string>>>> = {
  acknowledge: {},
  report: { summary: 'summary', evidence: 'links' },
  decide: { comment: 'comment', overrideReason: 'override', newDue: 'newDue' },
  extend: { newDue: 'extendTo', reason: 'reason' },
};

export type ItemForm = 'acknowledge' | 'report' | 'decide' | 'extend';

/**
 * The input of the posted form that a refusal is shown beside; a KPI value (`kpis.<id>`) beside its
 * own input. A refusal of nothing the form has is shown above the form.
 */
export function refusalField(r: UpdateRefusal, form: ItemForm): string | undefined {
  const field = r.rejection?.field;
  if (field === undefined) return undefined;
  if (form === 'report' && field.startsWith('kpis.')) return `kpi-${field.slice('kpis.'.length)}`;
  return Object.hasOwn(FORM_INPUTS[form], field) ? FORM_INPUTS[form][field] : undefined;
}
