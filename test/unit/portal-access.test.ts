// Who may act on an item's page, decided from the item's definition and the year's plan state: a
// branch's lead whom the plan has replaced is refused at once, before the item hears of it.
import { initialPlanState } from '../../domain/plan-state';
import type { VerifiedLink } from '../../links/token';
import { holdsItemRole } from '../../portal/access';
import { definition2020 } from '../helpers/plans';

const lead: VerifiedLink = {
  name: '何敏',
  email: 'he.min@example.gov.cn',
  workflowId: 'civ-2020-task-05',
  role: { kind: 'lead', branch: 'legal' },
  issuedAt: 0,
  expiresAt: 0,
};

test('a lead the plan has replaced holds the role no more, though the item has not heard of it yet', () => {
  const def = definition2020('05');
  const plan = initialPlanState(2020, '无锡市机关事务管理局', '2020-03-09T01:30:00Z');
  expect(holdsItemRole(def, lead, plan)).toBe(true);
  plan.leadChanges = [
    {
      branch: 'legal',
      actor: '赵丽',
      actorEmail: 'zhao.li@example.gov.cn',
      lead: { name: '陈新', email: 'chen.xin@example.gov.cn' },
      at: '2020-11-20T02:00:00Z',
    },
  ];
  // The item's definition still names 何敏: its signal from the plan is on its way.
  expect(def.branches.find((b) => b.id === 'legal')?.lead.email).toBe('he.min@example.gov.cn');
  expect(holdsItemRole(def, lead, plan)).toBe(false);
  // A change of another branch's lead changes nothing for this one.
  plan.leadChanges[0].branch = 'office';
  expect(holdsItemRole(def, lead, plan)).toBe(true);
  // Changed back to 何敏 later: the latest change counts.
  plan.leadChanges = [
    { ...plan.leadChanges[0], branch: 'legal' },
    { ...plan.leadChanges[0], branch: 'legal', lead: { name: '何敏', email: 'He.Min@example.gov.cn' } },
  ];
  expect(holdsItemRole(def, lead, plan)).toBe(true);
});
