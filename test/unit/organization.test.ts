// Organization keys and the ids, paths and filters built from them (domain/organization.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workflowYear } from '../../ledger/notification-ledger';
import {
  isOrgKey,
  parseScopeKey,
  scopeKey,
  scopeOfWorkflowId,
  workflowIdPattern,
} from '../../domain/organization';
import { defaultPlanPath, loadScopedPlan, organizationsWithPlan } from '../../config/plan-files';
import { validatePlan } from '../../domain/plan';
import { linkExpiry } from '../../links/token';
import { festivalWorkflowId, planWorkflowId, taskWorkflowId, themeScheduleId } from '../../domain/ids';
import { organizationPlanText, plan2020, rolledPlanText } from '../helpers/plans';

test.each(['unit-a', 'wuxi-jgswj', 'a1', 'xishan-district-office2', 'ab'])(
  '%s is an organization key',
  (key) => {
    expect(isOrgKey(key)).toBe(true);
  },
);

test.each([
  '',
  'A',
  'unit_a',
  'unit-2020',
  '2020',
  '-a',
  'a-',
  'a--b',
  'unit a',
  '../a',
  'a/b',
  'x'.repeat(41),
  7,
])('%p is not an organization key', (key) => {
  expect(isOrgKey(key)).toBe(false);
});

test('ids carry the key before the year; the home organization keeps the ids it always had', () => {
  expect(planWorkflowId(2020)).toBe('civ-2020-plan');
  expect(taskWorkflowId(2020, '05')).toBe('civ-2020-task-05');
  expect(planWorkflowId(2020, 'unit-a')).toBe('civ-unit-a-2020-plan');
  expect(taskWorkflowId(2020, '05', 'unit-a')).toBe('civ-unit-a-2020-task-05');
  expect(festivalWorkflowId(2020, 'duanwu', 'a1-b2')).toBe('civ-a1-b2-2020-festival-duanwu');
  expect(themeScheduleId(2020, 'unit-a')).toBe('civ-unit-a-2020-monthly-themes');
});

test('an id gives back its year and organization, and nothing else looks like one', () => {
  expect(scopeOfWorkflowId('civ-2020-task-05')).toEqual({ year: 2020 });
  expect(scopeOfWorkflowId('civ-unit-a-2020-task-05')).toEqual({ year: 2020, org: 'unit-a' });
  expect(scopeOfWorkflowId('civ-a-b-2021-carryover-2020-05')).toEqual({ year: 2021, org: 'a-b' });
  expect(scopeOfWorkflowId('civ-Unit-2020-plan')).toBeUndefined();
  expect(scopeOfWorkflowId('other-2020-plan')).toBeUndefined();
  expect(workflowYear('civ-unit-a-2020-plan')).toBe(2020);
  for (const scope of [{ year: 2020 }, { year: 2031, org: 'wuxi-jgswj' }])
    expect(parseScopeKey(scopeKey(scope))).toEqual(scope);
  expect(parseScopeKey('2020-unit')).toBeUndefined();
  expect(workflowIdPattern('task-\\d{2}').test('civ-unit-a-2020-task-05')).toBe(true);
  expect(workflowIdPattern('task-\\d{2}').test('civ-unit-a-2020-task-05x')).toBe(false);
  expect(linkExpiry('civ-unit-a-2020-plan')).toEqual(linkExpiry('civ-2020-plan'));
});

test('a plan names its key in its schema; a bad key is one line', () => {
  const plan = { ...plan2020(), org: 'Unit_A' };
  const result = validatePlan(plan);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.errors[0]).toMatch(/^org: an organization key is/);
  expect(validatePlan({ ...plan2020(), org: 'unit-a' }).ok).toBe(true);
});

describe('plans folder', () => {
  let dir: string;
  const saved = process.env.CIV_PLANS_DIR;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'civ-orgs-'));
    process.env.CIV_PLANS_DIR = dir;
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.CIV_PLANS_DIR;
    else process.env.CIV_PLANS_DIR = saved;
  });
  const put = (file: string, text: string) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  };

  test("each organization's plan is in its own folder; the home one at the top", () => {
    put('2027.yaml', rolledPlanText(2027));
    put('unit-b/2027.yaml', organizationPlanText(2027, 'unit-b', '乙单位'));
    put('unit-a/2027.yaml', organizationPlanText(2027, 'unit-a', '甲单位'));
    put('unit-c/2026.yaml', organizationPlanText(2026, 'unit-c', '丙单位'));
    put('Not_A_Key/2027.yaml', organizationPlanText(2027, 'unit-d', '丁单位'));
    expect(organizationsWithPlan(2027)).toEqual([undefined, 'unit-a', 'unit-b']);
    expect(defaultPlanPath(2027, 'unit-a')).toBe(join(dir, 'unit-a', '2027.yaml'));
    const a = loadScopedPlan(2027, 'unit-a');
    expect(a.ok && a.plan.organization).toBe('甲单位');
  });

  test("a plan in another organization's folder, or for another year, is refused", () => {
    put('unit-a/2027.yaml', organizationPlanText(2027, 'unit-b', '乙单位'));
    put('2027.yaml', organizationPlanText(2027, 'unit-b', '乙单位'));
    put('2028.yaml', rolledPlanText(2027));
    expect(loadScopedPlan(2027, 'unit-a')).toEqual({
      ok: false,
      errors: ['(root): the plan file is in the folder of organization "unit-a" but names "unit-b"'],
    });
    expect(loadScopedPlan(2027)).toEqual({
      ok: false,
      errors: [
        `(root): the plan file names organization "unit-b": it belongs in ${join('unit-b', '2027.yaml')}`,
      ],
    });
    expect(loadScopedPlan(2028)).toEqual({
      ok: false,
      errors: ['(root): the plan file is for 2027, not 2028'],
    });
  });
});
