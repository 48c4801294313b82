// Personal links: a JWS (HS256, with the key id in its header) naming one person, one workflow and
// one role, expiring after the plan year. Made by the email activity at send time and checked by
// the portal; a token never enters workflow history or a log.
import { webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { scopeOfWorkflowId, workflowIdPattern } from '../domain/organization';
import { linksExpireAt, ROLE_KINDS, type PersonRole } from '../domain/roles';
import type { LinkKey, LinkKeys } from './keys';

const AUDIENCE = 'civ-portal';
const ISSUER = 'civ';
export { LINK_GRACE_DAYS } from '../domain/roles';

export interface LinkScope {
  name: string;
  email: string;
  workflowId: string;
  role: PersonRole;
}

export interface VerifiedLink extends LinkScope {
  /** Epoch seconds the link was made. */
  issuedAt: number;
  expiresAt: number;
}

export type LinkRefusal = 'malformed' | 'unknown-key' | 'signature' | 'expired';

const ClaimsSchema = z.object({
  sub: z.string().min(3).max(254),
  name: z.string().min(1).max(100),
  wf: z.string().max(120).regex(workflowIdPattern('[a-z0-9-]{1,60}')),
  role: z.enum(ROLE_KINDS),
  br: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional(),
  iat: z.number(),
  exp: z.number(),
});

/** End of the grace period after the plan year of a workflow id (`civ-[<org>-]<year>-…`), Asia/Shanghai. */
export function linkExpiry(workflowId: string): Date {
  const year = scopeOfWorkflowId(workflowId)?.year;
  if (year === undefined) throw new Error(`not a plan workflow id: ${workflowId}`);
  return new Date(linksExpireAt(year));
}

// jose imports a raw secret into WebCrypto on every signature and check; each key is imported once.
const imported = new WeakMap<LinkKey, Promise<webcrypto.CryptoKey>>();
function cryptoKey(key: LinkKey): Promise<webcrypto.CryptoKey> {
  let k = imported.get(key);
  if (!k) {
    k = webcrypto.subtle.importKey('raw', key.secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    imported.set(key, k);
  }
  return k;
}

export async function signLink(keys: LinkKeys, scope: LinkScope, now = new Date()): Promise<string> {
  return new SignJWT({
    name: scope.name,
    wf: scope.workflowId,
    role: scope.role.kind,
    ...(scope.role.kind === 'lead' && { br: scope.role.branch }),
  })
    .setProtectedHeader({ alg: 'HS256', kid: keys.current.kid, typ: 'civ-link' })
    .setSubject(scope.email.toLowerCase())
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(linkExpiry(scope.workflowId).getTime() / 1000))
    .sign(await cryptoKey(keys.current));
}

export async function verifyLink(
  keys: LinkKeys,
  token: string,
  now = new Date(),
): Promise<{ ok: true; link: VerifiedLink } | { ok: false; reason: LinkRefusal }> {
  if (token.length > 2048 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token))
    return { ok: false, reason: 'malformed' };
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = header.kid ? keys.byKid.get(header.kid) : undefined;
        if (!key) throw new errors.JWKSNoMatchingKey();
        return cryptoKey(key);
      },
      { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER, currentDate: now, typ: 'civ-link' },
    );
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: 'malformed' };
    const c = claims.data;
    if (c.role === 'lead' && !c.br) return { ok: false, reason: 'malformed' };
    const role: PersonRole = c.role === 'lead' ? { kind: 'lead', branch: c.br! } : { kind: c.role };
    return {
      ok: true,
      link: { name: c.name, email: c.sub, workflowId: c.wf, role, issuedAt: c.iat, expiresAt: c.exp },
    };
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
    if (err instanceof errors.JWKSNoMatchingKey) return { ok: false, reason: 'unknown-key' };
    if (err instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'signature' };
    return { ok: false, reason: 'malformed' };
  }
}
