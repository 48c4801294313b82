// The leading group's dashboard (督办看板): every item of the year under a red, yellow or green light,
// who still owes what, and the year's progress and KPIs. Only the page's content: the portal's layout
// wraps it and puts `css` in its stylesheet. No script and no request to anywhere (the charts are
// inline SVG, the filters a GET form), so it works on an office PC, a phone and on paper alike.
import { appraise, ITEM_KINDS, summarizeYear } from '../domain/appraisal';
import { formatChineseDate, type WorkCalendar } from '../domain/calendar';
import {
  itemWarning,
  lightRules,
  LIGHTS,
  type EscalationLevel,
  type ItemWarning,
  type Light,
} from '../domain/warning-light';
import type { ItemKind, ItemRecord, YearRecord } from '../domain/year-record';
import { kpiChart, progressChart } from '../report/charts';
import { orderedItems } from '../report/content';
import { parseEvidenceRef } from '../evidence/ref';
import { httpUrl, markup, trustedHtml, type SafeHtml } from '../report/html-safety';
import { formatInstant, formatRate, itemHeading, itemLabel, KIND_LABEL, STATE_LABEL } from '../report/labels';

export interface DashboardFilter {
  kind?: ItemKind;
  light?: Light;
  /** A branch id: the items it is responsible for. */
  branch?: string;
}

export interface DashboardLinks {
  /** The item's page in the portal; undefined when the viewer has none to open. */
  item?: (workflowId: string) => string | undefined;
  /** The page of a piece of evidence uploaded through the portal, by its content hash. */
  evidence?: (hash: string) => string;
}

export interface DashboardOptions {
  /** YYYY-MM-DD, Asia/Shanghai: the day the lights are judged on. */
  today: string;
  calendar: WorkCalendar;
  yellowWorkingDays: number;
  filter?: DashboardFilter;
  links?: DashboardLinks;
}

export interface Dashboard {
  /** Plain text: the layout escapes it for its <title>. */
  title: string;
  body: SafeHtml;
  css: string;
}

export const LIGHT_LABEL: Record<Light, string> = {
  red: '红灯',
  yellow: '黄灯',
  green: '绿灯',
  done: '已办结',
  none: '不列入督办',
};

const LIGHT_MEANING: Record<Light, string> = {
  red: '催办后仍未报送',
  yellow: '临期或逾期',
  green: '正常',
  done: '',
  none: '',
};

/** How far the chase has gone: the office's 催办, then the 督办 of the deputy head and of the head. */
export const ESCALATION_LABEL: Record<EscalationLevel, string> = {
  0: '无',
  1: '办公室催办',
  2: '分管领导督办',
  3: '组长督办',
};

const SUMMARY_LIGHTS: readonly Light[] = ['red', 'yellow', 'green', 'done'];

const BRANCH_ID = /^[a-z][a-z0-9-]*$/;

export function dashboardTitle(record: Pick<YearRecord, 'organization' | 'year'>): string {
  return `${record.organization}${record.year}年文明单位创建工作督办看板`;
}

/**
 * The filter of a request's query (`?kind=task&light=red&branch=legal`). Values the form cannot
 * produce are dropped rather than refused: a stale bookmark still opens the whole board.
 */
export function parseDashboardFilter(query: Readonly<Record<string, unknown>>): DashboardFilter {
  const one = (key: string): string | undefined => {
    const v = query[key];
    const s = Array.isArray(v) ? v[0] : v;
    return typeof s === 'string' && s !== '' ? s : undefined;
  };
  const kind = one('kind');
  const light = one('light');
  const branch = one('branch');
  return {
    ...(kind && (ITEM_KINDS as readonly string[]).includes(kind) && { kind: kind as ItemKind }),
    ...(light && (LIGHTS as readonly string[]).includes(light) && { light: light as Light }),
    ...(branch && BRANCH_ID.test(branch) && { branch }),
  };
}

interface Row {
  item: ItemRecord;
  warning: ItemWarning;
  /** Position in the plan's order, which breaks ties between rows of one light. */
  order: number;
}

function queryString(filter: DashboardFilter): string {
  const params = new URLSearchParams();
  if (filter.kind) params.set('kind', filter.kind);
  if (filter.light) params.set('light', filter.light);
  if (filter.branch) params.set('branch', filter.branch);
  const s = params.toString();
  return s ? `?${s}` : '?';
}

