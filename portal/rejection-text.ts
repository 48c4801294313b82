// The workflows' validators refuse in English, for admins reading the CLI; the portal shows the
// official a Chinese sentence beside the field it concerns. Matched on the message's words for now,
// so a validator's wording and these patterns must change together.

/** Which field a validator's refusal is about, so the page shows it beside that field. */
export function fieldOfError(message: string): string | undefined {
  if (/summary/.test(message)) return 'summary';
  const kpi = /KPI "([^"]+)"/.exec(message);
  if (kpi) return `kpi-${kpi[1]}`;
  if (/comment/.test(message)) return 'comment';
  if (/override/.test(message)) return 'override';
  if (/due date/.test(message)) return 'newDue';
  if (/reason/.test(message)) return 'reason';
  return undefined;
}

/** The workflow's validators speak English for admins; officials read Chinese. */
export function translate(message: string): string {
  const rules: [RegExp, string][] = [
    [/already signed off/, '此事项已审核通过，无需再办理。'],
    [/ended unfinished/, '此事项已随年度结束，不能再办理。'],
    [/not ready for sign-off/, '尚有单位未报送，暂不能审核通过。'],
    [/KPI below threshold/, '有考核指标未达标：如仍予通过，请填写理由。'],
    [/a return needs a comment/, '退回整改请填写审核意见，说明需要整改的内容。'],
    [/nothing to return/, '尚无单位报送，无需退回。'],
    [/new due date .* is in the past/, '新的完成时限不能早于今天。'],
    [/outside the plan year/, '新的完成时限须在本年度内。'],
    [/leaves no time for sign-off/, '新的完成时限过晚，须为年底审核预留时间。'],
    [/is not after the current one/, '新的完成时限须晚于当前时限。'],
    [/must be written YYYY-MM-DD|not a real calendar date/, '请填写正确的日期。'],
    [/an extension needs a reason/, '请填写调整理由。'],
    [/already acknowledged/, '本单位已签收。'],
    [/has no milestone/, '所选阶段节点不存在。'],
    [/already leads branch/, '此人已是该单位负责人。'],
    [/unknown branch/, '所选单位不存在。'],
    [/may not|not in the leading group/, '您无权办理此项操作。'],
    [/not ready for its final sign-off/, '尚有事项未办结，暂不能进行年度审核。'],
    [/malformed change of lead: lead\.email/, '请填写正确的电子邮箱地址。'],
    [/malformed change of lead: lead\.name/, '请填写负责人姓名（不含特殊字符）。'],
    [/malformed/, '提交的内容格式不正确。'],
  ];
  return rules.find(([re]) => re.test(message))?.[1] ?? `未能办理：${message}`;
}
