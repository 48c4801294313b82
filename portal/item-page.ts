// The page of one task, theme or festival as the person in the link sees it: the item in full, what
// each branch reported, the emails sent so far, and the forms of their role: 签收 and the report for
// a branch lead; sign-off and extension for the office, the deputies and the head.
import { formatChineseDate, formatLocalTime } from '../domain/calendar';
import { actorLabel, itemNotificationLabel, KIND_LABEL, STATE_LABEL } from '../domain/labels';
import { roleLabel } from '../domain/roles';
import type { ItemDefinition } from '../domain/item-definition';
import {
  canDecide,
  displayState,
  isClosed,
  isLeadingGroup,
  type BranchReport,
  type BranchStatus,
  type ItemState,
} from '../domain/item-state';
import { formatCategory, taskLabel, taskNumber } from '../domain/templates';
import { EVIDENCE_MAX_FILES, megabytes } from '../evidence/content-type';
import { parseEvidenceRef } from '../evidence/ref';
import type { VerifiedLink } from '../links/token';
import { httpUrl, markup, type SafeHtml } from '../report/html-safety';
import type { Outcome } from './outcome';

export interface ItemPageInput {
  link: VerifiedLink;
  def: ItemDefinition;
  state: ItemState;
  today: string;
  nowMs: number;
  /** The session's token against cross-site posts, and a nonce per form against replays. */
  csrf: string;
  nonce: () => string;
  outcome?: Outcome;
  /** The limits the report form states (bytes). */
  uploads: { perFile: number; perReport: number; itemBytes: number; personYearBytes: number };
}

function evidenceList(base: string, evidence: string[]): SafeHtml {
  if (!evidence.length) return markup``;
  return markup`<ul>${evidence.map((e) => {
    const hash = parseEvidenceRef(e);
    if (hash) return markup`<li><a href="${base}/e/${hash}">附件 ${hash.slice(0, 8)}</a></li>`;
    const url = httpUrl(e);
    return url ? markup`<li><a href="${url}" rel="noreferrer noopener">${e}</a></li>` : markup`<li>${e}</li>`;
  })}</ul>`;
}

function reportCell(base: string, r: BranchReport | undefined): SafeHtml {
  if (!r) return markup`<span class="state">未报送</span>`;
  return markup`${r.summary}${ledgerLine(r)}<div class="hint">${actorLabel(r)} · ${formatLocalTime(r.at)}</div>${evidenceList(base, r.evidence)}`;
}

/** The 台账 a report gave, on one line: 活动时间, 地点, 参加人数, 先进典型; its 宣传报道 as links. */
function ledgerLine(r: BranchReport): SafeHtml {
  const parts = [
    ...(r.heldOn ? [`活动时间：${formatChineseDate(r.heldOn)}`] : []),
    ...(r.place ? [`地点：${r.place}`] : []),
    ...(r.participants !== undefined ? [`参加人数：${r.participants}人`] : []),
    ...(r.honours?.length ? [`先进典型：${r.honours.join('；')}`] : []),
  ];
  const publicity = r.publicity?.length
    ? markup`<div class="hint">宣传报道：${r.publicity.map((l, i) => markup`${i ? '、' : ''}<a href="${httpUrl(l) ?? '#'}" rel="noreferrer noopener">报道${i + 1}</a>`)}</div>`
    : markup``;
  return markup`${parts.length ? markup`<div class="hint">${parts.join('；')}</div>` : ''}${publicity}`;
}

function fieldError(o: Outcome | undefined, field: string): SafeHtml {
  return o?.error?.field === field
    ? markup`<p class="field-error" role="alert">${o.error.message}</p>`
    : markup``;
}

/** What was typed into this form before its refusal; another form's values are not this one's. */
function typed(o: Outcome | undefined, form: string): Record<string, string> {
  return o?.form === form ? (o.values ?? {}) : {};
}

function hidden(csrf: string, nonce: string): SafeHtml {
  return markup`<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="nonce" value="${nonce}">`;
}

