// 文明创建考评 (a 扣分制) and the year's summary of the sample year, checked against figures worked out
// by hand from the case list at the top of test/helpers/year-record-sample.ts.
import { appraisalScore, appraise, kpiStatus, summarizeYear } from '../../domain/appraisal';
import type { ItemRecord, YearRecord } from '../../domain/year-record';
import { validatePlan } from '../../domain/plan';
import { plan2020 } from '../helpers/plans';
import { LOGISTICS_NAME, SAMPLE_APPRAISAL, sampleYearRecord } from '../helpers/year-record-sample';

function item(record: YearRecord, kind: ItemRecord['kind'], id: string): ItemRecord {
  const found = record.items.find((i) => i.kind === kind && i.id === id);
  if (!found) throw new Error(`no ${kind} ${id}`);
  return found;
}

describe('appraise', () => {
  // 扣分制 of the sample: 100, −1 per late report, −3 per missing one, −0.5 per return.
  // Items per branch (tasks + themes + festivals, 春节 'past' left out):
  //   office          tasks 02 03 05 06 11 13 14 15                        = 8
  //   party-committee 13 tasks + 12 themes + 3 festivals                   = 28
  //   first-branch    tasks 01 07 09 10 12 15 + 12 themes + 3 festivals    = 21
  //   vehicle-service tasks 08 09 16 = 3; logistics tasks 08 09 13 16 = 4
  //   finance task 11; assets task 16; legal tasks 04 05
  const expected = [
    // branch, responsible, reported, onTime, late, missing, returns, late days, deductions, score
    // office: a return on task 14 → 100 − 0.5
    ['office', '办公室', 8, 8, 8, 0, 0, 1, 0, 0.5, 99.5],
    // party-committee: a return on task 03 → 100 − 0.5
    ['party-committee', '机关党委', 28, 28, 28, 0, 0, 1, 0, 0.5, 99.5],
    // finance: task 11 five days late → 100 − 1, not 0: a late report is not a missing one
    ['finance', '财务处', 1, 1, 0, 1, 0, 0, 5, 1, 99],
    // assets: never reported task 16 → 100 − 3, once (no late days, no on-time rate on top)
    ['assets', '资产管理处', 1, 0, 0, 0, 1, 0, 12, 3, 97],
    ['legal', '法规处', 2, 2, 2, 0, 0, 0, 0, 0, 100],
    // first-branch: task 12, themes 06 and 11 late, theme 11 also returned → 100 − 3 − 0.5
    ['first-branch', '机关第一支部', 21, 21, 18, 3, 0, 1, 6, 3.5, 96.5],
    // vehicle-service: task 09 late → 100 − 1
    ['vehicle-service', '公务用车服务中心', 3, 3, 2, 1, 0, 0, 4, 1, 99],
    // logistics: tasks 09 and 13 late → 100 − 2
    ['logistics-service', LOGISTICS_NAME, 4, 4, 2, 2, 0, 0, 3, 2, 98],
  ];

  it('gives every branch its counts and score, in the order of the record', () => {
    const rows = appraise(sampleYearRecord());
    expect(
      rows.map((r) => [
        r.branch,
        r.name,
        r.responsible,
        r.reported,
        r.onTime,
        r.late,
        r.missing,
        r.returns,
        r.lateWorkingDays,
        r.deductions,
        r.score,
      ]),
    ).toEqual(expected);
    const rate = Object.fromEntries(rows.map((r) => [r.branch, r.onTimeRate]));
    expect(rate['first-branch']).toBeCloseTo(18 / 21, 12);
    expect(rate['logistics-service']).toBe(0.5);
    expect(rate.assets).toBe(0);
  });

  it('one report five days late scores above none at all; a missing report is punished once', () => {
    const rows = appraise(sampleYearRecord());
    const finance = rows.find((r) => r.branch === 'finance')!;
    const assets = rows.find((r) => r.branch === 'assets')!;
    expect(finance.score).toBeGreaterThan(assets.score);
    expect(assets.deductions).toBe(SAMPLE_APPRAISAL.deductions.missing);
  });

  it('a branch with 1 item and one with 28 lose the same for one late report', () => {
    const record = sampleYearRecord();
    // Party committee (28 items): its return is taken back and one theme report comes late.
    for (const i of record.items) for (const b of i.branches) if (b.id === 'party-committee') b.returns = 0;
    const theme = item(record, 'theme', '05').branches.find((b) => b.id === 'party-committee')!;
    Object.assign(theme, { onTime: false, lateWorkingDays: 2 });
    const rows = appraise(record);
    const party = rows.find((r) => r.branch === 'party-committee')!;
    const finance = rows.find((r) => r.branch === 'finance')!;
    expect([party.responsible, finance.responsible]).toEqual([28, 1]);
    expect(party.score).toBe(99);
    expect(finance.score).toBe(99);
  });

  it('adds the 亮点 a branch reported, up to the cap', () => {
    const record = sampleYearRecord();
    const report = item(record, 'task', '04').branches.find((b) => b.id === 'legal')!.report!;
    report.publicity = [
      'https://news.example.cn/1',
      'https://news.example.cn/2',
      'https://news.example.cn/1',
    ];
    report.honours = ['法规处获评市级普法先进集体'];
    let legal = appraise(record).find((r) => r.branch === 'legal')!;
    expect(legal).toMatchObject({ publicity: 2, honours: 1, bonus: 3, score: 103 });
    report.honours = ['市级普法先进集体', '省级法治宣传先进单位'];
    legal = appraise(record).find((r) => r.branch === 'legal')!;
    expect(legal).toMatchObject({ bonus: 5, score: 105 }); // 1 + 4, capped at 5
  });

  it('counts a missing report once the due date has passed in Asia/Shanghai, not in UTC', () => {
    const record = sampleYearRecord();
    const task16 = item(record, 'task', '16');
    task16.state = 'escalated';
    delete task16.completedAt;
    const assets = (at: string) =>
      appraise({ ...record, generatedAt: at }).find((r) => r.branch === 'assets');
    // 2020-12-15 23:30 in Wuxi, due that day: not missing yet, and nothing owed, so a full rate.
    expect(assets('2020-12-15T15:30:00Z')).toMatchObject({
      missing: 0,
      expected: 0,
      onTimeRate: 1,
      score: 100,
    });
    // 00:30 on the 16th in Wuxi, still the 15th in UTC: missing.
    expect(assets('2020-12-15T16:30:00Z')).toMatchObject({
      missing: 1,
      expected: 1,
      onTimeRate: 0,
      score: 97,
    });
  });

  it('leaves out themes not started yet and festivals over before the plan', () => {
    const record = sampleYearRecord();
    const december = item(record, 'theme', '12');
    december.state = 'not-started';
    for (const b of december.branches) {
      delete b.report;
      b.onTime = undefined;
    }
    const rows = appraise(record);
    const first = rows.find((r) => r.branch === 'first-branch');
    expect(first).toMatchObject({ responsible: 20, reported: 20, onTime: 17, missing: 0 });
    // 春节 ('past') was never counted: 28 − theme 12.
    expect(rows.find((r) => r.branch === 'party-committee')?.responsible).toBe(27);
  });

  it('adds a branch that only the items name, after the record’s branches', () => {
    const record = sampleYearRecord();
    item(record, 'task', '04').branches.push({
      id: 'audit',
      name: '审计处',
      milestones: {},
      lateWorkingDays: 0,
      returns: 0,
    });
    const rows = appraise(record);
    expect(rows[rows.length - 1]).toMatchObject({
      branch: 'audit',
      name: '审计处',
      responsible: 1,
      missing: 1,
      score: 97,
    });
  });
});

