// Where this checkout keeps its files: the repository itself, the data of the local stack
// (CIV_DATA_DIR: SQLite, mail, the notification ledger, evidence files) and the cache of the
// installed servers and workflow bundles (CIV_CACHE_DIR), so every room finds them the same way.
import { homedir } from 'node:os';
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';

export const REPO_DIR = resolve(__dirname, '..');
export const CACHE_DIR = process.env.CIV_CACHE_DIR ?? join(homedir(), '.cache', 'civ');

/** `$CIV_DATA_DIR`, or `<repo>/data`. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.CIV_DATA_DIR?.trim() || join(REPO_DIR, 'data'));
}

/**
 * Where `npm start` keeps the local stack's random link key (`$CIV_DATA_DIR/portal-secret`), which
 * it gives its worker and portal; `npm run portal` alone finds it there.
 */
export function stackSecretPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'portal-secret');
}

/**
 * Where a command writes a file it names itself (`civ year archive`): the current directory, unless
 * that is inside the repository, where git would see the file; then `$CIV_DATA_DIR` (created if
 * missing; `data/` by default, which git ignores).
 */
export function outputDir(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const inRepo = relative(REPO_DIR, resolve(cwd));
  if (inRepo.startsWith('..') || isAbsolute(inRepo)) return resolve(cwd);
  const dir = dataDir(env);
  mkdirSync(dir, { recursive: true });
  return dir;
}
