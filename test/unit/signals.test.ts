// The signals' shape checks take what the plan workflow itself sends, and nothing else.
import { applyChangeLead, initialPlanState } from '../../domain/plan-state';
import { leadChangedProblem } from '../../domain/signals';

const change = {
  branch: 'legal',
  actor: '何敏',
  actorEmail: 'he.min@example.gov.cn',
  channel: 'portal' as const,
  lead: { name: '陈新', email: 'chen.xin@example.gov.cn' },
};

test('a change of lead as the plan records it, its actor by address, is a well-formed leadChanged', () => {
  const told = applyChangeLead(
    initialPlanState(2026, '无锡市机关事务管理局', '2026-01-01T00:00:00Z'),
    change,
    '2026-03-02T01:00:00.000Z',
  );
  expect(leadChangedProblem(told)).toBeUndefined();
  expect(leadChangedProblem(JSON.parse(JSON.stringify(told)))).toBeUndefined();
});

test.each([
  [null, /must be an object/],
  [
    { ...change, at: '2026-03-02T01:00:00.000Z', actorEmail: 'a@b.cn, c@d.cn' },
    /actorEmail must be one email address/,
  ],
  [{ ...change, at: '2026-03-02T01:00:00.000Z', lead: { name: '陈新' } }, /lead.email/],
  [{ ...change, at: '2026-03-02T01:00:00.000Z', role: 'head' }, /unknown field "role"/],
  [{ ...change, at: 'yesterday' }, /at must be an ISO instant/],
])('a malformed leadChanged is named: %j', (input, problem) => {
  expect(leadChangedProblem(input)).toMatch(problem);
});
