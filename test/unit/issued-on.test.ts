// The plan's 印发 date: in its year or the year before, and the instant its items may start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlanText } from '../../config/plan-files';
import { assignmentsFrom, yearPlan } from '../../domain/year-plan';
import { plan2020 } from '../helpers/plans';

const text = readFileSync(join(__dirname, '..', '..', 'plans', '2020.yaml'), 'utf8');

test('the seed’s plan starts its items at 09:00 on its 印发 date, 9 March 2020', () => {
  expect(plan2020().document?.issuedOn).toBe('2020-03-09');
  expect(new Date(assignmentsFrom(yearPlan(plan2020()))).toISOString()).toBe('2020-03-09T01:00:00.000Z');
});

test('a plan without a 印发 date starts its items on its year’s first working day', () => {
  const { document, ...plan } = plan2020();
  expect(document).toBeDefined();
  // 1 January 2020 is a holiday, the 2nd a Thursday.
  expect(new Date(assignmentsFrom(yearPlan(plan))).toISOString()).toBe('2020-01-02T01:00:00.000Z');
});

test.each([
  ['2019-12-20', []],
  ['2018-12-20', ['document.issuedOn: 2018-12-20 is neither in the plan year 2020 nor in the year before']],
  ['2021-01-04', ['document.issuedOn: 2021-01-04 is neither in the plan year 2020 nor in the year before']],
])('issuedOn %s', (date, errors) => {
  const result = parsePlanText(text.replace('issuedOn: 2020-03-09', `issuedOn: ${date}`));
  expect(result.ok ? [] : result.errors).toEqual(errors);
});
