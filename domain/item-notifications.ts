// Who hears what about a task: turns a notification kind plus the current state into the
// message the email activity sends. Pure, so the rules are unit-tested without SMTP.
import type { DeliveryFailure, LateBranch, Notification, NotificationKind, Recipient } from './notification';
import { localDate, type WorkCalendar } from './calendar';
import type { BranchRef, ItemDefinition } from './item-definition';
import { dueRevision, pendingBranches, type Decision, type ItemState } from './item-state';

export interface NotificationContext {
  def: ItemDefinition;
  state: ItemState;
  cal: WorkCalendar;
  workflowId: string;
  today: string;
}

function branchRefs(def: ItemDefinition, ids: string[]): BranchRef[] {
  return def.branches.filter((b) => ids.includes(b.id));
}

// Every recipient carries the role it is addressed in, so the email activity can give each person
// a link to act in that role (and only that one).
function leads(branches: BranchRef[]): Recipient[] {
  return branches.map((b) => ({
    name: b.lead.name,
    email: b.lead.email,
    role: { kind: 'lead', branch: b.id },
  }));
}

function office(def: ItemDefinition): Recipient {
  return { name: def.office.name, email: def.office.email, role: { kind: 'office' } };
}

/** The head, addressed as the leading group's 组长 (definitions from before titles included). */
function head(def: ItemDefinition): Recipient {
  return {
    name: def.head.name,
    email: def.head.email,
    title: def.head.title ?? '组长',
    role: { kind: 'head' },
  };
}

/** The office's own staff, for a notice the office mailbox alone might not get. */
function officeStaff(def: ItemDefinition): Recipient[] {
  return def.office.staff
    .filter((p) => p.email.toLowerCase() !== def.office.email.toLowerCase())
    .map((p) => ({ name: p.name, email: p.email, role: { kind: 'office' } }));
}

export interface NotificationExtra {
  daysLeft?: number;
  milestone?: string;
  lastWorkingDay?: boolean;
  failure?: DeliveryFailure;
  /** Deputy escalations: the deputy head's id. */
  deputy?: string;
}

/** Everyone a sign-off concerns: the office, and the head when the head signs. */
function signers(def: ItemDefinition): Recipient[] {
  return def.signOff === 'head' ? [head(def), office(def)] : [office(def)];
}

/** What every builder may draw on, worked out once per message. */
interface Facts {
  def: ItemDefinition;
  state: ItemState;
  cal: WorkCalendar;
  today: string;
  extra: NotificationExtra;
  /** The branches that still owe their report. */
  pending: BranchRef[];
  /** The fields every notification of the task starts with. */
  base: Pick<Notification, 'workflowId' | 'key' | 'kind' | 'task' | 'sequence' | 'date'>;
  /** The pending branches and how late each is; counted only by the kinds that tell it. */
  late: () => LateBranch[];
  decision: Decision | undefined;
  extension: ItemState['extensions'][number] | undefined;
}

/** The message of one kind, or undefined when nobody is left to tell. */
type Builder = (f: Facts) => Notification | undefined;

function about(branches: BranchRef[]): { id: string; name: string }[] {
  return branches.map((b) => ({ id: b.id, name: b.name }));
}

function milestoneReminder({ def, state, base, extra }: Facts): Notification | undefined {
  const milestone = def.milestones.find((m) => m.id === extra.milestone);
  const missing = state.branches.filter((b) => !b.report && milestone && !b.milestones[milestone.id]);
  const refs = branchRefs(
    def,
    missing.map((b) => b.id),
  );
  if (!milestone || !refs.length) return undefined;
  return { ...base, to: leads(refs), branches: about(refs), milestone, daysLeft: extra.daysLeft };
}

/** To the branches that let a milestone pass without a progress report (nor their final report). */
function milestoneOverdue({ def, state, base, extra, cal, today }: Facts): Notification | undefined {
  const milestone = def.milestones.find((m) => m.id === extra.milestone);
  if (!milestone) return undefined;
  const missing = state.branches.filter((b) => !b.report && !b.milestones[milestone.id]);
  const refs = branchRefs(
    def,
    missing.map((b) => b.id),
  );
  if (!refs.length) return undefined;
  const daysLate = cal.workingDaysBetween(milestone.due, today);
  return {
    ...base,
    to: leads(refs),
    cc: [office(def)],
    branches: about(refs),
    milestone,
    late: refs.map((b) => ({ id: b.id, name: b.name, daysLate })),
  };
}

/** To the deputy head in charge of `extra.deputy`'s pending branches, about those alone. */
function escalationDeputy({ def, pending, base, late, extra }: Facts): Notification | undefined {
  const mine = pending.filter((b) => b.deputy?.id === extra.deputy);
  const deputy = mine[0]?.deputy;
  if (!deputy) return undefined;
  const lateness = late().filter((l) => mine.some((b) => b.id === l.id));
  return {
    ...base,
    to: [
      {
        name: deputy.name,
        email: deputy.email,
        ...(deputy.title && { title: deputy.title }),
        role: { kind: 'deputy' },
      },
    ],
    cc: [office(def)],
    branches: about(mine),
    late: lateness,
  };
}

/** Who chased before the head: the office, and the deputy heads when the chain includes them. */
function chasedBy(def: ItemDefinition, pending: BranchRef[]): ('office' | 'deputy')[] {
  const deputies = def.escalation.deputyAfterWorkingDays !== undefined && pending.some((b) => b.deputy);
  return deputies ? ['office', 'deputy'] : ['office'];
}

