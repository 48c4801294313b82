// Milestones with teeth: a milestone passed without a progress report gets the follow-up of a due
// date, a notice (节点逾期提醒), a yellow light and points off in 文明创建考评.
import { planYearTable, WorkCalendar } from '../../domain/calendar';
import { appraise } from '../../domain/appraisal';
import { itemCalendar } from '../../domain/item-definition';
import { applyReport, initialState } from '../../domain/item-state';
import { buildNotification } from '../../domain/item-notifications';
import { agenda, planTimeline } from '../../domain/item-timeline';
import { renderNotification } from '../../domain/templates';
import { warningLight } from '../../domain/warning-light';
import type { ItemRecord } from '../../domain/year-record';
import { definition2020 } from '../helpers/plans';
import { sampleYearRecord } from '../helpers/year-record-sample';

// Task 01: 机关党委 and 机关第一支部, due 2020-12-15, milestone mid-year 上半年学习情况小结 on Tuesday 2020-06-30.
const def = definition2020('01');
const cal = itemCalendar(def);
const START = Date.parse('2020-03-09T01:00:00Z');

function followUps(rules?: Parameters<typeof planTimeline>[3]) {
  return planTimeline(def, initialState(def, START), cal, rules)
    .filter((p) => p.kind === 'milestone-overdue')
    .map((p) => [p.key, new Date(p.at).toISOString(), p.milestone]);
}

describe('the timeline', () => {
  it('plans a notice at 09:00 the working day after a milestone', () => {
    expect(followUps()).toEqual([
      ['milestone-overdue-mid-year-2020-06-30', '2020-07-01T01:00:00.000Z', 'mid-year'],
    ]);
  });

  it('not for items started before it, nor for version 1', () => {
    expect(followUps({ milestoneFollowUp: false })).toEqual([]);
    expect(followUps({ legacy: true })).toEqual([]);
  });

  it('never for a milestone that passed before the item was started', () => {
    const late = Date.parse('2020-11-02T01:00:00Z');
    const state = initialState(def, late);
    const { send, skip } = agenda(planTimeline(def, state, cal), state, late + 60_000);
    expect(send.map((p) => p.kind)).not.toContain('milestone-overdue');
    expect(skip.map((p) => p.kind)).toContain('milestone-overdue');
  });

  it('after a weekend or a holiday, on the next working day', () => {
    // Task 11's visits milestone is Wednesday 2020-09-30; 10-01 … 10-08 are the National Day holiday.
    const t11 = definition2020('11');
    const planned = planTimeline(t11, initialState(t11, START), itemCalendar(t11)).filter(
      (p) => p.kind === 'milestone-overdue' && p.milestone === 'visits',
    );
    expect(planned.map((p) => new Date(p.at).toISOString())).toEqual(['2020-10-09T01:00:00.000Z']);
  });
});

describe('the notice', () => {
  const ctx = (state: ReturnType<typeof initialState>) => ({
    def,
    state,
    cal,
    workflowId: 'civ-2020-task-01',
    today: '2020-07-01',
  });

  it('goes to the branches without a progress report (nor their final one), cc the office', () => {
    const state = initialState(def, START);
    applyReport(
      state,
      { branch: 'party-committee', actor: '吴芳', summary: '小结', milestone: 'mid-year' },
      '2020-06-29T02:00:00Z',
    );
    const n = buildNotification(ctx(state), 'milestone-overdue', 'k', { milestone: 'mid-year' });
    expect(n?.to.map((r) => r.email)).toEqual(['xu.wen@example.gov.cn']);
    expect(n?.cc?.map((r) => r.email)).toEqual(['wmcj@example.gov.cn']);
    expect(n?.late).toEqual([{ id: 'first-branch', name: '机关第一支部', daysLate: 1 }]);
    const { subject, text } = renderNotification(n!);
    expect(subject).toBe(
      '【节点逾期提醒】2020年文明单位创建第1项任务：深入学习贯彻新思想——上半年学习情况小结',
    );
    expect(text).toContain('阶段节点“上半年学习情况小结”已于2020年6月30日（星期二）到期');
    expect(text).toContain('尚未报送阶段进展情况，已逾期1个工作日');
    expect(text).toContain('逾期未报的阶段节点将纳入年度考评。特此提醒。');
  });

  it('is not sent once everybody reported', () => {
    const state = initialState(def, START);
    applyReport(
      state,
      { branch: 'party-committee', actor: '吴芳', summary: '小结', milestone: 'mid-year' },
      '2020-06-29T02:00:00Z',
    );
    applyReport(
      state,
      { branch: 'first-branch', actor: '许文', summary: '全部完成' },
      '2020-06-29T02:00:00Z',
    );
    expect(
      buildNotification(ctx(state), 'milestone-overdue', 'k', { milestone: 'mid-year' }),
    ).toBeUndefined();
  });
});

/** Task 01 of the sample year as recorded on `generatedAt`, with its milestone and `first-branch` silent. */
function recordWithMilestone(today: string) {
  const record = { ...sampleYearRecord(), generatedAt: `${today}T04:00:00.000Z` };
  const item = record.items.find((i) => i.kind === 'task' && i.id === '01')! as ItemRecord;
  item.state = 'open';
  delete item.completedAt;
  item.milestones = [{ id: 'mid-year', title: '上半年学习情况小结', due: '2020-06-30' }];
  for (const b of item.branches) {
    delete b.report;
    b.onTime = undefined;
    b.milestones = {};
  }
  const party = item.branches.find((b) => b.id === 'party-committee')!;
  party.milestones['mid-year'] = {
    at: '2020-06-29T02:00:00.000Z',
    actor: '吴芳',
    summary: '小结',
    evidence: [],
  };
  return { record, item };
}

describe('the light', () => {
  const yearCal = new WorkCalendar(planYearTable(2020));
  it('turns yellow once a milestone has passed without a branch’s progress report', () => {
    const five = { yellowWorkingDays: 5 };
    expect(warningLight(recordWithMilestone('2020-06-30').item, '2020-06-30', yearCal, five)).toBe('green');
    expect(warningLight(recordWithMilestone('2020-07-01').item, '2020-07-01', yearCal, five)).toBe('yellow');
    const { item } = recordWithMilestone('2020-07-01');
    item.branches.find((b) => b.id === 'first-branch')!.milestones['mid-year'] = {
      at: '2020-07-01T02:00:00.000Z',
      actor: '许文',
      summary: '补报',
      evidence: [],
    };
    expect(warningLight(item, '2020-07-01', yearCal, five)).toBe('green');
  });
});

describe('文明创建考评', () => {
  it('takes points off for a milestone missed, once per milestone and branch', () => {
    const score = (today: string, branch: string) =>
      appraise(recordWithMilestone(today).record).find((r) => r.branch === branch)!;
    expect(score('2020-06-30', 'first-branch').milestonesMissed).toBe(0);
    const late = score('2020-07-01', 'first-branch');
    const onTime = score('2020-07-01', 'party-committee');
    expect(late.milestonesMissed).toBe(1);
    expect(onTime.milestonesMissed).toBe(0);
    expect(late.deductions - score('2020-06-30', 'first-branch').deductions).toBe(0.5);
  });
});
