// What a 复查评审 台账 asks of a report besides its summary (活动时间, 地点, 参加人数, 宣传报道,
// 先进典型) and the volunteer rates as their two counts: optional in the Update and the form, kept in
// the item's state, shown in the year report and its CSV.
import { applyReport, checkReport, initialState } from '../../domain/item-state';
import { reportText } from '../../portal/report-form';
import { itemPage } from '../../portal/item-page';
import { renderMarkdown } from '../../report/markdown';
import { CSV_HEADERS, renderCsv } from '../../report/csv';
import { definition2020 } from '../helpers/plans';
import { sampleYearRecord } from '../helpers/year-record-sample';
import { DEFAULT_UPLOADS } from '../helpers/upload-limits';

const AT = '2020-06-20T02:00:00.000Z';

describe('a report with its 台账', () => {
  const def = definition2020('08');
  const base = { branch: 'party-committee', actor: '吴芳', summary: '开展志愿服务3次' };

  it('keeps 活动时间, 地点, 参加人数, 宣传报道 and 先进典型, and computes a rate from its counts', () => {
    const state = initialState(def, 0);
    const input = {
      ...base,
      heldOn: '2020-06-18',
      place: '市民中心广场',
      participants: 46,
      publicity: ['https://www.wxjgswj.example.gov.cn/news/2020/0618.html'],
      honours: ['吴芳被评为无锡市优秀志愿者'],
      kpiCounts: { 'registered-volunteers': { numerator: 46, denominator: 50 } },
      kpis: { 'active-volunteers': 91 },
    };
    expect(checkReport(def, state, input)).toBeUndefined();
    applyReport(state, input, AT);
    expect(state.branches.find((b) => b.id === 'party-committee')?.report).toMatchObject({
      heldOn: '2020-06-18',
      place: '市民中心广场',
      participants: 46,
      publicity: ['https://www.wxjgswj.example.gov.cn/news/2020/0618.html'],
      honours: ['吴芳被评为无锡市优秀志愿者'],
    });
    expect(state.kpis['registered-volunteers']).toEqual({
      value: 92,
      numerator: 46,
      denominator: 50,
      branch: 'party-committee',
      at: AT,
    });
    expect(state.kpis['active-volunteers']).toMatchObject({ value: 91 });
  });

  it('a report without them stays as reports always were', () => {
    const state = initialState(def, 0);
    applyReport(state, base, AT);
    expect(Object.keys(state.branches.find((b) => b.id === 'party-committee')!.report!).sort()).toEqual(
      ['actor', 'at', 'evidence', 'summary'].sort(),
    );
  });

  it.each([
    [{ heldOn: '2020-02-30' }, 'malformed', 'heldOn'],
    [{ participants: 2.5 }, 'malformed', 'participants'],
    [{ publicity: ['javascript:alert(1)'] }, 'malformed', 'publicity[0]'],
    [
      { kpiCounts: { 'registered-volunteers': { numerator: 51, denominator: 50 } } },
      'kpi-out-of-range',
      'kpiCounts.registered-volunteers',
    ],
    [
      { kpiCounts: { 'registered-volunteers': { numerator: 1, denominator: 0 } } },
      'malformed',
      'kpiCounts.registered-volunteers.denominator',
    ],
    [{ kpiCounts: { nonsense: { numerator: 1, denominator: 2 } } }, 'unknown-kpi', 'kpiCounts.nonsense'],
  ])('refuses %j', (extra, code, field) => {
    expect(checkReport(def, initialState(def, 0), { ...base, ...extra })).toMatchObject({ code, field });
  });
});

