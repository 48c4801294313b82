// ensureWorkflowBundle (worker/bundle.ts) builds a missing bundle in a child process. That child
// prints the bundle's path when run by hand; run from a process such as the preview, whose stdout is
// a report for the office, none of it may land in that output.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_DIR } from '../../config/paths';

const run = promisify(execFile);
let cache: string;

beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), 'civ-bundle-cache-'));
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));

test("a bundle built on demand writes its file and nothing to the caller's stdout", async () => {
  const script =
    "require('./worker/bundle').ensureWorkflowBundle()" +
    ".then((path) => process.stderr.write('bundle at ' + path + '\\n'))";
  const { stdout, stderr } = await run(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: REPO_DIR,
    env: { ...process.env, CIV_CACHE_DIR: cache },
    timeout: 240_000,
  });
  const path = /bundle at (\S+)/.exec(stderr)?.[1];
  expect(path?.startsWith(cache)).toBe(true);
  expect(existsSync(path!)).toBe(true);
  expect(stdout).toBe('');
}, 300_000);
