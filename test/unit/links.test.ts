// Personal links: signed with the current key, verified with any listed key (rotation), refused
// when tampered, forged, expired, or made with a retired key; the key configuration itself checked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivedKid, loadLinkKeys, portalUrl } from '../../links/keys';
import { linkExpiry, signLink, verifyLink, type LinkScope } from '../../links/token';

const SECRET = 'unit-test-secret-0123456789-abcdefghij';
const scope: LinkScope = {
  name: '何敏',
  email: 'He.Min@example.gov.cn',
  workflowId: 'civ-2026-task-05',
  role: { kind: 'lead', branch: 'legal' },
};
const during = new Date('2026-11-27T02:00:00Z');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'civ-links-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keyFile(content: unknown): string {
  const file = join(dir, `keys-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

test('a link names one person, one workflow and one role, and verifies with the same key', async () => {
  const keys = loadLinkKeys({ CIV_PORTAL_SECRET: SECRET })!;
  expect(keys.current.kid).toBe(derivedKid(SECRET));
  const token = await signLink(keys, scope, during);
  expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({
    alg: 'HS256',
    kid: keys.current.kid,
    typ: 'civ-link',
  });
  const result = await verifyLink(keys, token, during);
  expect(result).toEqual({
    ok: true,
    link: expect.objectContaining({
      name: '何敏',
      email: 'he.min@example.gov.cn',
      workflowId: 'civ-2026-task-05',
      role: { kind: 'lead', branch: 'legal' },
      expiresAt: linkExpiry('civ-2026-task-05').getTime() / 1000,
    }),
  });
});

test('links expire 30 days after the plan year, midnight in Shanghai', () => {
  expect(linkExpiry('civ-2026-plan').toISOString()).toBe('2027-01-30T16:00:00.000Z');
  expect(() => linkExpiry('task-05')).toThrow('not a plan workflow id');
});

test('refused: tampered, forged, expired, malformed', async () => {
  const keys = loadLinkKeys({ CIV_PORTAL_SECRET: SECRET })!;
  const token = await signLink(keys, scope, during);
  const [h, p, s] = token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  const otherRole = Buffer.from(JSON.stringify({ ...claims, role: 'head' })).toString('base64url');
  expect(await verifyLink(keys, `${h}.${otherRole}.${s}`, during)).toEqual({
    ok: false,
    reason: 'signature',
  });
  const forged = await signLink(loadLinkKeys({ CIV_PORTAL_SECRET: `${SECRET}-other` })!, scope, during);
  expect(await verifyLink(keys, forged, during)).toEqual({ ok: false, reason: 'unknown-key' });
  expect(await verifyLink(keys, token, new Date('2027-01-31T00:00:00Z'))).toEqual({
    ok: false,
    reason: 'expired',
  });
  for (const bad of ['', 'abc', `${token}.x`, 'a'.repeat(3000), `${h}.${p}`])
    expect(await verifyLink(keys, bad, during)).toEqual({ ok: false, reason: 'malformed' });
  const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: keys.current.kid })).toString('base64url')}.${p}.`;
  expect((await verifyLink(keys, none, during)).ok).toBe(false);
});

test('rotation: a new current key signs, a listed old key still verifies, a dropped one does not', async () => {
  const old = loadLinkKeys({
    CIV_PORTAL_KEYS_FILE: keyFile({ current: '2026a', keys: { '2026a': SECRET } }),
  })!;
  const oldToken = await signLink(old, scope, during);
  const rotated = loadLinkKeys({
    CIV_PORTAL_KEYS_FILE: keyFile({ current: '2027a', keys: { '2027a': `${SECRET}-new`, '2026a': SECRET } }),
  })!;
  expect((await verifyLink(rotated, oldToken, during)).ok).toBe(true);
  const newToken = await signLink(rotated, scope, during);
  expect(JSON.parse(Buffer.from(newToken.split('.')[0], 'base64url').toString()).kid).toBe('2027a');
  const retired = loadLinkKeys({
    CIV_PORTAL_KEYS_FILE: keyFile({ current: '2027a', keys: { '2027a': `${SECRET}-new` } }),
  })!;
  expect(await verifyLink(retired, oldToken, during)).toEqual({ ok: false, reason: 'unknown-key' });
});

test('the key configuration: absent means no links; unusable says what is wrong', () => {
  expect(loadLinkKeys({})).toBeUndefined();
  expect(() => loadLinkKeys({ CIV_PORTAL_SECRET: 'short' })).toThrow(
    'CIV_PORTAL_SECRET must be at least 32 characters',
  );
  expect(() =>
    loadLinkKeys({ CIV_PORTAL_KEYS_FILE: keyFile({ current: 'x', keys: { y: SECRET } }) }),
  ).toThrow(/current key "x" is not among its keys/);
  expect(() =>
    loadLinkKeys({ CIV_PORTAL_KEYS_FILE: keyFile({ current: 'x', keys: { x: 'short' } }) }),
  ).toThrow(/keys\.x: must be at least 32 characters/);
  expect(() => loadLinkKeys({ CIV_PORTAL_KEYS_FILE: join(dir, 'missing.json') })).toThrow(/is not usable/);
  expect(portalUrl({ CIV_PORTAL_URL: 'https://civ.example.gov.cn/' })).toBe('https://civ.example.gov.cn');
  expect(portalUrl({})).toBe('http://127.0.0.1:8080');
});

test('a malformed keys file is named with where it breaks, never with any of its content', () => {
  const secret = 'Zq8vK2mX9pL4wR7tY1nB6cH3jF5dS0aGeU';
  const file = join(dir, 'broken-keys.json');
  // The secret without its quotes: the parser's own message quotes the text around the mistake.
  writeFileSync(file, `{\n  "current": "2027a",\n  "keys": { "2027a": ${secret}, "2026b": "x" }\n}\n`);
  let message = '';
  try {
    loadLinkKeys({ CIV_PORTAL_KEYS_FILE: file });
  } catch (err) {
    message = (err as Error).message;
    // Nor in the error's cause, which a logger may print.
    message += String((err as Error).cause ?? '');
  }
  expect(message).toMatch(
    /^CIV_PORTAL_KEYS_FILE .*broken-keys\.json is not usable: not valid JSON at line 3, column 22$/,
  );
  for (let i = 0; i + 4 <= secret.length; i++) expect(message).not.toContain(secret.slice(i, i + 4));
  expect(message).not.toContain('2026b');
});
