// The year as a whole without Temporal: themes and festivals as items, what was past when the plan
// started, the bulletin days, the plan workflow's input and rules, the deputies in the plan schema,
// and what the people do in a previewed year.
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { defaultPlanPath } from '../../config/plan-files';
import { validatePlan } from '../../domain/plan';
import { checkPlanInput } from '../../domain/plan-input';
import {
  checkChangeLead,
  checkCloseYear,
  checkFinalSignOff,
  checkRevokeLinks,
  initialPlanState,
  planCounts,
} from '../../domain/plan-state';
import { festivalDefinition, themeDefinition } from '../../domain/item-definition';
import type { ItemSummary } from '../../domain/item-state';
import { pastItems, yearPlan } from '../../domain/year-plan';
import { LATE_WORKING_DAYS, previewActions } from '../../preview/actions';
import { previewStart } from '../../preview/run';
import { plan2020 } from '../helpers/plans';
import { rejected, why } from '../helpers/rejections';

const plan = plan2020();

describe('monthly themes and festivals as items', () => {
  test('a theme is announced on the month’s first working day and due on its last', () => {
    const may = themeDefinition(plan, 5);
    expect(may.ref).toMatchObject({
      kind: 'theme',
      id: '05',
      title: '“舞动青春”奉献月主题活动',
      due: '2020-05-29',
    });
    expect(may.announceOn).toBe('2020-05-06'); // 1-5 May is the Labour Day holiday
    // The plan's choice: the branches of task 10 lead and report the themes.
    expect(may.branches.map((b) => b.id)).toEqual(['party-committee', 'first-branch']);
    expect(may.signOff).toBe('office');
    expect(themeDefinition(plan, 10).announceOn).toBe('2020-10-09'); // after the National Day week
    expect(themeDefinition(plan, 12).ref.due).toBe('2020-12-31');
  });

  test('a festival is announced its lead days ahead and reported within working days after it', () => {
    const qingming = festivalDefinition(plan, 'qingming'); // 2020-04-04, 7 days ahead
    expect(qingming.ref).toMatchObject({
      kind: 'festival',
      id: 'qingming',
      title: '“我们的节日·清明”主题活动',
    });
    expect(qingming.festivalDate).toBe('2020-04-04');
    expect(qingming.announceOn).toBe('2020-03-27'); // 03-28 is a Saturday: the Friday before
    expect(qingming.ref.due).toBe('2020-04-09'); // 3 working days after the 4-6 April holiday
    const midautumn = festivalDefinition(plan, 'midautumn'); // 2020-10-01, inside the National Day week
    expect(midautumn.ref.due).toBe('2020-10-12'); // 10-09, Saturday 10-10 (调休), 10-12
  });

  test('branches carry the deputy head in charge of them', () => {
    const first = themeDefinition(plan, 3).branches.find((b) => b.id === 'first-branch');
    expect(first?.deputy).toEqual({
      id: 'chen-jing',
      name: '陈静',
      email: 'chen.jing@example.gov.cn',
      title: '机关党委书记',
    });
  });
});

