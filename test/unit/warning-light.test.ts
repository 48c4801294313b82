// The dashboard's warning lights, on the real 2020 calendar: every light, the yellow window counted in
// working days (National Day holidays and 调休, a plan's own holiday, a Monday due date, the turn of
// the year), the escalation level and its reset, and the plan's threshold with its default.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { calendarTable, planYearTable, WorkCalendar } from '../../domain/calendar';
import { defaultPlanPath } from '../../config/plan-files';
import { validatePlan } from '../../domain/plan';
import {
  DEFAULT_YELLOW_WORKING_DAYS,
  escalationLevel,
  itemWarning,
  lightRules,
  warningLight,
  warningThresholds,
} from '../../domain/warning-light';
import type { BranchRecord, ItemRecord } from '../../domain/year-record';
import { plan2020 } from '../helpers/plans';

const cal = new WorkCalendar(planYearTable(2020));
const FIVE = { yellowWorkingDays: 5 };

/** Local time in Asia/Shanghai → ISO instant. */
function at(date: string, time = '10:00'): string {
  return new Date(`${date}T${time}:00+08:00`).toISOString();
}

function branch(id: string, name: string, reportedOn?: string): BranchRecord {
  return {
    id,
    name,
    ...(reportedOn && { report: { at: at(reportedOn), actor: '何敏', summary: '已完成。', evidence: [] } }),
    milestones: {},
    onTime: reportedOn === undefined ? undefined : true,
    lateWorkingDays: 0,
    returns: 0,
  };
}

/** Task 05, due Tuesday 2020-12-15, 法规处 and 办公室 responsible, neither reported yet. */
function task(over: Partial<ItemRecord> = {}): ItemRecord {
  return {
    kind: 'task',
    id: '05',
    workflowId: 'civ-2020-task-05',
    title: '积极开展普法知识教育',
    category: 1,
    due: '2020-12-15',
    originalDue: '2020-12-15',
    state: 'open',
    branches: [branch('legal', '法规处'), branch('office', '办公室')],
    kpis: [],
    notifications: [],
    failures: [],
    decisions: [],
    extensions: [],
    ...over,
  };
}

function notice(kind: string, day: string): ItemRecord['notifications'][number] {
  return { kind, at: at(day, '09:00'), to: ['wmcj@example.gov.cn'], subject: `【${kind}】` };
}

