// The portal's sessions. A personal link from an email is exchanged for a session at once: a JWS
// (HS256, its own key derived from the link key, its own type and audience, so neither token can
// pass for the other) naming one person, the workflows their links opened in this browser and the
// role of each, with an id that can be ended (退出) in the year's plan workflow, where every portal
// looks. The link itself is never kept. Idle and absolute limits fit a shared office PC.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { workflowIdPattern } from '../domain/organization';
import { ROLE_KINDS, SESSION_MAX_SECONDS, type PersonRole } from '../domain/roles';
import type { LinkKey, LinkKeys } from './keys';
import { linkExpiry } from './token';

/** Thirty minutes without a request ends a session: the office PC left unlocked at lunch. */
export const SESSION_IDLE_SECONDS = 30 * 60;
export { SESSION_MAX_SECONDS };
/** The workflows one session keeps (the oldest are dropped): a lead opens a handful of tasks a day. */
export const SESSION_MAX_GRANTS = 12;

const AUDIENCE = 'civ-portal-session';
const ISSUER = 'civ';
const TYPE = 'civ-session';

/** One workflow a link opened, in the role of that link; `linkIssuedAt` keeps revocations working. */
export interface SessionGrant {
  workflowId: string;
  role: PersonRole;
  /** Epoch seconds the link was made: a revocation of the person's links made before ends it too. */
  linkIssuedAt: number;
}

export interface PortalSession {
  /** Random, 128 bits: what 退出 ends in the plan workflow. */
  id: string;
  email: string;
  name: string;
  /** How the person is shown ("何敏（法规处负责人）"), from the link they signed in with. */
  who: string;
  grants: SessionGrant[];
  /** Epoch seconds: signed in, and the last request. */
  startedAt: number;
  seenAt: number;
  /** The key it was signed with, whose derived key also makes its form tokens. */
  kid: string;
}

export type SessionRefusal = 'malformed' | 'unknown-key' | 'signature' | 'idle' | 'expired';

const GrantSchema = z.tuple([
  z.string().max(120).regex(workflowIdPattern('[a-z0-9-]{1,60}')),
  z.enum(ROLE_KINDS),
  z.string().regex(/^[a-z0-9-]{0,40}$/),
  z.number().int(),
]);

const ClaimsSchema = z.object({
  sid: z.string().regex(/^[\w-]{22}$/),
  sub: z.string().min(3).max(254),
  name: z.string().min(1).max(100),
  who: z.string().min(1).max(200),
  g: z.array(GrantSchema).min(1).max(SESSION_MAX_GRANTS),
  iat: z.number().int(),
  seen: z.number().int(),
  exp: z.number().int(),
});

/** A key of its own for each use of a link key, so a token made for one use never verifies for another. */
function derived(key: LinkKey, use: 'session' | 'form'): Uint8Array {
  return createHmac('sha256', key.secret).update(`civ-portal-${use}`).digest();
}

export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

export async function signSession(keys: LinkKeys, s: Omit<PortalSession, 'kid'>): Promise<string> {
  const grants = s.grants
    .slice(-SESSION_MAX_GRANTS)
    .map((g) => [g.workflowId, g.role.kind, g.role.kind === 'lead' ? g.role.branch : '', g.linkIssuedAt]);
  return new SignJWT({ sid: s.id, name: s.name, who: s.who, g: grants, seen: s.seenAt })
    .setProtectedHeader({ alg: 'HS256', kid: keys.current.kid, typ: TYPE })
    .setSubject(s.email.toLowerCase())
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(s.startedAt)
    .setExpirationTime(s.startedAt + SESSION_MAX_SECONDS)
    .sign(derived(keys.current, 'session'));
}

function grantOf([workflowId, kind, branch, linkIssuedAt]: z.infer<typeof GrantSchema>): SessionGrant {
  const role: PersonRole = kind === 'lead' ? { kind, branch } : { kind };
  return { workflowId, role, linkIssuedAt };
}

/**
 * The session a cookie holds, if it is ours, unchanged, within both limits at `now`, and still has
 * a workflow whose links have not expired.
 */
export async function verifySession(
  keys: LinkKeys,
  token: string,
  now: Date,
): Promise<{ ok: true; session: PortalSession } | { ok: false; reason: SessionRefusal }> {
  if (token.length > 4096 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token))
    return { ok: false, reason: 'malformed' };
  let kid = '';
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = header.kid ? keys.byKid.get(header.kid) : undefined;
        if (!key) throw new errors.JWKSNoMatchingKey();
        kid = key.kid;
        return derived(key, 'session');
      },
      { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER, currentDate: now, typ: TYPE },
    );
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: 'malformed' };
    const c = claims.data;
    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (nowSeconds - c.seen > SESSION_IDLE_SECONDS) return { ok: false, reason: 'idle' };
    const grants = c.g.map(grantOf).filter((g) => linkExpiry(g.workflowId).getTime() > now.getTime());
    if (grants.length === 0 || grants.some((g) => g.role.kind === 'lead' && !g.role.branch))
      return { ok: false, reason: grants.length ? 'malformed' : 'expired' };
    return {
      ok: true,
      session: {
        id: c.sid,
        email: c.sub,
        name: c.name,
        who: c.who,
        grants,
        startedAt: c.iat,
        seenAt: c.seen,
        kid,
      },
    };
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
    if (err instanceof errors.JWKSNoMatchingKey) return { ok: false, reason: 'unknown-key' };
    if (err instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'signature' };
    return { ok: false, reason: 'malformed' };
  }
}

function formMac(keys: LinkKeys, session: PortalSession, text: string): Buffer {
  const key = keys.byKid.get(session.kid) ?? keys.current;
  return createHmac('sha256', derived(key, 'form')).update(`${session.id}|${text}`).digest();
}

/** The session's CSRF token: bound to it, so a token of one session is refused in any other. */
export function csrfToken(keys: LinkKeys, session: PortalSession): string {
  return formMac(keys, session, 'csrf').toString('base64url');
}

function sameBytes(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function checkCsrfToken(keys: LinkKeys, session: PortalSession, token: unknown): boolean {
  return typeof token === 'string' && sameBytes(token, csrfToken(keys, session));
}

/**
 * A form's one-time nonce, made by the portal for this session: random, with a MAC, so a client
 * can neither choose an Update id nor take another session's.
 */
export function formNonce(keys: LinkKeys, session: PortalSession): string {
  const random = randomBytes(16).toString('base64url');
  return `${random}.${formMac(keys, session, `nonce|${random}`).toString('base64url').slice(0, 22)}`;
}

/** The Update id a nonce stands for, or undefined when this session's portal did not make it. */
export function nonceUpdateId(keys: LinkKeys, session: PortalSession, nonce: unknown): string | undefined {
  if (typeof nonce !== 'string') return undefined;
  const match = /^([\w-]{22})\.([\w-]{22})$/.exec(nonce);
  if (!match) return undefined;
  const expected = formMac(keys, session, `nonce|${match[1]}`).toString('base64url').slice(0, 22);
  return sameBytes(match[2], expected) ? `portal-${match[1]}` : undefined;
}