describe('the portal’s report form', () => {
  const def = definition2020('08');

  it('reads the 台账 fields and a rate’s two counts', () => {
    const text = reportText(
      {
        summary: '开展志愿服务',
        heldOn: '2020-06-18',
        place: ' 市民中心广场 ',
        participants: '46',
        publicity: 'https://news.example.cn/a\n\nhttps://news.example.cn/b',
        honours: '吴芳被评为无锡市优秀志愿者',
        'kpi-registered-volunteers-n': '46',
        'kpi-registered-volunteers-d': '50',
      },
      def,
    );
    expect(text).toMatchObject({
      ledger: {
        heldOn: '2020-06-18',
        place: '市民中心广场',
        participants: 46,
        publicity: ['https://news.example.cn/a', 'https://news.example.cn/b'],
        honours: ['吴芳被评为无锡市优秀志愿者'],
        kpiCounts: { 'registered-volunteers': { numerator: 46, denominator: 50 } },
      },
    });
  });

  it('leaves them out when not filled in', () => {
    expect(reportText({ summary: '完成' }, def)).toMatchObject({ ledger: {} });
  });

  it.each([
    [{ participants: '很多' }, 'participants', '参加人数请填写1到100000之间的整数。'],
    [{ heldOn: '2020-13-01' }, 'heldOn', '活动时间请填写有效日期。'],
    [{ publicity: 'ftp://x' }, 'publicity', '“ftp://x”不是有效的网址（应以 http:// 或 https:// 开头）。'],
    [
      { 'kpi-registered-volunteers-n': '60', 'kpi-registered-volunteers-d': '50' },
      'kpi-registered-volunteers',
      '注册志愿者占干部职工比例请填写注册志愿者人数和在编干部职工数（整数，前者不大于后者）。',
    ],
  ])('refuses %j beside its field', (values, field, message) => {
    expect(reportText({ summary: '完成', ...values }, def)).toEqual({ field, message });
  });
});

describe('the year report', () => {
  function record() {
    const r = sampleYearRecord();
    const task08 = r.items.find((i) => i.kind === 'task' && i.id === '08')!;
    const party = task08.branches.find((b) => b.id === 'party-committee')!;
    party.report = {
      ...party.report!,
      heldOn: '2020-06-18',
      place: '市民中心广场',
      participants: 46,
      publicity: ['https://news.example.cn/a'],
      honours: ['吴芳被评为无锡市优秀志愿者'],
    };
    const kpi = task08.kpis.find((k) => k.id === 'registered-volunteers')!;
    Object.assign(kpi, { value: 92, numerator: 46, denominator: 50 });
    return r;
  }

  it('shows each report’s 台账 and a rate with its counts', () => {
    const md = renderMarkdown(record());
    expect(md).toContain('**活动台账**');
    expect(md).toContain(
      '| 机关党委 | 2020年6月18日 | 市民中心广场 | 46 | [https://news.example.cn/a](https://news.example.cn/a) | 吴芳被评为无锡市优秀志愿者 |',
    );
    expect(md).toContain('| 注册志愿者占干部职工比例 | ≥90 | 92（46/50） |');
  });

  it('the CSV has a column for each', () => {
    const csv = renderCsv(record());
    const header = csv.slice(1).split('\r\n')[0].split(',');
    expect(header).toEqual([...CSV_HEADERS]);
    for (const h of ['活动时间', '地点', '参加人数', '宣传报道', '先进典型', '量化指标'])
      expect(header).toContain(h);
    const row = csv.split('\r\n').find((l) => l.includes('机关党委') && l.includes('第8项'))!;
    expect(row).toContain(
      ',2020-06-18,市民中心广场,46,https://news.example.cn/a,吴芳被评为无锡市优秀志愿者,',
    );
    expect(row).toContain('注册志愿者占干部职工比例：92（46/50）（要求≥90，达标）');
  });
});

describe('the portal’s item page', () => {
  it('asks a lead for the 台账 and for a rate as its two counts', () => {
    const def = definition2020('08');
    const state = initialState(def, 0);
    applyReport(
      state,
      { branch: 'party-committee', actor: '吴芳', summary: '完成', place: '市民中心广场', participants: 46 },
      AT,
    );
    const html = String(
      itemPage({
        link: {
          name: '吴芳',
          email: 'wu.fang@example.gov.cn',
          workflowId: 'civ-2020-task-08',
          role: { kind: 'lead', branch: 'party-committee' },
          issuedAt: 0,
          expiresAt: 0,
        },
        def,
        state,
        today: '2020-06-20',
        nowMs: Date.parse(AT),
        csrf: 'c',
        nonce: () => 'n',
        uploads: DEFAULT_UPLOADS,
      }).body,
    );
    expect(html).toContain('<legend>活动台账（复查评审用，可不填）</legend>');
    expect(html).toContain('<label for="kpi-registered-volunteers-n">注册志愿者人数</label>');
    expect(html).toContain('<label for="kpi-registered-volunteers-d">在编干部职工数</label>');
    expect(html).toContain('地点：市民中心广场；参加人数：46人');
  });
});
