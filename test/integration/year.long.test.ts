// The year on the real dev server, through the real `civ` binary: the monthly-theme Schedule (spec,
// time zone, a manual trigger starting the right month, pause), the annual plan workflow and its
// search attributes, and the rollover into the next year (a bad plan changes nothing, a missing
// holiday schedule is asked for, two unfinished tasks are carried over, a second run changes
// nothing).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { localDate } from '../../domain/calendar';
import { loadPlanFile } from '../../config/plan-files';
import { rollPlan } from '../../domain/plan-roll';
import { taskDefinition } from '../../domain/item-definition';
import { decideUpdate, planStatusQuery, reportUpdate, statusQuery } from '../../wire/messages';
import { plan2020, rolledPlanText } from '../helpers/plans';
import { startYearStack, type YearStack } from '../helpers/year-stack';

jest.setTimeout(180_000);

const QUEUE = 'civ-year-test';
// The dev server runs on the real clock: this year's plan (the 2020 plan carried over).
const YEAR = Number(localDate(Date.now()).slice(0, 4));
const MONTH = localDate(Date.now()).slice(5, 7);
const NEXT = YEAR + 1;

let stack: YearStack;
let env: TestWorkflowEnvironment;
let plansDir: string;
const civ = (...args: string[]) => stack.civ(...args);

beforeAll(async () => {
  stack = await startYearStack({ year: YEAR, queue: QUEUE });
  ({ env, dir: plansDir } = stack);
});

afterAll(() => stack?.close());

/**
 * Workflow ids a visibility query finds, once the index has caught up with `expected` of them. The
 * items are started by a plan workflow through activities and child starts: on a loaded machine
 * that can take a while, so the wait is long, and a timeout says what the plan workflow was doing.
 */
/** A query's answer, asked again while the workflow has not registered its handlers yet (10 s at most). */
async function answered<T>(ask: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await ask();
    } catch (err) {
      if (i >= 50 || !(err instanceof Error && err.name === 'QueryNotRegisteredError')) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function find(query: string, expected: number): Promise<string[]> {
  let ids: string[] = [];
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    ids = [];
    for await (const wf of env.client.workflow.list({ query })) ids.push(wf.workflowId);
    if (ids.length >= expected) return ids.sort();
    await new Promise((r) => setTimeout(r, 250));
  }
  const plans: string[] = [];
  for await (const wf of env.client.workflow.list({ query: 'CivKind = "plan"' })) {
    const d = await env.client.workflow.getHandle(wf.workflowId).describe();
    const raw = (d.raw.pendingActivities ?? []).map(
      (a) => `${a.activityType?.name}: ${a.lastFailure?.message ?? 'running'}`,
    );
    plans.push(`${wf.workflowId} ${d.status.name} [${raw.join('; ')}]`);
  }
  throw new Error(
    `${query}: ${ids.length} of ${expected} found after 90 s; plan workflows: ${plans.join(', ')}`,
  );
}

test('the Schedule: 1st of each month at 09:00 Asia/Shanghai within the year; a trigger starts this month’s theme', async () => {
  expect(await civ('schedule', 'create', String(YEAR))).toMatchObject({
    code: 0,
    stdout: `civ-${YEAR}-monthly-themes: created\n`,
  });
  expect((await civ('schedule', 'create', String(YEAR))).stdout).toBe(
    `civ-${YEAR}-monthly-themes: already exists\n`,
  );
  const described = JSON.parse((await civ('schedule', 'describe', String(YEAR), '--json')).stdout);
  expect(described.spec.timezone).toBe('Asia/Shanghai');
  expect(described.spec.calendars).toEqual([
    expect.objectContaining({
      dayOfMonth: [{ start: 1, end: 1, step: 1 }],
      hour: [{ start: 9, end: 9, step: 1 }],
    }),
  ]);
  expect(new Date(described.spec.startAt).toISOString()).toBe(`${YEAR - 1}-12-31T16:00:00.000Z`);
  expect(new Date(described.spec.endAt).getUTCFullYear()).toBe(YEAR);
  for (const next of described.info.nextActionTimes as string[]) {
    // 09:00 in Shanghai is 01:00 UTC, always on the 1st.
    expect(new Date(next).toISOString()).toMatch(new RegExp(`^${YEAR}-\\d{2}-01T01:00:00`));
  }

  expect(await civ('schedule', 'trigger', String(YEAR))).toMatchObject({ code: 0 });
  const [theme] = await find(`CivYear = ${YEAR} AND CivKind = "theme"`, 1);
  expect(theme).toBe(`civ-${YEAR}-theme-${MONTH}`);
  // Listed as soon as it starts; it answers once its first task has loaded its definition.
  const state = await answered(() => env.client.workflow.getHandle(theme).query(statusQuery));
  // The plan's choice (activities.reportedBy: lead): the branches of task 10 report the themes.
  expect(state.branches.map((b) => b.id)).toEqual(['party-committee', 'first-branch']);

  expect((await civ('schedule', 'pause', String(YEAR), '--note', '节日调整')).stdout).toBe(
    `civ-${YEAR}-monthly-themes: paused\n`,
  );
  expect((await civ('schedule', 'describe', String(YEAR))).stdout).toContain('paused (节日调整)');
  expect((await civ('schedule', 'unpause', String(YEAR))).code).toBe(0);
  expect((await civ('schedule', 'describe', String(YEAR))).stdout).toContain(': active');
  expect(await civ('schedule', 'describe', '1999')).toEqual({
    code: 1,
    stdout: '',
    stderr:
      'civ: civ-1999-monthly-themes does not exist (it is created by civ year start 1999, or civ schedule create 1999)\n',
  });
});