describe('the lights', () => {
  it('done: signed off, whatever the dates say', () => {
    const w = itemWarning(
      task({ state: 'signed-off', completedAt: at('2020-12-20') }),
      '2020-12-28',
      cal,
      FIVE,
    );
    expect(w).toMatchObject({ light: 'done', overdueWorkingDays: 0, pendingBranches: [] });
  });

  it.each(['not-started', 'scheduled', 'past'] as const)('none: %s asks nothing of anyone', (state) => {
    const w = itemWarning(task({ state }), '2020-12-28', cal, FIVE);
    expect(w).toMatchObject({ light: 'none', overdueWorkingDays: 0, pendingBranches: [] });
  });

  it('green: in progress, more than 5 working days to go', () => {
    // 12-08 … 12-15: six working days, today and the due date counted.
    const w = itemWarning(task(), '2020-12-08', cal, FIVE);
    expect(w).toMatchObject({ light: 'green', workingDaysLeft: 6, overdueWorkingDays: 0 });
    expect(w.pendingBranches.map((b) => b.id)).toEqual(['legal', 'office']);
  });

  it('yellow: within 5 working days with a report missing, up to and including the due date', () => {
    expect(itemWarning(task(), '2020-12-09', cal, FIVE)).toMatchObject({
      light: 'yellow',
      workingDaysLeft: 5,
    });
    expect(itemWarning(task(), '2020-12-15', cal, FIVE)).toMatchObject({
      light: 'yellow',
      workingDaysLeft: 1,
    });
    const oneLeft = task({ branches: [branch('legal', '法规处', '2020-12-08'), branch('office', '办公室')] });
    const w = itemWarning(oneLeft, '2020-12-10', cal, FIVE);
    expect(w.light).toBe('yellow');
    expect(w.pendingBranches.map((b) => b.name)).toEqual(['办公室']);
  });

  it('yellow, not red, from the first day late until the office chases (催办); overdue working days skip the weekend', () => {
    expect(itemWarning(task(), '2020-12-16', cal, FIVE)).toMatchObject({
      light: 'yellow',
      overdueWorkingDays: 1,
      workingDaysLeft: 0,
    });
    // 12-16, 17, 18 and Monday 21, the overdue notice sent but no 催办 yet.
    const noticed = task({ state: 'overdue', notifications: [notice('overdue', '2020-12-16')] });
    expect(itemWarning(noticed, '2020-12-21', cal, FIVE)).toMatchObject({
      light: 'yellow',
      overdueWorkingDays: 4,
      escalationLevel: 0,
    });
  });

  it('red: still outstanding after 催办, whatever day the record calls it', () => {
    expect(warningLight(task({ state: 'overdue' }), '2020-12-10', cal, FIVE)).toBe('yellow');
    const escalated = task({
      state: 'escalated',
      notifications: [notice('escalation-office', '2020-12-18')],
    });
    expect(itemWarning(escalated, '2020-12-18', cal, FIVE)).toMatchObject({
      light: 'red',
      overdueWorkingDays: 3,
      escalationLevel: 1,
    });
    // Chased, then every report came in: no longer red.
    const done = {
      ...escalated,
      state: 'awaiting-sign-off' as const,
      branches: [branch('legal', '法规处', '2020-12-18'), branch('office', '办公室', '2020-12-18')],
    };
    expect(warningLight(done, '2020-12-18', cal, FIVE)).toBe('green');
  });

  it('the rule is written for the dashboard', () => {
    expect(lightRules(5)).toEqual({
      red: '经领导小组办公室催办后仍未报送，或年度结束时仍未完成',
      yellow:
        '距截止日期5个工作日以内（含当日，节假日不计，调休上班日计入）仍有责任单位未报送（临期），已逾期尚未催办，阶段节点已过仍未报送进展，或材料报齐后待审核超过5个工作日',
      green: '按计划推进',
    });
  });

  it('red: unfinished at the year end, late until the day it ended rather than today', () => {
    const unfinished = task({
      state: 'unfinished',
      completedAt: at('2020-12-31', '23:59'),
      branches: [branch('legal', '法规处', '2020-12-10'), branch('office', '办公室')],
    });
    // 12-16 … 12-31: twelve working days, and the new year's days do not add to them.
    const w = itemWarning(unfinished, '2021-01-08', cal, FIVE);
    expect(w).toMatchObject({ light: 'red', overdueWorkingDays: 12 });
    expect(w.pendingBranches.map((b) => b.id)).toEqual(['office']);
  });

  it('a returned report is owed again: yellow once the due date has passed, red once chased', () => {
    const returned = task({
      state: 'returned',
      branches: [branch('legal', '法规处', '2020-12-10'), branch('office', '办公室')],
      decisions: [{ verdict: 'return', actor: '赵丽', comment: '请补充材料。', at: at('2020-12-14') }],
    });
    expect(warningLight(returned, '2020-12-14', cal, FIVE)).toBe('yellow');
    expect(warningLight(returned, '2020-12-16', cal, FIVE)).toBe('yellow');
    const chased = { ...returned, notifications: [notice('escalation-office', '2020-12-18')] };
    expect(warningLight(chased, '2020-12-18', cal, FIVE)).toBe('red');
  });

  it('awaiting sign-off: green, then yellow once the signer has waited more than the threshold', () => {
    const ready = task({
      state: 'awaiting-sign-off',
      branches: [branch('legal', '法规处', '2020-12-09'), branch('office', '办公室', '2020-12-10')],
    });
    // Past the due date but nothing is missing: not red.
    expect(itemWarning(ready, '2020-12-16', cal, FIVE)).toMatchObject({
      light: 'green',
      pendingBranches: [],
    });
    // Five working days after the last report (11, 14, 15, 16, 17), then six.
    expect(warningLight(ready, '2020-12-17', cal, FIVE)).toBe('green');
    expect(warningLight(ready, '2020-12-18', cal, FIVE)).toBe('yellow');
  });

  it('refuses a threshold that is not a whole number of days', () => {
    expect(() => itemWarning(task(), '2020-12-10', cal, { yellowWorkingDays: 0 })).toThrow(RangeError);
    expect(() => itemWarning(task(), '2020-12-10', cal, { yellowWorkingDays: 2.5 })).toThrow(RangeError);
    expect(() => itemWarning(task(), '2020-12-1', cal, FIVE)).toThrow(RangeError);
  });
});

