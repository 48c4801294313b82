// The year's page for the leading group and the office: the dashboard, and the forms of their role
// (the office and the head change a branch's lead; the head signs the year off).
import type { Plan } from '../domain/plan';
import { roleLabel } from '../domain/roles';
import { markup, type SafeHtml } from '../report/html-safety';
import { yearPath } from './access';
import type { Outcome } from './outcome';
import type { PlanAccess } from './session';

export interface PlanPageInput {
  /** The person's access, with their session's CSRF token and a nonce per form. */
  access: PlanAccess;
  plan: Plan;
  dashboard: SafeHtml;
  outcome?: Outcome;
}

function error(o: Outcome | undefined, field: string): SafeHtml {
  return o?.error?.field === field
    ? markup`<p class="field-error" role="alert">${o.error.message}</p>`
    : markup``;
}

export function planPage(p: PlanPageInput): { who: string; body: SafeHtml } {
  const { access, outcome: o } = p;
  const role = access.link.role;
  const forms: SafeHtml[] = [];
  const hidden = () =>
    markup`<input type="hidden" name="_csrf" value="${access.csrf}"><input type="hidden" name="nonce" value="${access.nonce()}">`;
  const open = access.state.phase === 'running' || access.state.phase === 'awaiting-final-sign-off';
  if (open && (role.kind === 'office' || role.kind === 'head')) {
    const branches = access.people.branches ?? [];
    forms.push(markup`<section class="card"><h2>调整单位负责人</h2>
<p class="hint">调整后，本年度各项工作的后续通知将发送给新的负责人，原负责人的办理链接随即失效。</p>
<form method="post" action="${yearPath(access.scope)}/lead">${hidden()}
<label for="lead-branch">调整负责人的单位</label><select id="lead-branch" name="branch">${branches.map((b) => markup`<option value="${b.id}">${b.name}（现负责人：${b.lead.name}）</option>`)}</select>
<label for="leadName">新负责人姓名</label><input type="text" id="leadName" name="leadName" maxlength="40" required>
<label for="leadEmail">新负责人电子邮箱</label><input type="text" id="leadEmail" name="leadEmail" maxlength="254" required inputmode="email">
${error(o, 'lead')}
<button type="submit">确认调整</button></form></section>`);
  }
  if (role.kind === 'head' && access.state.phase === 'awaiting-final-sign-off')
    forms.push(markup`<section class="card"><h2>年度审核</h2>
<form method="post" action="${yearPath(access.scope)}/sign-off">${hidden()}
<label for="comment">审核意见</label><textarea id="comment" name="comment" maxlength="4000"></textarea>${error(o, 'sign-off')}
<button type="submit">审核通过</button></form></section>`);
  const report = `${yearPath(access.scope)}/report`;
  const downloads = markup`<p class="downloads">下载年度报告：<a href="${report}/docx" download>Word（公文格式）</a> · <a href="${report}/pdf" download>PDF</a> · <a href="${report}/xlsx" download>Excel台账</a></p>`;
  const notice = o?.ok ? markup`<div class="notice ok" role="status">${o.ok}</div>` : '';
  return {
    who: `${access.link.name}（${roleLabel(role)}）`,
    body: markup`${notice}${downloads}${p.dashboard}${forms}`,
  };
}