/** The dot carries the colour, the word the meaning: a black-and-white printout still reads. */
function lightBadge(light: Light): SafeHtml {
  return markup`<span class="light light-${light}"><span class="dot" aria-hidden="true">●</span>${LIGHT_LABEL[light]}</span>`;
}

function heading(record: YearRecord, today: string): SafeHtml {
  return markup`<header class="head">
<p class="org">${record.organization}</p>
<h1>${dashboardTitle(record)}</h1>
<p class="meta">截至${formatChineseDate(today)}\u3000数据更新时间：${formatInstant(record.generatedAt)}</p>
</header>
`;
}

function summaryStrip(rows: readonly Row[], filter: DashboardFilter): SafeHtml {
  const count = (light: Light) => rows.filter((r) => r.warning.light === light).length;
  const boxes = SUMMARY_LIGHTS.map((light) => {
    const current = filter.light === light ? markup` aria-current="true"` : '';
    const words = LIGHT_MEANING[light] ? `${LIGHT_LABEL[light]} ${LIGHT_MEANING[light]}` : LIGHT_LABEL[light];
    return markup`<li class="box box-${light}"><a href="${queryString({ ...filter, light })}"${current}><span class="count">${count(light)}</span><span class="words"><span class="dot" aria-hidden="true">●</span>${words}</span></a></li>`;
  });
  const none = count('none');
  const rest = none
    ? markup`<p class="note">另有${none}项尚未开始或在实施方案印发前已过，不列入督办。</p>\n`
    : '';
  return markup`<section class="summary" aria-label="预警汇总">
<p class="total">纳入统计事项共${rows.length}项。</p>
<ul class="boxes">${boxes}</ul>
${rest}</section>
`;
}

function legend(yellowWorkingDays: number): SafeHtml {
  const rules = lightRules(yellowWorkingDays);
  return markup`<p class="legend">说明：红灯为${rules.red}的事项；黄灯为${rules.yellow}的事项；绿灯为${rules.green}的事项。</p>\n`;
}

function option(value: string, label: string, selected: boolean): SafeHtml {
  return selected
    ? markup`<option value="${value}" selected>${label}</option>`
    : markup`<option value="${value}">${label}</option>`;
}

function filterForm(record: YearRecord, filter: DashboardFilter): SafeHtml {
  const kinds = ITEM_KINDS.map((k) => option(k, KIND_LABEL[k], filter.kind === k));
  const lights = LIGHTS.map((l) =>
    option(
      l,
      LIGHT_MEANING[l] ? `${LIGHT_LABEL[l]}（${LIGHT_MEANING[l]}）` : LIGHT_LABEL[l],
      filter.light === l,
    ),
  );
  const branches = record.branches.map((b) => option(b.id, b.name, filter.branch === b.id));
  return markup`<form class="filters" method="get" aria-label="筛选">
<label>事项类型<select name="kind">${option('', '全部类型', !filter.kind)}${kinds}</select></label>
<label>预警状态<select name="light">${option('', '全部状态', !filter.light)}${lights}</select></label>
<label>责任单位<select name="branch">${option('', '全部单位', !filter.branch)}${branches}</select></label>
<button type="submit">筛选</button>
<a class="reset" href="?">清除筛选</a>
</form>
`;
}

function evidenceCell(item: ItemRecord, links: DashboardLinks | undefined): SafeHtml {
  const lines = item.branches.flatMap((b) => {
    const evidence = b.report?.evidence ?? [];
    if (!evidence.length) return [];
    const pieces = evidence.map((e, i) => {
      const label = `材料${i + 1}`;
      // An entry is a file uploaded through the portal (`sha256:…`), a web address, or other text.
      const hash = parseEvidenceRef(e);
      const href = hash ? links?.evidence?.(hash) : httpUrl(e);
      if (href) return markup`<a href="${href}" title="${e}" rel="noopener noreferrer">${label}</a>`;
      // A share path is shown as written; a bare hash means nothing to a reader.
      return hash ? markup`${label}` : markup`${e}`;
    });
    return [markup`<div>${b.name}：${pieces.map((p, i) => (i ? [markup`、`, p] : p))}</div>`];
  });
  return lines.length ? markup`${lines}` : markup`—`;
}

