// `civ task …` and `civ notifications`: start a task, read its state, and send it the three updates.
// Year and task are checked against the plan file before Temporal is asked anything, so a typo
// gets a precise line instead of "workflow not found".
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Command } from 'commander';
import { localDate } from '../domain/calendar';
import { defaultPlanPath, loadPlanFile } from '../domain/plan-file';
import { findTask, type Plan } from '../domain/plan';
import { taskDefinition } from '../domain/task-definition';
import type { DecideInput, ExtendInput, ReportInput, TaskState } from '../domain/task-state';
import { taskWorkflowId } from '../workflows/ids';
import { taskWorkflow } from '../workflows/task';
import { decideUpdate, extendDeadlineUpdate, reportUpdate, statusQuery } from '../workflows/messages';
import { CivKind, CivYear } from '../workflows/search-attributes';
import { connectClient, TASK_QUEUE } from './connection';
import { CliError } from './errors';
import { formatTaskStatus } from './format';
import { taskUpdateId, type TaskUpdateName } from './update-id';

export function yearArg(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new CliError(`"${value}" is not a year (expected e.g. 2020)`);
  return Number(value);
}

export function planFor(year: number): Plan {
  const file = defaultPlanPath(year);
  const result = loadPlanFile(file);
  if (!result.ok) {
    const first = result.errors[0];
    if (first.includes('does not exist')) throw new CliError(`unknown year ${year}: there is no ${file}`);
    throw new CliError(`${file} is invalid: ${first} (see civ plan validate)`);
  }
  return result.plan;
}

/** "5" and "05" both name task 05; anything the plan lacks is an error naming the valid range. */
export function taskArg(plan: Plan, value: string): string {
  const id = /^\d{1,2}$/.test(value) ? value.padStart(2, '0') : value;
  if (!findTask(plan, id)) {
    const ids = plan.tasks.map((t) => t.id);
    throw new CliError(`unknown task "${value}" in the ${plan.year} plan (tasks ${ids[0]}-${ids.at(-1)})`);
  }
  return id;
}

function target(
  yearText: string,
  taskText: string,
): { plan: Plan; year: number; task: string; workflowId: string } {
  const year = yearArg(yearText);
  const plan = planFor(year);
  const task = taskArg(plan, taskText);
  return { plan, year, task, workflowId: taskWorkflowId(year, task) };
}

export async function startTask(client: Client, plan: Plan, task: string): Promise<'started' | 'running'> {
  const definition = taskDefinition(plan, task);
  try {
    await client.workflow.start(taskWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: taskWorkflowId(plan.year, task),
      args: [{ year: plan.year, task, definition }],
      memo: { title: definition.ref.title, category: definition.ref.categoryTitle, due: definition.ref.due },
      typedSearchAttributes: [
        { key: CivYear, value: plan.year },
        { key: CivKind, value: 'task' },
      ],
      // A year's task runs once: a finished one is not restarted by a second `start`.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'running';
    throw err;
  }
}

export async function withClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  let client: Client;
  try {
    client = await connectClient();
  } catch (err) {
    throw new CliError(
      `cannot reach Temporal: ${err instanceof Error ? err.message : String(err)} (is the stack up? npm start)`,
    );
  }
  try {
    return await fn(client);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw new CliError(`${err.workflowId ?? 'workflow'} has not been started`);
    if (err instanceof WorkflowUpdateFailedError) {
      throw new CliError(`rejected: ${err.cause?.message ?? err.message}`);
    }
    throw err;
  } finally {
    await client.connection.close();
  }
}

/**
 * Sends an update and returns the task's state after it; a rejection becomes the CLI's one line.
 * The update id is derived from the command and the state it answers, so running a command again
 * after a timeout applies it once.
 */
function sendUpdate<Input>(
  workflowId: string,
  update: UpdateDefinition<TaskState, [Input], TaskUpdateName>,
  input: Input,
): Promise<TaskState> {
  return withClient(async (client) => {
    const handle = client.workflow.getHandle<typeof taskWorkflow>(workflowId);
    const description = await handle.describe();
    if (description.status.name !== 'RUNNING') {
      const state = await handle.query(statusQuery);
      throw new CliError(`${workflowId} has ended: task ${state.task} is ${state.phase}`);
    }
    const updateId = taskUpdateId(workflowId, update.name, input, await handle.query(statusQuery));
    return handle.executeUpdate(update, { args: [input], updateId });
  });
}

