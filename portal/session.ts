// The signed-in session: no login and no server-side state. A personal link is checked, its person's
// role looked up in Temporal, and the link itself becomes the cookie, scoped to the path of its one
// workflow's pages; every request after that checks the cookie again the same way.
import type { Client } from '@temporalio/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { planWorkflowId } from '../domain/ids';
import { parseScopeKey, scopeOfWorkflowId, workflowIdPattern } from '../domain/organization';
import type { LinkKeys } from '../links/keys';
import { signLink, verifyLink, type LinkRefusal, type VerifiedLink } from '../links/token';
import { resolveAccess, yearPath, type Access } from './access';
import { Refusal } from './forms';

export type Admitted = Exclude<Access, { kind: 'refused' }>;
export type ItemAccess = Extract<Access, { kind: 'item' }>;
export type PlanAccess = Extract<Access, { kind: 'plan' }>;

export interface SessionOptions {
  client: Client;
  keys: LinkKeys;
  now: () => Date;
  /** Cookies only over HTTPS. */
  secureCookies: boolean;
}

const LINK_COOKIE = 'civ_link';

/** The workflow ids a page's path may name: ours, with a short suffix (the item or the plan). */
export const WORKFLOW_ID = workflowIdPattern('[a-z0-9-]{1,60}');

const LINK_REFUSED: Record<LinkRefusal, [string, string]> = {
  malformed: ['链接无效', '此链接不完整或已损坏。请直接点击邮件中的按钮，或将完整链接复制到浏览器中打开。'],
  signature: ['链接无效', '此链接未通过校验，可能被改动过。请使用邮件中的原始链接。'],
  'unknown-key': ['链接已失效', '此链接的签发密钥已停用。请使用最新一封通知邮件中的链接。'],
  expired: ['链接已过期', '此链接已超过有效期。如仍需办理，请与领导小组办公室联系。'],
};

function missingPage(): Refusal {
  return new Refusal(404, '页面不存在', '请通过通知邮件中的链接访问本平台。');
}

/** The pages a link's cookie opens: the year's for the plan workflow, an item's otherwise. */
function scopePath(workflowId: string): string {
  const scope = scopeOfWorkflowId(workflowId);
  return scope && workflowId === planWorkflowId(scope.year, scope.org) ? yearPath(scope) : `/w/${workflowId}`;
}

export class Session {
  constructor(private readonly o: SessionOptions) {}

  async checkLink(token: string): Promise<VerifiedLink> {
    const result = await verifyLink(this.o.keys, token, this.o.now());
    if (!result.ok) {
      const [title, detail] = LINK_REFUSED[result.reason];
      throw new Refusal(401, title, detail);
    }
    return result.link;
  }

  async accessOf(link: VerifiedLink): Promise<Admitted> {
    const access = await resolveAccess(this.o.client, link);
    if (access.kind === 'refused') throw new Refusal(access.status, access.title, access.detail);
    return access;
  }

  /** A link that checks out and whose person holds its role: its cookie set, on to its page. */
  async admit(reply: FastifyReply, token: string): Promise<FastifyReply> {
    const link = await this.checkLink(token);
    await this.accessOf(link);
    return this.enter(reply, token, link);
  }

  /** The same person, in the same role, on another workflow of the year: the portal signs that link. */
  async admitElsewhere(reply: FastifyReply, link: VerifiedLink, workflowId: string): Promise<FastifyReply> {
    return this.admit(reply, await signLink(this.o.keys, { ...link, workflowId }, this.o.now()));
  }

  enter(reply: FastifyReply, token: string, link: VerifiedLink): FastifyReply {
    const path = scopePath(link.workflowId);
    reply.setCookie(LINK_COOKIE, token, {
      path,
      httpOnly: true,
      // Lax, not Strict: the first page after the click in a mail client is a cross-site navigation.
      sameSite: 'lax',
      secure: this.o.secureCookies,
      expires: new Date(link.expiresAt * 1000),
    });
    return reply.code(303).header('cache-control', 'no-store').redirect(path);
  }

  /** The person behind this request's cookie, for this workflow, in the role of their link. */
  async signedIn(req: FastifyRequest, workflowId: string): Promise<Admitted> {
    if (!WORKFLOW_ID.test(workflowId)) throw missingPage();
    const token = req.cookies[LINK_COOKIE];
    if (!token)
      throw new Refusal(401, '请通过邮件链接访问', '本平台无需登录：请点击通知邮件中的按钮进入办理页面。');
    const link = await this.checkLink(token);
    if (link.workflowId !== workflowId)
      throw new Refusal(403, '无权访问', '此链接仅可办理其对应的事项。请使用该事项通知邮件中的链接。');
    return this.accessOf(link);
  }

  /** The same link's access again, after an update that may have changed who holds what. */
  async refreshed<A extends Admitted>(access: A): Promise<A> {
    // The same link names the same workflow, so the access is of the same kind.
    return (await this.accessOf(access.link)) as A;
  }

  /** The signed-in person on the item of the path's `:wf`. */
  async itemAccess(req: FastifyRequest): Promise<ItemAccess> {
    const { wf } = req.params as { wf: string };
    const access = await this.signedIn(req, wf);
    if (access.kind !== 'item') throw missingPage();
    return access;
  }

  /** The signed-in person on the year of the path's `:scope`. */
  async planAccess(req: FastifyRequest): Promise<PlanAccess> {
    const scope = parseScopeKey((req.params as { scope: string }).scope);
    if (!scope) throw missingPage();
    const access = await this.signedIn(req, planWorkflowId(scope.year, scope.org));
    if (access.kind !== 'plan') throw missingPage();
    return access;
  }
}
