// `npm run portal` on its own beside the local stack: with no key in the environment it finds the
// key `npm start` keeps in the data folder, so the links in the stack's emails are accepted; with
// neither, it stops with one line saying what to set.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadLinkKeys } from '../../links/keys';
import { signLink } from '../../links/token';
import { freePort } from '../helpers/browser';
import { startScript, stopProcess } from '../helpers/processes';
import { devServerEnv } from '../helpers/temporal';

jest.setTimeout(120_000);

const repo = resolve(__dirname, '../..');
const SECRET = 'the-local-stacks-key-0123456789abcdefghij';
let dir: string;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'civ-portal-main-'));
  env = await devServerEnv();
});

afterAll(async () => {
  await env?.teardown();
  rmSync(dir, { recursive: true, force: true });
});

function portalEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    CIV_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: env.namespace ?? 'default',
    CIV_PORTAL_PORT: String(port),
  };
  delete e.CIV_PORTAL_SECRET;
  delete e.CIV_PORTAL_KEYS_FILE;
  delete e.CIV_PORTAL_URL;
  return e;
}

test('without a key anywhere it stops with one line naming what to set', async () => {
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  const err = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'portal/main.ts'], {
    cwd: repo,
    env: portalEnv(empty, await freePort()),
  }).catch((e: { code: number; stderr: string }) => e);
  expect(err).toMatchObject({ code: 1 });
  const lines = (err as { stderr: string }).stderr.trim().split('\n');
  expect(lines).toEqual([
    `portal: no link key: set CIV_PORTAL_SECRET (or CIV_PORTAL_KEYS_FILE) to the workers' key; beside \`npm start\`, CIV_DATA_DIR to its data folder (no ${join(empty, 'portal-secret')} here)`,
  ]);
});

test("beside the local stack it finds the stack's key and takes its links", async () => {
  const data = join(dir, 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'portal-secret'), `${SECRET}\n`, { mode: 0o600 });
  const port = await freePort();
  const portal = await startScript('portal/main.ts', portalEnv(data, port), 'Server listening', 60_000);
  try {
    expect(portal.output()).toContain(
      `portal: links checked with the local stack's key (${join(data, 'portal-secret')})`,
    );
    expect(portal.output()).not.toContain(SECRET);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/`)).status).toBe(200);
    const scope = {
      name: '何敏',
      email: 'he.min@example.gov.cn',
      workflowId: 'civ-2026-task-05',
      role: { kind: 'lead' as const, branch: 'legal' },
    };
    // A link made with the stack's key passes the signature (its workflow does not exist here: 404);
    // one made with another key does not (401).
    const stackLink = await signLink(loadLinkKeys({ CIV_PORTAL_SECRET: SECRET })!, scope);
    const otherLink = await signLink(loadLinkKeys({ CIV_PORTAL_SECRET: 'x'.repeat(40) })!, scope);
    expect((await fetch(`${base}/l/${stackLink}`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${base}/l/${otherLink}`, { redirect: 'manual' })).status).toBe(401);
  } finally {
    await stopProcess(portal.proc);
  }
});
