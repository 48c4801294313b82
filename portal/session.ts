// The signed-in session. A personal link is checked, its person's role looked up in Temporal, and
// the link exchanged at once for a session (links/session-token.ts) in an HttpOnly cookie: never
// the link itself. Every request checks the session's signature, its idle and absolute limits, that
// it holds the workflow asked for, and, in Temporal, the person's role, the revocations and whether
// the session was ended (退出). Still no state of the portal's own: several portals share the keys
// and Temporal, and any of them answers any request.
import type { Client } from '@temporalio/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { planWorkflowId } from '../domain/ids';
import { parseScopeKey, scopeOfWorkflowId, workflowIdPattern } from '../domain/organization';
import { roleLabel } from '../domain/roles';
import { endSessionUpdate } from '../wire/messages';
import type { LinkKeys } from '../links/keys';
import {
  checkCsrfToken,
  csrfToken,
  formNonce,
  newSessionId,
  nonceUpdateId,
  type PortalSession,
  type SessionRefusal,
  signSession,
  verifySession,
} from '../links/session-token';
import { linkExpiry, verifyLink, type LinkRefusal, type VerifiedLink } from '../links/token';
import { resolveAccess, yearPath, type Access } from './access';
import { one, Refusal, staleForm, type Fields } from './forms';
import { sendPage } from './send-page';
import { loggedOutPage, switchPage } from './sign-in-pages';

/** What a signed-in request may use: the access, its session, and the session's form tokens. */
export interface SignedIn {
  session: PortalSession;
  /** The session's CSRF token, for every form of the page. */
  csrf: string;
  /** A fresh one-time nonce per form, made by the portal for this session. */
  nonce: () => string;
}
export type Admitted = Exclude<Access, { kind: 'refused' }>;
export type ItemAccess = Extract<Access, { kind: 'item' }> & SignedIn;
export type PlanAccess = Extract<Access, { kind: 'plan' }> & SignedIn;

export interface SessionOptions {
  client: Client;
  keys: LinkKeys;
  now: () => Date;
  /** Cookies only over HTTPS, under a `__Host-` name. */
  secureCookies: boolean;
}

/** The workflow ids a page's path may name: ours, with a short suffix (the item or the plan). */
export const WORKFLOW_ID = workflowIdPattern('[a-z0-9-]{1,60}');

const LINK_REFUSED: Record<LinkRefusal, [string, string]> = {
  malformed: ['链接无效', '此链接不完整或已损坏。请直接点击邮件中的按钮，或将完整链接复制到浏览器中打开。'],
  signature: ['链接无效', '此链接未通过校验，可能被改动过。请使用邮件中的原始链接。'],
  'unknown-key': ['链接已失效', '此链接的签发密钥已停用。请使用最新一封通知邮件中的链接。'],
  expired: ['链接已过期', '此链接已超过有效期。如仍需办理，请与领导小组办公室联系。'],
};

const NO_SESSION: [string, string] = [
  '请通过邮件链接访问',
  '本平台无需登录：请点击通知邮件中的按钮进入办理页面。',
];
const SESSION_REFUSED: Record<SessionRefusal, [string, string]> = {
  malformed: NO_SESSION,
  signature: NO_SESSION,
  'unknown-key': NO_SESSION,
  idle: ['登录已超时', '您已超过30分钟未操作，为保护信息安全已自动退出。请重新点击通知邮件中的链接进入。'],
  expired: ['登录已超时', '本次登录已超过8小时，为保护信息安全已自动退出。请重新点击通知邮件中的链接进入。'],
};

function missingPage(): Refusal {
  return new Refusal(404, '页面不存在', '请通过通知邮件中的链接访问本平台。');
}

/** The page a link's workflow opens: the year's for the plan workflow, an item's otherwise. */
function scopePath(workflowId: string): string {
  const scope = scopeOfWorkflowId(workflowId);
  return scope && workflowId === planWorkflowId(scope.year, scope.org) ? yearPath(scope) : `/w/${workflowId}`;
}

/** The person and the role their link names, as a page's header shows them. */
export function whoOf(access: Admitted): string {
  const role = access.link.role;
  const branchName =
    access.kind === 'item' && role.kind === 'lead'
      ? access.def.branches.find((b) => b.id === role.branch)?.name
      : undefined;
  return `${access.link.name}（${roleLabel(role, branchName)}）`;
}

/**
 * Whether the portal's cookies are Secure (and `__Host-`): everywhere but on a loopback address,
 * where a browser talks plain HTTP to the local stack. A portal published over plain HTTP elsewhere
 * would have its cookies dropped by browsers, so it does not start.
 */
