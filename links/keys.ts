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
    const parsed = readKeyFile(file);
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

/**
 * The keys file, parsed and checked. Its errors say where the file is wrong and never quote it: a
 * JSON parser's message quotes the text around a mistake, which here is a secret, and this message
 * can reach a log or (through the email activity) a workflow's history. No cause is attached, for
 * the same reason.
 */
function readKeyFile(file: string): z.infer<typeof KeyFileSchema> {
  const unusable = (detail: string) => new Error(`CIV_PORTAL_KEYS_FILE ${file} is not usable: ${detail}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw unusable((err as NodeJS.ErrnoException).code ?? 'cannot be read');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const { line, column } = lineAndColumn(text, jsonErrorOffset(text));
    throw unusable(`not valid JSON at line ${line}, column ${column}`);
  }
  const result = KeyFileSchema.safeParse(json);
  if (!result.success)
    throw unusable(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return result.data;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The offset where JSON text first goes wrong (its length when it ends too early). */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new RangeError(String(i));
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const expect = (c: string) => (text[i] === c ? i++ : fail());
  const string = () => {
    expect('"');
    while (i < text.length && text[i] !== '"') {
      if (text[i] < ' ') fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    expect('"');
  };
  const sequence = (close: string, item: () => void) => {
    i++;
    space();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      space();
      if (text[i] === close) return void i++;
      expect(',');
    }
  };
  const value = (): void => {
    space();
    if (text[i] === '{')
      return sequence('}', () => {
        space();
        string();
        space();
        expect(':');
        value();
      });
    if (text[i] === '[') return sequence(']', value);
    if (text[i] === '"') return string();
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!literal) fail();
    i += literal![0].length;
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length;
  } catch (err) {
    if (err instanceof RangeError) return Number(err.message);
    throw err;
  }
}

/** Where the portal answers, as the emails link to it (no trailing slash). */
export function portalUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.CIV_PORTAL_URL?.trim() || 'http://127.0.0.1:8080').replace(/\/+$/, '');
}
