// Who hears what about a task: turns a notification kind plus the current state into the
// message the email activity sends. Pure, so the rules are unit-tested without SMTP.
import type { Notification, NotificationKind, Recipient } from './notification';
import type { WorkCalendar } from './calendar';
import type { BranchRef, TaskDefinition } from './task-definition';
import { pendingBranches, type TaskState } from './task-state';

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

function leads(branches: BranchRef[]): Recipient[] {
  return branches.map((b) => b.lead);
}

function office(def: TaskDefinition): Recipient {
  return { name: def.office.name, email: def.office.email };
}

/** Everyone a sign-off concerns: the office, and the head when the head signs. */
function signers(def: TaskDefinition): Recipient[] {
  return def.signOff === 'head' ? [def.head, office(def)] : [office(def)];
}

/**
 * The message for `kind`, or undefined when nobody is left to tell (e.g. every branch has
 * reported a milestone by the time its reminder falls due).
 */
export function buildNotification(
  ctx: NotificationContext,
  kind: NotificationKind,
  key: string,
  extra: { daysLeft?: number; milestone?: string } = {},
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
  };
  const about = (branches: BranchRef[]) => branches.map((b) => ({ id: b.id, name: b.name }));
  const late = () =>
    pending.map((b) => ({ id: b.id, name: b.name, daysLate: cal.workingDaysBetween(state.due, today) }));
  const decision = state.decisions.at(-1);

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
    case 'escalation-head':
      return pending.length
        ? { ...base, to: [def.head], cc: [office(def)], branches: about(pending), late: late() }
        : undefined;
    case 'ready-for-sign-off':
      return { ...base, to: signers(def), branches: about(def.branches) };
    case 'returned': {
      const rework = decision?.branches?.length ? branchRefs(def, decision.branches) : def.branches;
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
  }
}
