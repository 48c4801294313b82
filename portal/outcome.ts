// What a page shows of the form posted before it: the notice of a success, after the redirect that
// keeps a reload from posting again, or a refusal beside the field it is about.

/** What the last post left to show: a success, or the field a refusal belongs to and why. */
export interface Outcome {
  ok?: string;
  error?: { field?: string; message: string };
  /** The values typed, to show again after a refusal, in the form they were typed into. */
  values?: Record<string, string>;
  /** That form (`extend`, `decide`, …): two forms of a page may share a field's name. */
  form?: string;
}

/** The notice of each form's success, by the name the redirect carries in `?done=`. */
const DONE: Record<string, string> = {
  acknowledge: '已签收。',
  report: '报送成功，办理情况已更新。',
  decide: '审核意见已提交。',
  extend: '完成时限已调整，相关单位将收到通知。',
  lead: '负责人已调整，此后的通知将发送给新的负责人。',
  'sign-off': '年度审核意见已提交。',
};

export function doneOutcome(done: string | undefined): Outcome | undefined {
  // Only the forms named above: `?done=constructor` is no form, not Object's constructor.
  return done !== undefined && Object.hasOwn(DONE, done) ? { ok: DONE[done] } : undefined;
}