export function secureCookiesFor(portalUrl: URL): boolean {
  const host = portalUrl.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (portalUrl.protocol === 'https:') return true;
  if (loopback) return false;
  throw new Error(
    `CIV_PORTAL_URL ${portalUrl.origin} must be https: (plain http only on a loopback address)`,
  );
}

export class Session {
  readonly cookie: string;

  constructor(private readonly o: SessionOptions) {
    this.cookie = o.secureCookies ? '__Host-civ-session' : 'civ-session';
  }

  private nowSeconds(): number {
    return Math.floor(this.o.now().getTime() / 1000);
  }

  async checkLink(token: string): Promise<VerifiedLink> {
    const result = await verifyLink(this.o.keys, token, this.o.now());
    if (!result.ok) {
      const [title, detail] = LINK_REFUSED[result.reason];
      throw new Refusal(401, title, detail);
    }
    return result.link;
  }

  async accessOf(link: VerifiedLink, sessionId?: string): Promise<Admitted> {
    const access = await resolveAccess(this.o.client, link, sessionId);
    if (access.kind === 'refused') throw new Refusal(access.status, access.title, access.detail);
    return access;
  }

  /** The session this browser holds, if its cookie checks out and is within its limits. */
  async current(req: FastifyRequest): Promise<PortalSession | undefined> {
    const token = req.cookies[this.cookie];
    if (!token) return undefined;
    const result = await verifySession(this.o.keys, token, this.o.now());
    return result.ok ? result.session : undefined;
  }

  private async setCookie(reply: FastifyReply, session: Omit<PortalSession, 'kid'>): Promise<void> {
    reply.setCookie(this.cookie, await signSession(this.o.keys, session), {
      path: '/',
      httpOnly: true,
      // Lax, not Strict: the first page after the click in a mail client is a cross-site navigation.
      sameSite: 'lax',
      secure: this.o.secureCookies,
    });
  }

