// What an admin starts by hand, and what the CLI says of what is over: `civ theme start` and `civ
// festival start` checked as any start (canonical id, the people of the year as the plan has them
// now, reporting to the running plan, idempotent, a closed item never started again); a past year,
// a completed plan and a task of a past year each said as what really happened; `civ year report`
// writing outside the repository. The real `civ` binary, the dev server and real SMTP.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { festivalDates, localDate } from '../../domain/calendar';
import type { ItemKind } from '../../domain/year-record';
import { changeLeadUpdate, definitionQuery, planStatusQuery } from '../../wire/messages';
import { CivTask } from '../../wire/search-attributes';
import { WORKFLOW_TYPES } from '../../wire/workflow-types';
import { startYearStack, type YearStack } from '../helpers/year-stack';

jest.setTimeout(300_000);

const QUEUE = 'civ-hand-start-test';
// The year the stack runs: its plan is running, and most of it is behind.
const TODAY = localDate(Date.now());
const YEAR = Number(TODAY.slice(0, 4));
const MONTH = Number(TODAY.slice(5, 7));
const REPO = join(__dirname, '..', '..');
const NEW_LEAD = { name: '陈新', email: 'chen.xin@example.gov.cn' };

let stack: YearStack;
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  stack = await startYearStack({ year: YEAR, queue: QUEUE });
  env = stack.env;
  copyFileSync(join(REPO, 'plans', '2020.yaml'), join(stack.dir, '2020.yaml'));
});
afterAll(() => stack?.close());

const civ = (...args: string[]) => stack.civ(...args);

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const planItem = (id: string) =>
  until(
    async () => (await env.client.workflow.getHandle(`civ-${YEAR}-plan`).query(planStatusQuery)).items[id],
    `the plan to know ${id}`,
  );

test('civ theme start and civ festival start, checked like any other start', async () => {
  expect(await civ('year', 'start', String(YEAR))).toMatchObject({ code: 0 });
  await planItem(`civ-${YEAR}-task-05`);
  // The festivals' lead branch gets a new lead through the plan: a start now mails the new one.
  await env.client.workflow.getHandle(`civ-${YEAR}-plan`).executeUpdate(changeLeadUpdate, {
    args: [{ branch: 'party-committee', actor: '赵丽', lead: NEW_LEAD, channel: 'portal' }],
  });

  // A month the plan has not started (only this month's theme starts with the year).
  const month = MONTH === 12 ? 11 : MONTH + 1;
  const mm = String(month).padStart(2, '0');
  const theme = `civ-${YEAR}-theme-${mm}`;
  expect(await civ('theme', 'start', String(YEAR), String(month))).toEqual({
    code: 0,
    stdout: `${theme}: started\n`,
    stderr: '',
  });
  expect(await civ('theme', 'start', String(YEAR), mm)).toMatchObject({
    code: 0,
    stdout: `${theme}: already started\n`,
  });
  const described = await env.client.workflow.getHandle(theme).describe();
  expect(described.typedSearchAttributes.get(CivTask)).toBe(`theme-${mm}`);
  expect(described.type).toBe(WORKFLOW_TYPES.theme);
  expect(await described.staticSummary()).toMatch(new RegExp(`^${YEAR}年${month}月“一月一主题”：`));
  expect((await planItem(theme)).kind).toBe<ItemKind>('theme');

  // A festival that is over was not started by the plan; one still ahead was.
  const past = Object.entries(festivalDates(YEAR))
    .filter(([, date]) => date < TODAY)
    .map(([id]) => id);
  const festivalId = past.at(-1) ?? 'spring';
  const festival = `civ-${YEAR}-festival-${festivalId}`;
  expect(await civ('festival', 'start', String(YEAR), festivalId)).toMatchObject({
    code: 0,
    stdout: `${festival}: ${past.length ? 'started' : 'already started'}\n`,
  });
  expect((await planItem(festival)).kind).toBe<ItemKind>('festival');
  const def = await until(async () => {
    const d = await env.client.workflow.getHandle(festival).query(definitionQuery);
    return d.branches.find((b) => b.id === 'party-committee')?.lead.email === NEW_LEAD.email ? d : undefined;
  }, 'the festival with the new lead');
  expect(def.ref.id).toBe(festivalId);

  // Closed, it is never started again.
  const closed = await civ(
    'festival',
    'close',
    String(YEAR),
    festivalId,
    '--actor',
    '赵丽',
    '--reason',
    '测试',
  );
  expect(closed).toMatchObject({ code: 0, stdout: `${festival}: closed; state unfinished\n` });
  expect(await civ('festival', 'start', String(YEAR), festivalId)).toEqual({
    code: 0,
    stdout: `${festival}: already ended (unfinished): a closed item is never started again\n`,
    stderr: '',
  });

  expect(await civ('theme', 'start', String(YEAR), '13')).toEqual({
    code: 1,
    stdout: '',
    stderr: 'civ: "13" is not a month (1-12)\n',
  });
  expect((await civ('festival', 'start', String(YEAR), 'laba')).stderr).toBe(
    `civ: unknown festival "laba" in the ${YEAR} plan (spring, qingming, duanwu, midautumn)\n`,
  );
});