describe('appraisalScore', () => {
  const rules = {
    base: 100,
    deductions: { late: 0.35, missing: 5, returned: 3, milestone: 0.5 },
    bonuses: { publicity: 0.5, honour: 2, cap: 5 },
  };
  const none = { late: 0, missing: 0, returns: 0, milestonesMissed: 0, publicity: 0, honours: 0 };

  it('rounds on the decimal figure, not on its binary approximation', () => {
    // 0.35 × 3 = 1.05, which binary arithmetic makes 1.0499999999999998.
    expect(appraisalScore(rules, { ...none, late: 3 })).toEqual({ deductions: 1.05, bonus: 0, score: 98.95 });
  });

  it('never goes below zero', () => {
    expect(appraisalScore(rules, { ...none, missing: 30 }).score).toBe(0);
  });
});

describe('summarizeYear', () => {
  const summary = summarizeYear(sampleYearRecord());

  it('dates every figure with the record’s day in Asia/Shanghai', () => {
    expect(summary.asOf).toBe('2021-01-08');
    expect(summary.items).toBe(32);
  });

  it('counts items per state and kind', () => {
    expect(summary.byKind.task).toMatchObject({ 'signed-off': 15, unfinished: 1, open: 0 });
    expect(summary.byKind.theme).toMatchObject({ 'signed-off': 12, unfinished: 0 });
    expect(summary.byKind.festival).toMatchObject({ 'signed-off': 3, past: 1 });
  });

  it('counts tasks per category and state', () => {
    expect(
      summary.byCategory.map((c) => [c.numeral, c.tasks, c.states['signed-off'], c.states.unfinished]),
    ).toEqual([
      ['一', 5, 5, 0],
      ['二', 2, 2, 0],
      ['三', 4, 4, 0],
      ['四', 3, 3, 0],
      ['五', 2, 1, 1],
    ]);
  });

  it('sets each KPI against its threshold', () => {
    expect(summary.kpis.map((k) => [k.item.id, k.id, k.value, k.min, k.status])).toEqual([
      ['05', 'law-awareness', 96, 95, 'met'],
      ['08', 'registered-volunteers', 92, 90, 'met'],
      ['08', 'active-volunteers', 85, 90, 'missed'],
      ['16', 'service-satisfaction', undefined, 95, 'not-reported'],
    ]);
    expect(summary.kpiCounts).toEqual({ met: 2, missed: 1, 'not-reported': 1 });
    expect(kpiStatus({ min: 90, value: 90 })).toBe('met');
  });

  it('tells, month by month, how many items were due and how many signed off', () => {
    // Due: themes 01-03 in March; task 09, theme 04 and 清明 in April; one theme a month; 端午 in
    // July, 中秋 in October, task 02 in November; the other 14 tasks and theme 12 in December.
    // Signed off: two working days after the due date (or the last report), task 16 never.
    expect(summary.months.map((m) => [m.month, m.due, m.signedOff])).toEqual([
      [1, 0, 0],
      [2, 0, 0],
      [3, 3, 2],
      [4, 6, 5],
      [5, 7, 6],
      [6, 8, 7],
      [7, 10, 9],
      [8, 11, 10],
      [9, 12, 11],
      [10, 14, 13],
      [11, 16, 14],
      [12, 31, 30],
    ]);
  });

  it('puts a sign-off in the month of its date in Asia/Shanghai', () => {
    const record = sampleYearRecord();
    const march = item(record, 'theme', '03');
    march.completedAt = '2020-03-31T15:30:00Z'; // 23:30 on 31 March in Wuxi
    expect(summarizeYear(record).months[2].signedOff).toBe(3);
    march.completedAt = '2020-03-31T16:30:00Z'; // 00:30 on 1 April in Wuxi, still March in UTC
    expect(summarizeYear(record).months[2].signedOff).toBe(2);
    expect(summarizeYear(record).months[3].signedOff).toBe(5);
  });
});

describe('the plan’s rules of 文明创建考评', () => {
  it('default to the 扣分制 when the plan writes none, and are read from it when it does', () => {
    const { appraisal: _rules, ...without } = plan2020();
    const result = validatePlan(without);
    expect(result.ok && result.plan.appraisal).toEqual(SAMPLE_APPRAISAL);
    expect(plan2020().appraisal).toEqual(SAMPLE_APPRAISAL);
  });

  it('refuse a missing report that costs no more than a late one', () => {
    const plan = plan2020();
    plan.appraisal.deductions.missing = 1;
    const result = validatePlan(plan);
    expect(!result.ok && result.errors).toEqual([
      'appraisal.deductions.missing: must be more than deductions.late (1)',
    ]);
  });
});
