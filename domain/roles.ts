// The parts a person plays in a plan, as a personal link is scoped to one of them. Pure data: it
// travels in notifications through workflow history (a role, never a credential).

export type PersonRole =
  { kind: 'lead'; branch: string } | { kind: 'office' } | { kind: 'deputy' } | { kind: 'head' };

export const ROLE_KINDS = ['lead', 'office', 'deputy', 'head'] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];

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

/** Whether `actor` (a name or an email address, as typed or as in a link) names this person. */
export function isPerson(person: { name: string; email: string }, actor: string): boolean {
  return person.name === actor || person.email.toLowerCase() === actor.toLowerCase();
}
