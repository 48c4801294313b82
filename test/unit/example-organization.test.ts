// The example organization shipped beside the home one (plans/example-unit/), as the README's
// `npx civ --org example-unit year start 2027` uses it: `civ plan validate` accepts it, and `--org`
// finds it where it belongs, under its own key. Every other organization folder shipped is held to
// the same.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadScopedPlan } from '../../config/plan-files';

const repo = path.resolve(__dirname, '../..');

function civ(...args: string[]) {
  const env = { ...process.env };
  delete env.CIV_PLANS_DIR;
  delete env.CIV_ORG;
  const run = spawnSync(process.execPath, ['bin/civ.js', ...args], { cwd: repo, encoding: 'utf8', env });
  const lines = (s: string) => s.split('\n').filter((l) => l !== '');
  return { status: run.status, stdout: lines(run.stdout), stderr: lines(run.stderr) };
}

/** Every `plans/<org>/<year>.yaml` in the repository. */
const shipped = readdirSync(path.join(repo, 'plans'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .flatMap((e) =>
    readdirSync(path.join(repo, 'plans', e.name))
      .filter((f) => /^\d{4}\.yaml$/.test(f))
      .map((f) => ({ org: e.name, year: Number(f.slice(0, 4)), file: `plans/${e.name}/${f}` })),
  );

test('the example organization ships, small, for 2027', () => {
  expect(shipped).toContainEqual({ org: 'example-unit', year: 2027, file: 'plans/example-unit/2027.yaml' });
  expect(civ('plan', 'validate', 'plans/example-unit/2027.yaml')).toEqual({
    status: 0,
    stdout: ['plans/example-unit/2027.yaml: OK — 2027 年, 6 项任务, 3 个支部/处室'],
    stderr: [],
  });
});

test.each(shipped)('$file passes civ plan validate and is found by --org $org', ({ org, year, file }) => {
  const run = civ('plan', 'validate', file);
  expect(run).toMatchObject({ status: 0, stderr: [] });
  const saved = process.env.CIV_PLANS_DIR;
  process.env.CIV_PLANS_DIR = path.join(repo, 'plans');
  try {
    const result = loadScopedPlan(year, org);
    expect(result.ok && result.plan.org).toBe(org);
  } finally {
    if (saved === undefined) delete process.env.CIV_PLANS_DIR;
    else process.env.CIV_PLANS_DIR = saved;
  }
});
