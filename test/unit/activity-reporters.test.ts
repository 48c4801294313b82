// Who owes the report of a monthly theme or a festival: a plan choice (activities.reportedBy), read
// when the item's definition is built. The shipped plans let the branches of the activities' own
// tasks lead and report (10 for the themes, 07 for 我们的节日); `all` has every branch report.
import { festivalDefinition, themeDefinition } from '../../domain/item-definition';
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
