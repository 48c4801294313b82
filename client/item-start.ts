// Starting an item workflow from outside a workflow: the plan workflow's start activity (its year's
// items, a month's theme), `civ task start` and the rollover's carry-overs. An item runs once: a
// closed one is never started again, a running one is left as it is, and only one that failed (or
// was terminated, cancelled or timed out) may be started anew under its id.
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type WorkflowHandle,
} from '@temporalio/client';
import { localDate } from '../domain/calendar';
import { carryoverOf, itemSearchKey } from '../domain/ids';
import { itemSummary, type ItemState, type ItemSummary } from '../domain/item-state';
import type { ItemKind } from '../domain/year-record';
import { statusQuery, watchSignal } from '../wire/messages';
import { CivKind, CivOrg, CivTask, CivYear } from '../wire/search-attributes';
import { type ItemWorkflowInput, type TaskWorkflowInput, WORKFLOW_TYPES } from '../wire/workflow-types';
import { TASK_QUEUE } from './connection';

/** One item to start: its kind, id, input and what Temporal UI shows of it. */
export interface ItemStart {
  kind: ItemKind;
  workflowId: string;
  input: ItemWorkflowInput & { task?: string; month?: number; festival?: string };
  /** Temporal UI's title of the workflow. */
  summary: string;
  details?: string;
  memo?: Record<string, unknown>;
}

/** What became of a start: started now, or found running or closed, with the item's first run id. */
export interface ItemStartOutcome {
  workflowId: string;
  outcome: 'started' | 'running' | 'closed';
  /** The item workflow's first run id (absent only if the item vanished meanwhile). */
  run?: string;
  /** The item's own summary, for one found running or closed. */
  found?: ItemSummary;
}

/**
 * Starts an item, or finds it: one that runs (started by hand before its plan) is asked to report
 * to `reportTo`, and a running or closed one is described as it is.
 */
export async function startItem(
  client: Client,
  s: ItemStart,
  options: { taskQueue?: string; reportTo?: string; nowMs?: number } = {},
): Promise<ItemStartOutcome> {
  const { taskQueue = TASK_QUEUE, reportTo, nowMs = Date.now() } = options;
  const { year, org } = s.input;
  const id = String(s.input.task ?? s.input.festival ?? String(s.input.month).padStart(2, '0'));
  try {
    const handle = await client.workflow.start(WORKFLOW_TYPES[s.kind], {
      taskQueue,
      workflowId: s.workflowId,
      args: [s.input],
      staticSummary: s.summary,
      ...(s.details && { staticDetails: s.details }),
      ...(s.memo && { memo: s.memo }),
      typedSearchAttributes: [
        { key: CivYear, value: year },
        { key: CivKind, value: s.kind },
        { key: CivTask, value: itemSearchKey(s.kind, id) },
        ...(org ? [{ key: CivOrg, value: org }] : []),
      ],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
    return { workflowId: s.workflowId, outcome: 'started', run: handle.firstExecutionRunId };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  const found = await lookUpItem(client, s.kind, s.workflowId, { reportTo, nowMs });
  return {
    workflowId: s.workflowId,
    outcome: found?.running ? 'running' : 'closed',
    ...(found && { run: found.summary.run, found: found.summary }),
  };
}

/**
 * An item as Temporal has it: its summary (from its own status query, as of `nowMs`, the caller's
 * clock) with its first run id, and whether it still runs; undefined when there is no such workflow
 * or it cannot answer (it failed). A running one is asked to report to `reportTo` from now on.
 */
export async function lookUpItem(
  client: Client,
  kind: ItemKind,
  workflowId: string,
  options: { reportTo?: string; nowMs?: number } = {},
): Promise<{ summary: ItemSummary; running: boolean } | undefined> {
  const { reportTo, nowMs = Date.now() } = options;
  const handle: WorkflowHandle = client.workflow.getHandle(workflowId);
  try {
    const described = await handle.describe();
    if (!['RUNNING', 'COMPLETED'].includes(described.status.name)) return undefined;
    const state: ItemState = await handle.query(statusQuery);
    const run = described.raw.workflowExecutionInfo?.firstRunId ?? described.runId;
    const running = described.status.name === 'RUNNING';
    if (running && reportTo) await handle.signal(watchSignal, { planWorkflowId: reportTo });
    return { summary: { ...itemSummary(kind, workflowId, state, localDate(nowMs), nowMs), run }, running };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/**
 * The tasks carried into a year (`civ-<year>-carryover-…`), as the visibility store lists them; none
 * where it cannot list (the time-skipping test server).
 */
export async function carryoverIds(client: Client, year: number, org?: string): Promise<string[]> {
  const ids: string[] = [];
  try {
    const query = `CivYear = ${year} AND CivKind = "task"${org ? ` AND CivOrg = "${org}"` : ' AND CivOrg IS NULL'}`;
    for await (const wf of client.workflow.list({ query }))
      if (carryoverOf(wf.workflowId, year, org)) ids.push(wf.workflowId);
  } catch {
    return [];
  }
  return [...new Set(ids)].sort();
}

/** Like startItem for a task of `civ task start` and the rollover: `running` when it runs, or ran, already. */
export async function startTaskWorkflow(
  client: Client,
  s: Omit<ItemStart, 'kind' | 'input'> & { input: TaskWorkflowInput },
): Promise<'started' | 'running'> {
  const { outcome } = await startItem(client, { ...s, kind: 'task' });
  return outcome === 'started' ? 'started' : 'running';
}