/** Status of a running or finished task: a query answers both while the history is retained. */
export async function taskStatus(client: Client, workflowId: string): Promise<TaskState> {
  return client.workflow.getHandle(workflowId).query(statusQuery);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function kpiValues(pairs: string[]): Record<string, number> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const m = /^([a-z][a-z0-9-]*)=(-?\d+(?:\.\d+)?)%?$/.exec(pair);
      if (!m) throw new CliError(`--kpi "${pair}" must be written id=value, e.g. legal-awareness=96`);
      return [m[1], Number(m[2])];
    }),
  );
}

function dateOption(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new CliError(`"${value}" is not a date written YYYY-MM-DD`);
  return value;
}

export function registerTaskCommands(program: Command): void {
  const task = program.command('task').description('one yearly task: start, status, report, decide, extend');

  task
    .command('start <year> <task>')
    .description('start the task workflow (does nothing if it already runs)')
    .action(async (y: string, t: string) => {
      const { plan, task: id, workflowId } = target(y, t);
      const outcome = await withClient((client) => startTask(client, plan, id));
      process.stdout.write(`${workflowId}: ${outcome === 'started' ? 'started' : 'already started'}\n`);
    });

  task
    .command('status <year> <task>')
    .description('show the whole state of a task')
    .option('--json', 'print the raw state as JSON')
    .action(async (y: string, t: string, opts: { json?: boolean }) => {
      const { workflowId } = target(y, t);
      const state = await withClient((client) => taskStatus(client, workflowId));
      process.stdout.write(
        opts.json ? `${JSON.stringify(state, null, 2)}\n` : formatTaskStatus(state, localDate(Date.now())),
      );
    });

  task
    .command('report <year> <task>')
    .description('report a branch’s work on a task')
    .requiredOption('--branch <id>', 'reporting branch id')
    .requiredOption('--actor <name>', 'who reports (name or email)')
    .requiredOption('--summary <text>', 'what was done')
    .option('--evidence <link>', 'link to evidence (repeatable)', collect)
    .option('--kpi <id=value>', 'KPI value in percent (repeatable)', collect)
    .option('--milestone <id>', 'a progress report for this milestone')
    .action(
      async (
        y: string,
        t: string,
        o: {
          branch: string;
          actor: string;
          summary: string;
          evidence?: string[];
          kpi?: string[];
          milestone?: string;
        },
      ) => {
        const { workflowId } = target(y, t);
        const input: ReportInput = {
          branch: o.branch,
          actor: o.actor,
          summary: o.summary,
          evidence: o.evidence ?? [],
          ...(o.kpi ? { kpis: kpiValues(o.kpi) } : {}),
          ...(o.milestone ? { milestone: o.milestone } : {}),
        };
        const state = await sendUpdate(workflowId, reportUpdate, input);
        process.stdout.write(`${workflowId}: report from ${o.branch} recorded; state ${state.phase}\n`);
      },
    );

  task
    .command('decide <year> <task> <verdict>')
    .description('approve or return a task (authorized signers only)')
    .requiredOption('--actor <name>', 'who decides (name or email)')
    .option('--comment <text>', 'comment (required for return)', '')
    .option('--branch <id>', 'return: branch that must rework (repeatable)', collect)
    .option('--new-due <date>', 'return: new due date YYYY-MM-DD', dateOption)
    .option('--override <reason>', 'approve although a KPI misses its threshold')
    .action(
      async (
        y: string,
        t: string,
        verdict: string,
        o: { actor: string; comment: string; branch?: string[]; newDue?: string; override?: string },
      ) => {
        if (verdict !== 'approve' && verdict !== 'return')
          throw new CliError(`verdict must be "approve" or "return", not "${verdict}"`);
        const { workflowId } = target(y, t);
        const input: DecideInput = {
          verdict,
          actor: o.actor,
          comment: o.comment,
          ...(o.branch ? { branches: o.branch } : {}),
          ...(o.newDue ? { newDue: o.newDue } : {}),
          ...(o.override ? { overrideReason: o.override } : {}),
        };
        const state = await sendUpdate(workflowId, decideUpdate, input);
        process.stdout.write(
          `${workflowId}: ${verdict === 'approve' ? 'approved' : 'returned'}; state ${state.phase}\n`,
        );
      },
    );

  task
    .command('extend <year> <task>')
    .description('move the due date (leading group only)')
    .requiredOption('--actor <name>', 'who extends (name or email)')
    .requiredOption('--to <date>', 'new due date YYYY-MM-DD', dateOption)
    .requiredOption('--reason <text>', 'why')
    .action(async (y: string, t: string, o: { actor: string; to: string; reason: string }) => {
      const { workflowId } = target(y, t);
      const input: ExtendInput = { actor: o.actor, newDue: o.to, reason: o.reason };
      const state = await sendUpdate(workflowId, extendDeadlineUpdate, input);
      process.stdout.write(`${workflowId}: due date now ${state.due}\n`);
    });
}
