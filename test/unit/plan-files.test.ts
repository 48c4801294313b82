// Reading a plan file: the worker and the portal read the same plans again and again, so parsed
// plans are kept by their text (config/plan-files.ts). What a caller gets must not depend on that.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlanFile, parsePlanText } from '../../config/plan-files';

const SOURCE = readFileSync(join(__dirname, '..', '..', 'plans', '2020.yaml'), 'utf8');
let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'civ-plan-files-'));
  file = join(dir, '2020.yaml');
  writeFileSync(file, SOURCE);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function plan(result: ReturnType<typeof loadPlanFile>) {
  if (!result.ok) throw new Error(result.errors[0]);
  return result.plan;
}

test('a plan read again is the plan parsed afresh', () => {
  const first = plan(loadPlanFile(file));
  expect(plan(loadPlanFile(file))).toStrictEqual(first);
  expect(first).toStrictEqual(plan(parsePlanText(SOURCE)));
});

test('a change to a plan read leaves the next read untouched', () => {
  const first = plan(loadPlanFile(file));
  first.tasks[0].title = '改过的标题';
  first.tasks.pop();
  const again = plan(loadPlanFile(file));
  expect(again.tasks[0].title).not.toBe('改过的标题');
  expect(again.tasks).toHaveLength(16);
});

test('an edited file is read as it is now, and a broken edit is refused', () => {
  const before = plan(loadPlanFile(file));
  writeFileSync(file, SOURCE.replace(before.tasks[0].title, '新的任务标题'));
  expect(plan(loadPlanFile(file)).tasks[0].title).toBe('新的任务标题');
  writeFileSync(file, SOURCE.replace(/^year: 2020$/m, 'year: twenty'));
  const broken = loadPlanFile(file);
  expect(broken.ok).toBe(false);
  // And back: the first text is still known, and still right.
  writeFileSync(file, SOURCE);
  expect(plan(loadPlanFile(file))).toStrictEqual(before);
});