test('civ year report writes its default file outside the repository', async () => {
  const out = await civ('year', 'report', String(YEAR), '--format', 'docx');
  const file = join(stack.dir, `civ-${YEAR}-report.docx`);
  expect(out).toMatchObject({ code: 0, stderr: '' });
  expect(out.stdout.startsWith(`${file}: `)).toBe(true);
  expect(existsSync(file)).toBe(true);
  expect(existsSync(join(REPO, `civ-${YEAR}-report.docx`))).toBe(false);
});

const PAST =
  'the 2020 plan year ended on 2020-12-31 and a real-time stack does not run a past year (civ year preview 2020 runs it on the time-skipping server)';

test('a past year, a completed plan and a task of a past year say what really happened', async () => {
  expect(await civ('year', 'start', '2020')).toEqual({
    code: 1,
    stdout: '',
    stderr: `civ: nothing started: ${PAST}\n`,
  });
  expect(await civ('task', 'start', '2020', '05')).toMatchObject({
    code: 1,
    stderr: `civ: nothing started: ${PAST}\n`,
  });
  expect(await civ('task', 'status', '2020', '05')).toMatchObject({
    code: 1,
    stderr: `civ: civ-2020-task-05 has not been started: ${PAST}\n`,
  });

  // Started as before (Temporal UI, an old CLI): the plan closes at once, its task ends unfinished.
  const start = (type: string, id: string, input: object) =>
    env.client.workflow.start(type, { taskQueue: QUEUE, workflowId: id, args: [input] });
  await (await start(WORKFLOW_TYPES.plan, 'civ-2020-plan', { year: 2020 })).result();
  await (await start(WORKFLOW_TYPES.task, 'civ-2020-task-05', { year: 2020, task: '05' })).result();

  const signOff = await civ('year', 'sign-off', '2020', '--actor', '王建国');
  expect(signOff.code).toBe(1);
  expect(signOff.stderr).toMatch(
    /^civ: civ-2020-plan has completed, the year was closed on \d{4}年\d+月\d+日 \d\d:\d\d: the 2020 plan year had ended before the plan started \(civ year preview 2020 runs the whole year on the time-skipping server\): nothing to sign off\n$/,
  );
  const again = await civ('year', 'start', '2020');
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(
    /^civ-2020-plan: already completed, the year was closed on .*; nothing changed\n$/,
  );

  const report = await civ(
    'task',
    'report',
    '2020',
    '05',
    '--branch',
    'legal',
    '--actor',
    '何敏',
    '--summary',
    '补报',
  );
  expect(report.code).toBe(1);
  expect(report.stderr).toMatch(
    new RegExp(
      `^civ: civ-2020-task-05 has ended: it is unfinished on .*, it was started after its plan year had ended \\(${PAST.replace(/[()]/g, '\\$&')}\\)\n$`,
    ),
  );
});
