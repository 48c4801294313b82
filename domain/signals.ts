// The shapes of the signals the workflows take (wire/messages.ts). Temporal UI's "Send Signal" takes
// any JSON, and a signal has no validator: a handler that throws on a bad one fails its workflow
// task again and again, with the signal kept in history for good. So each handler first asks here
// whether its input has the right shape, and a wrong one is dropped with a warning in the worker's
// log, nothing else. Hand-written checks rather than zod: the item workflows take these signals,
// and zod is loaded into a workflow only when it must be (domain/lazy-zod.ts).
import type { DisplayState, ItemSummary } from './item-state';
import type { ChangeLeadInput } from './item-updates';
import type { ItemKind } from './year-record';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** One address, no list, no header break: what the Updates' schemas let through. */
const EMAIL = /^[^\s@,;<>"()[\]\\]+@[^\s@,;<>"()[\]\\]+\.[^\s@,;<>"()[\]\\]+$/;
const PLAIN_NAME = /^[^\r\n<>"@,;]+$/;

function unknownField(input: Record<string, unknown>, known: readonly string[]): string | undefined {
  const extra = Object.keys(input).find((k) => !known.includes(k));
  return extra && `unknown field "${extra}"`;
}

/** The plan's change of a branch's lead, as the plan workflow tells its items. */
export type LeadChange = ChangeLeadInput & { at: string };

/** Why a leadChanged signal is malformed, or undefined when it has the shape the plan sends. */
export function leadChangedProblem(input: unknown): string | undefined {
  if (!isObject(input)) return 'must be an object like {"branch": …, "lead": {"name": …, "email": …}, …}';
  const extra = unknownField(input, ['branch', 'actor', 'actorEmail', 'lead', 'at', 'channel', 'osUser']);
  if (extra) return extra;
  if (!isText(input.branch, 40) || !input.branch) return 'branch must be a branch id';
  if (!isText(input.actor, 100)) return 'actor must be a name';
  if (input.actorEmail !== undefined && (!isText(input.actorEmail, 254) || !EMAIL.test(input.actorEmail)))
    return 'actorEmail must be one email address';
  const lead = input.lead;
  if (!isObject(lead)) return 'lead must be {"name": …, "email": …}';
  if (!isText(lead.name, 40) || !PLAIN_NAME.test(lead.name) || !lead.name.trim())
    return 'lead.name must be a plain name';
  if (!isText(lead.email, 254) || !EMAIL.test(lead.email)) return 'lead.email must be one email address';
  if (unknownField(lead, ['name', 'email'])) return `lead: ${unknownField(lead, ['name', 'email'])}`;
  if (!isText(input.at, 40) || !ISO_INSTANT.test(input.at) || Number.isNaN(Date.parse(input.at)))
    return 'at must be an ISO instant';
  if (input.channel !== undefined && input.channel !== 'portal' && input.channel !== 'cli')
    return 'channel must be "portal" or "cli"';
  if (input.osUser !== undefined && !isText(input.osUser, 64)) return 'osUser must be a user name';
  return undefined;
}

/** Why a watch signal is malformed: it must name a plan workflow. */
export function watchProblem(input: unknown): string | undefined {
  if (!isObject(input)) return 'must be an object like {"planWorkflowId": "civ-2027-plan"}';
  return (
    unknownField(input, ['planWorkflowId']) ??
    (isText(input.planWorkflowId, 200) ? undefined : 'planWorkflowId must be a workflow id')
  );
}

const KINDS: readonly ItemKind[] = ['task', 'theme', 'festival'];
const STATES: readonly DisplayState[] = [
  'open',
  'awaiting-sign-off',
  'returned',
  'signed-off',
  'unfinished',
  'overdue',
  'escalated',
  'scheduled',
];
const SUMMARY_FIELDS = [
  'kind',
  'id',
  'workflowId',
  'title',
  'due',
  'state',
  'pending',
  'escalationLevel',
  'completedAt',
  'run',
] as const;

/** Why an itemChanged signal is malformed, or undefined when it has the shape items send. */
export function itemChangedProblem(input: unknown): string | undefined {
  if (!isObject(input)) return 'must be an item summary, an object';
  const s = input as Partial<Record<keyof ItemSummary, unknown>>;
  return (
    unknownField(input, SUMMARY_FIELDS) ??
    (!KINDS.includes(s.kind as ItemKind) ? `kind must be one of ${KINDS.join(', ')}` : undefined) ??
    (!isText(s.id, 20) || !s.id ? 'id must be an item id' : undefined) ??
    (!isText(s.workflowId, 200) ? 'workflowId must be a workflow id' : undefined) ??
    (!isText(s.title, 400) ? 'title must be a text' : undefined) ??
    (!isText(s.due, 10) || !ISO_DATE.test(s.due) ? 'due must be a date YYYY-MM-DD' : undefined) ??
    (!STATES.includes(s.state as DisplayState) ? `state must be one of ${STATES.join(', ')}` : undefined) ??
    (!Array.isArray(s.pending) || s.pending.length > 100 || !s.pending.every((p) => isText(p, 40))
      ? 'pending must be a list of branch ids'
      : undefined) ??
    (![0, 1, 2, 3].includes(s.escalationLevel as number) ? 'escalationLevel must be 0 to 3' : undefined) ??
    (s.completedAt !== undefined && (!isText(s.completedAt, 40) || !ISO_INSTANT.test(s.completedAt))
      ? 'completedAt must be an ISO instant'
      : undefined) ??
    (s.run !== undefined && !isText(s.run, 100) ? 'run must be a run id' : undefined)
  );
}

/** Why a startTheme signal is malformed: it names one month of the year. */
export function startThemeProblem(input: unknown): string | undefined {
  if (!isObject(input)) return 'must be an object like {"month": 5}';
  const month = input.month;
  return (
    unknownField(input, ['month']) ??
    (Number.isInteger(month) && (month as number) >= 1 && (month as number) <= 12
      ? undefined
      : 'month must be a month from 1 to 12')
  );
}
