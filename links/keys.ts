// The portal's signing keys. Links are signed with the current key and verified with any key still
// listed, so a key is rotated by adding a new one as current and dropping the old one once its
// links have expired. Keys come from the environment (or a file it names), never from the repo,
// a workflow's input or its history.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A secret shorter than this is refused: HS256 wants at least 256 bits. */
export const MIN_SECRET_LENGTH = 32;

export interface LinkKey {
  kid: string;
  secret: Uint8Array;
}

export interface LinkKeys {
  current: LinkKey;
  byKid: ReadonlyMap<string, LinkKey>;
}

const KeyFileSchema = z.strictObject({
  current: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be a key id of letters, digits, - or _'),
  keys: z.record(
    z.string(),
    z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`),
  ),
});

function key(kid: string, secret: string): LinkKey {
  return { kid, secret: new TextEncoder().encode(secret) };
}

/** A key id for a lone secret: derived from it, so every portal and worker given it agrees. */
export function derivedKid(secret: string): string {
  return `k${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
}

/**
 * The keys from `CIV_PORTAL_KEYS_FILE` (JSON `{"current": "2027a", "keys": {"2027a": "…", "2026b":
 * "…"}}`) or `CIV_PORTAL_SECRET`; undefined when neither is set (emails then carry no links).
 * Throws one line naming what is wrong with a set but unusable configuration.
 */
export function loadLinkKeys(env: NodeJS.ProcessEnv = process.env): LinkKeys | undefined {
  const file = env.CIV_PORTAL_KEYS_FILE?.trim();
  if (file) {
    let parsed: z.infer<typeof KeyFileSchema>;
    try {
      parsed = KeyFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch (err) {
      const detail =
        err instanceof z.ZodError
          ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
          : (err as Error).message;
      throw new Error(`CIV_PORTAL_KEYS_FILE ${file} is not usable: ${detail}`, { cause: err });
    }
    const byKid = new Map(Object.entries(parsed.keys).map(([kid, secret]) => [kid, key(kid, secret)]));
    const current = byKid.get(parsed.current);
    if (!current)
      throw new Error(
        `CIV_PORTAL_KEYS_FILE ${file} is not usable: current key "${parsed.current}" is not among its keys`,
      );
    return { current, byKid };
  }
  const secret = env.CIV_PORTAL_SECRET;
  if (secret === undefined || secret === '') return undefined;
  if (secret.length < MIN_SECRET_LENGTH)
    throw new Error(`CIV_PORTAL_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  const current = key(derivedKid(secret), secret);
  return { current, byKid: new Map([[current.kid, current]]) };
}

/** Where the portal answers, as the emails link to it (no trailing slash). */
export function portalUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.CIV_PORTAL_URL?.trim() || 'http://127.0.0.1:8080').replace(/\/+$/, '');
}
