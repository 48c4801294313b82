// The workflow code, bundled by webpack once per version of it and kept in the cache folder, so a
// worker process never runs webpack itself: bundling in the worker left about 400 MB of resident
// memory behind for the worker's whole life (BENCHMARKS.md). The file is named after a hash of
// everything that goes into the bundle (workflow and domain sources, how they are bundled, the lock
// file), so a worker can never load the bundle of other code. Run as a script, it builds the bundle
// and prints its path.
import { createHash } from 'node:crypto';
import { fork } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, REPO_DIR } from '../config/paths';
import { workflowBundleOptions } from '../config/workflow-bundle';

/** The folders whose sources the workflow code imports (checked by the bundle test). */
export const BUNDLED_SOURCE_DIRS = ['workflows', 'wire', 'domain'];

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const dir of BUNDLED_SOURCE_DIRS)
    for (const file of readdirSync(join(REPO_DIR, dir))
      .filter((f) => f.endsWith('.ts'))
      .sort()) {
      hash.update(`${dir}/${file}\0`);
      hash.update(readFileSync(join(REPO_DIR, dir, file)));
    }
  hash.update(readFileSync(join(REPO_DIR, 'package-lock.json')));
  hash.update(readFileSync(join(REPO_DIR, 'config', 'workflow-bundle.ts')));
  return hash.digest('hex').slice(0, 16);
}

/** Where the bundle of the code as it is now belongs. */
export function workflowBundlePath(): string {
  return join(CACHE_DIR, 'workflow-bundles', `workflows-${sourceHash()}.js`);
}

async function build(path: string): Promise<void> {
  // Loaded here only: webpack is what the worker process should never carry.
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { code } = await bundleWorkflowCode(workflowBundleOptions());
  mkdirSync(join(path, '..'), { recursive: true });
  // Another worker may be building the same bundle: each writes its own file and renames it.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, path);
  prune(join(path, '..'));
}

/** Keeps the newest bundles only: workers of the last few versions on this host still find theirs. */
function prune(dir: string, keep = 5): void {
  const bundles = readdirSync(dir)
    .filter((f) => /^workflows-[0-9a-f]+\.js$/.test(f))
    .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of bundles.slice(keep)) rmSync(join(dir, f), { force: true });
}

/**
 * The bundle's path, built first in a child process when missing (the child takes webpack's memory
 * with it when it exits).
 */
export async function ensureWorkflowBundle(): Promise<string> {
  const path = workflowBundlePath();
  if (existsSync(path)) return path;
  await new Promise<void>((resolve, reject) => {
    // This file as TypeScript needs tsx's loader in the child, whoever runs this process (tsx, jest).
    const execArgv = __filename.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
    // Its stdout (the path it prints when run by hand) is not this process's output: the preview's is a
    // report for the office.
    const child = fork(__filename, [], { execArgv, stdio: ['inherit', 'ignore', 'inherit', 'ipc'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`bundling the workflow code failed (exit ${code})`)),
    );
  });
  if (!existsSync(path)) throw new Error(`bundling the workflow code did not write ${path}`);
  return path;
}

if (require.main === module) {
  const path = workflowBundlePath();
  build(path).then(
    () => process.stdout.write(`${path}\n`),
    (err: unknown) => {
      process.stderr.write(`bundle: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