describe('the yellow window is counted in working days', () => {
  it('the National Day holidays do not count: ten calendar days, two working days', () => {
    // 2020-10-01 … 10-08 off; due Friday 10-09.
    const due = task({ due: '2020-10-09', originalDue: '2020-10-09' });
    expect(itemWarning(due, '2020-09-30', cal, { yellowWorkingDays: 2 })).toMatchObject({
      light: 'yellow',
      workingDaysLeft: 2,
    });
    expect(warningLight(due, '2020-10-05', cal, { yellowWorkingDays: 1 })).toBe('yellow');
  });

  it('a 调休 working Saturday counts, and keeps a Monday due date out of a 2-day window', () => {
    // Saturday 2020-10-10 is a working day in lieu of the holidays.
    const due = task({ due: '2020-10-12', originalDue: '2020-10-12' });
    const two = { yellowWorkingDays: 2 };
    expect(itemWarning(due, '2020-10-09', cal, two)).toMatchObject({ light: 'green', workingDaysLeft: 3 });
    const table = planYearTable(2020);
    const withoutSwap = new WorkCalendar({
      holidays: table.holidays,
      workdays: table.workdays.filter((d) => d !== '2020-10-10'),
    });
    expect(itemWarning(due, '2020-10-09', withoutSwap, two)).toMatchObject({
      light: 'yellow',
      workingDaysLeft: 2,
    });
    // Sunday 2020-09-27 was a working day too: from it, 27, 28, 29, 30 and 10-09.
    const nine = task({ due: '2020-10-09', originalDue: '2020-10-09' });
    expect(itemWarning(nine, '2020-09-27', cal, FIVE)).toMatchObject({ light: 'yellow', workingDaysLeft: 5 });
    expect(itemWarning(nine, '2020-09-25', cal, FIVE)).toMatchObject({ light: 'green', workingDaysLeft: 6 });
  });

  it('a holiday the plan adds narrows the window', () => {
    const corrected = new WorkCalendar(
      calendarTable({ holidays: ['2020-12-14'], workdays: [] }, [2019, 2021]),
    );
    expect(warningLight(task(), '2020-12-08', cal, FIVE)).toBe('green');
    expect(itemWarning(task(), '2020-12-08', corrected, FIVE)).toMatchObject({
      light: 'yellow',
      workingDaysLeft: 5,
    });
  });

  it('a Monday due date: the weekend before it does not count, the days after it do', () => {
    const monday = task({ due: '2020-12-14', originalDue: '2020-12-14' });
    const two = { yellowWorkingDays: 2 };
    expect(warningLight(monday, '2020-12-10', cal, two)).toBe('green');
    expect(itemWarning(monday, '2020-12-11', cal, two)).toMatchObject({
      light: 'yellow',
      workingDaysLeft: 2,
    });
    expect(itemWarning(monday, '2020-12-12', cal, two)).toMatchObject({
      light: 'yellow',
      workingDaysLeft: 1,
    });
    expect(itemWarning(monday, '2020-12-14', cal, two)).toMatchObject({
      light: 'yellow',
      workingDaysLeft: 1,
    });
    expect(itemWarning(monday, '2020-12-15', cal, two)).toMatchObject({
      light: 'yellow',
      overdueWorkingDays: 1,
    });
    // Due Friday 12-11: on Monday it is one working day late, not three calendar days.
    const friday = task({ due: '2020-12-11', originalDue: '2020-12-11' });
    expect(itemWarning(friday, '2020-12-14', cal, two)).toMatchObject({
      light: 'yellow',
      overdueWorkingDays: 1,
    });
  });

  it('at the year end: due on New Year’s Eve, and late across the New Year holiday', () => {
    const eve = task({ due: '2020-12-31', originalDue: '2020-12-31' });
    // 12-28 … 12-31: four working days.
    expect(itemWarning(eve, '2020-12-28', cal, FIVE)).toMatchObject({ light: 'yellow', workingDaysLeft: 4 });
    // From Friday 12-25: 25, 28, 29, 30, 31; from Thursday one more.
    expect(warningLight(eve, '2020-12-25', cal, FIVE)).toBe('yellow');
    expect(warningLight(eve, '2020-12-24', cal, FIVE)).toBe('green');
    // 2021-01-01 … 01-03 off: on Monday 01-04 it is one working day late.
    expect(itemWarning(eve, '2021-01-04', cal, FIVE)).toMatchObject({
      light: 'yellow',
      overdueWorkingDays: 1,
    });
  });
});