  private clearCookie(reply: FastifyReply): void {
    reply.clearCookie(this.cookie, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.o.secureCookies,
    });
  }

  /**
   * A link from an email: checked, its person's role looked up, then exchanged for a session and on
   * to its page. A live session of someone else in this browser is not replaced silently: the page
   * asks first.
   */
  async admit(req: FastifyRequest, reply: FastifyReply, token: string): Promise<FastifyReply> {
    const link = await this.checkLink(token);
    const access = await this.accessOf(link);
    const current = await this.current(req);
    if (current && current.email !== link.email)
      return sendPage(
        reply,
        200,
        switchPage({
          current: current.who,
          next: whoOf(access),
          token,
          csrf: csrfToken(this.o.keys, current),
          back: scopePath(current.grants.at(-1)!.workflowId),
        }),
      );
    return this.enter(reply, current, access);
  }

  /** The answer to the page admit() asked: the current session ends, the link's person signs in. */
  async switchTo(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const fields = (req.body ?? {}) as Fields;
    const current = await this.current(req);
    if (current && !checkCsrfToken(this.o.keys, current, fields._csrf)) throw staleForm();
    const link = await this.checkLink(one(fields, 'token', 4096));
    const access = await this.accessOf(link);
    if (current) await this.end(req, current);
    return this.enter(reply, undefined, access);
  }

  /** The session given the access's workflow (a new one, or the same person's with one more). */
  private async enter(
    reply: FastifyReply,
    current: PortalSession | undefined,
    access: Admitted,
  ): Promise<FastifyReply> {
    const { link } = access;
    const now = this.nowSeconds();
    const grant = { workflowId: link.workflowId, role: link.role, linkIssuedAt: link.issuedAt };
    const session =
      current && current.email === link.email
        ? {
            ...current,
            grants: [...current.grants.filter((g) => g.workflowId !== link.workflowId), grant],
            seenAt: now,
          }
        : {
            id: newSessionId(),
            email: link.email,
            name: link.name,
            who: whoOf(access),
            grants: [grant],
            startedAt: now,
            seenAt: now,
          };
    await this.setCookie(reply, session);
    return reply.code(303).header('cache-control', 'no-store').redirect(scopePath(link.workflowId));
  }

  /** The same person, in the same role, on another workflow of the year: their session opens it too. */
  async admitElsewhere(
    reply: FastifyReply,
    from: Admitted & SignedIn,
    workflowId: string,
  ): Promise<FastifyReply> {
    const access = await this.accessOf({ ...from.link, workflowId }, from.session.id);
    return this.enter(reply, from.session, access);
  }

  /** 退出: the session ends in every plan it reached (so every portal refuses it), and its cookie goes. */
  async logout(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const session = await this.current(req);
    if (session) {
      if (!checkCsrfToken(this.o.keys, session, ((req.body ?? {}) as Fields)._csrf)) throw staleForm();
      await this.end(req, session);
    }
    this.clearCookie(reply);
    return sendPage(reply, 200, loggedOutPage());
  }

  /** Records the end of a session in the plan workflow of each year it reached. */
  private async end(req: FastifyRequest, session: PortalSession): Promise<void> {
    const plans = new Set(
      session.grants.map((g) => {
        const scope = scopeOfWorkflowId(g.workflowId)!;
        return planWorkflowId(scope.year, scope.org);
      }),
    );
    await Promise.all(
      [...plans].map((id) =>
        this.o.client.workflow
          .getHandle(id)
          .executeUpdate(endSessionUpdate, { args: [{ sid: session.id }], updateId: `end-${session.id}` })
          .catch((err: Error) =>
            // A year past its links' expiry takes no more: its sessions have ended with its links.
            req.log.warn({ err: { message: err.message, name: err.name }, workflowId: id }, 'session end'),
          ),
      ),
    );
  }

  /** The person behind this request's session, for this workflow, in the role its link gave. */
  async signedIn(req: FastifyRequest, reply: FastifyReply, workflowId: string): Promise<Admitted & SignedIn> {
    if (!WORKFLOW_ID.test(workflowId)) throw missingPage();
    const token = req.cookies[this.cookie];
    if (!token) throw new Refusal(401, ...NO_SESSION);
    const result = await verifySession(this.o.keys, token, this.o.now());
    if (!result.ok) {
      this.clearCookie(reply);
      throw new Refusal(401, ...SESSION_REFUSED[result.reason]);
    }
    const session = result.session;
    const grant = session.grants.find((g) => g.workflowId === workflowId);
    if (!grant)
      throw new Refusal(403, '无权访问', '此链接仅可办理其对应的事项。请使用该事项通知邮件中的链接。');
    const link: VerifiedLink = {
      name: session.name,
      email: session.email,
      workflowId,
      role: grant.role,
      issuedAt: grant.linkIssuedAt,
      expiresAt: Math.floor(linkExpiry(workflowId).getTime() / 1000),
    };
    const access = await this.accessOf(link, session.id);
    const seen = { ...session, seenAt: this.nowSeconds() };
    await this.setCookie(reply, seen);
    return { ...access, ...this.tokens(seen) };
  }

  private tokens(session: PortalSession): SignedIn {
    return {
      session,
      csrf: csrfToken(this.o.keys, session),
      nonce: () => formNonce(this.o.keys, session),
    };
  }

  /** A posted form of this session: its CSRF token checked, and the Update id its nonce stands for. */
  formUpdateId(access: SignedIn, fields: Fields): string {
    if (!checkCsrfToken(this.o.keys, access.session, fields._csrf)) throw staleForm();
    const updateId = nonceUpdateId(this.o.keys, access.session, fields.nonce);
    if (!updateId) throw new Refusal(400, '表单已失效', '此表单不完整，请返回办理页面刷新后重新提交。');
    return updateId;
  }

  /** Whether a CSRF token is this session's (a streamed form checks it before reading its files). */
  checkCsrf(access: SignedIn, token: unknown): boolean {
    return checkCsrfToken(this.o.keys, access.session, token);
  }

  /** The same access again, after an update that may have changed who holds what. */
  async refreshed<A extends Admitted & SignedIn>(access: A): Promise<A> {
    // The same link names the same workflow, so the access is of the same kind.
    const fresh = await this.accessOf(access.link, access.session.id);
    return { ...fresh, ...this.tokens(access.session) } as A;
  }

  /** The signed-in person on the item of the path's `:wf`. */
  async itemAccess(req: FastifyRequest, reply: FastifyReply): Promise<ItemAccess> {
    const { wf } = req.params as { wf: string };
    const access = await this.signedIn(req, reply, wf);
    if (access.kind !== 'item') throw missingPage();
    return access;
  }

  /** The signed-in person on the year of the path's `:scope`. */
  async planAccess(req: FastifyRequest, reply: FastifyReply): Promise<PlanAccess> {
    const scope = parseScopeKey((req.params as { scope: string }).scope);
    if (!scope) throw missingPage();
    const access = await this.signedIn(req, reply, planWorkflowId(scope.year, scope.org));
    if (access.kind !== 'plan') throw missingPage();
    return access;
  }
}
