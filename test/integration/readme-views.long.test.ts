// The README's saved views for Temporal UI, each run as written against the Temporal CLI dev
// server, over a year's workflows carrying the search attributes the code gives them: each view
// finds what its name says, and nothing else. "This month's theme" looked for `CivTask = "11"`,
// which no theme carries (a theme is `theme-MM`), and found nothing in December.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SearchAttributePair } from '@temporalio/common';
import {
  festivalWorkflowId,
  itemSearchKey,
  planWorkflowId,
  taskWorkflowId,
  themeWorkflowId,
} from '../../domain/ids';
import type { DisplayState } from '../../domain/item-state';
import type { PlanPhase } from '../../domain/plan-state';
import type { ItemKind } from '../../domain/year-record';
import { CivKind, CivPending, CivState, CivTask, CivYear } from '../../wire/search-attributes';
import { devServerEnv } from '../helpers/temporal';

jest.setTimeout(120_000);

const YEAR = 2026;
const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

/** The rows of the table under "Saved views", as [view, query]. */
function savedViews(): [string, string][] {
  const table = readme.split('Saved views an\nadmin keeps')[1]?.split('\n\n')[1];
  if (!table) throw new Error('README has no saved views table');
  return table
    .split('\n')
    .slice(2)
    .map((row) => row.split('|').map((cell) => cell.trim()))
    .map(([, view, query]) => [view, query.replace(/^`|`$/g, '')]);
}

interface Item {
  id: string;
  kind: ItemKind | 'plan';
  key?: string;
  state: DisplayState | PlanPhase;
  pending?: string[];
  /** Ended: no longer running. */
  closed?: boolean;
}

// Mid-December: task 05 late and owed by the legal office, task 12 signed off, November's theme
// awaiting sign-off, December's theme open, 中秋 over, the plan running.
const ITEMS: Item[] = [
  { id: taskWorkflowId(YEAR, '05'), kind: 'task', key: '05', state: 'escalated', pending: ['legal'] },
  { id: taskWorkflowId(YEAR, '09'), kind: 'task', key: '09', state: 'overdue', pending: ['party-committee'] },
  { id: taskWorkflowId(YEAR, '12'), kind: 'task', key: '12', state: 'signed-off', closed: true },
  { id: taskWorkflowId(YEAR, '16'), kind: 'task', key: '16', state: 'awaiting-sign-off' },
  { id: themeWorkflowId(YEAR, '11'), kind: 'theme', key: '11', state: 'awaiting-sign-off' },
  { id: themeWorkflowId(YEAR, '12'), kind: 'theme', key: '12', state: 'open', pending: ['legal'] },
  {
    id: festivalWorkflowId(YEAR, 'midautumn'),
    kind: 'festival',
    key: 'midautumn',
    state: 'signed-off',
    closed: true,
  },
  { id: planWorkflowId(YEAR), kind: 'plan', state: 'running' },
];

/** What each view says it finds. */
const EXPECTED: Record<string, string[]> = {
  "this year's overdue tasks": [taskWorkflowId(YEAR, '05'), taskWorkflowId(YEAR, '09')],
  "December's theme (`theme-01` … `theme-12`)": [themeWorkflowId(YEAR, '12')],
  'the themes and festivals still open': [themeWorkflowId(YEAR, '11'), themeWorkflowId(YEAR, '12')],
  'waiting for sign-off': [taskWorkflowId(YEAR, '16'), themeWorkflowId(YEAR, '11')],
  'what the legal office owes': [taskWorkflowId(YEAR, '05'), themeWorkflowId(YEAR, '12')],
  'the year': [planWorkflowId(YEAR)],
};

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await devServerEnv();
  for (const item of ITEMS) {
    const attributes: SearchAttributePair[] = [
      { key: CivYear, value: YEAR },
      { key: CivKind, value: item.kind },
      { key: CivState, value: item.state },
      ...(item.kind !== 'plan' ? [{ key: CivTask, value: itemSearchKey(item.kind, item.key!) }] : []),
      ...(item.pending ? [{ key: CivPending, value: item.pending }] : []),
    ];
    // No worker: a started workflow is Running with its attributes, which is all a view reads.
    const handle = await env.client.workflow.start('civ-view-probe', {
      workflowId: item.id,
      taskQueue: 'no-worker',
      typedSearchAttributes: attributes,
    });
    if (item.closed) await handle.terminate('closed for the test');
  }
});
afterAll(() => env?.teardown());

/** The workflow ids a query finds, once visibility has caught up with every start. */
async function find(query: string, expected: number): Promise<string[]> {
  let ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    ids = [];
    for await (const wf of env.client.workflow.list({ query })) ids.push(wf.workflowId);
    if (ids.length >= expected) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return ids.sort();
}

test('the README lists the views this test knows', () => {
  expect(savedViews().map(([view]) => view)).toEqual(Object.keys(EXPECTED));
});

test.each(savedViews())('%s: `%s` finds what it says', async (view, query) => {
  // Every item is visible before a view is judged (the year has 8 workflows, 2 of them closed).
  expect(await find(`CivYear = ${YEAR}`, ITEMS.length)).toHaveLength(ITEMS.length);
  expect(await find(query, EXPECTED[view].length)).toEqual([...EXPECTED[view]].sort());
});