export function itemPage(p: ItemPageInput): { title: string; body: SafeHtml; who: string } {
  const { def, state, link } = p;
  const base = `/w/${link.workflowId}`;
  const title = taskLabel(def.ref);
  const year =
    link.role.kind === 'lead'
      ? ''
      : markup`<p><a href="${base}/year">查看全年督办看板（红黄绿三色预警）</a></p>`;
  return {
    title,
    who: whoOf(def, link),
    body: markup`<section class="card"><h1>${title}</h1>${facts(p)}${year}</section>${notice(p.outcome)}${roleForms(p, base)}${reports(def, state, base)}${mails(state, def.ref.kind)}`,
  };
}

/** The person and the role their link names, for the page's header. */
function whoOf(def: ItemDefinition, link: VerifiedLink): string {
  const role = link.role;
  const branchName = role.kind === 'lead' ? def.branches.find((b) => b.id === role.branch)?.name : undefined;
  return `${link.name}（${roleLabel(role, branchName)}）`;
}

/** The item in full: what it is, by when, who does it, where it stands, and what it asks. */
function facts(p: ItemPageInput): SafeHtml {
  const { def, state } = p;
  const kind = def.ref.kind ?? 'task';
  const shown = displayState(state, p.today, p.nowMs);
  return markup`<dl class="facts">
<dt>事项</dt><dd>${kind === 'task' ? taskNumber(def.ref, '任务') : def.ref.categoryTitle}</dd>
${kind === 'task' ? markup`<dt>所属类别</dt><dd>${formatCategory(def.ref)}</dd>` : ''}
<dt>完成时限</dt><dd>${formatChineseDate(state.due)}${state.due !== state.originalDue ? `（原定${formatChineseDate(state.originalDue)}）` : ''}</dd>
<dt>责任单位</dt><dd>${def.branches.map((b) => b.name).join('、')}</dd>
<dt>当前状态</dt><dd><span class="state">${STATE_LABEL[shown]}</span></dd>
${def.description ? markup`<dt>工作要求</dt><dd>${def.description}</dd>` : ''}
${def.milestones.length ? markup`<dt>阶段节点</dt><dd>${def.milestones.map((m) => `${m.title}（${formatChineseDate(m.due)}前）`).join('；')}</dd>` : ''}
${def.kpis.length ? markup`<dt>考核指标</dt><dd>${def.kpis.map((k) => `${k.name}不低于${k.min}${k.unit}${state.kpis[k.id] ? `（已报${state.kpis[k.id].value}${k.unit}）` : ''}`).join('；')}</dd>` : ''}
</dl>`;
}

/** What each branch has acknowledged and reported, milestone by milestone. */
function reports(def: ItemDefinition, state: ItemState, base: string): SafeHtml {
  return markup`<section class="card"><h2>各单位报送情况</h2><div class="table-wrap" tabindex="0" role="region" aria-label="各单位报送情况"><table>
<thead><tr><th>责任单位</th><th>签收</th><th>完成情况</th>${def.milestones.length ? markup`<th>阶段进展</th>` : ''}</tr></thead>
<tbody>${state.branches.map((b) => {
    const ack = state.acknowledged?.[b.id];
    return markup`<tr><td>${b.name}</td><td>${ack ? `已签收 ${formatLocalTime(ack.at)}` : '未签收'}</td><td>${reportCell(base, b.report)}</td>${
      def.milestones.length
        ? markup`<td>${def.milestones.map((m) => markup`<div><b>${m.title}：</b>${reportCell(base, b.milestones[m.id])}</div>`)}</td>`
        : ''
    }</tr>`;
  })}</tbody></table></div></section>`;
}

/** The emails sent about the item so far. */
function mails(state: ItemState, kind: ItemDefinition['ref']['kind']): SafeHtml {
  return markup`<section class="card"><h2>已发送的通知</h2>${
    state.notifications.length
      ? markup`<div class="table-wrap" tabindex="0" role="region" aria-label="已发送的通知"><table><thead><tr><th>时间</th><th>类型</th><th>主题</th></tr></thead><tbody>${state.notifications.map(
          (n) =>
            markup`<tr><td>${formatLocalTime(n.at)}</td><td>${n.kind in KIND_LABEL ? itemNotificationLabel(n.kind, kind) : n.kind}</td><td>${n.subject}</td></tr>`,
        )}</tbody></table></div>`
      : markup`<p class="hint">暂无。</p>`
  }</section>`;
}

