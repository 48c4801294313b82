// The scripted year rollover: `civ year rollover --from 2026 --to 2027`. It checks the
// new plan, lists the old year's unfinished tasks and carries each into the new year (linked to the
// old workflow), closes the old year (its items, its plan workflow, its Schedule) and starts the
// new one. Every step looks before it acts, so the rollover can be interrupted and run again, and a
// second run changes nothing.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { type Client, ScheduleNotFoundError, WorkflowNotFoundError } from '@temporalio/client';
import { stringify } from 'yaml';
import { holidaysKnown, latestDueDate, WorkCalendar } from '../domain/calendar';
import { defaultPlanPath, loadPlanFile } from '../config/plan-files';
import type { Plan } from '../domain/plan';
import { rollPlan } from '../domain/plan-roll';
import { carriedTaskDefinition, taskDefinition } from '../domain/item-definition';
import { isClosed, pendingBranches, type ItemState } from '../domain/item-state';
import {
  carryoverWorkflowId,
  itemWorkflowId,
  itemWorkflowIds,
  planWorkflowId,
  themeScheduleId,
} from '../domain/ids';
import { closeUpdate, closeYearUpdate, planStatusQuery, statusQuery } from '../wire/messages';
import { startTaskWorkflow } from '../client/item-start';
import { startYear } from '../client/plan-workflow';
import { workflowState } from '../client/workflow-state';
import { CliError } from './errors';
import { rolledPlanText } from './plan-roll-file';

export interface RolloverOptions {
  from: Plan;
  /** The new year's plan file, if the admin gives one; else plans/<to>.yaml, else the old plan rolled. */
  planFile?: string;
  to: number;
  /** Who closes the old year (a member of its leading group); by default its office's first staff. */
  actor?: string;
  dryRun: boolean;
  /** Go on although the calendar package has no holidays for the new year and the plan adds none. */
  withoutHolidays: boolean;
  say: (line: string) => void;
}

/** The new year's plan, and whether it still has to be written to plans/<to>.yaml. */
function newPlan(o: RolloverOptions): { plan: Plan; write: boolean; source: string } {
  const org = o.from.org;
  const file = o.planFile ?? defaultPlanPath(o.to, org);
  if (o.planFile || existsSync(file)) {
    const result = loadPlanFile(file);
    if (!result.ok) throw new CliError(`${file} is invalid: ${result.errors[0]} (nothing was changed)`);
    if (result.plan.year !== o.to)
      throw new CliError(`${file} is the plan of ${result.plan.year}, not ${o.to} (nothing was changed)`);
    if (result.plan.org !== org)
      throw new CliError(
        `${file} is the plan of organization "${result.plan.org ?? '(home)'}", not "${org ?? '(home)'}" (nothing was changed)`,
      );
    return { plan: result.plan, write: !existsSync(defaultPlanPath(o.to, org)), source: file };
  }
  const { plan, warnings } = rollPlan(o.from, o.to);
  // What the office must rewrite (the old year's phrases, editions, 文号), as `civ plan roll` says it.
  for (const w of warnings) o.say(`   warning: ${w}`);
  return { plan, write: true, source: `plans/${o.from.year}.yaml, rolled` };
}

function state(client: Client, workflowId: string): Promise<ItemState | undefined> {
  return workflowState(client, workflowId, statusQuery);
}

export interface RolloverOutcome {
  carried: string[];
  closed: string[];
  started: 'started' | 'running' | 'dry-run';
}

export async function rollover(client: Client, o: RolloverOptions): Promise<RolloverOutcome> {
  const { from, to } = o;
  if (to !== from.year + 1) throw new CliError(`--to must be the year after ${from.year}, not ${to}`);
  const { plan, write } = checkNewPlan(o);
  const actor = o.actor ?? from.leadingGroup.office.staff[0].name;
  const unfinished = await findUnfinished(client, o);
  const closed = await closeOpenItems(client, o, actor);
  const carried = await carryUnfinished(client, o, plan, unfinished);
  await closeYear(client, o, actor);
  const started = await startNewYear(client, o, plan, write);
  return { carried, closed, started };
}

type Unfinished = { id: string; state: ItemState }[];

const dryRunNote = (o: RolloverOptions) => (o.dryRun ? ' (dry run)' : '');

/** 1. The new year's plan, valid and with holidays (or the admin's word to go on without). */
function checkNewPlan(o: RolloverOptions): { plan: Plan; write: boolean } {
  const { to } = o;
  const { plan, write, source } = newPlan(o);
  o.say(`1/6 new plan: ${to} from ${source}: ${plan.tasks.length} tasks, valid`);
  if (!holidaysKnown(to, plan.calendar) && !plan.calendar?.weekendsOnly) {
    if (!o.withoutHolidays)
      throw new CliError(
        `the calendar package has no official holidays for ${to}: add the State Council's ${to} schedule to ` +
          `plans/${to}.yaml under calendar.holidays and calendar.workdays, or run again with --without-holidays ` +
          `to go on with weekends only (nothing was changed)`,
      );
    o.say(`   warning: no official holidays for ${to}; reminders only avoid weekends`);
    // Written into the plan, so that its plan workflow accepts the year as the admin chose.
    return { plan: { ...plan, calendar: { holidays: [], workdays: [], weekendsOnly: true } }, write };
  }
  return { plan, write };
}

