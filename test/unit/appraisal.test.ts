// The appraisal and the year's summary of the sample year, checked against figures worked out by hand
// from the case list at the top of test/helpers/year-record-sample.ts.
import { appraisalScore, appraise, kpiStatus, summarizeYear } from '../../domain/appraisal';
import type { ItemRecord, YearRecord } from '../../domain/year-record';
import { LOGISTICS_NAME, sampleYearRecord } from '../helpers/year-record-sample';

function item(record: YearRecord, kind: ItemRecord['kind'], id: string): ItemRecord {
  const found = record.items.find((i) => i.kind === kind && i.id === id);
  if (!found) throw new Error(`no ${kind} ${id}`);
  return found;
}

describe('appraise', () => {
  // Formula of the sample: 100 × rate − 0.5 × late days − 2 × returns − 5 × missing.
  // Items per branch (tasks + themes + festivals, 春节 'past' left out):
  //   office          tasks 02 03 05 06 11 13 14 15                        = 8
  //   party-committee 13 tasks + 12 themes + 3 festivals                   = 28
  //   first-branch    tasks 01 07 09 10 12 15 + 12 themes + 3 festivals    = 21
  //   vehicle-service tasks 08 09 16 = 3; logistics tasks 08 09 13 16 = 4
  //   finance task 11; assets task 16; legal tasks 04 05
  const expected = [
    // branch, responsible, reported, onTime, expected, late days, returns, missing, score
    // office: return on task 14 → 100 − 2
    ['office', '办公室', 8, 8, 8, 8, 0, 1, 0, 98],
    // party-committee: return on task 03 → 100 − 2
    ['party-committee', '机关党委', 28, 28, 28, 28, 0, 1, 0, 98],
    // finance: task 11 five days late → 0 − 2.5, floored at 0
    ['finance', '财务处', 1, 1, 0, 1, 5, 0, 0, 0],
    // assets: never reported task 16 (12 days by the year end) → 0 − 6 − 5, floored at 0
    ['assets', '资产管理处', 1, 0, 0, 1, 12, 0, 1, 0],
    ['legal', '法规处', 2, 2, 2, 2, 0, 0, 0, 100],
    // first-branch: late task 12 (1), theme 06 (3), theme 11 (2, after a return) → 18/21:
    // 85.714… − 3 − 2 = 80.714… → 80.7
    ['first-branch', '机关第一支部', 21, 21, 18, 21, 6, 1, 0, 80.7],
    // vehicle-service: task 09 four days late → 66.666… − 2 = 64.666… → 64.7
    ['vehicle-service', '公务用车服务中心', 3, 3, 2, 3, 4, 0, 0, 64.7],
    // logistics: task 09 one day, task 13 two days late → 50 − 1.5 = 48.5
    ['logistics-service', LOGISTICS_NAME, 4, 4, 2, 4, 3, 0, 0, 48.5],
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
        r.expected,
        r.lateWorkingDays,
        r.returns,
        r.missing,
        r.score,
      ]),
    ).toEqual(expected);
    const rate = Object.fromEntries(rows.map((r) => [r.branch, r.onTimeRate]));
    expect(rate['first-branch']).toBeCloseTo(18 / 21, 12);
    expect(rate['vehicle-service']).toBeCloseTo(2 / 3, 12);
    expect(rate['logistics-service']).toBe(0.5);
    expect(rate.assets).toBe(0);
  });

  it('counts a missing report once the due date has passed in Asia/Shanghai, not in UTC', () => {
    const record = sampleYearRecord();
    const task16 = item(record, 'task', '16');
    task16.state = 'escalated';
    delete task16.completedAt;
    const assets = (at: string) =>
      appraise({ ...record, generatedAt: at }).find((r) => r.branch === 'assets');
    // 2020-12-15 23:30 in Wuxi, due that day: not missing yet, and nothing owed, so a full rate.
    expect(assets('2020-12-15T15:30:00Z')).toMatchObject({ missing: 0, expected: 0, onTimeRate: 1 });
    // 00:30 on the 16th in Wuxi, still the 15th in UTC: missing.
    expect(assets('2020-12-15T16:30:00Z')).toMatchObject({ missing: 1, expected: 1, onTimeRate: 0 });
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
    });
  });
});

describe('appraisalScore', () => {
  const formula = { onTimePoints: 100, perLateWorkingDay: 0.35, perReturn: 3, perMissing: 5 };

  it('rounds half up on the decimal figure, not on its binary approximation', () => {
    // 25 − 7.35 − 6 = 11.65, which binary arithmetic makes 11.649999999999999.
    expect(appraisalScore(formula, { onTimeRate: 0.25, lateWorkingDays: 21, returns: 2, missing: 0 })).toBe(
      11.7,
    );
  });

  it('never goes below zero', () => {
    expect(appraisalScore(formula, { onTimeRate: 0, lateWorkingDays: 3, returns: 0, missing: 1 })).toBe(0);
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
