// The parts a person plays in a plan, as a personal link is scoped to one of them. Pure data: it
// travels in notifications through workflow history (a role, never a credential).

export type PersonRole =
  { kind: 'lead'; branch: string } | { kind: 'office' } | { kind: 'deputy' } | { kind: 'head' };

export const ROLE_KINDS = ['lead', 'office', 'deputy', 'head'] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];

/** Personal links stay usable this long after their plan year, for the review (复查) and late sign-offs. */
export const LINK_GRACE_DAYS = 30;

/**
 * When the links of a plan year expire (epoch ms): the grace period after midnight of 1 January of
 * the next year, Asia/Shanghai. Until then a link can be revoked and a session ended, so the year's
 * plan workflow takes those until this instant.
 */
export function linksExpireAt(year: number): number {
  // 00:00 on Jan 1 of the next year in Shanghai is 16:00 UTC on Dec 31.
  return Date.UTC(year, 11, 31, 16) + LINK_GRACE_DAYS * 86_400_000;
}

/**
 * However active, a portal session lasts a working day at most (then the email's link signs in
 * again); the plan workflow forgets an ended session once it could no longer be used anyway.
 */
export const SESSION_MAX_SECONDS = 8 * 60 * 60;

/** 后勤服务中心支部负责人, 领导小组办公室, 分管领导, 主要领导. */
export function roleLabel(role: PersonRole, branchName?: string): string {
  switch (role.kind) {
    case 'lead':
      return `${branchName ?? role.branch}负责人`;
    case 'office':
      return '领导小组办公室';
    case 'deputy':
      return '分管领导';
    case 'head':
      return '领导小组组长';
  }
}

/** Whether the role belongs to the leading group (may see the dashboard, extend deadlines). */
export function isLeadingGroupRole(role: PersonRole): boolean {
  return role.kind !== 'lead';
}

export interface Person {
  name: string;
  email: string;
}

/**
 * Whether `email` is this person's address. A person is their verified address: names are not
 * unique (two 王建国 in one bureau is ordinary), so a name never decides who may act.
 */
export function isPerson(person: { email: string }, email: string): boolean {
  return person.email.toLowerCase() === email.toLowerCase();
}

/** Who an Update says acted: the name to record and, from the portal, the link's verified address. */
export interface ActorFields {
  actor: string;
  actorEmail?: string;
}

/** The address an actor acts as, or why they name none: a name nobody or several people carry. */
export type ActorIdentity = { email: string } | { unknown: true } | { ambiguous: number };

/**
 * The address an Update acts as: `actorEmail` when given (the portal gives its link's verified
 * address); otherwise `actor` when it is an address; otherwise the one person of `people` carrying
 * that name, as an admin with Temporal access types it into the CLI or Temporal UI. A name several
 * people carry identifies nobody.
 */
export function identify(people: readonly Person[], a: ActorFields): ActorIdentity {
  if (a.actorEmail) return { email: a.actorEmail.toLowerCase() };
  const typed = a.actor.trim();
  if (typed.includes('@')) return { email: typed.toLowerCase() };
  const named = new Set(people.filter((p) => p.name === typed).map((p) => p.email.toLowerCase()));
  if (named.size === 1) return { email: [...named][0] };
  return named.size > 1 ? { ambiguous: named.size } : { unknown: true };
}

/** How a rejection names the actor: the name, and the address when the Update gave one. */
export function actorText(a: ActorFields): string {
  return a.actorEmail ? `${a.actor} <${a.actorEmail}>` : a.actor;
}