function itemCell(item: ItemRecord, links: DashboardLinks | undefined): SafeHtml {
  const href = links?.item?.(item.workflowId);
  return href ? markup`<a href="${href}">${itemHeading(item)}</a>` : markup`${itemHeading(item)}`;
}

function dueCell(row: Row): SafeHtml {
  const { item, warning } = row;
  const original =
    item.due === item.originalDue ? '' : markup`<div class="sub">原定${item.originalDue}</div>`;
  const left =
    warning.pendingBranches.length && warning.workingDaysLeft > 0
      ? markup`<div class="sub">剩余${warning.workingDaysLeft}个工作日</div>`
      : '';
  return markup`${item.due}${original}${left}`;
}

function itemRow(row: Row, links: DashboardLinks | undefined): SafeHtml {
  const { item, warning } = row;
  const idle = warning.light === 'none';
  const pending = warning.pendingBranches.map((b) => b.name).join('、') || '—';
  return markup`<tr class="row-${warning.light}">
<td class="nowrap">${lightBadge(warning.light)}</td>
<td class="title">${itemCell(item, links)}</td>
<td class="nowrap">${dueCell(row)}</td>
<td class="nowrap">${STATE_LABEL[item.state]}</td>
<td>${pending}</td>
<td class="num">${idle ? '—' : warning.overdueWorkingDays}</td>
<td class="nowrap">${idle ? '—' : ESCALATION_LABEL[warning.escalationLevel]}</td>
<td class="evidence">${evidenceCell(item, links)}</td>
</tr>
`;
}

