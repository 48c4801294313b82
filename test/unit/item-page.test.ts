// The item page after a refused form: what was typed comes back in the form it was typed into, and
// only there (the extension's new date is not the sign-off's rework date, though both post newDue).
import { initialState } from '../../domain/item-state';
import { itemPage, type ItemPageInput } from '../../portal/item-page';
import { definition2020 } from '../helpers/plans';

function headPage(outcome: ItemPageInput['outcome']): string {
  const def = definition2020('05');
  const state = {
    ...initialState(def, Date.parse('2020-11-02T01:30:00Z')),
    phase: 'awaiting-sign-off' as const,
  };
  const page = itemPage({
    link: {
      name: def.head.name,
      email: def.head.email,
      workflowId: 'civ-2020-task-05',
      role: { kind: 'head' },
      issuedAt: 0,
      expiresAt: 0,
    },
    def,
    state,
    today: '2020-11-10',
    nowMs: Date.parse('2020-11-10T01:30:00Z'),
    csrf: 'csrf',
    nonce: () => 'nonce',
    outcome,
    uploads: { perFile: 1, perReport: 1, itemBytes: 1, personYearBytes: 1 },
  });
  return String(page.body);
}

const dateInput = (html: string, id: string) => new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];

test('a refused extension shows its date again in the extension form, not in the sign-off form', () => {
  const html = headPage({
    form: 'extend',
    error: { field: 'extendTo', message: '新的完成时限应晚于原时限。' },
    values: { newDue: '2020-12-31', reason: '等待上级文件' },
  });
  expect(dateInput(html, 'extendTo')).toBe('2020-12-31');
  expect(dateInput(html, 'reason')).toBe('等待上级文件');
  expect(dateInput(html, 'newDue')).toBe('');
});

test('a refused sign-off keeps its rework date, and the extension form stays empty', () => {
  const html = headPage({
    form: 'decide',
    error: { field: 'newDue', message: '整改时限应晚于今天。' },
    values: { newDue: '2020-11-01', comment: '请补充材料' },
  });
  expect(dateInput(html, 'newDue')).toBe('2020-11-01');
  expect(html).toContain('>请补充材料</textarea>');
  expect(dateInput(html, 'extendTo')).toBe('');
});
