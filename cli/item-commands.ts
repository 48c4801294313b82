// `civ task|theme|festival …`: start an item, read its state, and send it its updates. Year and item
// are checked against the plan file before Temporal is asked anything, so a typo gets a precise
// line instead of "workflow not found".
import { userInfo } from 'node:os';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Command } from 'commander';
import { FESTIVAL_IDS, festivalDates, type FestivalId, localDate } from '../domain/calendar';
import { defaultPlanPath, loadScopedPlan } from '../config/plan-files';
import { scopeLabel } from '../domain/organization';
import { findTask, type Plan } from '../domain/plan';
import {
  festivalDefinition,
  type ItemDefinition,
  taskDefinition,
  themeDefinition,
} from '../domain/item-definition';
import { assignmentsFrom, yearPlan } from '../domain/year-plan';
import {
  itemPeople,
  type CloseInput,
  type DecideInput,
  type ExtendInput,
  type ItemState,
  type ReportInput,
} from '../domain/item-state';
import type { ItemKind } from '../domain/year-record';
import { itemWorkflowId, planWorkflowId } from '../domain/ids';
import {
  closeUpdate,
  decideUpdate,
  definitionQuery,
  extendDeadlineUpdate,
  reportUpdate,
  statusQuery,
} from '../wire/messages';
import { type ActorFields, identify, type Person } from '../domain/roles';
import type { TaskWorkflow } from '../wire/workflow-types';
import { connectClient } from '../client/connection';
import { type ItemStartOutcome, startItem } from '../client/item-start';
import { itemEndedLine, notStartedLine, pastYearHint, yearEnded } from './ended';
import { cliOrg } from './org-option';
import { CliError } from './errors';
import { formatItemStatus } from './format';
import { itemUpdateId, type ItemUpdateName } from './update-id';
import { workflowStatus } from '../client/workflow-status';

export function yearArg(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new CliError(`"${value}" is not a year (expected e.g. 2020)`);
  return Number(value);
}

