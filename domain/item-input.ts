// The start input of a task, theme or festival workflow. Temporal UI's Start Workflow form takes any
// JSON, so the workflow checks it before it does anything: a wrong input fails the start with one
// line saying what is wrong, instead of a workflow task that fails forever or a worker mailing
// strangers.
import { FESTIVAL_IDS } from './calendar';
import { canonicalItemWorkflowId, planWorkflowId } from './ids';
import { isOrgKey, ORG_KEY_RULE } from './organization';
import { definitionProblem } from './item-definition';
import type { ItemKind } from './year-record';

/** The field naming the item in each kind's input, and what it looks like. */
const ID_FIELD: Record<
  ItemKind,
  { key: string; example: string; rule: string; test: (v: string) => boolean }
> = {
  task: {
    key: 'task',
    example: '"task": "05"',
    rule: 'task must be a task number such as "05"',
    test: (v) => /^\d{1,2}$/.test(v),
  },
  theme: {
    key: 'month',
    example: '"month": 3',
    rule: 'month must be a month from 1 to 12',
    test: (v) => /^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 12,
  },
  festival: {
    key: 'festival',
    example: '"festival": "duanwu"',
    rule: `festival must be one of ${FESTIVAL_IDS.join(', ')}`,
    test: (v) => (FESTIVAL_IDS as readonly string[]).includes(v),
  },
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The item id an input names, as the plan writes it: task "05", theme "03", festival "duanwu". */
export function inputItemId(kind: ItemKind, input: Record<string, unknown>): string {
  const raw = String(input[ID_FIELD[kind].key]);
  return kind === 'festival' ? raw : raw.padStart(2, '0');
}

/**
 * Why `input` cannot start a workflow of `kind`, or undefined when it can: `{year, task}` (or month,
 * festival) from anyone; a `definition` only when it passes the plan schema or its year's plan
 * workflow, the parent, built it; a `state` only from continue-as-new; `reportTo` only naming the
 * year's plan workflow.
 */
export function checkStartInput(
  input: unknown,
  continued: boolean,
  kind: ItemKind = 'task',
  parentWorkflowId?: string,
): string | undefined {
  const shapeProblem = startInputShapeProblem(input, continued, kind);
  if (shapeProblem || !isObject(input)) return shapeProblem;
  const { year, org, definition } = input;
  const planId = planWorkflowId(Number(year), org as string | undefined);
  if (definition === undefined || continued) return undefined;
  // The year's plan workflow built it from a plan file its activity validated: checking it again
  // would load the schema library into every item it starts (domain/lazy-zod.ts).
  if (parentWorkflowId !== planId) {
    const problem = definitionProblem(definition);
    if (problem) return `invalid definition: ${problem}`;
  }
  const ref = (definition as { ref: { year: number; org?: string; id: string; kind?: ItemKind } }).ref;
  const wanted = inputItemId(kind, input);
  if (ref.year !== Number(year) || ref.id !== wanted || (ref.kind ?? 'task') !== kind)
    return `invalid definition: it is ${ref.kind ?? 'task'} ${ref.id} of ${ref.year}, not ${kind} ${wanted} of ${Number(year)}`;
  if (ref.org !== org)
    return `invalid definition: it is of organization "${ref.org ?? '(home)'}", not "${org ?? '(home)'}"`;
  return undefined;
}

/**
 * Version 3 of the start check, before anything is sent: the input's shape (`{year, task}` or month,
 * festival; `state` only from continue-as-new; `reportTo` only the year's plan workflow). A
 * definition's own soundness is checked by an activity, so that its verdict is in history
 * (startInputFitProblem comes after it).
 */
export function startInputShapeProblem(
  input: unknown,
  continued: boolean,
  kind: ItemKind,
): string | undefined {
  const field = ID_FIELD[kind];
  const shape = `input must be like {"year": 2020, ${field.example}}`;
  if (!isObject(input)) return shape;
  const keys = new Set(['year', 'org', field.key, 'definition', 'state', 'reportTo']);
  const unknown = Object.keys(input).filter((k) => !keys.has(k));
  if (unknown.length) return `${shape}; unknown field "${unknown[0]}"`;
  const { year, org, state, reportTo } = input;
  const id = input[field.key];
  if (!Number.isInteger(Number(year)) || Number(year) < 2000 || Number(year) > 2100)
    return `${shape}; year must be a year from 2000 to 2100`;
  if (!(typeof id === 'string' || typeof id === 'number') || !field.test(String(id)))
    return `${shape}; ${field.rule}`;
  if (state !== undefined && !continued)
    return `state is carried over by continue-as-new only: start with {"year": …, ${field.example}}`;
  if (org !== undefined && !isOrgKey(org)) return `${shape}; org: ${ORG_KEY_RULE}`;
  const planId = planWorkflowId(Number(year), org);
  if (reportTo !== undefined && reportTo !== planId)
    return `reportTo must be the plan workflow of the year, "${planId}"`;
  return undefined;
}

/**
 * Version 3, after the definition (if any) passed its schema: it is the item the input names, and
 * the workflow runs under the one id that input has (`civ-2027-task-05`, not `civ-2027-task-5`,
 * which would run beside the plan's and mail everyone twice; a carry-over's own id).
 */
export function startInputFitProblem(
  input: Record<string, unknown>,
  kind: ItemKind,
  workflowId: string,
): string | undefined {
  const year = Number(input.year);
  const org = input.org as string | undefined;
  const wanted = inputItemId(kind, input);
  const definition = input.definition as
    { ref: { year: number; org?: string; id: string; kind?: ItemKind }; carriedFrom?: string } | undefined;
  if (definition) {
    const { ref } = definition;
    if (ref.year !== year || ref.id !== wanted || (ref.kind ?? 'task') !== kind)
      return `invalid definition: it is ${ref.kind ?? 'task'} ${ref.id} of ${ref.year}, not ${kind} ${wanted} of ${year}`;
    if (ref.org !== org)
      return `invalid definition: it is of organization "${ref.org ?? '(home)'}", not "${org ?? '(home)'}"`;
  }
  const canonical = canonicalItemWorkflowId(kind, year, wanted, org, definition?.carriedFrom);
  if (workflowId !== canonical)
    return `this input runs as workflow "${canonical}", not "${workflowId}": start it under that id`;
  return undefined;
}

/** The check of version 1 of the task workflow, kept for the executions it started (they replay). */
export function legacyStartProblem(input: {
  year?: unknown;
  task?: unknown;
  definition?: unknown;
}): string | undefined {
  return !input?.definition && !(Number.isInteger(Number(input?.year)) && input?.task)
    ? 'input must be like {"year": 2020, "task": "05"}'
    : undefined;
}
