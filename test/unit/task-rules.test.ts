// The task's rules without Temporal: message validation, transitions, the notification timeline
// and who is told what.
import { WorkCalendar } from '../../domain/calendar';
import { buildNotification } from '../../domain/item-notifications';
import {
  applyAcknowledge,
  applyDecide,
  applyExtend,
  applyReport,
  applyYearEnd,
  checkAcknowledge,
  checkDecide,
  checkExtend,
  checkReport,
  displayState,
  initialState,
  recordSent,
  upgradeState,
  type DecideInput,
  type ExtendInput,
  type ReportInput,
  type ItemState,
} from '../../domain/item-state';
import { agenda, planTimeline, TimelineCache } from '../../domain/item-timeline';
import { definition2020 } from '../helpers/plans';
import { rejected, why } from '../helpers/rejections';

const cal = WorkCalendar.official();
const at = (iso: string) => Date.parse(iso);
const START = at('2020-11-02T01:30:00Z');

function fresh(id = '01') {
  const def = definition2020(id);
  return { def, state: initialState(def, START) };
}

const report = { actor: '测试', summary: '完成' };
/** Validation context on `today`; 2020's last five working days are kept for sign-off. */
const on = (today: string) => ({ today, latestDue: '2020-12-24' });

describe('message validation', () => {
  test('a report names a responsible branch, an actor, a summary and known KPIs in range', () => {
    const { def, state } = fresh('05');
    const check = (r: Partial<ReportInput>) =>
      why(checkReport(def, state, { ...report, branch: 'legal', ...r }));
    expect(check({})).toBeUndefined();
    expect(check({ branch: 'nope' })).toEqual(rejected('unknown-branch', 'branch', 'unknown branch "nope"'));
    expect(check({ branch: 'finance' })).toEqual(
      rejected('branch-not-responsible', 'branch', 'branch "finance" is not responsible for task 05'),
    );
    expect(check({ actor: ' ' })).toEqual(rejected('report-needs-actor', 'actor', 'a report needs an actor'));
    expect(check({ summary: '' })).toEqual(
      rejected('report-needs-summary', 'summary', 'a report needs a summary'),
    );
    expect(check({ kpis: { x: 1 } })).toEqual(rejected('unknown-kpi', 'kpis.x', 'task 05 has no KPI "x"'));
    expect(check({ kpis: { 'law-awareness': -1 } })).toEqual(
      rejected(
        'kpi-out-of-range',
        'kpis.law-awareness',
        'KPI "law-awareness" must be a percentage from 0 to 100, got -1',
      ),
    );
    expect(check({ milestone: 'zzz' })).toEqual(
      rejected('unknown-milestone', 'milestone', 'task 05 has no milestone "zzz"'),
    );
    expect(check({ evidence: 'not-a-list' as unknown as string[] })).toEqual(
      rejected('malformed', 'evidence', 'malformed report: evidence: must be a list of links'),
    );
  });

  test('input of the wrong shape, as typed into Temporal UI, is named precisely', () => {
    const { def, state } = fresh('05');
    const loose = (value: unknown) => value as never;
    expect(
      why(
        checkReport(
          def,
          state,
          loose({ branch: 'legal', actor: 'x', summary: 'y', kpis: { 'law-awareness': '96' } }),
        ),
      ),
    ).toEqual(
      rejected(
        'malformed',
        'kpis.law-awareness',
        'malformed report: kpis.law-awareness: must be a number (percent)',
      ),
    );
    expect(
      why(checkReport(def, state, loose({ branch: 'legal', actor: 'x', summary: 'y', extra: 1 }))),
    ).toEqual(rejected('malformed', undefined, 'malformed report: Unrecognized key: "extra"'));
    expect(why(checkReport(def, state, loose(null)))).toEqual(
      rejected('malformed', undefined, /^malformed report: /),
    );
    expect(
      why(checkDecide(def, state, loose({ verdict: 'ok', actor: '赵丽', comment: '' }), on('2020-11-02'))),
    ).toEqual(rejected('malformed', 'verdict', 'malformed decision: verdict: must be "approve" or "return"'));
    expect(
      why(checkExtend(def, state, loose({ actor: '李明', newDue: 20201220, reason: 'x' }), on('2020-11-02'))),
    ).toEqual(rejected('malformed', 'newDue', /^malformed extension: newDue: /));
  });

  test('only signers decide; approval waits for every branch and for KPIs or an override', () => {
    const { def, state } = fresh('05');
    const approve = { verdict: 'approve' as const, actor: '赵丽', comment: '' };
    const check = (d: DecideInput) => why(checkDecide(def, state, d, on('2020-11-02')));
    expect(check(approve)).toEqual(
      rejected(
        'not-ready-for-sign-off',
        undefined,
        'task 05 is not ready for sign-off: waiting for legal, office',
      ),
    );
    expect(check({ ...approve, actor: '何敏' })).toEqual(
      rejected('may-not-sign-off', 'actor', '"何敏" may not sign off task 05'),
    );
    applyReport(state, { ...report, branch: 'legal', kpis: { 'law-awareness': 94.5 } }, 't');
    applyReport(state, { ...report, branch: 'office' }, 't');
    expect(check(approve)).toEqual(
      rejected(
        'kpi-below-threshold',
        'overrideReason',
        'KPI below threshold (law-awareness 94.5% < 95%): approve with an override reason',
      ),
    );
    expect(check({ ...approve, overrideReason: '口径调整' })).toBeUndefined();
    expect(check({ ...approve, actor: 'wang.jianguo@example.gov.cn' })).toEqual(
      rejected('kpi-below-threshold', 'overrideReason', /^KPI/),
    );
    expect(check({ verdict: 'return', actor: '赵丽', comment: '' })).toEqual(
      rejected('return-needs-comment', 'comment', 'a return needs a comment saying what to rework'),
    );
    expect(check({ verdict: 'return', actor: '赵丽', comment: '补', newDue: '2021-01-05' })).toEqual(
      rejected(
        'due-date-outside-year',
        'newDue',
        'the new due date 2021-01-05 is outside the plan year 2020',
      ),
    );
  });

  test('a KPI never reported blocks approval too', () => {
    const { def, state } = fresh('08');
    for (const b of def.branches) applyReport(state, { ...report, branch: b.id }, 't');
    expect(
      why(checkDecide(def, state, { verdict: 'approve', actor: '赵丽', comment: '' }, on('2020-11-02'))),
    ).toEqual(rejected('kpi-below-threshold', 'overrideReason', /^KPI below threshold \(.*not reported/));
  });

  test('extensions: leading group only, with a reason, later than the current due date, not in the past', () => {
    const { def, state } = fresh();
    const ok = { actor: '李明', newDue: '2020-12-20', reason: '延期' };
    const check = (e: Partial<ExtendInput>, today = '2020-11-02') =>
      why(checkExtend(def, state, { ...ok, ...e }, on(today)));
    expect(check({})).toBeUndefined();
    expect(check({ actor: '吴芳' })).toEqual(
      rejected('may-not-extend', 'actor', '"吴芳" is not in the leading group and may not extend deadlines'),
    );
    expect(check({ reason: '' })).toEqual(
      rejected('extension-needs-reason', 'reason', 'an extension needs a reason'),
    );
    expect(check({ newDue: '2020-12-10' })).toEqual(
      rejected(
        'due-date-not-later',
        'newDue',
        'the new due date 2020-12-10 is not after the current one 2020-12-15',
      ),
    );
    expect(check({ newDue: '2020-12-20' }, '2020-12-21')).toEqual(
      rejected('due-date-in-past', 'newDue', 'the new due date 2020-12-20 is in the past'),
    );
    expect(check({ newDue: '20201220' })).toEqual(
      rejected('due-date-format', 'newDue', 'the new due date must be written YYYY-MM-DD'),
    );
    expect(check({ newDue: '2020-12-32' })).toEqual(
      rejected('due-date-not-real', 'newDue', 'the new due date 2020-12-32 is not a real calendar date'),
    );
    applyReport(state, { ...report, branch: def.branches[0].id }, 't');
    expect(
      why(
        checkDecide(
          def,
          state,
          { verdict: 'return', actor: '赵丽', comment: '补', newDue: '2020-11-31' },
          on('2020-11-02'),
        ),
      ),
    ).toEqual(
      rejected('due-date-not-real', 'newDue', 'the new due date 2020-11-31 is not a real calendar date'),
    );
  });

  test('nothing is accepted after sign-off', () => {
    const { def, state } = fresh();
    for (const b of def.branches) applyReport(state, { ...report, branch: b.id }, 't');
    applyDecide(state, { verdict: 'approve', actor: '赵丽', comment: '' }, 't', START);
    expect(why(checkReport(def, state, { ...report, branch: def.branches[0].id }))).toEqual(
      rejected('already-signed-off', undefined, 'task 01 is already signed off'),
    );
    expect(
      why(checkExtend(def, state, { actor: '李明', newDue: '2020-12-20', reason: 'x' }, on('2020-11-02'))),
    ).toEqual(rejected('already-signed-off', undefined, 'task 01 is already signed off'));
  });
});

describe('transitions', () => {
  test('the last report makes the task ready; a return reopens only the named branches', () => {
    const { def, state } = fresh();
    const [a, b] = def.branches;
    expect(applyReport(state, { ...report, branch: a.id }, 't1')).toEqual([]);
    expect(applyReport(state, { ...report, branch: b.id }, 't2')).toEqual(['ready-for-sign-off']);
    expect(state.phase).toBe('awaiting-sign-off');
    expect(
      applyDecide(state, { verdict: 'return', actor: '赵丽', comment: '补充', branches: [b.id] }, 't3', 99),
    ).toEqual(['returned']);
    expect(state.phase).toBe('returned');
    expect(state.branches.map((s) => !!s.report)).toEqual([true, false]);
    expect(state.horizon).toBe(99);
  });

  test('a milestone report does not count as the final report', () => {
    const { def, state } = fresh();
    for (const b of def.branches) applyReport(state, { ...report, branch: b.id, milestone: 'mid-year' }, 't');
    expect(state.phase).toBe('open');
    expect(state.branches.every((b) => b.milestones['mid-year'])).toBe(true);
  });

  test('display state: overdue after the due day, escalated once the office was told', () => {
    const { state } = fresh();
    expect(displayState(state, '2020-12-15')).toBe('open');
    expect(displayState(state, '2020-12-16')).toBe('overdue');
    state.escalationLevel = 1;
    expect(displayState(state, '2020-12-16')).toBe('escalated');
  });
});

describe('timeline', () => {
  const kinds = (state: ItemState, def = definition2020('01', (d) => (d.milestones = []))) =>
    planTimeline(def, state, cal).map((p) => `${p.kind} ${new Date(p.at).toISOString().slice(0, 10)}`);

  test('reminders, overdue notice and escalations on working days at 09:00', () => {
    const { state } = fresh();
    expect(kinds(state)).toEqual([
      'reminder 2020-12-01',
      'reminder 2020-12-11',
      'reminder 2020-12-14',
      'overdue 2020-12-16',
      'escalation-office 2020-12-18',
      'escalation-deputy 2020-12-23', // both branches are 陈静's: 6 working days late
      'escalation-office 2020-12-25',
      'escalation-head 2020-12-29',
      'escalation-deputy 2020-12-30',
    ]);
  });

  test('an extension moves every pending reminder and escalation', () => {
    const { def, state } = fresh();
    applyExtend(state, { actor: '李明', newDue: '2020-12-22', reason: 'x' }, 't', START);
    expect(kinds(state, { ...def, milestones: [] })).toEqual([
      'reminder 2020-12-08',
      'reminder 2020-12-18',
      'reminder 2020-12-21',
      'overdue 2020-12-23',
      'escalation-office 2020-12-25',
      'escalation-deputy 2020-12-30',
      // the next rounds fall in 2021, after the plan year: the task ends unfinished first
    ]);
  });

  test('milestones get reminders of their own', () => {
    const { state } = fresh();
    const def = definition2020('01');
    const milestone = def.milestones[0];
    const planned = planTimeline(def, state, cal).filter((p) => p.kind === 'milestone-reminder');
    expect(planned.map((p) => p.milestone)).toEqual([milestone.id, milestone.id, milestone.id]);
    expect(planned.every((p) => p.at < cal.endOfDay(milestone.due))).toBe(true);
  });

  test('of a series all due at once only the latest is sent; stale reminders are dropped', () => {
    const def = definition2020('01', (d) => (d.milestones = []));
    const state = initialState(def, at('2020-12-30T02:00:00Z')); // started long after the due date
    const { send, skip } = agenda(planTimeline(def, state, cal), state, at('2020-12-30T02:00:00Z'));
    expect(send.map((p) => p.kind)).toEqual([
      'overdue',
      'escalation-office',
      'escalation-head',
      'escalation-deputy',
    ]);
    expect(skip.map((p) => p.kind)).toEqual([
      'reminder',
      'reminder',
      'reminder',
      'escalation-office',
      'escalation-deputy',
    ]);
  });
});

describe('who is told', () => {
  test('reminders go only to branches that have not reported; escalations list how late each is', () => {
    const def = definition2020('01', (d) => (d.milestones = []));
    const state = initialState(def, START);
    const [done, missing] = def.branches;
    applyReport(state, { ...report, branch: done.id }, 't');
    const ctx = { def, state, cal, workflowId: 'civ-2020-task-01', today: '2020-12-18' };
    expect(buildNotification(ctx, 'reminder', 'k')?.to).toEqual([
      { ...missing.lead, role: { kind: 'lead', branch: missing.id } },
    ]);
    expect(buildNotification(ctx, 'escalation-office', 'k')).toMatchObject({
      to: [{ email: def.office.email }],
      late: [{ id: missing.id, name: missing.name, daysLate: 3 }],
    });
    expect(buildNotification(ctx, 'escalation-head', 'k')?.to).toEqual([
      { ...def.head, role: { kind: 'head' } },
    ]);
  });

  test('nobody left to remind means no message', () => {
    const def = definition2020('01', (d) => (d.milestones = []));
    const state = initialState(def, START);
    for (const b of def.branches) applyReport(state, { ...report, branch: b.id }, 't');
    const ctx = { def, state, cal, workflowId: 'w', today: '2020-12-01' };
    expect(buildNotification(ctx, 'reminder', 'k')).toBeUndefined();
    expect(buildNotification(ctx, 'overdue', 'k')).toBeUndefined();
  });
});

describe('version 2 rules', () => {
  test('a return needs something to return: a report from every branch it names', () => {
    const { def, state } = fresh('05');
    const back = { verdict: 'return' as const, actor: '赵丽', comment: '补充材料' };
    expect(why(checkDecide(def, state, back, on('2020-11-02')))).toEqual(
      rejected(
        'nothing-to-return',
        undefined,
        'no branch has reported on task 05 yet: there is nothing to return',
      ),
    );
    applyReport(state, { ...report, branch: 'legal' }, 't');
    expect(why(checkDecide(def, state, { ...back, branches: ['office'] }, on('2020-11-02')))).toEqual(
      rejected(
        'branch-not-reported',
        'branches',
        'branch "office" has not reported yet: there is nothing to return',
      ),
    );
    expect(why(checkDecide(def, state, { ...back, branches: ['finance'] }, on('2020-11-02')))).toEqual(
      rejected('branch-not-responsible', 'branches', 'branch "finance" is not responsible for task 05'),
    );
    expect(checkDecide(def, state, back, on('2020-11-02'))).toBeUndefined();
    // Without named branches, a return sends back exactly the reports there are.
    applyDecide(state, back, 't2', START);
    expect(state.decisions[0].rework).toEqual(['legal']);
  });

  test('a new due date must leave the review days free', () => {
    const { def, state } = fresh();
    const ext = { actor: '李明', reason: '延期', newDue: '2020-12-25' };
    expect(why(checkExtend(def, state, ext, on('2020-11-02')))).toEqual(
      rejected(
        'due-date-too-late',
        'newDue',
        'the new due date 2020-12-25 leaves no time for sign-off: the latest due date in 2020 is 2020-12-24',
      ),
    );
    expect(checkExtend(def, state, { ...ext, newDue: '2020-12-24' }, on('2020-11-02'))).toBeUndefined();
  });

  test('an escalation planned before an extension does not raise the level the extension reset', () => {
    const { state } = fresh();
    const sent = (kind: 'escalation-office' | 'escalation-head') => ({
      workflowId: 'w',
      key: kind,
      kind,
      to: [],
      subject: '',
      messageId: '',
      sentAt: '',
      deduplicated: false,
    });
    applyExtend(state, { actor: '李明', newDue: '2020-12-22', reason: 'x' }, 't', at('2020-12-18T02:00:00Z'));
    recordSent(state, sent('escalation-office'), at('2020-12-18T01:00:00Z'));
    expect(state.escalationLevel).toBe(0);
    recordSent(state, sent('escalation-office'), at('2020-12-18T01:00:00Z'), { raiseStale: true }); // version 1
    expect(state.escalationLevel).toBe(1);
    recordSent(state, sent('escalation-head'), at('2020-12-28T01:00:00Z'));
    expect(state.escalationLevel).toBe(3);
  });

  test('the year end: unfinished, and why', () => {
    const open = fresh().state;
    expect(applyYearEnd(open, 't')).toEqual(['unfinished']);
    expect([open.phase, open.unfinishedReason]).toEqual(['unfinished', 'reports-missing']);
    const { def, state: ready } = fresh();
    for (const b of def.branches) applyReport(ready, { ...report, branch: b.id }, 't');
    applyYearEnd(ready, 't');
    expect(ready.unfinishedReason).toBe('not-signed-off');
    const late = fresh().state;
    expect(applyYearEnd(late, 't', true)).toEqual([]);
    expect(late.unfinishedReason).toBe('started-after-year');
  });

  test('signers are reminded after the due date, on the escalation cadence and on the last working day', () => {
    const def = definition2020('01', (d) => (d.milestones = []));
    const state = initialState(def, START);
    for (const b of def.branches) applyReport(state, { ...report, branch: b.id }, '2020-11-20T02:00:00.000Z');
    const planned = planTimeline(def, state, cal);
    expect(planned.map((p) => [p.kind, new Date(p.at).toISOString().slice(0, 10), p.lastWorkingDay])).toEqual(
      [
        ['sign-off-reminder', '2020-12-18', false], // due 12-15, + 3 working days
        ['sign-off-reminder', '2020-12-25', false], // + 5
        ['sign-off-reminder', '2020-12-31', true], // the year's last working day
      ],
    );
    expect(planTimeline(def, state, cal, { legacy: true })).toEqual([]);
  });

  test('the timeline cache computes again only when phase, due date or readiness change', () => {
    const def = definition2020('01', (d) => (d.milestones = []));
    const state = initialState(def, START);
    const cache = new TimelineCache(def, cal);
    const first = cache.get(state);
    expect(cache.get(state)).toBe(first);
    applyExtend(state, { actor: '李明', newDue: '2020-12-22', reason: 'x' }, 't', START);
    expect(cache.get(state)).not.toBe(first);
  });

  test('who hears of an extension, a sign-off reminder, an unfinished task and a delivery failure', () => {
    const def = definition2020('01', (d) => (d.milestones = []));
    const state = initialState(def, START);
    const [done, missing] = def.branches;
    const ctx = { def, state, cal, workflowId: 'civ-2020-task-01', today: '2020-12-18' };
    applyReport(state, { ...report, branch: done.id }, 't');
    applyExtend(state, { actor: '李明', newDue: '2020-12-22', reason: '等待' }, 't', START);
    expect(buildNotification(ctx, 'extended', 'k')).toMatchObject({
      to: [missing.lead],
      cc: [{ email: def.office.email }],
      extension: { from: '2020-12-15', to: '2020-12-22', actor: '李明', reason: '等待' },
      sequence: 1,
    });
    applyYearEnd(state, 't');
    expect(buildNotification(ctx, 'unfinished', 'k')).toMatchObject({
      to: [missing.lead],
      cc: [{ email: def.office.email }],
      unfinished: { reason: 'reports-missing' },
    });
    const failure = { key: 'k', kind: 'reminder' as const, recipients: ['x@example.gov.cn'], reason: '550' };
    const notice = buildNotification(ctx, 'delivery-failed', 'k', { failure });
    expect(notice?.to).toEqual([
      { name: def.office.name, email: def.office.email, role: { kind: 'office' } },
    ]);
    expect(notice?.cc?.map((r) => r.email)).toEqual(def.office.staff.map((p) => p.email));
    expect(notice?.failure).toEqual(failure);
    const ready = initialState(def, START);
    for (const b of def.branches) applyReport(ready, { ...report, branch: b.id }, '2020-12-01T02:00:00.000Z');
    expect(
      buildNotification({ ...ctx, state: ready }, 'sign-off-reminder', 'k', { lastWorkingDay: true }),
    ).toMatchObject({
      to: [{ email: def.office.email }],
      signOff: { readySince: '2020-12-01T02:00:00.000Z', lastWorkingDay: true },
    });
  });
});

describe('签收', () => {
  test('a branch acknowledges once; the reminder goes N working days after the assignment to the silent ones', () => {
    const { def, state } = fresh('05');
    expect(def.acknowledgeWorkingDays).toBe(3);
    expect(checkAcknowledge(state, { branch: 'legal', actor: '何敏', channel: 'portal' })).toBeUndefined();
    expect(why(checkAcknowledge(state, { branch: 'finance', actor: 'x' }))).toEqual(
      rejected('branch-not-responsible', 'branch', 'branch "finance" is not responsible for task 05'),
    );
    expect(why(checkAcknowledge(state, { branch: 'legal', actor: ' ' }))).toEqual(
      rejected('acknowledgement-needs-actor', 'actor', 'an acknowledgement needs an actor'),
    );
    expect(why(checkAcknowledge(state, { branch: 'legal', actor: 'x', channel: 'web' } as never))).toEqual(
      rejected('malformed', 'channel', /^malformed acknowledgement: channel: /),
    );
    // Before the assignment went out, nothing is planned.
    expect(planTimeline(def, state, cal).some((p) => p.kind === 'acknowledge-reminder')).toBe(false);
    // Assigned on Friday 2020-09-25: three working days on, across the National Day holidays
    // (10-01 to 10-08, with 调休 on Sunday 09-27 and Saturday 10-10), is Tuesday 09-29.
    state.assignedAt = '2020-09-25T01:00:00.000Z';
    const planned = planTimeline(def, state, cal).filter((p) => p.kind === 'acknowledge-reminder');
    expect(planned.map((p) => p.key)).toEqual(['acknowledge-reminder-2020-09-29']);
    expect(planned[0].at).toBe(cal.at0900('2020-09-29'));

    applyAcknowledge(state, { branch: 'legal', actor: '何敏', channel: 'portal' }, '2020-09-28T02:00:00Z');
    expect(why(checkAcknowledge(state, { branch: 'legal', actor: '何敏' }))).toEqual(
      rejected('already-acknowledged', 'branch', 'branch "legal" has already acknowledged task 05'),
    );
    const ctx = { def, state, cal, workflowId: 'civ-2020-task-05', today: '2020-09-29' };
    const reminder = buildNotification(ctx, 'acknowledge-reminder', 'acknowledge-reminder-2020-09-29');
    expect(reminder?.to.map((r) => r.role)).toEqual([{ kind: 'lead', branch: 'office' }]);
    expect(reminder?.assignedOn).toBe('2020-09-25');
    // A branch that reported without acknowledging is not reminded either.
    applyReport(state, { ...report, branch: 'office' }, '2020-09-28T03:00:00Z');
    expect(buildNotification(ctx, 'acknowledge-reminder', 'k')).toBeUndefined();
  });

  test('no reminder when the window reaches the due date, or for a definition from before 签收', () => {
    const { def, state } = fresh('05');
    state.assignedAt = '2020-12-10T01:00:00.000Z';
    expect(planTimeline(def, state, cal).some((p) => p.kind === 'acknowledge-reminder')).toBe(false);
    const { acknowledgeWorkingDays: _omitted, ...older } = def;
    state.assignedAt = '2020-09-25T01:00:00.000Z';
    expect(planTimeline(older, state, cal).some((p) => p.kind === 'acknowledge-reminder')).toBe(false);
  });
});

test('a state carried over by continue-as-new from before the one vocabulary keeps its item id', () => {
  const { state } = fresh('05');
  const { id, ...rest } = state;
  const carried = { ...rest, task: id } as unknown as ItemState;
  const upgraded = upgradeState(carried);
  expect(upgraded.id).toBe(id);
  expect(upgraded).not.toHaveProperty('task');
  expect(upgradeState(state)).toEqual(state);
});

describe('who acts is a verified address, never a name', () => {
  // Two 王建国 in one bureau: the head, and a deputy head who shares his name.
  function namesake() {
    const { def, state } = fresh('05');
    def.signOff = 'head';
    const deputy = def.deputies.find((d) => d.email === 'li.ming@example.gov.cn')!;
    deputy.name = '王建国';
    applyReport(state, { ...report, branch: 'legal', kpis: { 'law-awareness': 97 } }, 't');
    applyReport(state, { ...report, branch: 'office' }, 't');
    state.phase = 'awaiting-sign-off';
    return { def, state };
  }
  const approve = { verdict: 'approve' as const, actor: '王建国', comment: '同意' };

  test('a deputy who shares the head’s name does not decide a head-signed task', () => {
    const { def, state } = namesake();
    const check = (d: DecideInput) => why(checkDecide(def, state, d, on('2020-11-02')));
    expect(check({ ...approve, actorEmail: 'li.ming@example.gov.cn' })).toEqual(
      rejected('may-not-sign-off', 'actor', '"王建国 <li.ming@example.gov.cn>" may not sign off task 05'),
    );
    expect(check({ ...approve, actorEmail: 'Wang.Jianguo@example.gov.cn' })).toBeUndefined();
    // A name alone (typed into the CLI or Temporal UI) is taken only when one person carries it.
    expect(check(approve)).toEqual(
      rejected('ambiguous-actor', 'actor', '"王建国" names 2 people of this plan: give the email address'),
    );
    expect(check({ ...approve, actor: 'wang.jianguo@example.gov.cn' })).toBeUndefined();
    expect(check({ ...approve, actor: '赵丽' })).toEqual(
      rejected('may-not-sign-off', 'actor', '"赵丽" may not sign off task 05'),
    );
  });

  test('a branch lead who shares an office member’s name does not extend a deadline', () => {
    const { def, state } = fresh('05');
    def.branches.find((b) => b.id === 'legal')!.lead.name = '赵丽';
    const extend = {
      actor: '赵丽',
      actorEmail: 'he.min@example.gov.cn',
      newDue: '2020-12-18',
      reason: '统筹',
    };
    expect(why(checkExtend(def, state, extend, on('2020-11-02')))).toEqual(
      rejected(
        'may-not-extend',
        'actor',
        '"赵丽 <he.min@example.gov.cn>" is not in the leading group and may not extend deadlines',
      ),
    );
    expect(
      checkExtend(def, state, { ...extend, actorEmail: 'zhao.li@example.gov.cn' }, on('2020-11-02')),
    ).toBe(undefined);
  });

  test('a report or 签收 from a verified address is the branch lead’s (or the office’s, entering it)', () => {
    const { def, state } = fresh('05');
    const ack = (actorEmail: string) => ({ branch: 'legal', actor: '何敏', actorEmail });
    const from = (actorEmail: string) => ({ ...report, ...ack(actorEmail) });
    expect(why(checkReport(def, state, from('zhou.qiang@example.gov.cn')))).toEqual(
      rejected(
        'may-not-report',
        'actor',
        '"何敏 <zhou.qiang@example.gov.cn>" does not lead branch "legal" and may not report or acknowledge for it',
      ),
    );
    expect(why(checkAcknowledge(state, ack('zhou.qiang@example.gov.cn'), def))).toEqual(
      rejected('may-not-report', 'actor', /does not lead branch "legal"/),
    );
    expect(checkReport(def, state, from('He.Min@example.gov.cn'))).toBeUndefined();
    expect(checkReport(def, state, from('zhao.li@example.gov.cn'))).toBeUndefined();
    expect(checkAcknowledge(state, ack('he.min@example.gov.cn'), def)).toBeUndefined();
  });

  test('the audit trail keeps the name and the address', () => {
    const { def, state } = fresh('05');
    applyAcknowledge(state, { branch: 'legal', actor: '何敏', actorEmail: 'he.min@example.gov.cn' }, 't1');
    applyReport(
      state,
      { ...report, branch: 'legal', actor: '何敏', actorEmail: 'he.min@example.gov.cn' },
      't2',
    );
    applyExtend(
      state,
      { actor: '赵丽', actorEmail: 'zhao.li@example.gov.cn', newDue: '2020-12-18', reason: 'r' },
      't3',
      0,
    );
    applyDecide(
      state,
      { verdict: 'return', actor: '赵丽', actorEmail: 'zhao.li@example.gov.cn', comment: '补' },
      't4',
      0,
    );
    expect(state.acknowledged?.legal).toMatchObject({ actor: '何敏', actorEmail: 'he.min@example.gov.cn' });
    expect(state.extensions[0]).toMatchObject({ actor: '赵丽', actorEmail: 'zhao.li@example.gov.cn' });
    expect(state.decisions[0]).toMatchObject({ actor: '赵丽', actorEmail: 'zhao.li@example.gov.cn' });
    applyReport(
      state,
      { ...report, branch: 'legal', actor: '何敏', actorEmail: 'he.min@example.gov.cn' },
      't5',
    );
    expect(state.branches.find((b) => b.id === 'legal')?.report).toMatchObject({
      actor: '何敏',
      actorEmail: 'he.min@example.gov.cn',
    });
    expect(def).toBeDefined();
  });
});