describe('escalation level', () => {
  it('is the highest escalation sent: office 1, deputy 2, head 3; other emails do not count', () => {
    expect(escalationLevel(task())).toBe(0);
    expect(escalationLevel(task({ notifications: [notice('overdue', '2020-12-16')] }))).toBe(0);
    const chain = ['escalation-office', 'escalation-deputy', 'escalation-head'];
    for (let level = 1; level <= chain.length; level++) {
      const notifications = chain.slice(0, level).map((k, j) => notice(k, `2020-12-${18 + j}`));
      expect(escalationLevel(task({ notifications }))).toBe(level);
    }
    // The order they were recorded in does not matter.
    const shuffled = [notice('escalation-head', '2020-12-28'), notice('escalation-office', '2020-12-18')];
    expect(escalationLevel(task({ notifications: shuffled }))).toBe(3);
  });

  it('starts afresh after an extension or a return, as the workflow does', () => {
    const escalated = [notice('escalation-office', '2020-12-18'), notice('escalation-deputy', '2020-12-21')];
    const extension = {
      at: at('2020-12-22'),
      actor: '李明',
      from: '2020-12-15',
      to: '2020-12-24',
      reason: '配合市级考评安排。',
    };
    expect(escalationLevel(task({ notifications: escalated, extensions: [extension] }))).toBe(0);
    const after = [...escalated, notice('escalation-office', '2020-12-28')];
    expect(escalationLevel(task({ notifications: after, extensions: [extension] }))).toBe(1);
    const returned = {
      verdict: 'return' as const,
      actor: '赵丽',
      comment: '请补充材料。',
      at: at('2020-12-22'),
    };
    expect(escalationLevel(task({ notifications: escalated, decisions: [returned] }))).toBe(0);
    const approved = { ...returned, verdict: 'approve' as const };
    expect(escalationLevel(task({ notifications: escalated, decisions: [approved] }))).toBe(2);
  });
});

describe('the plan threshold (defaults.warning.yellowWorkingDays)', () => {
  const raw = parse(readFileSync(defaultPlanPath(2020), 'utf8'));

  function errorsWith(warning: unknown): string[] {
    const plan = structuredClone(raw);
    plan.defaults.warning = warning;
    const result = validatePlan(plan);
    return result.ok ? [] : result.errors;
  }

  it('defaults to 5 working days for a plan that does not set it', () => {
    expect(DEFAULT_YELLOW_WORKING_DAYS).toBe(5);
    const plan = plan2020();
    expect(plan.defaults.warning).toBeUndefined();
    expect(warningThresholds(plan)).toEqual({ yellowWorkingDays: 5 });
  });

  it('takes the plan’s own value', () => {
    const plan = structuredClone(raw);
    plan.defaults.warning = { yellowWorkingDays: 10 };
    const result = validatePlan(plan);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(warningThresholds(result.plan)).toEqual({ yellowWorkingDays: 10 });
  });

  it('refuses a value outside 1-30 whole working days, naming its path', () => {
    expect(errorsWith({ yellowWorkingDays: 1 })).toEqual([]);
    expect(errorsWith({ yellowWorkingDays: 30 })).toEqual([]);
    expect(errorsWith({ yellowWorkingDays: 0 })).toEqual([
      'defaults.warning.yellowWorkingDays: must be 1 to 30 working days',
    ]);
    expect(errorsWith({ yellowWorkingDays: 31 })).toEqual([
      'defaults.warning.yellowWorkingDays: must be 1 to 30 working days',
    ]);
    expect(errorsWith({ yellowWorkingDays: 2.5 })).toHaveLength(1);
    expect(errorsWith({})).toEqual(['defaults.warning.yellowWorkingDays: is required']);
    expect(errorsWith({ yellowWorkingDays: 5, redWorkingDays: 3 })).toHaveLength(1);
  });
});
