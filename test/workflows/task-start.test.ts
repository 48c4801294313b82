// Starting a task workflow with whatever an admin types into Temporal UI: a wrong input fails the
// start at once with one line saying what is wrong, and nobody is mailed.
import { WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { ItemState } from '../../domain/item-state';
import type { taskWorkflow } from '../../workflows/task';
import { ITEM_LOCAL_DEFINITION_CHECK } from '../../workflows/item';
import { decodedPayloads, recordHistory } from '../helpers/histories';
import { definition2020 } from '../helpers/plans';
import { TASK_QUEUE, taskHarness, type Harness } from '../helpers/task-harness';

jest.setTimeout(180_000);

const { EventType } = temporal.api.enums.v1;

let h: Harness;
beforeAll(async () => {
  h = await taskHarness('2020-11-02T09:30:00+08:00');
});
afterAll(() => h?.close());

let n = 0;
async function failureOf(input: unknown): Promise<string> {
  const handle = await h.env.client.workflow.start<typeof taskWorkflow>('taskWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: `civ-start-${++n}`,
    args: [input as never],
  });
  const err = await handle.result().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof WorkflowFailedError))
    throw new Error(`the start of ${JSON.stringify(input)} did not fail`);
  return err.cause?.message ?? '';
}

test('a definition in the input is checked by a local activity, its verdict a marker of the first workflow task', async () => {
  const def = definition2020('05');
  // As the plan starts it: with the plan to report to, so nothing but the check comes before the assignment.
  const handle = await h.env.client.workflow.start<typeof taskWorkflow>('taskWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: 'civ-2020-task-05',
    args: [{ year: 2020, task: '05', definition: def, reportTo: 'civ-2020-plan' }],
  });
  const events = async () =>
    ((await handle.fetchHistory()).events ?? []).map((e) => ({
      type: EventType[e.eventType ?? 0],
      activity: e.activityTaskScheduledEventAttributes?.activityType?.name,
      marker: e.markerRecordedEventAttributes?.markerName,
      payloads: decodedPayloads(e.markerRecordedEventAttributes?.details ?? {}).join(' '),
    }));
  let history = await events();
  for (let i = 0; i < 300 && !history.some((e) => e.activity === 'sendNotification'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    history = await events();
  }
  expect(history.some((e) => e.payloads.includes(ITEM_LOCAL_DEFINITION_CHECK))).toBe(true);
  expect(history.filter((e) => e.marker === 'core_local_activity').map((e) => e.payloads)).toEqual([
    expect.stringContaining('checkItemDefinition'),
  ]);
  expect(history.filter((e) => e.activity !== undefined).map((e) => e.activity)).toEqual([
    'sendNotification',
  ]);
  // Started and assigned in one workflow task: the check brought no workflow task of its own.
  const assigned = history.findIndex((e) => e.activity === 'sendNotification');
  const before = history.slice(0, assigned).filter((e) => e.type === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
  expect(before).toHaveLength(1);
  await recordHistory(handle, 'item-local-definition-check');
  await handle.terminate('test over');
});

const SHAPE = 'input must be like {"year": 2020, "task": "05"}';

test.each<[string, unknown, string]>([
  ['an empty object', {}, `${SHAPE}; year must be a year from 2000 to 2100`],
  ['a list', [2020, '05'], SHAPE],
  ['a misspelt field', { yaer: 2020, task: '05' }, `${SHAPE}; unknown field "yaer"`],
  [
    'a task that is no number',
    { year: 2020, task: 'five' },
    `${SHAPE}; task must be a task number such as "05"`,
  ],
  [
    'a state not carried over by continue-as-new',
    { year: 2020, task: '05', state: { phase: 'signed-off' } as Partial<ItemState> },
    'state is carried over by continue-as-new only: start with {"year": …, "task": "05"}',
  ],
  [
    'a definition that is not one',
    { year: 2020, task: '05', definition: {} },
    'invalid definition: ref: is required',
  ],
  [
    'a definition mailing someone who is no address',
    {
      year: 2020,
      task: '05',
      definition: definition2020('05', (d) => (d.branches[0].lead.email = 'anyone, evil@example.com')),
    },
    'invalid definition: branches[0].lead.email: must be an email address',
  ],
  [
    'a definition of another task',
    { year: 2020, task: '06', definition: definition2020('05') },
    'invalid definition: it is task 05 of 2020, not task 06 of 2020',
  ],
  [
    'a definition due in the review days',
    { year: 2020, task: '05', definition: definition2020('05', (d) => (d.ref.due = '2020-12-30')) },
    'invalid definition: ref.due: 2020-12-30 leaves no time for sign-off: the last 5 working days of the year are kept for it, so the latest due date is 2020-12-24',
  ],
])('%s fails the start, saying why', async (_name, input, message) => {
  expect(await failureOf(input)).toBe(message);
});

test('nobody was mailed by any of the refused starts', () => {
  const refused = h.smtp.messages.filter((m) =>
    String(m.headers.get('x-civ-workflow')).startsWith('civ-start-'),
  );
  expect(refused).toEqual([]);
  expect(h.smtp.messages.length).toBeGreaterThan(0);
});
