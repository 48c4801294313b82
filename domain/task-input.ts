// The start input of a task workflow. Temporal UI's Start Workflow form takes any JSON, so the
// workflow checks it before it does anything: a wrong input fails the start with one line saying
// what is wrong, instead of a workflow task that fails forever or a worker mailing strangers.
import { definitionProblem } from './task-definition';

const SHAPE = 'input must be like {"year": 2020, "task": "05"}';
const KEYS = new Set(['year', 'task', 'definition', 'state']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Why `input` cannot start a task workflow, or undefined when it can: `{year, task}` from anyone;
 * a `definition` only when it passes the plan schema; a `state` only from continue-as-new.
 */
export function checkStartInput(input: unknown, continued: boolean): string | undefined {
  if (!isObject(input)) return SHAPE;
  const unknown = Object.keys(input).filter((k) => !KEYS.has(k));
  if (unknown.length) return `${SHAPE}; unknown field "${unknown[0]}"`;
  const { year, task, definition, state } = input;
  if (!Number.isInteger(Number(year)) || Number(year) < 2000 || Number(year) > 2100 || year === '')
    return `${SHAPE}; year must be a year from 2000 to 2100`;
  if (!(typeof task === 'string' || typeof task === 'number') || !/^\d{1,2}$/.test(String(task)))
    return `${SHAPE}; task must be a task number such as "05"`;
  if (state !== undefined && !continued)
    return 'state is carried over by continue-as-new only: start with {"year": …, "task": …}';
  if (definition === undefined || continued) return undefined;
  const problem = definitionProblem(definition);
  if (problem) return `invalid definition: ${problem}`;
  const ref = (definition as { ref: { year: number; id: string } }).ref;
  if (ref.year !== Number(year) || ref.id !== String(task).padStart(2, '0'))
    return `invalid definition: it is task ${ref.id} of ${ref.year}, not task ${String(task)} of ${String(year)}`;
  return undefined;
}

/** The check of version 1 of the workflow, kept for the executions it started (they replay). */
export function legacyStartProblem(input: {
  year?: unknown;
  task?: unknown;
  definition?: unknown;
}): string | undefined {
  return !input?.definition && !(Number.isInteger(Number(input?.year)) && input?.task) ? SHAPE : undefined;
}