function table(caption: string, headers: readonly string[], rows: readonly SafeHtml[]): SafeHtml {
  // Scrolls sideways on a phone: focusable, so it scrolls from the keyboard too, and named.
  return markup`<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}"><table>
<caption>${caption}</caption>
<thead><tr>${headers.map((h) => markup`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>
${rows}</tbody>
</table></div>
`;
}

function itemSections(
  rows: readonly Row[],
  kinds: readonly ItemKind[],
  links: DashboardLinks | undefined,
): SafeHtml {
  const rank = (l: Light) => LIGHTS.indexOf(l);
  const sections = kinds.map((kind) => {
    const ofKind = rows
      .filter((r) => r.item.kind === kind)
      .sort((a, b) => rank(a.warning.light) - rank(b.warning.light) || a.order - b.order);
    const content = ofKind.length
      ? table(
          `共${ofKind.length}项，按红灯、黄灯、绿灯、已办结顺序排列`,
          ['预警', '事项', '截止日期', '办理状态', '未报送单位', '逾期工作日', '督办层级', '报送材料'],
          ofKind.map((r) => itemRow(r, links)),
        )
      : markup`<p class="empty">无符合条件的事项。</p>\n`;
    return markup`<section class="items" aria-label="${KIND_LABEL[kind]}">
<h2>${KIND_LABEL[kind]}</h2>
${content}</section>
`;
  });
  return markup`${sections}`;
}

function branchSection(record: YearRecord, rows: readonly Row[], filter: DashboardFilter): SafeHtml {
  // The appraisal's own figures, over the kind in view, so the rate matches the year report's.
  const scoped = filter.kind
    ? { ...record, items: record.items.filter((i) => i.kind === filter.kind) }
    : record;
  const appraisal = appraise(scoped).filter((a) => !filter.branch || a.branch === filter.branch);
  const body = appraisal.map((a) => {
    const owed = rows
      .filter((r) => r.warning.pendingBranches.some((b) => b.id === a.branch))
      .sort((x, y) => LIGHTS.indexOf(x.warning.light) - LIGHTS.indexOf(y.warning.light) || x.order - y.order);
    const overdue = owed.filter((r) => r.warning.light === 'red');
    const list = owed.length
      ? owed.map(
          (r, i) =>
            markup`${i ? '、' : ''}<span class="light light-${r.warning.light}" title="${itemHeading(r.item)}"><span class="dot" aria-hidden="true">●</span>${itemLabel(r.item)}${r.warning.light === 'red' ? '（逾期）' : ''}</span>`,
        )
      : '—';
    return markup`<tr>
<td class="nowrap">${a.name}</td>
<td class="num">${owed.length}</td>
<td class="num">${overdue.length ? markup`<strong class="bad">${overdue.length}</strong>` : 0}</td>
<td>${list}</td>
<td class="num">${a.expected ? formatRate(a.onTimeRate) : '—'}</td>
</tr>
`;
  });
  const scope = filter.kind ? KIND_LABEL[filter.kind] : '全部事项';
  return markup`<section class="branches" aria-label="各责任单位待办情况">
<h2>各责任单位待办情况</h2>
${table(`各责任单位待报送事项及按时报送率（${scope}）`, ['责任单位', '待报送事项', '其中逾期', '事项明细', '按时报送率'], body)}<p class="note">按时报送率 = 按时报送事项数 ÷ 应报送事项数（已报送的，加上已过截止日期仍未报送的），统计至${formatInstant(record.generatedAt)}；尚无应报送事项的记为“—”。</p>
</section>
`;
}

function chartSection(record: YearRecord): SafeHtml {
  const summary = summarizeYear(record);
  // ECharts escapes every text it draws; the year report's tests check it with record text full of markup.
  const progress = markup`<figure class="chart" aria-label="各月累计进度">${trustedHtml(progressChart(summary))}</figure>\n`;
  const kpis = summary.kpis.length
    ? markup`<figure class="chart" aria-label="量化指标完成情况">${trustedHtml(kpiChart(summary.kpis))}</figure>\n`
    : markup`<p class="empty">本年度实施方案未设量化指标。</p>\n`;
  return markup`<section class="charts" aria-label="全年进度与量化指标">
<h2>全年进度与量化指标</h2>
${progress}${kpis}</section>
`;
}

/** The dashboard of `record` as of `options.today`, narrowed by `options.filter`. */
export function renderDashboard(record: YearRecord, options: DashboardOptions): Dashboard {
  const filter = options.filter ?? {};
  const thresholds = { yellowWorkingDays: options.yellowWorkingDays };
  const all: Row[] = orderedItems(record).map((item, order) => ({
    item,
    warning: itemWarning(item, options.today, options.calendar, thresholds),
    order,
  }));
  const ofKind = all.filter((r) => !filter.kind || r.item.kind === filter.kind);
  // The strip counts what the kind and branch select, whatever the light: it is how a light is chosen.
  const inView = ofKind.filter((r) => !filter.branch || r.item.branches.some((b) => b.id === filter.branch));
  const shown = inView.filter((r) => !filter.light || r.warning.light === filter.light);
  const kinds = filter.kind ? [filter.kind] : ITEM_KINDS;

  const body = markup`<div class="civ-dashboard">
${heading(record, options.today)}${filterForm(record, filter)}${summaryStrip(inView, filter)}${legend(options.yellowWorkingDays)}${itemSections(shown, kinds, options.links)}${branchSection(record, ofKind, filter)}${chartSection(record)}</div>
`;
  return { title: dashboardTitle(record), body, css: DASHBOARD_CSS };
}

// Every rule sits under .civ-dashboard, so the portal's own stylesheet and this one cannot collide.
export const DASHBOARD_CSS = `
.civ-dashboard { --red: #c62828; --yellow: #d49a00; --green: #2e7d32; --done: #3f6fb5; --none: #9aa0a6;
  max-width: 1100px; margin: 0 auto; padding: 16px; color: #1f2329; font-size: 15px; line-height: 1.6;
  font-family: "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC",
    "WenQuanYi Micro Hei", sans-serif; }
.civ-dashboard * { box-sizing: border-box; }
.civ-dashboard .head { text-align: center; border-bottom: 3px double #b3261e; padding-bottom: 10px; margin-bottom: 14px; }
.civ-dashboard .head .org { margin: 0; font-size: 16px; letter-spacing: .1em; }
.civ-dashboard h1 { margin: 6px 0; font-size: 22px; color: #b3261e;
  font-family: "FZXiaoBiaoSong-B05S", "SimSun", "Songti SC", "Noto Serif CJK SC", serif; }
.civ-dashboard .head .meta { margin: 0; color: #4e5969; font-size: 14px; }
.civ-dashboard h2 { font-size: 18px; border-left: 5px solid #b3261e; padding-left: 8px; margin: 24px 0 8px; }
.civ-dashboard .filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-end;
  background: #f7f8fa; border: 1px solid #e5e6eb; padding: 10px 12px; margin-bottom: 12px; }
.civ-dashboard .filters label { display: flex; flex-direction: column; font-size: 14px; color: #4e5969; }
.civ-dashboard .filters select, .civ-dashboard .filters button { font-size: 15px; min-height: 36px; padding: 4px 8px; }
.civ-dashboard .filters button { background: #b3261e; color: #fff; border: 0; border-radius: 4px; padding: 4px 18px; }
.civ-dashboard .filters .reset { align-self: center; }
.civ-dashboard .total { margin: 0 0 6px; }
.civ-dashboard .boxes { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px;
  grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); }
.civ-dashboard .box a { display: block; padding: 8px 12px; border: 1px solid #e5e6eb; border-top: 4px solid; border-radius: 4px;
  color: inherit; text-decoration: none; text-align: center; }
.civ-dashboard .box a[aria-current] { background: #f2f3f5; outline: 2px solid #4e5969; }
.civ-dashboard .box .count { display: block; font-size: 28px; font-weight: 700; line-height: 1.2; }
.civ-dashboard .box-red a { border-top-color: var(--red); }
.civ-dashboard .box-yellow a { border-top-color: var(--yellow); }
.civ-dashboard .box-green a { border-top-color: var(--green); }
.civ-dashboard .box-done a { border-top-color: var(--done); }
.civ-dashboard .box-red .dot, .civ-dashboard .light-red .dot { color: var(--red); }
.civ-dashboard .box-yellow .dot, .civ-dashboard .light-yellow .dot { color: var(--yellow); }
.civ-dashboard .box-green .dot, .civ-dashboard .light-green .dot { color: var(--green); }
.civ-dashboard .box-done .dot, .civ-dashboard .light-done .dot { color: var(--done); }
.civ-dashboard .light-none .dot { color: var(--none); }
.civ-dashboard .dot { margin-right: 2px; }
.civ-dashboard .light { white-space: nowrap; }
.civ-dashboard .light-red { font-weight: 700; }
.civ-dashboard .note, .civ-dashboard .legend { color: #4e5969; font-size: 14px; }
.civ-dashboard .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 6px 0 12px; }
.civ-dashboard table { border-collapse: collapse; width: 100%; min-width: 720px; font-size: 14px; }
.civ-dashboard caption { text-align: left; font-weight: 600; padding: 4px 0; }
.civ-dashboard th, .civ-dashboard td { border: 1px solid #c9cdd4; padding: 4px 8px; vertical-align: top; text-align: left; }
.civ-dashboard th { background: #f2f3f5; white-space: nowrap; }
.civ-dashboard td { overflow-wrap: anywhere; }
.civ-dashboard td.num { text-align: right; white-space: nowrap; }
.civ-dashboard td.nowrap { white-space: nowrap; }
.civ-dashboard td.title { min-width: 12em; }
.civ-dashboard tr.row-red td:first-child { border-left: 4px solid var(--red); }
.civ-dashboard tr.row-yellow td:first-child { border-left: 4px solid var(--yellow); }
.civ-dashboard .sub { color: #4e5969; font-size: 14px; }
.civ-dashboard .bad { color: var(--red); }
.civ-dashboard a { color: #1d4ed8; }
.civ-dashboard .evidence a { margin-right: 2px; }
.civ-dashboard figure.chart { margin: 8px 0 16px; text-align: center; overflow-x: auto; }
.civ-dashboard figure.chart svg { width: 100%; max-width: 720px; height: auto; }
@media (max-width: 600px) {
  .civ-dashboard { padding: 8px; }
  .civ-dashboard h1 { font-size: 19px; }
  .civ-dashboard .filters label { flex: 1 1 100%; }
}
@media print {
  .civ-dashboard { max-width: none; padding: 0; font-size: 10.5pt; }
  .civ-dashboard * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .civ-dashboard .filters { display: none; }
  .civ-dashboard .box a[aria-current] { outline: 0; }
  .civ-dashboard .table-wrap, .civ-dashboard figure.chart { overflow: visible; }
  .civ-dashboard table { min-width: 0; font-size: 9pt; }
  .civ-dashboard tr, .civ-dashboard figure.chart, .civ-dashboard .boxes { break-inside: avoid; page-break-inside: avoid; }
  .civ-dashboard thead { display: table-header-group; }
  .civ-dashboard h2, .civ-dashboard caption { break-after: avoid; }
  .civ-dashboard a { color: inherit; text-decoration: none; }
}
`;
