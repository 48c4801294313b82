// Update ids of the CLI: a command repeated on the same state gets the same id (Temporal applies it
// once); the same words on a later occasion get a new one.
import { itemUpdateId } from '../../cli/update-id';
import { applyDecide, applyReport, initialState } from '../../domain/item-state';
import { definition2020 } from '../helpers/plans';

const def = definition2020('05');
const id = 'civ-2020-task-05';
const summary = { branch: 'legal', actor: '何敏', summary: '完成' };

test('a repeated command gets the same id, whatever the order of its fields', () => {
  const state = initialState(def, 0);
  const a = itemUpdateId(id, 'report', { ...summary, kpis: { 'law-awareness': 96 } }, state);
  const b = itemUpdateId(
    id,
    'report',
    { kpis: { 'law-awareness': 96 }, summary: '完成', actor: '何敏', branch: 'legal' },
    state,
  );
  expect(a).toBe(b);
  expect(a).toMatch(/^report-[0-9a-f]{32}$/);
  expect(itemUpdateId(id, 'report', { ...summary, summary: '完成。' }, state)).not.toBe(a);
  expect(itemUpdateId('civ-2020-task-06', 'report', summary, state)).not.toBe(
    itemUpdateId(id, 'report', summary, state),
  );
});

test('a report after a return, and a decision after new reports, are new updates', () => {
  const state = initialState(def, 0);
  applyReport(state, summary, 't1');
  const firstReport = itemUpdateId(id, 'report', summary, state);
  const back = { verdict: 'return' as const, actor: '赵丽', comment: '补充' };
  const firstReturn = itemUpdateId(id, 'decide', back, state);
  applyDecide(state, back, 't2', 0);
  // The rerun of the return right after it: same id, so Temporal answers with the first outcome.
  expect(itemUpdateId(id, 'decide', back, state)).toBe(firstReturn);
  // The branch sends the same words again after the rework: a new round.
  expect(itemUpdateId(id, 'report', summary, state)).not.toBe(firstReport);
  applyReport(state, summary, 't3');
  expect(itemUpdateId(id, 'decide', back, state)).not.toBe(firstReturn);
});