test('the annual plan workflow: started once, found by its search attributes with its tasks and theme', async () => {
  expect(await civ('year', 'start', String(YEAR))).toMatchObject({
    code: 0,
    stdout: `civ-${YEAR}-plan: started\n`,
  });
  expect((await civ('year', 'start', String(YEAR))).stdout).toBe(
    `civ-${YEAR}-plan: already running (nothing changed)\n`,
  );
  expect(await find(`CivYear = ${YEAR} AND CivKind = "plan"`, 1)).toEqual([`civ-${YEAR}-plan`]);
  expect(await find(`CivYear = ${YEAR} AND CivKind = "task"`, 16)).toHaveLength(16);
  // The theme the trigger started reports to the plan like the plan's own items.
  let status = '';
  for (let i = 0; i < 50 && !status.includes(`civ-${YEAR}-theme-${MONTH}`); i++) {
    status = (await civ('year', 'status', String(YEAR))).stdout;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(status).toContain(`civ-${YEAR}-theme-${MONTH}`);
  expect(status).toContain(`civ-${YEAR}-task-16`);
  const overdue = await find(`CivYear = ${YEAR} AND CivKind = "plan" AND CivOverdue > 0`, 1);
  expect(overdue).toEqual([`civ-${YEAR}-plan`]); // task 09, due in April, is overdue by now
});

test('rollover: a bad plan changes nothing, a missing holiday schedule is asked for, two unfinished tasks are carried, twice the same', async () => {
  // Fourteen of the sixteen tasks are signed off; 05 and 12 stay open.
  const plan = rollPlan(plan2020(), YEAR).plan;
  for (const task of plan.tasks.filter((t) => t.id !== '05' && t.id !== '12')) {
    const def = taskDefinition(plan, task.id);
    const handle = env.client.workflow.getHandle(`civ-${YEAR}-task-${task.id}`);
    for (const b of def.branches) {
      const kpis = def.kpis.length ? Object.fromEntries(def.kpis.map((k) => [k.id, 100])) : undefined;
      await handle.executeUpdate(reportUpdate, {
        args: [{ branch: b.id, actor: b.lead.name, summary: '完成', ...(kpis && { kpis }) }],
      });
    }
    const signer = def.signOff === 'head' ? def.head.name : def.office.staff[0].name;
    await handle.executeUpdate(decideUpdate, {
      args: [{ verdict: 'approve', actor: signer, comment: '同意' }],
    });
  }

  const bad = join(plansDir, 'bad.yaml');
  writeFileSync(bad, rolledPlanText(NEXT).replace('reviewWorkingDays: 5', 'reviewWorkingDays: 0'));
  const refused = await civ('year', 'rollover', '--from', String(YEAR), '--to', String(NEXT), '--plan', bad);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(
    /^civ: .*bad\.yaml is invalid: defaults\.reviewWorkingDays: .*\(nothing was changed\)\n$/,
  );
  const asked = await civ('year', 'rollover', '--from', String(YEAR), '--to', String(NEXT));
  expect(asked.code).toBe(1);
  expect(asked.stderr).toBe(
    `civ: the calendar package has no official holidays for ${NEXT}: add the State Council's ${NEXT} schedule to plans/${NEXT}.yaml under calendar.holidays and calendar.workdays, or run again with --without-holidays to go on with weekends only (nothing was changed)\n`,
  );
  // Nothing changed: the old year runs, its Schedule is there, the new one does not exist.
  expect((await env.client.workflow.getHandle(`civ-${YEAR}-plan`).describe()).status.name).toBe('RUNNING');
  expect((await civ('schedule', 'describe', String(YEAR))).code).toBe(0);
  expect(existsSync(join(plansDir, `${NEXT}.yaml`))).toBe(false);

  const dry = await civ(
    'year',
    'rollover',
    '--from',
    String(YEAR),
    '--to',
    String(NEXT),
    '--without-holidays',
    '--dry-run',
  );
  expect(dry.stdout).toContain(`2/6 unfinished in ${YEAR}: task 05 (open), task 12 (open)`);
  expect(dry.stdout).toContain('(dry run: nothing changed)');
  // What the office must rewrite is said, as `civ plan roll` says it.
  expect(dry.stdout).toContain('warning: texts carry phrases of');
  // The office's comments in the old plan file (values unchanged) are to survive the rollover.
  const oldFile = join(plansDir, `${YEAR}.yaml`);
  const choice = '# Choice: the defaults of every task, kept through the rollover';
  writeFileSync(oldFile, readFileSync(oldFile, 'utf8').replace(/^defaults:/m, `${choice}\ndefaults:`));
  expect((await env.client.workflow.getHandle(`civ-${YEAR}-task-05`).describe()).status.name).toBe('RUNNING');

  const first = await civ(
    'year',
    'rollover',
    '--from',
    String(YEAR),
    '--to',
    String(NEXT),
    '--without-holidays',
  );
  expect(first.code).toBe(0);
  const carried = [`civ-${NEXT}-carryover-${YEAR}-05`, `civ-${NEXT}-carryover-${YEAR}-12`];
  expect(first.stdout).toContain(`4/6 carried into ${NEXT}`);
  expect(first.stdout).toContain(carried.join(', '));
  expect(first.stdout).toContain(`rollover ${YEAR} → ${NEXT}: 2 task(s) carried over`);
  expect(first.stdout).toContain(`civ-${NEXT}-plan started`);
  expect(existsSync(join(plansDir, `${NEXT}.yaml`))).toBe(true);
  const written = readFileSync(join(plansDir, `${NEXT}.yaml`), 'utf8');
  expect(written).toContain(`${choice}\ndefaults:`);
  const loaded = loadPlanFile(join(plansDir, `${NEXT}.yaml`));
  expect(loaded.ok && [loaded.plan.year, loaded.plan.calendar?.weekendsOnly]).toEqual([NEXT, true]);

  // The old year: its tasks and plan workflow ended, its Schedule gone.
  const old05 = await env.client.workflow.getHandle(`civ-${YEAR}-task-05`).query(statusQuery);
  expect([old05.phase, old05.unfinishedReason]).toEqual(['unfinished', 'closed']);
  // Closed, the plan workflow runs on until the year's links expire, to take revocations.
  const oldPlan = env.client.workflow.getHandle(`civ-${YEAR}-plan`);
  expect((await oldPlan.query(planStatusQuery)).phase).toBe('closed');
  expect((await oldPlan.describe()).status.name).toBe('RUNNING');
  expect((await civ('schedule', 'describe', String(YEAR))).code).toBe(1);
  // The carried tasks: linked to the old ones, owed by the branches that had not reported.
  const c05 = await env.client.workflow.getHandle(carried[0]).query(statusQuery);
  expect(c05.title).toMatch(new RegExp(`^（${YEAR}年结转）积极开展普法知识教育$`));
  expect(c05.branches.map((b) => b.id)).toEqual(['legal', 'office']);
  // The new year's own items wait for its 印发 date (a rolled plan has none: its first working day),
  // so nothing of it is assigned in December; only the carried tasks run now.
  expect(await find(`CivYear = ${NEXT} AND CivKind = "task"`, 2)).toEqual([...carried].sort());
  await new Promise((r) => setTimeout(r, 3000));
  expect(await find(`CivYear = ${NEXT}`, 0)).toEqual([...carried, `civ-${NEXT}-plan`].sort());

  const second = await civ(
    'year',
    'rollover',
    '--from',
    String(YEAR),
    '--to',
    String(NEXT),
    '--without-holidays',
  );
  expect(second.code).toBe(0);
  expect(second.stdout).toContain(`3/6 closed in ${YEAR}: nothing was still open`);
  expect(second.stdout).toContain(
    `rollover ${YEAR} → ${NEXT}: 2 task(s) carried over, 0 item(s) closed, civ-${NEXT}-plan running`,
  );
  expect(await find(`CivYear = ${NEXT}`, 0)).toEqual([...carried, `civ-${NEXT}-plan`].sort());
});
