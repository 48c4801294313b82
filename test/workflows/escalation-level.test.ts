// The state an admin reads agrees with the mails that went out: a task started after its due date
// (as on a live year started in December) sends its escalations at once, and `escalationLevel`, which
// `civ task status`, Temporal UI and the plan read, says how far the chase went, as the dashboard does.
import type { ItemState } from '../../domain/item-state';
import { escalationLevel } from '../../domain/warning-light';
import { statusQuery } from '../../wire/messages';
import { definition2020 } from '../helpers/plans';
import { taskHarness, type Harness } from '../helpers/task-harness';

jest.setTimeout(180_000);

let h: Harness;
beforeAll(async () => {
  // Task 09 of the 2020 plan is due in April: on 1 December it is long overdue.
  h = await taskHarness('2020-12-01T09:30:00+08:00');
});
afterAll(() => h?.close());

const LEVEL = { 'escalation-office': 1, 'escalation-deputy': 2, 'escalation-head': 3 } as const;

test('escalations sent at the start of a late task raise its escalation level', async () => {
  const handle = await h.start(definition2020('09'));
  let state: ItemState | undefined;
  for (let i = 0; i < 300; i++) {
    state = await handle.query(statusQuery);
    if (state.notifications.some((n) => n.kind === 'escalation-head')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const sent = state!.notifications.map((n) => n.kind).filter((k): k is keyof typeof LEVEL => k in LEVEL);
  expect(sent).toEqual(expect.arrayContaining(['escalation-office', 'escalation-deputy', 'escalation-head']));
  // What went out: the office, the deputy in charge and the head were each mailed.
  expect(h.smtp.messages.filter((m) => /督办|催办/.test(m.subject ?? '')).length).toBeGreaterThanOrEqual(3);
  expect(state!.escalationLevel).toBe(3);
  // The dashboard's count of the same notifications agrees.
  expect(escalationLevel(state!)).toBe(state!.escalationLevel);
});
