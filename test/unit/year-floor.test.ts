// The year floor's load comes from the simulated year's own histories (bench/year-floor.ts): each
// workflow's timers, the signals it sent and received, its mails; and the client's part of the floor.
import { temporal } from '@temporalio/proto';
import { countsOf, floorId, floorYearPlan, workOf, yearLoad } from '../../bench/year-floor';

const T0 = Date.parse('2020-03-09T01:30:00Z');
const at = (ms: number) => ({
  seconds: String(Math.floor((T0 + ms) / 1000)),
  nanos: ((T0 + ms) % 1000) * 1e6,
});
const E = temporal.api.enums.v1.EventType;

/** An item: a timer fired, a timer cancelled (an Update came), a timer left running, a signal to the plan. */
const item = {
  events: [
    { eventId: '1', eventTime: at(0), eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' },
    { eventId: '5', eventTime: at(1_000), eventType: 'EVENT_TYPE_TIMER_STARTED' },
    {
      eventId: '6',
      eventTime: at(60_000),
      eventType: 'EVENT_TYPE_TIMER_FIRED',
      timerFiredEventAttributes: { startedEventId: '5' },
    },
    { eventId: '9', eventTime: at(61_000), eventType: 'EVENT_TYPE_TIMER_STARTED' },
    {
      eventId: '10',
      eventTime: at(90_000),
      eventType: 'EVENT_TYPE_TIMER_CANCELED',
      timerCanceledEventAttributes: { startedEventId: '9' },
    },
    {
      eventId: '11',
      eventTime: at(90_000),
      eventType: 'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
      signalExternalWorkflowExecutionInitiatedEventAttributes: { workflowExecution: { workflowId: 'plan' } },
    },
    { eventId: '12', eventTime: at(90_001), eventType: 'EVENT_TYPE_TIMER_STARTED' },
    { eventId: '13', eventTime: at(120_000), eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED' },
  ],
};

/**
 * The plan, its types as numbers (as fetchHistory gives them): one signal from the item, one from
 * outside, and one Update (the head's sign-off).
 */
const plan = {
  events: [
    { eventId: '1', eventTime: at(-500), eventType: E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED },
    { eventId: '4', eventTime: at(30_000), eventType: E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED },
    { eventId: '5', eventTime: at(45_000), eventType: E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED },
    { eventId: '7', eventTime: at(90_010), eventType: E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED },
  ],
};

const mails = [
  { at: new Date(T0 + 500).toISOString(), workflowId: 'item' },
  { at: new Date(T0 + 60_010).toISOString(), workflowId: 'item' },
  { at: new Date(T0 + 70_000).toISOString(), workflowId: 'plan' },
];

test('each workflow has its timers to when they fired, were cancelled or their run ended', () => {
  const [loadOfItem, loadOfPlan] = yearLoad({ item: [item], plan: [plan] }, mails);
  expect(loadOfItem.timers).toEqual([
    { at: T0 + 1_000, until: T0 + 60_000 },
    { at: T0 + 61_000, until: T0 + 90_000 },
    { at: T0 + 90_001, until: T0 + 120_000 },
  ]);
  expect(loadOfItem.sent).toEqual([{ at: T0 + 90_000, to: 'plan' }]);
  expect(loadOfItem.mails).toEqual([
    { at: T0 + 500, mail: 0 },
    { at: T0 + 60_010, mail: 1 },
  ]);
  expect(loadOfPlan).toMatchObject({
    startedAt: T0 - 500,
    received: [T0 + 30_000, T0 + 90_010],
    updates: [T0 + 45_000],
  });
  expect(countsOf([loadOfItem, loadOfPlan])).toEqual({
    workflows: 2,
    timers: 3,
    signals: 2,
    updates: 1,
    mails: 3,
  });
});

test("the floor does each one's work in time order, and the client sends only what came from outside", () => {
  const steps = floorYearPlan(yearLoad({ item: [item], plan: [plan] }, mails));
  const named = (s: (typeof steps)[number]) =>
    'start' in s ? `start ${s.start}` : 'signal' in s ? `signal ${s.signal}` : `update ${s.update}`;
  expect(steps.map(named)).toEqual([
    `start ${floorId('plan')}`,
    `start ${floorId('item')}`,
    // The plan's signal at 30 s came from no workflow of the year: the client sends it then.
    `signal ${floorId('plan')}`,
    // So does the Update, as ours' client did.
    `update ${floorId('plan')}`,
  ]);
  expect(steps[2].at).toBe(T0 + 30_000);
  expect(steps[3].at).toBe(T0 + 45_000);
  const itemStart = steps[1];
  expect('input' in itemStart && itemStart.input).toEqual({
    signals: 0,
    updates: 0,
    steps: [
      { at: T0 + 500, mail: 0 },
      { at: T0 + 1_000, timerUntil: T0 + 60_000 },
      { at: T0 + 60_010, mail: 1 },
      { at: T0 + 61_000, timerUntil: T0 + 90_000 },
      { at: T0 + 90_000, signal: floorId('plan') },
      { at: T0 + 90_001, timerUntil: T0 + 120_000 },
    ],
  });
  const planStart = steps[0];
  expect('input' in planStart && planStart.input).toEqual({
    signals: 2,
    updates: 1,
    steps: [{ at: T0 + 70_000, mail: 2 }],
  });
});

test("a year's work counts workflow tasks, activities, Updates, and local activities but not patches", () => {
  const task = (eventType: unknown, extra: object = {}) => ({ eventTime: at(0), eventType, ...extra });
  const marker = (markerName: string) =>
    task('EVENT_TYPE_MARKER_RECORDED', { markerRecordedEventAttributes: { markerName } });
  const runs = {
    plan: [
      {
        events: [
          task(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
          marker('core_patch'),
          marker('core_local_activity'),
          task(E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
        ],
      },
      // A second run (continued as new) counts too.
      { events: [task(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED), marker('core_local_activity')] },
    ],
    item: [
      {
        events: [
          task('EVENT_TYPE_WORKFLOW_TASK_COMPLETED'),
          task('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED'),
          task('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED'),
        ],
      },
    ],
  };
  expect(workOf(runs)).toEqual({ workflowTasks: 3, activities: 1, localActivities: 2, updates: 1 });
});