/** A success, or a refusal that belongs to no one field. */
function notice(o: Outcome | undefined): SafeHtml {
  return o?.ok
    ? markup`<div class="notice ok" role="status">${o.ok}</div>`
    : o?.error && !o.error.field
      ? markup`<div class="notice bad" role="alert">${o.error.message}</div>`
      : markup``;
}

/** The forms of the link's role, while the item is open. */
function roleForms(p: ItemPageInput, base: string): SafeHtml[] {
  const { def, state, link } = p;
  if (isClosed(state)) return [];
  if (link.role.kind === 'lead') return leadForms(p, base, link.role.branch);
  const forms: SafeHtml[] = [];
  if (canDecide(def, link.email) && state.phase === 'awaiting-sign-off') forms.push(decideForm(p, base));
  if (isLeadingGroup(def, link.email)) forms.push(extendForm(p, base));
  return forms;
}

function leadForms(p: ItemPageInput, base: string, branch: string): SafeHtml[] {
  const mine = p.state.branches.find((b) => b.id === branch);
  if (!mine) return [];
  const forms: SafeHtml[] = [];
  if (!p.state.acknowledged?.[branch]) forms.push(acknowledgeForm(p, base));
  forms.push(reportForm(p, base, mine));
  return forms;
}

function acknowledgeForm(p: ItemPageInput, base: string): SafeHtml {
  return markup`<section class="card"><h2>签收</h2><p>请确认已收到此项工作安排。</p>
<form method="post" action="${base}/acknowledge">${hidden(p.csrf, p.nonce())}<button type="submit">签收</button></form></section>`;
}

function reportForm(p: ItemPageInput, base: string, mine: BranchStatus): SafeHtml {
  const { def, outcome: o } = p;
  const v = typed(o, 'report');
  return markup`<section class="card"><h2>${mine.report ? '已报送，可更新报送内容' : '报送完成情况'}</h2>
<form method="post" action="${base}/report" enctype="multipart/form-data">${hidden(p.csrf, p.nonce())}
${def.milestones.length ? markup`<label for="milestone">报送类型</label><select id="milestone" name="milestone"><option value="">完成情况（最终报送）</option>${def.milestones.map((m) => markup`<option value="${m.id}"${v.milestone === m.id ? ' selected' : ''}>阶段进展：${m.title}</option>`)}</select>` : ''}
<label for="summary">完成情况简述</label>
<textarea id="summary" name="summary" maxlength="4000" required>${v.summary ?? ''}</textarea>${fieldError(o, 'summary')}
${def.kpis.map((k) => kpiInput(k, v, o))}
${ledgerInputs(v, o)}
<label for="links">佐证材料链接（每行一个，可不填）</label>
<textarea id="links" name="links" rows="3" style="min-height:4em">${v.links ?? ''}</textarea>${fieldError(o, 'links')}
<label for="files">上传佐证材料（图片、PDF 或 Office 文档）</label>
<p class="hint" id="files-limits">每次最多${EVIDENCE_MAX_FILES}个文件，单个不超过${megabytes(p.uploads.perFile)}，合计不超过${megabytes(p.uploads.perReport)}；本事项材料合计不超过${megabytes(p.uploads.itemBytes)}，每人每年度上传合计不超过${megabytes(p.uploads.personYearBytes)}。文件类型以内容为准，文件名的扩展名将按实际类型更正。</p>
<input type="file" id="files" name="files" multiple aria-describedby="files-limits" accept=".jpg,.jpeg,.png,.webp,.heic,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx">${fieldError(o, 'files')}
<button type="submit">提交报送</button></form></section>`;
}

