// The leading group's dashboard, rendered from the sample year (as recorded after the year, and as it
// would have looked in mid-December with work still open): the counts per light, the filters, the
// per-branch table, the charts, and record text that must not become markup.
import { planYearTable, WorkCalendar } from '../../domain/calendar';
import type { ItemKind, ItemRecord, YearRecord } from '../../domain/year-record';
import {
  DASHBOARD_CSS,
  parseDashboardFilter,
  renderDashboard,
  type DashboardOptions,
} from '../../portal/dashboard';
import { SCRIPT_EVIDENCE, sampleYearRecord } from '../helpers/year-record-sample';

const calendar = new WorkCalendar(planYearTable(2020));

function render(record: YearRecord, today: string, more: Partial<DashboardOptions> = {}) {
  return renderDashboard(record, { today, calendar, yellowWorkingDays: 5, ...more });
}

function item(record: YearRecord, kind: ItemKind, id: string): ItemRecord {
  const found = record.items.find((i) => i.kind === kind && i.id === id);
  if (!found) throw new Error(`no ${kind} ${id}`);
  return found;
}

/** The sample as of 2020-12-10: one task late and escalated, one due soon, one on track, a theme ahead. */
function midDecember(): YearRecord {
  const record = sampleYearRecord();
  record.generatedAt = '2020-12-10T08:00:00.000Z';
  const late = item(record, 'task', '16');
  late.state = 'escalated';
  delete late.completedAt;
  // 机关党委 has not reported task 01 (due 12-15: four working days left).
  const soon = item(record, 'task', '01');
  soon.state = 'open';
  delete soon.completedAt;
  delete soon.branches[0].report;
  soon.branches[0].onTime = undefined;
  // 办公室 has not reported task 02, moved to the year end.
  const onTrack = item(record, 'task', '02');
  onTrack.state = 'open';
  onTrack.due = '2020-12-28';
  delete onTrack.completedAt;
  delete onTrack.branches[1].report;
  onTrack.branches[1].onTime = undefined;
  const december = item(record, 'theme', '12');
  december.state = 'not-started';
  delete december.completedAt;
  return record;
}

/** Light and 事项 text of each row of the items tables, in page order. */
function itemRows(html: string): { light: string; title: string }[] {
  const rows = [
    ...html.matchAll(/<tr class="row-(\w+)">\n<td[^>]*>.*?<\/td>\n<td class="title">(.*?)<\/td>/g),
  ];
  return rows.map(([, light, cell]) => ({ light, title: cell.replace(/<[^>]+>/g, '') }));
}

function counts(html: string): Record<string, number> {
  const boxes = [...html.matchAll(/<li class="box box-(\w+)">.*?<span class="count">(\d+)<\/span>/g)];
  return Object.fromEntries(boxes.map(([, light, n]) => [light, Number(n)]));
}

/** The 责任单位 cells of the per-branch table. */
function branchRows(html: string): string[] {
  const section = /<section class="branches"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return [...section.matchAll(/<tr>\n<td class="nowrap">(.*?)<\/td>/g)].map((m) => m[1]);
}

