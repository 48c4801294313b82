// The state of a plan year as its annual plan workflow keeps it: what each task, theme
// and festival workflow last reported of itself, what was past before the plan started, the
// monthly bulletins sent, and the head's final sign-off. Pure rules over plain data.
import type * as Zod from 'zod';
import { once, zod } from './lazy-zod';
import type { SentRecord } from './notification';
import type { DisplayState, ItemSummary } from './item-state';
import { type ChangeLeadInput, malformed, updateSchemas, type RevokeLinksInput } from './item-updates';
import { type Rejection, rejection } from './rejections';
import { actorText, type ActorFields, identify, isPerson, type Person, SESSION_MAX_SECONDS } from './roles';

export type PlanPhase = 'running' | 'awaiting-final-sign-off' | 'signed-off' | 'closed';

function buildPlanMessageSchemas(z: typeof Zod) {
  return {
    finalSignOff: z.strictObject({
      actor: z.string(),
      actorEmail: z.email({ error: 'must be an email address' }).max(254).optional(),
      comment: z.string(),
      channel: z.enum(['portal', 'cli'], { error: 'must be "portal" or "cli"' }).optional(),
      osUser: z.string().max(64).optional(),
    }),
    closeYear: z.strictObject({
      actor: z.string(),
      actorEmail: z.email({ error: 'must be an email address' }).max(254).optional(),
      reason: z.string(),
      /** The year the open work is carried into. */
      nextYear: z.int().optional(),
    }),
    /** 退出: a portal session ends; its id only, never the person. */
    endSession: z.strictObject({ sid: z.string().regex(/^[\w-]{22}$/, 'must be a session id') }),
  };
}
/** The plan workflow's own Updates' schemas, built on the first one (domain/lazy-zod.ts). */
const planMessageSchemas = once(() => buildPlanMessageSchemas(zod()));
type PlanMessageSchemas = ReturnType<typeof buildPlanMessageSchemas>;
export type FinalSignOffInput = Zod.infer<PlanMessageSchemas['finalSignOff']>;
export type CloseYearInput = Zod.infer<PlanMessageSchemas['closeYear']>;
export type EndSessionInput = Zod.infer<PlanMessageSchemas['endSession']>;

/** A theme or festival that was over before the plan started: recorded, never announced. */
export interface PastItem {
  kind: 'theme' | 'festival';
  id: string;
  title: string;
  /** The festival's date, or the theme month's last day. */
  date: string;
}

export interface PlanState {
  year: number;
  organization: string;
  phase: PlanPhase;
  startedAt: string;
  /** Workflow id → what the item last reported; items appear as they start. */
  items: Record<string, ItemSummary>;
  past: PastItem[];
  /** Plan-level emails sent: bulletins, the final sign-off request and reminders, the year summary. */
  notifications: (Omit<SentRecord, 'workflowId'> & { at: string })[];
  failures: { key: string; at: string; reason: string }[];
  handledKeys: string[];
  /** When every item had closed (or the year ended) and the head was asked to sign the year off. */
  readySince?: string;
  finalSignOff?: FinalSignOffInput & { at: string };
  closed?: CloseYearInput & { at: string };
  /** Changes of a branch's lead, oldest first: told to every item of the year, later ones too. */
  leadChanges?: (ChangeLeadInput & { at: string })[];
  /** People whose links made before `at` no longer work. */
  revocations?: (RevokeLinksInput & { at: string })[];
  /** Portal sessions ended (退出) within the last working day: every portal refuses them. */
  endedSessions?: { sid: string; at: string }[];
}

/** The people the plan workflow checks actors against. */
export interface PlanPeople {
  head: { name: string; email: string };
  leadingGroup: { name: string; email: string }[];
  /** The office: its shared mailbox and its staff (absent in plans loaded before it was kept). */
  office?: { name: string; email: string }[];
  /** Each branch and its lead as the plan names them. */
  branches?: { id: string; name: string; lead: { name: string; email: string } }[];
}

/** The office (its mailbox or its staff) and the head, by address: who may change leads and revoke links. */
function isOfficeOrHead(people: PlanPeople, email: string): boolean {
  return isPerson(people.head, email) || (people.office ?? []).some((p) => isPerson(p, email));
}

/** Everyone a plan Update may name as its actor. */
export function planPeopleList(people: PlanPeople): Person[] {
  return [
    people.head,
    ...people.leadingGroup,
    ...(people.office ?? []),
    ...(people.branches ?? []).map((b) => b.lead),
  ];
}