/** 2. The old year's tasks that did not end signed off. */
async function findUnfinished(client: Client, o: RolloverOptions): Promise<Unfinished> {
  const { from } = o;
  const unfinished: Unfinished = [];
  for (const t of from.tasks) {
    const s = await state(client, itemWorkflowId('task', from.year, t.id, from.org));
    if (s && s.phase !== 'signed-off') unfinished.push({ id: t.id, state: s });
  }
  o.say(
    `2/6 unfinished in ${from.year}: ${unfinished.length ? unfinished.map((u) => `task ${u.id} (${u.state.phase})`).join(', ') : 'none'}`,
  );
  return unfinished;
}

/** 3. Close what still runs in the old year, so nothing is signed off twice. */
async function closeOpenItems(client: Client, o: RolloverOptions, actor: string): Promise<string[]> {
  const closed: string[] = [];
  for (const id of itemWorkflowIds(o.from)) {
    const s = await state(client, id);
    if (!s || isClosed(s)) continue;
    closed.push(id);
    if (!o.dryRun)
      await client.workflow.getHandle(id).executeUpdate(closeUpdate, {
        args: [{ actor, reason: `年度结转至${o.to}年` }],
        updateId: `rollover-${o.to}-${id}`,
      });
  }
  o.say(
    `3/6 closed in ${o.from.year}: ${closed.length ? closed.join(', ') : 'nothing was still open'}${dryRunNote(o)}`,
  );
  return closed;
}

/** 4. Carry each unfinished task into the new year, linked to the old workflow. */
async function carryUnfinished(
  client: Client,
  o: RolloverOptions,
  plan: Plan,
  unfinished: Unfinished,
): Promise<string[]> {
  const { from, to } = o;
  const org = from.org;
  const carried: string[] = [];
  const due = latestDueOfCarry(WorkCalendar.official(plan.calendar), plan);
  for (const u of unfinished) {
    const id = carryoverWorkflowId(to, from.year, u.id, org);
    const old = itemWorkflowId('task', from.year, u.id, org);
    const pending = pendingBranches(u.state).map((b) => b.id);
    const definition = carriedTaskDefinition(taskDefinition(from, u.id), plan, {
      from: old,
      due,
      branches: pending,
    });
    carried.push(id);
    if (o.dryRun) continue;
    await startTaskWorkflow(client, {
      workflowId: id,
      input: { year: to, ...(org && { org }), task: u.id, definition, reportTo: planWorkflowId(to, org) },
      summary: `${to}年结转任务：${definition.ref.title}`,
      details: `由${old}结转`,
    });
  }
  o.say(
    `4/6 carried into ${to} (due ${due}): ${carried.length ? carried.join(', ') : 'nothing to carry'}${dryRunNote(o)}`,
  );
  return carried;
}

/** 5. Close the old year: its plan workflow ends with the record, its Schedule goes. */
async function closeYear(client: Client, o: RolloverOptions, actor: string): Promise<void> {
  const { from } = o;
  if (!o.dryRun) await closeOldYear(client, from, o.to, actor);
  o.say(
    `5/6 ${from.year} closed: ${planWorkflowId(from.year, from.org)} and ${themeScheduleId(from.year, from.org)}${dryRunNote(o)}`,
  );
}

/** 6. The new year: its plan file, then its plan workflow. */
async function startNewYear(
  client: Client,
  o: RolloverOptions,
  plan: Plan,
  write: boolean,
): Promise<RolloverOutcome['started']> {
  const { from, to } = o;
  const org = from.org;
  if (o.dryRun) {
    o.say(
      `6/6 would ${write ? `write plans/${to}.yaml and ` : ''}start ${planWorkflowId(to, org)} (dry run: nothing changed)`,
    );
    return 'dry-run';
  }
  if (write) {
    const file = defaultPlanPath(to, org);
    const tmp = `${file}.tmp-${process.pid}`;
    const header = `${plan.organization} ${to} 年实施方案: carried over from ${from.year} by \`civ year rollover\`.`;
    // Over the file the plan came from (--plan, else the old year's), so its comments stay.
    const old = o.planFile ?? defaultPlanPath(from.year, org);
    const text = existsSync(old)
      ? rolledPlanText(readFileSync(old, 'utf8'), plan, [header])
      : `# ${header}\n${stringify(plan, { lineWidth: 0 })}`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }
  const started = await startYear(client, plan);
  o.say(`6/6 ${planWorkflowId(to, org)}: ${started === 'running' ? 'already running' : 'started'}`);
  return started === 'running' ? 'running' : 'started';
}

/** Carried tasks are due by the 20th working day of the new year (never in its review days). */
function latestDueOfCarry(cal: WorkCalendar, plan: Plan): string {
  const due = cal.addWorkingDays(`${plan.year}-01-01`, 20);
  const latest = latestDueDate(cal, plan.year, plan.defaults.reviewWorkingDays);
  return due < latest ? due : latest;
}

async function closeOldYear(client: Client, from: Plan, to: number, actor: string): Promise<void> {
  try {
    const handle = client.workflow.getHandle(planWorkflowId(from.year, from.org));
    const description = await handle.describe();
    // Signed off or closed, a plan workflow runs on until its links expire, taking revocations only.
    const open = async () =>
      ['running', 'awaiting-final-sign-off'].includes((await handle.query(planStatusQuery)).phase);
    if (description.status.name === 'RUNNING' && (await open()))
      await handle.executeUpdate(closeYearUpdate, {
        args: [{ actor, reason: `年度结转至${to}年`, nextYear: to }],
        updateId: `rollover-${to}`,
      });
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  try {
    await client.schedule.getHandle(themeScheduleId(from.year, from.org)).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}
