// Who hears what about a task: turns a notification kind plus the current state into the
// message the email activity sends. Pure, so the rules are unit-tested without SMTP.
import type { DeliveryFailure, Notification, NotificationKind, Recipient } from './notification';
import { localDate, type WorkCalendar } from './calendar';
import type { BranchRef, TaskDefinition } from './task-definition';
import { dueRevision, pendingBranches, type TaskState } from './task-state';

export interface NotificationContext {
  def: TaskDefinition;
  state: TaskState;
  cal: WorkCalendar;
  workflowId: string;
  today: string;
}

function branchRefs(def: TaskDefinition, ids: string[]): BranchRef[] {
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

function office(def: TaskDefinition): Recipient {
  return { name: def.office.name, email: def.office.email, role: { kind: 'office' } };
}

function head(def: TaskDefinition): Recipient {
  return { name: def.head.name, email: def.head.email, role: { kind: 'head' } };
}

/** The office's own staff, for a notice the office mailbox alone might not get. */
function officeStaff(def: TaskDefinition): Recipient[] {
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
function signers(def: TaskDefinition): Recipient[] {
  return def.signOff === 'head' ? [head(def), office(def)] : [office(def)];
}

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
  const base = {
    workflowId: ctx.workflowId,
    key,
    kind,
    task: { ...def.ref, due: state.due },
    sequence: dueRevision(state),
  };
  const about = (branches: BranchRef[]) => branches.map((b) => ({ id: b.id, name: b.name }));
  const late = () =>
    pending.map((b) => ({ id: b.id, name: b.name, daysLate: cal.workingDaysBetween(state.due, today) }));
  const decision = state.decisions.at(-1);
  const extension = state.extensions.at(-1);

  switch (kind) {
    case 'assignment':
      return { ...base, to: leads(def.branches), cc: [office(def)], branches: about(def.branches) };
    case 'reminder':
      return pending.length
        ? { ...base, to: leads(pending), branches: about(pending), daysLeft: extra.daysLeft }
        : undefined;
    case 'milestone-reminder': {
      const milestone = def.milestones.find((m) => m.id === extra.milestone);
      const missing = state.branches.filter((b) => !b.report && milestone && !b.milestones[milestone.id]);
      const refs = branchRefs(
        def,
        missing.map((b) => b.id),
      );
      if (!milestone || !refs.length) return undefined;
      return { ...base, to: leads(refs), branches: about(refs), milestone, daysLeft: extra.daysLeft };
    }
    case 'overdue':
      return pending.length
        ? { ...base, to: leads(pending), cc: [office(def)], branches: about(pending), late: late() }
        : undefined;
    case 'escalation-office':
      return pending.length
        ? { ...base, to: [office(def)], branches: about(pending), late: late() }
        : undefined;
    case 'escalation-deputy': {
      const mine = pending.filter((b) => b.deputy?.id === extra.deputy);
      const deputy = mine[0]?.deputy;
      if (!deputy) return undefined;
      const lateness = late().filter((l) => mine.some((b) => b.id === l.id));
      return {
        ...base,
        to: [{ name: deputy.name, email: deputy.email, role: { kind: 'deputy' } }],
        cc: [office(def)],
        branches: about(mine),
        late: lateness,
      };
    }
    case 'escalation-head':
      return pending.length
        ? { ...base, to: [head(def)], cc: [office(def)], branches: about(pending), late: late() }
        : undefined;
    case 'ready-for-sign-off':
      return { ...base, to: signers(def), branches: about(def.branches) };
    case 'returned': {
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
    case 'signed-off':
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
    case 'extended': {
      // Those who still owe work hear of the new date; once all reported, everyone responsible.
      const told = pending.length ? pending : def.branches;
      return extension
        ? { ...base, to: leads(told), cc: [office(def)], branches: about(told), extension }
        : undefined;
    }
    case 'sign-off-reminder':
      return state.phase === 'awaiting-sign-off' && state.readySince
        ? {
            ...base,
            to: signers(def),
            branches: about(def.branches),
            signOff: { readySince: state.readySince, lastWorkingDay: extra.lastWorkingDay === true },
          }
        : undefined;
    case 'unfinished': {
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
    case 'acknowledge-reminder': {
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
    case 'delivery-failed':
      return extra.failure
        ? { ...base, to: [office(def)], cc: officeStaff(def), branches: [], failure: extra.failure }
        : undefined;
  }
}
