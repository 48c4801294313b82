// Where the Temporal servers live on this machine. scripts/install.sh puts them there; this module
// only finds them, so nothing is ever downloaded at run time.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, REPO_DIR } from '../config/paths';
export const CLI_VERSION = '1.5.1';
export const TEST_SERVER_VERSION = /<temporal\.test-server\.version>(.+)<\//.exec(
  readFileSync(join(REPO_DIR, 'scripts', 'test-server', 'pom.xml'), 'utf8'),
)![1];

export const INSTALL_COMMAND = 'npm run setup';

export interface Found {
  path: string;
  version: string;
  source: string;
}

/** "temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)" → that line, or undefined. */
function cliVersion(path: string): string | undefined {
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    return /^temporal version .*/m.exec(out)?.[0];
  } catch {
    return undefined;
  }
}

function atLeast(version: string, minimum: string): boolean {
  const parse = (v: string) => v.split('.').map(Number);
  const [a, b] = [parse(version), parse(minimum)];
  for (let i = 0; i < b.length; i++) if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > b[i];
  return true;
}

function whichOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The Temporal CLI: $TEMPORAL_CLI, else a recent enough `temporal` on PATH, else the cache. */
export function findTemporalCli(): Found | undefined {
  const candidates: [string | undefined, string][] = [
    [process.env.TEMPORAL_CLI, '$TEMPORAL_CLI'],
    [whichOnPath('temporal'), 'PATH'],
    [join(CACHE_DIR, `temporal-cli-v${CLI_VERSION}`, 'bin', 'temporal'), 'cache'],
  ];
  for (const [path, source] of candidates) {
    if (!path || !existsSync(path)) continue;
    const version = cliVersion(path);
    const number = version && /version (\d+\.\d+\.\d+)/.exec(version)?.[1];
    if (version && number && atLeast(number, CLI_VERSION)) return { path, version, source };
  }
  return undefined;
}

/** The launcher of Temporal's Java time-skipping test server written by scripts/install.sh. */
export function findTestServer(): Found | undefined {
  const dir = join(CACHE_DIR, `temporal-test-server-${TEST_SERVER_VERSION}`);
  const path = join(dir, 'temporal-test-server');
  if (!existsSync(join(dir, '.complete')) || !existsSync(path)) return undefined;
  return { path, version: `temporal-test-server ${TEST_SERVER_VERSION}`, source: 'cache' };
}

export function requireTemporalCli(): Found {
  const found = findTemporalCli();
  if (!found) throw new Error(`Temporal CLI ${CLI_VERSION} not installed: run \`${INSTALL_COMMAND}\``);
  return found;
}

export function requireTestServer(): Found {
  const found = findTestServer();
  if (!found) throw new Error(`Temporal test server not installed: run \`${INSTALL_COMMAND}\``);
  return found;
}