describe('the sample year, recorded after its end', () => {
  const record = sampleYearRecord();
  const { title, body, css } = render(record, '2021-01-08');
  const html = body.html;

  it('is headed with the organization, the year and the day', () => {
    expect(title).toBe('无锡市机关事务管理局2020年文明单位创建工作督办看板');
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain('截至2021年1月8日');
  });

  it('counts the items per light: task 16 unfinished, 春节 before the plan, the rest signed off', () => {
    expect(counts(html)).toEqual({ red: 1, yellow: 0, green: 0, done: 30 });
    expect(html).toContain('纳入统计事项共32项。');
    expect(html).toContain('另有1项尚未开始或在实施方案印发前已过，不列入督办。');
    const rows = itemRows(html);
    expect(rows).toHaveLength(32);
    expect(rows.filter((r) => r.light === 'red').map((r) => r.title)).toEqual([
      '第16项　不断拓展文明创建范围',
    ]);
    expect(rows.filter((r) => r.light === 'none').map((r) => r.title)).toEqual(['春节']);
  });

  it('writes the rule of the lights as 督办 practice reads it', () => {
    expect(html).toContain('红灯为经领导小组办公室催办后仍未报送，或年度结束时仍未完成的事项；');
    expect(html).toContain('已逾期尚未催办');
    expect(html).toContain('红灯 催办后仍未报送');
    expect(html).toContain('黄灯 临期或逾期');
  });

  it('shows the red row with its owing branch, late working days and escalation level, red rows first', () => {
    const row = /<tr class="row-red">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(row).toContain('●</span>红灯');
    expect(row).toContain('<td class="nowrap">年度未完成</td>');
    expect(row).toContain('<td>资产管理处</td>');
    expect(row).toContain('<td class="num">12</td>');
    expect(row).toContain('组长督办');
    expect(itemRows(html)[0].light).toBe('red');
  });

  it('shows what each branch owes and its on-time rate', () => {
    expect(branchRows(html)).toEqual(record.branches.map((b) => b.name.replace(/"/g, '&quot;')));
    const assets = /<tr>\n<td class="nowrap">资产管理处<\/td>[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(assets).toContain('<td class="num">1</td>');
    expect(assets).toContain('<strong class="bad">1</strong>');
    expect(assets).toContain('第16项（逾期）');
    // 第一支部: 18 of 21 on time (the appraisal test works it out).
    expect(/<td class="nowrap">机关第一支部<\/td>[\s\S]*?<\/tr>/.exec(html)?.[0]).toContain('85.7%');
  });

  it('draws the progress and KPI charts as inline SVG', () => {
    const charts = /<section class="charts"[\s\S]*<\/section>/.exec(html)?.[0] ?? '';
    expect(charts.match(/<figure class="chart"[^>]*><svg\b/g)).toHaveLength(2);
    expect(charts).toContain('各月累计应完成与已办结事项');
    expect(charts).toContain('量化指标完成情况');
  });

  it('has no script and asks for nothing outside the page', () => {
    expect(html).not.toMatch(/<script/i);
    expect(css).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(?:src|srcset)=/i);
    expect(css).not.toMatch(/url\(|@import/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    // javascript:alert(3) stays text, never a link.
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain(SCRIPT_EVIDENCE);
  });

  it('has a filter form that works without script', () => {
    const form = /<form class="filters" method="get"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
    expect(form).toContain('<select name="kind">');
    expect(form).toContain('<select name="light">');
    expect(form).toContain('<select name="branch">');
    expect(form).toContain('<option value="assets">资产管理处</option>');
    expect(form).toContain('<button type="submit">筛选</button>');
  });

  it('comes with CSS for phones and paper', () => {
    expect(css).toBe(DASHBOARD_CSS);
    expect(css).toContain('.civ-dashboard .table-wrap { overflow-x: auto;');
    expect(html.match(/<table>/g)?.length).toBe(html.match(/<div class="table-wrap"[^>]*><table>/g)?.length);
    const print = css.slice(css.indexOf('@media print'));
    expect(print).toContain('.civ-dashboard .filters { display: none; }');
    expect(print).toMatch(/\.civ-dashboard tr,[^{]*\{ break-inside: avoid;/);
    for (const size of css.matchAll(/font-size: (\d+)px/g))
      expect(Number(size[1])).toBeGreaterThanOrEqual(14);
  });
});

describe('mid-December, with work still open', () => {
  const record = midDecember();
  const html = render(record, '2020-12-10').body.html;

  it('counts one light of each colour', () => {
    expect(counts(html)).toEqual({ red: 1, yellow: 1, green: 1, done: 27 });
    const rows = itemRows(html);
    const byLight = (light: string) => rows.filter((r) => r.light === light).map((r) => r.title);
    expect(byLight('yellow')).toEqual(['第1项　深入学习贯彻新思想']);
    expect(byLight('green')).toEqual(['第2项　建立不忘初心、牢记使命长效机制']);
    expect(byLight('none')).toEqual(['12月　“公益志愿”展示月', '春节']);
    expect(rows.slice(0, 3).map((r) => r.light)).toEqual(['red', 'yellow', 'green']);
    expect(html).toContain('剩余4个工作日');
  });

  it('filters by kind: only that kind’s table', () => {
    const themes = render(record, '2020-12-10', { filter: { kind: 'theme' } }).body.html;
    const rows = itemRows(themes);
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => /^\d+月\u3000/.test(r.title))).toBe(true);
    expect(themes).not.toContain('<h2>工作任务</h2>');
    expect(themes).toContain('<option value="theme" selected>');
    expect(counts(themes)).toEqual({ red: 0, yellow: 0, green: 0, done: 11 });
  });

  it('filters by light: only rows of that light, the other tables say so', () => {
    const red = render(record, '2020-12-10', { filter: { light: 'red' } }).body.html;
    expect(itemRows(red)).toEqual([{ light: 'red', title: '第16项　不断拓展文明创建范围' }]);
    expect(red.match(/无符合条件的事项。/g)).toHaveLength(2);
    // The strip still shows every light, so that another can be chosen.
    expect(counts(red)).toEqual({ red: 1, yellow: 1, green: 1, done: 27 });
    expect(red).toContain('<a href="?light=yellow">');
    expect(red).toContain('<a href="?light=red" aria-current="true">');
  });

  it('filters by branch: only the items it answers for, and only its row of the branch table', () => {
    const legal = render(record, '2020-12-10', { filter: { branch: 'legal' } }).body.html;
    expect(itemRows(legal).map((r) => r.title)).toEqual([
      '第4项　深入开展诚实守信教育',
      '第5项　积极开展普法知识教育',
    ]);
    expect(branchRows(legal)).toEqual(['法规处']);
    const party = render(record, '2020-12-10', { filter: { branch: 'party-committee' } }).body.html;
    expect(itemRows(party).filter((r) => r.light === 'yellow')).toHaveLength(1);
    expect(itemRows(party).some((r) => r.title.startsWith('第2项'))).toBe(true);
    expect(itemRows(party).some((r) => r.title.startsWith('第5项'))).toBe(false);
  });

  it('combines the filters, keeping the others in the strip’s links', () => {
    const html2 = render(record, '2020-12-10', {
      filter: { kind: 'task', light: 'yellow', branch: 'party-committee' },
    }).body.html;
    expect(itemRows(html2)).toEqual([{ light: 'yellow', title: '第1项　深入学习贯彻新思想' }]);
    expect(html2).toContain('<a href="?kind=task&amp;light=red&amp;branch=party-committee">');
    expect(branchRows(html2)).toEqual(['机关党委']);
  });

  it('lists what each branch owes', () => {
    const party = /<td class="nowrap">机关党委<\/td>[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(party).toContain('<td class="num">1</td>');
    expect(party).toContain('第1项');
    const assets = /<td class="nowrap">资产管理处<\/td>[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(assets).toContain('第16项（逾期）');
  });
});

describe('record text and links', () => {
  it('escapes a title with <script> wherever it appears', () => {
    const record = midDecember();
    item(record, 'task', '01').title = '<script>alert("x")</script>学习';
    record.organization = '无锡市<b>机关</b>事务管理局';
    const { title, body } = render(record, '2020-12-10');
    expect(body.html).not.toMatch(/<script/i);
    expect(body.html).toContain('第1项　&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;学习');
    expect(body.html).toContain('<h1>无锡市&lt;b&gt;机关&lt;/b&gt;事务管理局2020年');
    // The title is text for the layout to escape.
    expect(title).toBe('无锡市<b>机关</b>事务管理局2020年文明单位创建工作督办看板');
  });

  it('links items and uploaded evidence through the portal’s own URLs', () => {
    const record = sampleYearRecord();
    // Hex typed by hand in upper case still names the stored file, whose name is lower case.
    const ref = `sha256:${'AB'.repeat(32)}`;
    const hash = 'ab'.repeat(32);
    item(record, 'task', '05').branches[0].report!.evidence = [ref, 'https://wmcj.example.gov.cn/a.pdf'];
    const html = render(record, '2021-01-08', {
      links: {
        item: (id) => (id === 'civ-2020-task-05' ? `/items/${id}?t="x"` : undefined),
        evidence: (h) => `/evidence/${h}`,
      },
    }).body.html;
    expect(html).toContain(
      '<a href="/items/civ-2020-task-05?t=&quot;x&quot;">第5项　积极开展普法知识教育</a>',
    );
    expect(html).not.toContain('href="/items/civ-2020-task-04');
    expect(html).toContain(`<a href="/evidence/${hash}" title="${ref}" rel="noopener noreferrer">材料1</a>`);
    expect(html).toContain('<a href="https://wmcj.example.gov.cn/a.pdf"');
  });
});

describe('parseDashboardFilter', () => {
  it('keeps what the form can send and drops the rest', () => {
    expect(parseDashboardFilter({ kind: 'task', light: 'red', branch: 'legal' })).toEqual({
      kind: 'task',
      light: 'red',
      branch: 'legal',
    });
    expect(parseDashboardFilter({ kind: '', light: '', branch: '' })).toEqual({});
    expect(parseDashboardFilter({ kind: 'tasks', light: 'blue', branch: '<x>' })).toEqual({});
    expect(parseDashboardFilter({ kind: ['theme', 'task'], light: 5 })).toEqual({ kind: 'theme' });
  });
});