function returned({ def, base, decision }: Facts): Notification {
  const reworkIds = decision?.rework ?? decision?.branches;
  const rework = reworkIds?.length ? branchRefs(def, reworkIds) : def.branches;
  return {
    ...base,
    to: leads(rework),
    cc: [office(def)],
    branches: about(rework),
    decision: decision && { actor: decision.actor, comment: decision.comment, newDue: decision.newDue },
  };
}

function signedOff({ def, base, decision }: Facts): Notification {
  return {
    ...base,
    to: leads(def.branches),
    cc: signers(def),
    branches: about(def.branches),
    decision: decision && {
      actor: decision.actor,
      comment: decision.comment,
      overrideReason: decision.overrideReason,
    },
  };
}

function extended({ def, pending, base, extension }: Facts): Notification | undefined {
  // Those who still owe work hear of the new date; once all reported, everyone responsible.
  const told = pending.length ? pending : def.branches;
  return extension
    ? { ...base, to: leads(told), cc: [office(def)], branches: about(told), extension }
    : undefined;
}

function signOffReminder({ def, state, base, extra }: Facts): Notification | undefined {
  return state.phase === 'awaiting-sign-off' && state.readySince
    ? {
        ...base,
        to: signers(def),
        branches: about(def.branches),
        signOff: { readySince: state.readySince, lastWorkingDay: extra.lastWorkingDay === true },
      }
    : undefined;
}

function unfinished({ def, state, today, pending, base, late }: Facts): Notification | undefined {
  const reason = state.unfinishedReason ?? 'reports-missing';
  if (reason === 'started-after-year') return undefined;
  const closed = state.closed && { on: today, actor: state.closed.actor, reason: state.closed.reason };
  const unfinished = { reason, ...(closed && { closed }) };
  // Nobody owed a report: it was the signers' turn.
  if (reason === 'not-signed-off' || !pending.length)
    return { ...base, to: signers(def), branches: about(def.branches), unfinished };
  return {
    ...base,
    to: leads(pending),
    cc: [office(def)],
    branches: about(pending),
    late: late(),
    unfinished,
  };
}

function acknowledgeReminder({ def, state, base }: Facts): Notification | undefined {
  const silent = def.branches.filter(
    (b) => !state.acknowledged?.[b.id] && !state.branches.find((s) => s.id === b.id)?.report,
  );
  return silent.length && state.assignedAt
    ? {
        ...base,
        to: leads(silent),
        branches: about(silent),
        assignedOn: localDate(Date.parse(state.assignedAt)),
      }
    : undefined;
}

const BUILDERS: Record<NotificationKind, Builder> = {
  assignment: ({ def, base }) => ({
    ...base,
    to: leads(def.branches),
    cc: [office(def), ...leads(def.participants ?? [])],
    branches: about(def.branches),
    ...(def.participants?.length && { participants: about(def.participants) }),
  }),
  reminder: ({ pending, base, extra }) =>
    pending.length
      ? { ...base, to: leads(pending), branches: about(pending), daysLeft: extra.daysLeft }
      : undefined,
  'milestone-reminder': milestoneReminder,
  'milestone-overdue': milestoneOverdue,
  overdue: ({ def, pending, base, late }) =>
    pending.length
      ? { ...base, to: leads(pending), cc: [office(def)], branches: about(pending), late: late() }
      : undefined,
  'escalation-office': ({ def, pending, base, late }) =>
    pending.length ? { ...base, to: [office(def)], branches: about(pending), late: late() } : undefined,
  'escalation-deputy': escalationDeputy,
  'escalation-head': ({ def, pending, base, late }) =>
    pending.length
      ? {
          ...base,
          to: [head(def)],
          cc: [office(def)],
          branches: about(pending),
          late: late(),
          chasedBy: chasedBy(def, pending),
        }
      : undefined,
  'ready-for-sign-off': ({ def, base }) => ({ ...base, to: signers(def), branches: about(def.branches) }),
  returned,
  'signed-off': signedOff,
  extended,
  'sign-off-reminder': signOffReminder,
  unfinished,
  'acknowledge-reminder': acknowledgeReminder,
  'delivery-failed': ({ def, base, extra }) =>
    extra.failure
      ? { ...base, to: [office(def)], cc: officeStaff(def), branches: [], failure: extra.failure }
      : undefined,
};

/**
 * The message for `kind`, or undefined when nobody is left to tell (e.g. every branch has
 * reported a milestone by the time its reminder falls due).
 */
export function buildNotification(
  ctx: NotificationContext,
  kind: NotificationKind,
  key: string,
  extra: NotificationExtra = {},
): Notification | undefined {
  const { def, state, cal, today } = ctx;
  const pending = branchRefs(
    def,
    pendingBranches(state).map((b) => b.id),
  );
  return BUILDERS[kind]({
    def,
    state,
    cal,
    today,
    extra,
    pending,
    base: {
      workflowId: ctx.workflowId,
      key,
      kind,
      task: { ...def.ref, due: state.due },
      sequence: dueRevision(state),
      date: today,
    },
    late: () =>
      pending.map((b) => ({ id: b.id, name: b.name, daysLate: cal.workingDaysBetween(state.due, today) })),
    decision: state.decisions.at(-1),
    extension: state.extensions.at(-1),
  });
}