/** A KPI's field: a percent, or a rate's two counts (the rate is computed). */
function kpiInput(
  k: ItemDefinition['kpis'][number],
  v: Record<string, string>,
  o: Outcome | undefined,
): SafeHtml {
  const id = `kpi-${k.id}`;
  if (k.numerator && k.denominator)
    return markup`<fieldset><legend>${k.name}（不低于${k.min}${k.unit}，按人数自动计算）</legend>
<label for="${id}-n">${k.numerator}</label><input type="number" id="${id}-n" name="${id}-n" min="0" step="1" value="${v[`${id}-n`] ?? ''}">
<label for="${id}-d">${k.denominator}</label><input type="number" id="${id}-d" name="${id}-d" min="1" step="1" value="${v[`${id}-d`] ?? ''}">${fieldError(o, id)}</fieldset>`;
  return markup`<label for="${id}">${k.name}（%，不低于${k.min}）</label><input type="number" id="${id}" name="${id}" min="0" max="100" step="0.1" value="${v[id] ?? ''}">${fieldError(o, id)}`;
}

/** The 台账 the review asks for, each optional: when, where, how many, where reported, honours. */
function ledgerInputs(v: Record<string, string>, o: Outcome | undefined): SafeHtml {
  return markup`<fieldset><legend>活动台账（复查评审用，可不填）</legend>
<label for="heldOn">活动时间</label><input type="date" id="heldOn" name="heldOn" value="${v.heldOn ?? ''}">${fieldError(o, 'heldOn')}
<label for="place">地点</label><input type="text" id="place" name="place" maxlength="200" value="${v.place ?? ''}">
<label for="participants">参加人数</label><input type="number" id="participants" name="participants" min="1" step="1" value="${v.participants ?? ''}">${fieldError(o, 'participants')}
<label for="publicity">宣传报道链接（每行一个）</label><textarea id="publicity" name="publicity" rows="2" style="min-height:3em">${v.publicity ?? ''}</textarea>${fieldError(o, 'publicity')}
<label for="honours">先进典型、获得表彰（每行一项）</label><textarea id="honours" name="honours" rows="2" style="min-height:3em">${v.honours ?? ''}</textarea>
</fieldset>`;
}

function decideForm(p: ItemPageInput, base: string): SafeHtml {
  const { def, state, outcome: o } = p;
  const v = typed(o, 'decide');
  return markup`<section class="card"><h2>审核</h2>
<form method="post" action="${base}/decide">${hidden(p.csrf, p.nonce())}
<label for="comment">审核意见</label><textarea id="comment" name="comment" maxlength="4000">${v.comment ?? ''}</textarea>${fieldError(o, 'comment')}
${def.kpis.length ? markup`<label for="override">指标未达标仍予通过的理由（仅指标未达标时填写）</label><input type="text" id="override" name="override" maxlength="500" value="${v.override ?? ''}">${fieldError(o, 'override')}` : ''}
<label>退回整改的单位（退回时勾选，不选则全部退回）</label>${state.branches.map((b) => markup`<div><input type="checkbox" id="rework-${b.id}" name="rework" value="${b.id}"> <label for="rework-${b.id}" style="display:inline;font-weight:normal">${b.name}</label></div>`)}
<label for="newDue">整改时限（退回时可选）</label><input type="date" id="newDue" name="newDue" value="${v.newDue ?? ''}">${fieldError(o, 'newDue')}
<button type="submit" name="verdict" value="approve">审核通过</button><button type="submit" name="verdict" value="return" class="secondary">退回整改</button>
</form></section>`;
}

function extendForm(p: ItemPageInput, base: string): SafeHtml {
  const o = p.outcome;
  const v = typed(o, 'extend');
  return markup`<section class="card"><h2>调整完成时限</h2>
<form method="post" action="${base}/extend">${hidden(p.csrf, p.nonce())}
<label for="extendTo">新的完成时限</label><input type="date" id="extendTo" name="newDue" required value="${v.newDue ?? ''}">${fieldError(o, 'extendTo')}
<label for="reason">调整理由</label><input type="text" id="reason" name="reason" maxlength="500" required value="${v.reason ?? ''}">${fieldError(o, 'reason')}
<button type="submit" class="secondary">调整时限</button></form></section>`;
}
