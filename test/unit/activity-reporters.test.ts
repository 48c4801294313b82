// Who owes the report of a monthly theme or a festival: a plan choice (activities.reportedBy), read
// when the item's definition is built. The shipped plans let the branches of the activities' own
// tasks lead and report (10 for the themes, 07 for 我们的节日); `all` has every branch report.
import { festivalDefinition, itemCalendar, themeDefinition } from '../../domain/item-definition';
import { buildNotification } from '../../domain/item-notifications';
import { initialState } from '../../domain/item-state';
import { renderNotification } from '../../domain/templates';
import { validatePlan } from '../../domain/plan';
import { plan2020 } from '../helpers/plans';

describe('activities.reportedBy', () => {
  it('lead: the branches of task 10 report the themes, those of task 07 the festivals', () => {
    const plan = plan2020();
    expect(plan.activities).toMatchObject({ reportedBy: 'lead', tasks: { themes: '10', festivals: '07' } });
    expect(themeDefinition(plan, 5).branches.map((b) => b.name)).toEqual(['机关党委', '机关第一支部']);
    expect(festivalDefinition(plan, 'duanwu').branches.map((b) => b.name)).toEqual([
      '机关党委',
      '机关第一支部',
    ]);
  });

  it('财务处 owes no activity report of its own any more (12 themes and 4 festivals with all)', () => {
    const owed = (plan: ReturnType<typeof plan2020>) =>
      [
        ...plan.themes.map((t) => themeDefinition(plan, t.month)),
        ...plan.festivals.map((f) => festivalDefinition(plan, f.id)),
      ].filter((d) => d.branches.some((b) => b.id === 'finance')).length;
    const all = plan2020();
    all.activities.reportedBy = 'all';
    expect(owed(all)).toBe(16);
    expect(owed(plan2020())).toBe(0);
  });

  it('lead: the others take part, copied on the announcement, which says who reports', () => {
    const plan = plan2020();
    const def = themeDefinition(plan, 5);
    const others = plan.branches.filter((b) => !['party-committee', 'first-branch'].includes(b.id));
    expect(def.participants?.map((b) => b.id)).toEqual(others.map((b) => b.id));
    const announce = (d: typeof def) =>
      buildNotification(
        { def: d, state: initialState(d, 0), cal: itemCalendar(d), workflowId: 'w', today: '2020-05-06' },
        'assignment',
        'assignment',
      )!;
    const n = announce(def);
    expect(n.to.map((r) => r.email)).toEqual(['wu.fang@example.gov.cn', 'xu.wen@example.gov.cn']);
    expect(n.cc?.map((r) => r.email)).toEqual([
      plan.leadingGroup.office.email,
      ...others.map((b) => b.lead.email),
    ]);
    const { text } = renderNotification(n);
    expect(text).toMatch(/^机关党委、机关第一支部：\n/);
    expect(text).toContain(
      `本次活动由机关党委、机关第一支部牵头组织并报送开展情况；${others.map((b) => b.name).join('、')}积极参与，不单独报送。`,
    );
    // With every branch reporting, nobody is only copied and the sentence is not there.
    const all = plan2020();
    all.activities.reportedBy = 'all';
    const everyone = themeDefinition(all, 5);
    expect(everyone.participants).toBeUndefined();
    expect(announce(everyone).cc?.map((r) => r.email)).toEqual([plan.leadingGroup.office.email]);
    expect(renderNotification(announce(everyone)).text).not.toContain('牵头组织');
  });

  it('all: every branch reports, as plans without the choice always had it', () => {
    const plan = plan2020();
    const { reportedBy: _choice, tasks: _tasks, ...older } = plan.activities;
    const result = validatePlan({ ...plan, activities: older });
    expect(result.ok && result.plan.activities.reportedBy).toBe('all');
    if (!result.ok) return;
    expect(themeDefinition(result.plan, 5).branches).toHaveLength(plan.branches.length);
  });

  it('refuses a lead choice without the tasks, and a task the plan does not have', () => {
    const plan = plan2020();
    const { tasks: _tasks, ...noTasks } = plan.activities;
    expect(validatePlan({ ...plan, activities: noTasks })).toEqual({
      ok: false,
      errors: [
        'activities.tasks: must name the tasks of the themes and the festivals when reportedBy is "lead"',
      ],
    });
    expect(
      validatePlan({ ...plan, activities: { ...plan.activities, tasks: { themes: '10', festivals: '70' } } }),
    ).toEqual({
      ok: false,
      errors: ['activities.tasks.festivals: unknown task "70"'],
    });
  });
});
