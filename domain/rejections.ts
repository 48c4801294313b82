// Why a workflow rejects an Update, as data: a code a client can act on, the input field it
// concerns when there is one, and the values its English text is made of. The text, from the one
// table below, is the failure's message: the CLI prints it, Temporal UI shows it to admins. The
// workflow throws an ApplicationFailure whose type is the code and whose details[0] the rejection.

export const REJECTION_CODES = [
  // Input of the wrong shape, as it can be typed into Temporal UI.
  'malformed',
  // An actor's name that several people of the plan carry.
  'ambiguous-actor',
  // A task, theme or festival.
  'already-signed-off',
  'ended-unfinished',
  'unknown-branch',
  'branch-not-responsible',
  'report-needs-actor',
  'may-not-report',
  'report-needs-summary',
  'unknown-milestone',
  'unknown-kpi',
  'kpi-out-of-range',
  'may-not-sign-off',
  'not-ready-for-sign-off',
  'kpi-below-threshold',
  'return-needs-comment',
  'branch-not-reported',
  'nothing-to-return',
  'due-date-format',
  'due-date-not-real',
  'due-date-in-past',
  'due-date-outside-year',
  'due-date-too-late',
  'due-date-not-later',
  'may-not-extend',
  'extension-needs-reason',
  'acknowledgement-needs-actor',
  'already-acknowledged',
  'may-not-close',
  'close-needs-reason',
  // The plan year.
  'year-signed-off',
  'year-closed',
  'may-not-change-lead',
  'already-leads',
  'may-not-sign-off-year',
  'year-not-ready',
  'may-not-close-year',
  'year-close-needs-reason',
  'may-not-revoke-links',
  'revocation-needs-reason',
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

/** A KPI that blocks approval: not reported (no value), or below its threshold. */
export interface KpiShortfall {
  kpi: string;
  min: number;
  value?: number;
}

type None = Record<string, never>;

/** The values of each code's text (a code missing here fails the type check of RejectionOf). */
interface RejectionValues {
  malformed: { input: string; issue: string };
  'ambiguous-actor': { actor: string; people: number };
  'may-not-report': { actor: string; branch: string };
  'already-signed-off': { task: string };
  'ended-unfinished': { task: string };
  'unknown-branch': { branch: string };
  'branch-not-responsible': { branch: string; task: string };
  'report-needs-actor': None;
  'report-needs-summary': None;
  'unknown-milestone': { task: string; milestone: string };
  'unknown-kpi': { task: string; kpi: string };
  'kpi-out-of-range': { kpi: string; value: number };
  'may-not-sign-off': { actor: string; task: string };
  'not-ready-for-sign-off': { task: string; waitingFor: string[] };
  'kpi-below-threshold': { shortfalls: KpiShortfall[] };
  'return-needs-comment': None;
  'branch-not-reported': { branch: string };
  'nothing-to-return': { task: string };
  'due-date-format': None;
  'due-date-not-real': { date: string };
  'due-date-in-past': { date: string };
  'due-date-outside-year': { date: string; year: number };
  'due-date-too-late': { date: string; year: number; latestDue: string };
  'due-date-not-later': { date: string; due: string };
  'may-not-extend': { actor: string };
  'extension-needs-reason': None;
  'acknowledgement-needs-actor': None;
  'already-acknowledged': { branch: string; task: string };
  'may-not-close': { actor: string };
  'close-needs-reason': None;
  'year-signed-off': { year: number };
  'year-closed': { year: number };
  'may-not-change-lead': { actor: string };
  'already-leads': { email: string; branch: string };
  'may-not-sign-off-year': { actor: string };
  'year-not-ready': { year: number; open: number };
  'may-not-close-year': { actor: string };
  'year-close-needs-reason': None;
  'may-not-revoke-links': { actor: string };
  'revocation-needs-reason': None;
}

type RejectionOf = {
  [C in RejectionCode]: {
    code: C;
    /** The input field it concerns, as a path: `summary`, `newDue`, `kpis.law-awareness`, `lead.email`. */
    field?: string;
    values: RejectionValues[C];
  };
};

/** A rejection of one code; without one, any rejection. */
export type Rejection<C extends RejectionCode = RejectionCode> = RejectionOf[C];

export function rejection<C extends RejectionCode>(
  code: C,
  values: RejectionValues[C],
  field?: string,
): Rejection<C> {
  // It is RejectionOf[C]; TypeScript cannot see that for a generic C.
  return { code, ...(field !== undefined && { field }), values } as Rejection<C>;
}

function shortfall(s: KpiShortfall): string {
  return s.value === undefined ? `${s.kpi} not reported` : `${s.kpi} ${s.value}% < ${s.min}%`;
}

/** Each code's English text. */
const REJECTION_TEXT: { readonly [C in RejectionCode]: (r: Rejection<C>) => string } = {
  malformed: ({ field, values: v }) => `malformed ${v.input}: ${field ? `${field}: ` : ''}${v.issue}`,
  'ambiguous-actor': ({ values: v }) =>
    `"${v.actor}" names ${v.people} people of this plan: give the email address`,
  'may-not-report': ({ values: v }) =>
    `"${v.actor}" does not lead branch "${v.branch}" and may not report or acknowledge for it`,
  'already-signed-off': ({ values: v }) => `task ${v.task} is already signed off`,
  'ended-unfinished': ({ values: v }) => `task ${v.task} has ended unfinished with the plan year`,
  'unknown-branch': ({ values: v }) => `unknown branch "${v.branch}"`,
  'branch-not-responsible': ({ values: v }) => `branch "${v.branch}" is not responsible for task ${v.task}`,
  'report-needs-actor': () => 'a report needs an actor',
  'report-needs-summary': () => 'a report needs a summary',
  'unknown-milestone': ({ values: v }) => `task ${v.task} has no milestone "${v.milestone}"`,
  'unknown-kpi': ({ values: v }) => `task ${v.task} has no KPI "${v.kpi}"`,
  'kpi-out-of-range': ({ values: v }) =>
    `KPI "${v.kpi}" must be a percentage from 0 to 100, got ${String(v.value)}`,
  'may-not-sign-off': ({ values: v }) => `"${v.actor}" may not sign off task ${v.task}`,
  'not-ready-for-sign-off': ({ values: v }) =>
    `task ${v.task} is not ready for sign-off: waiting for ${v.waitingFor.join(', ')}`,
  'kpi-below-threshold': ({ values: v }) =>
    `KPI below threshold (${v.shortfalls.map(shortfall).join('; ')}): approve with an override reason`,
  'return-needs-comment': () => 'a return needs a comment saying what to rework',
  'branch-not-reported': ({ values: v }) =>
    `branch "${v.branch}" has not reported yet: there is nothing to return`,
  'nothing-to-return': ({ values: v }) =>
    `no branch has reported on task ${v.task} yet: there is nothing to return`,
  'due-date-format': () => 'the new due date must be written YYYY-MM-DD',
  'due-date-not-real': ({ values: v }) => `the new due date ${v.date} is not a real calendar date`,
  'due-date-in-past': ({ values: v }) => `the new due date ${v.date} is in the past`,
  'due-date-outside-year': ({ values: v }) => `the new due date ${v.date} is outside the plan year ${v.year}`,
  'due-date-too-late': ({ values: v }) =>
    `the new due date ${v.date} leaves no time for sign-off: the latest due date in ${v.year} is ${v.latestDue}`,
  'due-date-not-later': ({ values: v }) => `the new due date ${v.date} is not after the current one ${v.due}`,
  'may-not-extend': ({ values: v }) =>
    `"${v.actor}" is not in the leading group and may not extend deadlines`,
  'extension-needs-reason': () => 'an extension needs a reason',
  'acknowledgement-needs-actor': () => 'an acknowledgement needs an actor',
  'already-acknowledged': ({ values: v }) => `branch "${v.branch}" has already acknowledged task ${v.task}`,
  'may-not-close': ({ values: v }) => `"${v.actor}" is not in the leading group and may not close it`,
  'close-needs-reason': () => 'closing needs a reason',
  'year-signed-off': ({ values: v }) => `the ${v.year} plan is already signed off`,
  'year-closed': ({ values: v }) => `the ${v.year} plan is already closed`,
  'may-not-change-lead': ({ values: v }) =>
    `"${v.actor}" may not change a branch's lead: only the office and the head may`,
  'already-leads': ({ values: v }) => `${v.email} already leads branch "${v.branch}"`,
  'may-not-sign-off-year': ({ values: v }) =>
    `"${v.actor}" may not sign off the year: only the leading-group head may`,
  'year-not-ready': ({ values: v }) =>
    `the ${v.year} plan is not ready for its final sign-off: ${v.open} item(s) still open`,
  'may-not-close-year': ({ values: v }) =>
    `"${v.actor}" is not in the leading group and may not close the year`,
  'year-close-needs-reason': () => 'closing the year needs a reason',
  'may-not-revoke-links': ({ values: v }) =>
    `"${v.actor}" may not revoke links: only the office and the head may`,
  'revocation-needs-reason': () => 'a revocation needs a reason',
};

/** The English text of a rejection: the message of the failure a client sees. */
export function rejectionText<C extends RejectionCode>(r: Rejection<C>): string {
  return REJECTION_TEXT[r.code](r);
}

/** Whether `x` (a failure's details[0], say) is a rejection a client can read by its code. */
export function isRejection(x: unknown): x is Rejection {
  if (typeof x !== 'object' || x === null) return false;
  const { code, field, values } = x as Record<string, unknown>;
  return (
    typeof code === 'string' &&
    Object.hasOwn(REJECTION_TEXT, code) &&
    (field === undefined || typeof field === 'string') &&
    typeof values === 'object' &&
    values !== null
  );
}