/**
 * The address a plan Update acts as ('' for a name nobody carries, which matches no one), or the
 * rejection of a name several people carry (domain/roles.ts, identify).
 */
function actorAddress(people: PlanPeople, a: ActorFields): string | Rejection<'ambiguous-actor'> {
  const who = identify(planPeopleList(people), a);
  if ('ambiguous' in who)
    return rejection('ambiguous-actor', { actor: a.actor, people: who.ambiguous }, 'actor');
  return 'email' in who ? who.email : '';
}

/** Who leads a branch now: the plan's lead, or the latest change. */
export function currentLead(
  people: PlanPeople,
  state: PlanState,
  branch: string,
): { name: string; email: string } | undefined {
  const change = (state.leadChanges ?? []).filter((c) => c.branch === branch).at(-1);
  return change?.lead ?? people.branches?.find((b) => b.id === branch)?.lead;
}

/** The plan's people as they are now: each branch with its current lead. */
export function peopleNow(people: PlanPeople, state: PlanState): PlanPeople {
  return {
    ...people,
    branches: people.branches?.map((b) => ({
      ...b,
      lead: currentLead(people, state, b.id) ?? b.lead,
    })),
  };
}

export function checkChangeLead(
  people: PlanPeople,
  state: PlanState,
  c: ChangeLeadInput,
): Rejection | undefined {
  const invalid = finished(state) ?? malformed(updateSchemas().changeLead, c, 'change of lead');
  if (invalid) return invalid;
  const who = actorAddress(peopleNow(people, state), c);
  if (typeof who !== 'string') return who;
  if (!isOfficeOrHead(people, who)) return rejection('may-not-change-lead', { actor: actorText(c) }, 'actor');
  if (!people.branches?.some((b) => b.id === c.branch))
    return rejection('unknown-branch', { branch: c.branch }, 'branch');
  if (currentLead(people, state, c.branch)?.email.toLowerCase() === c.lead.email.toLowerCase())
    return rejection('already-leads', { email: c.lead.email, branch: c.branch }, 'lead.email');
  return undefined;
}

/** Records a change of lead and returns it, to be told to the year's open items. */
export function applyChangeLead(
  state: PlanState,
  c: ChangeLeadInput,
  at: string,
): ChangeLeadInput & { at: string } {
  const change = { ...c, at };
  state.leadChanges = [...(state.leadChanges ?? []), change];
  return change;
}

export function initialPlanState(year: number, organization: string, startedAt: string): PlanState {
  return {
    year,
    organization,
    phase: 'running',
    startedAt,
    items: {},
    past: [],
    notifications: [],
    failures: [],
    handledKeys: [],
  };
}

const OPEN: ReadonlySet<DisplayState> = new Set([
  'open',
  'overdue',
  'escalated',
  'returned',
  'scheduled',
  'awaiting-sign-off',
]);

export function isItemOpen(item: ItemSummary): boolean {
  return OPEN.has(item.state);
}

/**
 * Records what an item told of itself: `first` when the plan hears of it for the first time,
 * `closed` when it has just closed.
 */
export function applyItemChanged(
  state: PlanState,
  summary: ItemSummary,
): { first: boolean; closed: boolean } {
  const before = state.items[summary.workflowId];
  state.items[summary.workflowId] = summary;
  return { first: !before, closed: !isItemOpen(summary) && (!before || isItemOpen(before)) };
}

/** Items per state, the overdue count and the branches that still owe reports: what the UI filters on. */
export function planCounts(state: PlanState): {
  byState: Partial<Record<DisplayState, number>>;
  overdue: number;
  open: number;
  pending: string[];
} {
  const items = Object.values(state.items);
  const byState: Partial<Record<DisplayState, number>> = {};
  for (const item of items) byState[item.state] = (byState[item.state] ?? 0) + 1;
  const pending = new Set(items.filter(isItemOpen).flatMap((i) => i.pending));
  return {
    byState,
    overdue: items.filter((i) => i.state === 'overdue' || i.state === 'escalated').length,
    open: items.filter(isItemOpen).length,
    pending: [...pending].sort(),
  };
}

function finished(state: PlanState): Rejection | undefined {
  if (state.phase === 'signed-off') return rejection('year-signed-off', { year: state.year });
  if (state.phase === 'closed') return rejection('year-closed', { year: state.year });
  return undefined;
}

