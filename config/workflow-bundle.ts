// How the workflow code is bundled, the same for the worker's bundle (worker/bundle.ts), the
// previews and the tests. Loads no webpack: the worker process imports this file too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import { REPO_DIR } from './paths';

const SILENT = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };

/**
 * The domain and wire modules the workflow code imports (values, not only types). The sandbox
 * gives every workflow a module cache of its own and evaluates each module again in it, which cost
 * about a millisecond per workflow; preloaded, these are evaluated once and shared by all workflows
 * of the worker (deep-frozen by the SDK). They may share them because they hold no state: the
 * domain is pure (docs/ARCHITECTURE.md), wire/ holds message definitions. The workflows' own
 * modules are not shared.
 */
export function sharedWorkflowModules(): string[] {
  const imported = new Set<string>();
  const dir = join(REPO_DIR, 'workflows');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const m of source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'\.\.\/((?:domain|wire)\/[\w-]+)';/gms))
      if (!m[1]) imported.add(m[2]);
  }
  return [...imported].sort().map((m) => join(REPO_DIR, `${m}.ts`));
}

const WORKFLOWS = require.resolve('../workflows');

/**
 * The options of bundleWorkflowCode for the workflow code in `workflowsPath`: ours by default, or
 * a test's own workflows (which share nothing).
 */
export function workflowBundleOptions(workflowsPath = WORKFLOWS): BundleOptions {
  const ours = require.resolve(workflowsPath) === WORKFLOWS;
  return { workflowsPath, logger: SILENT, preloadModules: ours ? sharedWorkflowModules() : [] };
}