/** The plan of `year` of the organization named by `--org` (the home organization's without it). */
export function planFor(year: number): Plan {
  const org = cliOrg();
  const file = defaultPlanPath(year, org);
  const result = loadScopedPlan(year, org);
  if (!result.ok) {
    const first = result.errors[0];
    if (first.includes('does not exist'))
      throw new CliError(`unknown year ${scopeLabel({ year, org })}: there is no ${file}`);
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

/** The plan's id of an item named on the command line: task "05", theme month "03", festival "duanwu". */
export function itemArg(kind: ItemKind, plan: Plan, value: string): string {
  if (kind === 'task') return taskArg(plan, value);
  if (kind === 'theme') {
    if (!/^\d{1,2}$/.test(value) || Number(value) < 1 || Number(value) > 12)
      throw new CliError(`"${value}" is not a month (1-12)`);
    return value.padStart(2, '0');
  }
  if (!plan.festivals.some((f) => f.id === value))
    throw new CliError(`unknown festival "${value}" in the ${plan.year} plan (${FESTIVAL_IDS.join(', ')})`);
  return value;
}

function target(kind: ItemKind, yearText: string, idText: string) {
  const year = yearArg(yearText);
  const plan = planFor(year);
  const id = itemArg(kind, plan, idText);
  return { plan, year, id, workflowId: itemWorkflowId(kind, year, id, plan.org) };
}

/**
 * Starts one item of the plan as the plan workflow would, or finds it: its canonical id, the
 * definition the worker loads with the people of the year as the plan workflow has them now (a lead
 * changed mid-year), reporting to the year's plan when one runs. A running item is left as it is and
 * a closed one is never started again (startItem).
 */
export async function startPlanItem(
  client: Client,
  plan: Plan,
  kind: ItemKind,
  id: string,
): Promise<ItemStartOutcome> {
  if (yearEnded(plan.year)) throw new CliError(`nothing started: ${pastYearHint(plan.year)}`);
  const from = assignmentsFrom(yearPlan(plan));
  if (Date.now() < from)
    throw new CliError(
      `the ${scopeLabel(plan)} plan is issued (印发) on ${localDate(from)}: no item starts before then (civ year start starts the year, and its items then)`,
    );
  const def =
    kind === 'task'
      ? taskDefinition(plan, id)
      : kind === 'theme'
        ? themeDefinition(plan, Number(id))
        : festivalDefinition(plan, id);
  const planId = planWorkflowId(plan.year, plan.org);
  const reportTo = (await workflowStatus(client, planId)) === 'RUNNING' ? planId : undefined;
  const which = kind === 'task' ? { task: id } : kind === 'theme' ? { month: Number(id) } : { festival: id };
  return startItem(
    client,
    {
      kind,
      workflowId: itemWorkflowId(kind, plan.year, id, plan.org),
      // No definition: the worker loads it from the plan, with the leads as they are now.
      input: { year: plan.year, ...(plan.org && { org: plan.org }), ...which, ...(reportTo && { reportTo }) },
      summary: itemTitle(plan, kind, id, def),
      memo: { title: def.ref.title, category: def.ref.categoryTitle, due: def.ref.due },
    },
    { reportTo },
  );
}

/** What Temporal UI calls the item, as the plan workflow names the ones it starts. */
function itemTitle(plan: Plan, kind: ItemKind, id: string, def: ItemDefinition): string {
  if (kind === 'task') return `${plan.year}年任务${id}：${def.ref.title}`;
  if (kind === 'theme') {
    const theme = yearPlan(plan).themes.find((t) => t.month === Number(id));
    return `${plan.year}年${Number(id)}月“一月一主题”：${theme?.title ?? def.ref.title}`;
  }
  return `${plan.year}年${def.ref.title}（${festivalDates(plan.year)[id as FestivalId]}）`;
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
      throw new CliError(notStartedLine(err.workflowId ?? 'workflow'));
    if (err instanceof WorkflowUpdateFailedError) {
      throw new CliError(`rejected: ${err.cause?.message ?? err.message}`);
    }
    throw err;
  } finally {
    await client.connection.close();
  }
}

/**
 * Sends an update and returns the item's state after it; a rejection becomes the CLI's one line.
 * The update id is derived from the command and the state it answers, so running a command again
 * after a timeout applies it once.
 */
function sendUpdate<Input>(
  workflowId: string,
  update: UpdateDefinition<ItemState, [Input], ItemUpdateName>,
  input: Input,
): Promise<ItemState> {
  return withClient(async (client) => {
    const handle = client.workflow.getHandle<TaskWorkflow>(workflowId);
    const description = await handle.describe();
    if (description.status.name !== 'RUNNING') {
      throw new CliError(itemEndedLine(workflowId, await handle.query(statusQuery)));
    }
    const def = await handle.query(definitionQuery);
    const acting = { ...input, ...actorAddress(itemPeople(def), input as ActorFields) };
    const updateId = itemUpdateId(workflowId, update.name, acting, await handle.query(statusQuery));
    return handle.executeUpdate(update, { args: [acting], updateId });
  });
}

/**
 * Who an admin's `--actor` names (a name or an address): the address of the one person of the plan
 * it identifies, recorded beside what was typed; a name several people carry is refused, asking for
 * the address. A name nobody carries is sent as typed, for the workflow to judge (a report is
 * recorded, a decision refused). The admin's own identity is their Temporal access, recorded as the
 * CLI channel with their OS user.
 */
export function actorAddress(people: readonly Person[], input: ActorFields): { actorEmail?: string } {
  if (input.actorEmail) return {};
  const who = identify(people, input);
  if ('ambiguous' in who)
    throw new CliError(
      `--actor "${input.actor}" names ${who.ambiguous} people of this plan: give their email address`,
    );
  return 'email' in who ? { actorEmail: who.email } : {};
}

/** Status of a running or finished item: a query answers both while the history is retained. */
export async function itemStatus(client: Client, workflowId: string): Promise<ItemState> {
  return client.workflow.getHandle(workflowId).query(statusQuery);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * `--kpi law-awareness=96` (percent) and `--kpi registered-volunteers=46/50` (a rate's two counts);
 * a malformed one is refused with the item's own KPI ids as the example.
 */
function kpiValues(pairs: string[], known: string[], what: string): Pick<ReportInput, 'kpis' | 'kpiCounts'> {
  const kpis: Record<string, number> = {};
  const kpiCounts: NonNullable<ReportInput['kpiCounts']> = {};
  for (const pair of pairs) {
    const m = /^([a-z][a-z0-9-]*)=(?:(-?\d+(?:\.\d+)?)%?|(\d+)\/(\d+))$/.exec(pair);
    if (!m)
      throw new CliError(
        known.length
          ? `--kpi "${pair}" must be written id=value or id=count/total, e.g. ${known[0]}=96 (the KPIs of ${what}: ${known.join(', ')})`
          : `--kpi "${pair}": ${what} has no KPI`,
      );
    if (m[2] !== undefined) kpis[m[1]] = Number(m[2]);
    else kpiCounts[m[1]] = { numerator: Number(m[3]), denominator: Number(m[4]) };
  }
  return {
    ...(Object.keys(kpis).length && { kpis }),
    ...(Object.keys(kpiCounts).length && { kpiCounts }),
  };
}

/** The 台账 options of `report`: 活动时间, 地点, 参加人数, 宣传报道, 先进典型. */
function ledgerOptions(
  o: ReportOptions,
): Pick<ReportInput, 'heldOn' | 'place' | 'participants' | 'publicity' | 'honours'> {
  const participants = o.participants === undefined ? undefined : Number(o.participants);
  if (participants !== undefined && !Number.isInteger(participants))
    throw new CliError(`--participants must be a whole number, not "${o.participants}"`);
  return {
    ...(o.heldOn && { heldOn: dateOption(o.heldOn) }),
    ...(o.place && { place: o.place }),
    ...(participants !== undefined && { participants }),
    ...(o.publicity && { publicity: o.publicity }),
    ...(o.honour && { honours: o.honour }),
  };
}

function dateOption(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new CliError(`"${value}" is not a date written YYYY-MM-DD`);
  return value;
}

const NOUN: Record<ItemKind, { arg: string; what: string }> = {
  task: { arg: '<task>', what: 'one yearly task' },
  theme: { arg: '<month>', what: 'one month of 崇德乐善“一月一主题”' },
  festival: { arg: '<festival>', what: `one festival of 我们的节日 (${FESTIVAL_IDS.join(', ')})` },
};

/** `civ task|theme|festival start|status|report|decide|extend|close`. */
export function registerItemCommands(program: Command, kind: ItemKind): void {
  const group = program
    .command(kind)
    .description(`${NOUN[kind].what}: start, status, report, decide, extend, close`);
  registerStart(group, kind);
  registerStatus(group, kind);
  registerReport(group, kind);
  registerDecide(group, kind);
  registerExtend(group, kind);
  registerClose(group, kind);
}

function registerStart(group: Command, kind: ItemKind): void {
  group
    .command(`start <year> ${NOUN[kind].arg}`)
    .description(
      `start the ${kind} workflow as the year's plan would (does nothing if it runs or ran); \`civ year start\` starts the year`,
    )
    .action(async (y: string, t: string) => {
      const { plan, id, workflowId } = target(kind, y, t);
      const { outcome, found } = await withClient((client) => startPlanItem(client, plan, kind, id));
      const line =
        outcome === 'started'
          ? 'started'
          : outcome === 'running'
            ? 'already started'
            : `already ended (${found?.state ?? 'closed'}): a closed item is never started again`;
      process.stdout.write(`${workflowId}: ${line}\n`);
    });
}

function registerStatus(group: Command, kind: ItemKind): void {
  group
    .command(`status <year> ${NOUN[kind].arg}`)
    .description('show the whole state')
    .option('--json', 'print the raw state as JSON')
    .action(async (y: string, t: string, opts: { json?: boolean }) => {
      const { workflowId } = target(kind, y, t);
      const state = await withClient((client) => itemStatus(client, workflowId));
      process.stdout.write(
        opts.json
          ? `${JSON.stringify(state, null, 2)}\n`
          : formatItemStatus(state, localDate(Date.now()), kind),
      );
    });
}

interface ReportOptions {
  branch: string;
  actor: string;
  summary: string;
  evidence?: string[];
  kpi?: string[];
  milestone?: string;
  heldOn?: string;
  place?: string;
  participants?: string;
  publicity?: string[];
  honour?: string[];
}

function registerReport(group: Command, kind: ItemKind): void {
  group
    .command(`report <year> ${NOUN[kind].arg}`)
    .description('report a branch’s work')
    .requiredOption('--branch <id>', 'reporting branch id')
    .requiredOption('--actor <name>', 'who reports (name or email)')
    .requiredOption('--summary <text>', 'what was done')
    .option('--evidence <link>', 'link to evidence (repeatable)', collect)
    .option('--kpi <id=value>', 'KPI value in percent, or count/total for a rate (repeatable)', collect)
    .option('--milestone <id>', 'a progress report for this milestone')
    .option('--held-on <date>', '台账: when the activity was held (YYYY-MM-DD)')
    .option('--place <text>', '台账: where')
    .option('--participants <n>', '台账: how many took part')
    .option('--publicity <link>', '台账: where it was reported (repeatable)', collect)
    .option('--honour <text>', '台账: an honour or model (先进典型) it brought (repeatable)', collect)
    .action(async (y: string, t: string, o: ReportOptions) => {
      const { workflowId, plan, id } = target(kind, y, t);
      const kpiIds = kind === 'task' ? (findTask(plan, id)?.kpis ?? []).map((k) => k.id) : [];
      const input: ReportInput = {
        ...cliOrigin(),
        branch: o.branch,
        actor: o.actor,
        summary: o.summary,
        evidence: o.evidence ?? [],
        ...(o.kpi ? kpiValues(o.kpi, kpiIds, `${kind} ${id}`) : {}),
        ...(o.milestone ? { milestone: o.milestone } : {}),
        ...ledgerOptions(o),
      };
      const state = await sendUpdate(workflowId, reportUpdate, input);
      process.stdout.write(`${workflowId}: report from ${o.branch} recorded; state ${state.phase}\n`);
    });
}

interface DecideOptions {
  actor: string;
  comment: string;
  branch?: string[];
  newDue?: string;
  override?: string;
}

function registerDecide(group: Command, kind: ItemKind): void {
  group
    .command(`decide <year> ${NOUN[kind].arg} <verdict>`)
    .description('approve or return (authorized signers only)')
    .requiredOption('--actor <name>', 'who decides (name or email)')
    .option('--comment <text>', 'comment (required for return)', '')
    .option('--branch <id>', 'return: branch that must rework (repeatable)', collect)
    .option('--new-due <date>', 'return: new due date YYYY-MM-DD', dateOption)
    .option('--override <reason>', 'approve although a KPI misses its threshold')
    .action(async (y: string, t: string, verdict: string, o: DecideOptions) => {
      if (verdict !== 'approve' && verdict !== 'return')
        throw new CliError(`verdict must be "approve" or "return", not "${verdict}"`);
      const { workflowId } = target(kind, y, t);
      const input: DecideInput = {
        ...cliOrigin(),
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
    });
}

function registerExtend(group: Command, kind: ItemKind): void {
  group
    .command(`extend <year> ${NOUN[kind].arg}`)
    .description('move the due date (leading group only)')
    .requiredOption('--actor <name>', 'who extends (name or email)')
    .requiredOption('--to <date>', 'new due date YYYY-MM-DD', dateOption)
    .requiredOption('--reason <text>', 'why')
    .action(async (y: string, t: string, o: { actor: string; to: string; reason: string }) => {
      const { workflowId } = target(kind, y, t);
      const input: ExtendInput = { ...cliOrigin(), actor: o.actor, newDue: o.to, reason: o.reason };
      const state = await sendUpdate(workflowId, extendDeadlineUpdate, input);
      process.stdout.write(`${workflowId}: due date now ${state.due}\n`);
    });
}

function registerClose(group: Command, kind: ItemKind): void {
  group
    .command(`close <year> ${NOUN[kind].arg}`)
    .description('end it unfinished before the year does (the rollover does this; leading group only)')
    .requiredOption('--actor <name>', 'who closes (name or email)')
    .requiredOption('--reason <text>', 'why')
    .action(async (y: string, t: string, o: { actor: string; reason: string }) => {
      const { workflowId } = target(kind, y, t);
      const input: CloseInput = { actor: o.actor, reason: o.reason };
      const state = await sendUpdate(workflowId, closeUpdate, input);
      process.stdout.write(`${workflowId}: closed; state ${state.phase}\n`);
    });
}

/**
 * The CLI's actions are recorded as such, with the OS user who ran them beside `--actor`: the CLI
 * is for admins who hold Temporal access, and `--actor` alone is only what they typed.
 */
export function cliOrigin(): { channel: 'cli'; osUser?: string } {
  try {
    return { channel: 'cli', osUser: userInfo().username.slice(0, 64) };
  } catch {
    return { channel: 'cli' };
  }
}
