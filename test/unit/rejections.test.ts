// The rejections the workflows' validators give: every code has its English text, and a client can
// tell a rejection (a failure's details[0]) from anything else.
import { isRejection, REJECTION_CODES, rejection, rejectionText } from '../../domain/rejections';

/** Every value any text is made of. */
const VALUES = {
  input: 'report',
  issue: 'must be a number (percent)',
  task: '05',
  branch: 'legal',
  milestone: 'm1',
  kpi: 'law-awareness',
  value: 94.5,
  actor: '何敏',
  waitingFor: ['legal', 'office'],
  shortfalls: [{ kpi: 'law-awareness', min: 95, value: 94.5 }],
  date: '2020-12-25',
  year: 2020,
  latestDue: '2020-12-24',
  due: '2020-12-15',
  email: 'he.min@example.gov.cn',
  open: 2,
  people: 2,
};

test.each(REJECTION_CODES)('%s has an English text', (code) => {
  const text = rejectionText(rejection(code, VALUES as never, 'summary'));
  expect(typeof text).toBe('string');
  expect(text.length).toBeGreaterThan(10);
  expect(text).not.toMatch(/undefined|\[object/);
});

test('a rejection is told apart from anything else, also after its trip through a payload', () => {
  const r = rejection('kpi-out-of-range', { kpi: 'law-awareness', value: -1 }, 'kpis.law-awareness');
  expect(isRejection(r)).toBe(true);
  expect(isRejection(JSON.parse(JSON.stringify(r)))).toBe(true);
  expect(isRejection(rejection('report-needs-actor', {}))).toBe(true);
  for (const other of [undefined, null, 'unknown branch "x"', {}, { code: 'no-such-code', values: {} }])
    expect(isRejection(other)).toBe(false);
  expect(isRejection({ code: 'unknown-branch' })).toBe(false);
  expect(isRejection({ code: 'unknown-branch', field: 1, values: { branch: 'x' } })).toBe(false);
});