export function checkFinalSignOff(
  people: PlanPeople,
  state: PlanState,
  input: FinalSignOffInput,
): Rejection | undefined {
  const invalid = finished(state) ?? malformed(planMessageSchemas().finalSignOff, input, 'final sign-off');
  if (invalid) return invalid;
  const who = actorAddress(peopleNow(people, state), input);
  if (typeof who !== 'string') return who;
  if (!isPerson(people.head, who))
    return rejection('may-not-sign-off-year', { actor: actorText(input) }, 'actor');
  if (state.phase !== 'awaiting-final-sign-off') {
    const open = Object.values(state.items).filter(isItemOpen).length;
    return rejection('year-not-ready', { year: state.year, open });
  }
  return undefined;
}

/** Every item has closed, or the year has ended: the head is asked for the final sign-off. */
export function applyReadyForFinalSignOff(state: PlanState, at: string): void {
  state.phase = 'awaiting-final-sign-off';
  state.readySince = at;
}

export function applyFinalSignOff(state: PlanState, s: FinalSignOffInput, at: string): void {
  state.finalSignOff = { ...s, at };
  state.phase = 'signed-off';
}

export function checkCloseYear(
  people: PlanPeople,
  state: PlanState,
  input: CloseYearInput,
): Rejection | undefined {
  const invalid = finished(state) ?? malformed(planMessageSchemas().closeYear, input, 'closing of the year');
  if (invalid) return invalid;
  const who = actorAddress(peopleNow(people, state), input);
  if (typeof who !== 'string') return who;
  if (!people.leadingGroup.some((p) => isPerson(p, who)))
    return rejection('may-not-close-year', { actor: actorText(input) }, 'actor');
  if (!input.reason.trim()) return rejection('year-close-needs-reason', {}, 'reason');
  return undefined;
}

export function applyCloseYear(state: PlanState, c: CloseYearInput, at: string): void {
  state.closed = { ...c, at };
  state.phase = 'closed';
}

/** A plan started after its year: closed at once, nothing started. */
export function applyEndedBeforeStart(state: PlanState, at: string): void {
  state.phase = 'closed';
  state.closed = {
    actor: 'system',
    reason: `the ${state.year} plan year had ended before the plan started`,
    at,
  };
}

/**
 * Only the office and the head revoke links, in every phase: the year's links work until 30 days
 * after it, signed off or closed.
 */
export function checkRevokeLinks(
  people: PlanPeople,
  state: PlanState,
  r: RevokeLinksInput,
): Rejection | undefined {
  const invalid = malformed(updateSchemas().revokeLinks, r, 'revocation');
  if (invalid) return invalid;
  const who = actorAddress(peopleNow(people, state), r);
  if (typeof who !== 'string') return who;
  if (!isOfficeOrHead(people, who))
    return rejection('may-not-revoke-links', { actor: actorText(r) }, 'actor');
  if (!r.reason.trim()) return rejection('revocation-needs-reason', {}, 'reason');
  return undefined;
}

export function applyRevokeLinks(state: PlanState, r: RevokeLinksInput, at: string): void {
  state.revocations = [...(state.revocations ?? []), { ...r, at }];
}

/** Whether a link made at `issuedAt` (epoch seconds) for `email` was revoked since. */
export function isRevoked(state: Pick<PlanState, 'revocations'>, email: string, issuedAt: number): boolean {
  return (state.revocations ?? []).some(
    (r) => r.email.toLowerCase() === email.toLowerCase() && Date.parse(r.at) / 1000 >= issuedAt,
  );
}

/** 退出 is taken in every phase: the year's links, and so its sessions, outlive it by 30 days. */
export function checkEndSession(input: EndSessionInput): Rejection | undefined {
  return malformed(planMessageSchemas().endSession, input, 'end of session');
}

/** Records the end of a session, forgetting those that have outlived any session's limit. */
export function applyEndSession(state: PlanState, input: EndSessionInput, at: string): void {
  const horizon = Date.parse(at) - SESSION_MAX_SECONDS * 1000;
  state.endedSessions = [
    ...(state.endedSessions ?? []).filter((e) => Date.parse(e.at) >= horizon && e.sid !== input.sid),
    { sid: input.sid, at },
  ];
}

/** Whether the portal session `sid` was ended (退出). */
export function isSessionEnded(state: Pick<PlanState, 'endedSessions'>, sid: string): boolean {
  return (state.endedSessions ?? []).some((e) => e.sid === sid);
}