describe('the year as the plan workflow sees it', () => {
  const y = yearPlan(plan);

  test('16 tasks, 12 themes, 4 festivals with their computed dates, a bulletin each month from February', () => {
    expect(y.tasks).toHaveLength(16);
    expect(y.themes.map((t) => t.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(y.festivals.map((f) => [f.id, f.date])).toEqual([
      ['spring', '2020-01-25'],
      ['qingming', '2020-04-04'],
      ['duanwu', '2020-06-25'],
      ['midautumn', '2020-10-01'],
    ]);
    expect(y.bulletinDays.slice(0, 4)).toEqual([
      { month: 2, day: '2020-02-03' },
      { month: 3, day: '2020-03-02' },
      { month: 4, day: '2020-04-01' },
      { month: 5, day: '2020-05-06' },
    ]);
    expect(y.lastWorkingDay).toBe('2020-12-31');
    expect(y.people.head).toEqual({ name: '王建国', email: 'wang.jianguo@example.gov.cn' });
  });

  test('春节 2020 and the themes of January and February were over when the plan was issued', () => {
    expect(pastItems(y, '2020-03-09').map((p) => `${p.kind} ${p.id}`)).toEqual([
      'theme 01',
      'theme 02',
      'festival spring',
    ]);
    expect(pastItems(y, '2020-01-01')).toEqual([]);
  });
});

describe('the plan workflow’s input and rules', () => {
  test('input: {year} only; state only from continue-as-new', () => {
    expect(checkPlanInput({ year: 2027 }, false)).toBeUndefined();
    expect(checkPlanInput({ year: '2027' }, false)).toBeUndefined();
    expect(checkPlanInput({}, false)).toBe(
      'input must be like {"year": 2027}; year must be a year from 2000 to 2100',
    );
    expect(checkPlanInput({ year: 2027, tasks: [] }, false)).toBe(
      'input must be like {"year": 2027}; unknown field "tasks"',
    );
    expect(checkPlanInput([2027], false)).toBe('input must be like {"year": 2027}');
    expect(checkPlanInput({ year: 2027, state: {} }, false)).toBe(
      'state is carried over by continue-as-new only: start with {"year": …}',
    );
    expect(checkPlanInput({ year: 2027, state: {} }, true)).toBeUndefined();
  });

  const people = yearPlan(plan).people;
  const item = (id: string, state: ItemSummary['state'], pending: string[] = []): ItemSummary => ({
    kind: 'task',
    id,
    workflowId: `civ-2020-task-${id}`,
    title: id,
    due: '2020-12-15',
    state,
    pending,
    escalationLevel: 0,
  });

  test('counts per state, the overdue, and who still owes reports', () => {
    const s = initialPlanState(2020, plan.organization, '2020-03-09T01:30:00Z');
    s.items = Object.fromEntries(
      [
        item('01', 'overdue', ['legal']),
        item('02', 'escalated', ['office', 'legal']),
        item('03', 'signed-off'),
        item('04', 'open', ['finance']),
      ].map((i) => [i.workflowId, i]),
    );
    expect(planCounts(s)).toEqual({
      byState: { overdue: 1, escalated: 1, 'signed-off': 1, open: 1 },
      overdue: 2,
      open: 3,
      pending: ['finance', 'legal', 'office'],
    });
  });

  test('only the head signs the year off, and only once everything has closed; the leading group closes it', () => {
    const s = initialPlanState(2020, plan.organization, '2020-03-09T01:30:00Z');
    s.items = { a: item('01', 'open', ['legal']) };
    expect(why(checkFinalSignOff(people, s, { actor: '赵丽', comment: '' }))).toEqual(
      rejected(
        'may-not-sign-off-year',
        'actor',
        '"赵丽" may not sign off the year: only the leading-group head may',
      ),
    );
    expect(why(checkFinalSignOff(people, s, { actor: '王建国', comment: '' }))).toEqual(
      rejected(
        'year-not-ready',
        undefined,
        'the 2020 plan is not ready for its final sign-off: 1 item(s) still open',
      ),
    );
    s.phase = 'awaiting-final-sign-off';
    expect(
      checkFinalSignOff(people, s, { actor: 'wang.jianguo@example.gov.cn', comment: '同意' }),
    ).toBeUndefined();
    expect(why(checkFinalSignOff(people, s, { actor: '王建国', comment: 1 } as never))).toEqual(
      rejected('malformed', 'comment', /^malformed final sign-off: comment:/),
    );
    expect(why(checkCloseYear(people, s, { actor: '何敏', reason: 'x' }))).toEqual(
      rejected(
        'may-not-close-year',
        'actor',
        '"何敏" is not in the leading group and may not close the year',
      ),
    );
    expect(why(checkCloseYear(people, s, { actor: '赵丽', reason: ' ' }))).toEqual(
      rejected('year-close-needs-reason', 'reason', 'closing the year needs a reason'),
    );
    expect(checkCloseYear(people, s, { actor: '赵丽', reason: '年度结转', nextYear: 2021 })).toBeUndefined();
    s.phase = 'closed';
    expect(why(checkCloseYear(people, s, { actor: '赵丽', reason: '年度结转' }))).toEqual(
      rejected('year-closed', undefined, 'the 2020 plan is already closed'),
    );
  });
});

describe("the plan workflow's people", () => {
  const people = yearPlan(plan).people;

  test('only the office and the head change a lead or revoke links, each with what it needs', () => {
    const s = initialPlanState(2020, plan.organization, '2020-03-09T01:30:00Z');
    const change = {
      actor: '王建国',
      branch: 'legal',
      lead: { name: '孙悦', email: 'sun.yue@example.gov.cn' },
    };
    expect(checkChangeLead(people, s, change)).toBeUndefined();
    expect(why(checkChangeLead(people, s, { ...change, actor: '何敏' }))).toEqual(
      rejected(
        'may-not-change-lead',
        'actor',
        '"何敏" may not change a branch\'s lead: only the office and the head may',
      ),
    );
    expect(why(checkChangeLead(people, s, { ...change, branch: 'nope' }))).toEqual(
      rejected('unknown-branch', 'branch', 'unknown branch "nope"'),
    );
    expect(
      why(checkChangeLead(people, s, { ...change, lead: { name: '何敏', email: 'He.Min@example.gov.cn' } })),
    ).toEqual(rejected('already-leads', 'lead.email', 'He.Min@example.gov.cn already leads branch "legal"'));
    expect(why(checkChangeLead(people, s, { ...change, lead: { name: '孙悦', email: 'nope' } }))).toEqual(
      rejected('malformed', 'lead.email', 'malformed change of lead: lead.email: must be an email address'),
    );
    const revoke = { actor: '王建国', email: 'he.min@example.gov.cn', reason: '链接被转发' };
    expect(checkRevokeLinks(people, s, revoke)).toBeUndefined();
    expect(why(checkRevokeLinks(people, s, { ...revoke, actor: '何敏' }))).toEqual(
      rejected(
        'may-not-revoke-links',
        'actor',
        '"何敏" may not revoke links: only the office and the head may',
      ),
    );
    expect(why(checkRevokeLinks(people, s, { ...revoke, reason: ' ' }))).toEqual(
      rejected('revocation-needs-reason', 'reason', 'a revocation needs a reason'),
    );
    // The year's links work for 30 days after it: they can be revoked signed off or closed.
    s.phase = 'signed-off';
    expect(checkRevokeLinks(people, s, revoke)).toBeUndefined();
    s.phase = 'closed';
    expect(checkRevokeLinks(people, s, revoke)).toBeUndefined();
  });
});

describe('deputies in the plan schema', () => {
  const raw = parse(readFileSync(defaultPlanPath(2020), 'utf8'));
  const errors = (change: (p: typeof raw) => void) => {
    const p = structuredClone(raw);
    change(p);
    const r = validatePlan(p);
    return r.ok ? [] : r.errors;
  };

  test('every branch names a known deputy head; the chain runs office, deputy, head', () => {
    expect(errors((p) => (p.branches[4].deputy = 'nobody'))).toEqual([
      'branches[4].deputy: unknown deputy "nobody"',
    ]);
    expect(errors((p) => delete p.branches[0].deputy)).toEqual(['branches[0].deputy: is required']);
    expect(errors((p) => (p.leadingGroup.deputies[1].id = 'li-ming'))).toEqual([
      'leadingGroup.deputies[1].id: duplicate "li-ming" (already used at index 0)',
      'branches[4].deputy: unknown deputy "zhang-hua"',
      'branches[6].deputy: unknown deputy "zhang-hua"',
      'branches[7].deputy: unknown deputy "zhang-hua"',
    ]);
    expect(errors((p) => (p.defaults.escalation.deputyAfterWorkingDays = 11))).toEqual([
      "defaults.escalation.deputyAfterWorkingDays: must not come after the head's escalation (headAfterWorkingDays 10)",
    ]);
    expect(errors((p) => (p.defaults.escalation.deputyAfterWorkingDays = 2))).toEqual([
      "defaults.escalation.deputyAfterWorkingDays: must not come before the office's escalation (graceWorkingDays 3)",
    ]);
  });
});

describe('a previewed year', () => {
  const start = previewStart(plan);
  const actions = previewActions(plan, new Set(['legal']), start);

  test('starts the day the plan was issued, and each later month’s theme on its 1st at 09:00', () => {
    expect(new Date(start).toISOString()).toBe('2020-03-09T01:30:00.000Z');
    const themes = actions
      .filter((a) => a.type === 'start-theme')
      .map((a) => a.type === 'start-theme' && a.month);
    expect(themes).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  test('branches report two working days ahead, the late one eight working days after; signers the day after', () => {
    const reports = actions.filter(
      (a) => a.type === 'report' && a.workflowId === 'civ-2020-task-05' && !a.input.milestone,
    );
    // Task 05, due Friday 2020-12-04: the office on Wednesday 12-02, legal 8 working days late.
    expect(
      reports.map((a) => [a.type === 'report' && a.input.branch, new Date(a.at).toISOString().slice(0, 10)]),
    ).toEqual([
      ['office', '2020-12-02'],
      ['legal', '2020-12-16'],
    ]);
    expect(LATE_WORKING_DAYS).toBe(8);
    const approve = actions.find((a) => a.type === 'approve' && a.workflowId === 'civ-2020-task-05');
    expect(approve && new Date(approve.at).toISOString().slice(0, 10)).toBe('2020-12-17');
    expect(actions.at(-1)).toMatchObject({ type: 'final-sign-off', actor: '王建国' });
  });
});

describe('who acts on the year is a verified address, never a name', () => {
  const people = yearPlan(plan).people;
  // A deputy head who shares the head's name.
  const namesakes = {
    ...people,
    leadingGroup: people.leadingGroup.map((p) =>
      p.email === 'li.ming@example.gov.cn' ? { ...p, name: '王建国' } : p,
    ),
  };
  const deputy = { actor: '王建国', actorEmail: 'li.ming@example.gov.cn' };

  test('a deputy who shares the head’s name changes no lead and signs nothing off', () => {
    const s = initialPlanState(2020, plan.organization, '2020-03-09T01:30:00Z');
    const change = { ...deputy, branch: 'legal', lead: { name: '外人', email: 'outsider@example.com' } };
    expect(why(checkChangeLead(namesakes, s, change))).toEqual(
      rejected(
        'may-not-change-lead',
        'actor',
        '"王建国 <li.ming@example.gov.cn>" may not change a branch\'s lead: only the office and the head may',
      ),
    );
    expect(why(checkChangeLead(namesakes, s, { ...change, actorEmail: undefined }))).toEqual(
      rejected('ambiguous-actor', 'actor', '"王建国" names 2 people of this plan: give the email address'),
    );
    expect(
      checkChangeLead(namesakes, s, { ...change, actorEmail: 'wang.jianguo@example.gov.cn' }),
    ).toBeUndefined();
    s.phase = 'awaiting-final-sign-off';
    expect(why(checkFinalSignOff(namesakes, s, { ...deputy, comment: '' }))).toEqual(
      rejected(
        'may-not-sign-off-year',
        'actor',
        '"王建国 <li.ming@example.gov.cn>" may not sign off the year: only the leading-group head may',
      ),
    );
    expect(
      why(checkRevokeLinks(namesakes, s, { ...deputy, email: 'he.min@example.gov.cn', reason: 'r' })),
    ).toEqual(rejected('may-not-revoke-links', 'actor', /may not revoke links/));
  });

  test('the final sign-off records where it came from', () => {
    const s = initialPlanState(2020, plan.organization, '2020-03-09T01:30:00Z');
    s.phase = 'awaiting-final-sign-off';
    const signOff = {
      actor: '王建国',
      actorEmail: 'wang.jianguo@example.gov.cn',
      comment: '同意',
      channel: 'portal' as const,
    };
    expect(checkFinalSignOff(people, s, signOff)).toBeUndefined();
    expect(checkFinalSignOff(people, s, { ...signOff, channel: 'cli', osUser: 'admin' })).toBeUndefined();
  });
});
