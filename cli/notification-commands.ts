// `civ notifications`: every email a year's task workflows sent, from Temporal or from the ledger.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Command } from 'commander';
import { openLedger } from '../ledger/notification-ledger';
import { taskWorkflowId } from '../domain/ids';
import { formatNotifications, type SentRow } from './format';
import { planFor, taskArg, itemStatus, withClient, yearArg } from './item-commands';

export function registerNotificationCommands(program: Command): void {
  program
    .command('notifications <year>')
    .description('list the emails the year’s task workflows have sent')
    .option('--task <task>', 'only this task')
    .option('--ledger', 'read the local worker’s notification ledger ($CIV_DATA_DIR) instead of Temporal')
    .action(async (y: string, o: { task?: string; ledger?: boolean }) => {
      const year = yearArg(y);
      const plan = planFor(year);
      const ids = o.task ? [taskArg(plan, o.task)] : plan.tasks.map((t) => t.id);
      const rows = o.ledger
        ? await ledgerRows(year, plan.org, ids)
        : await workflowRows(year, plan.org, ids, !!o.task);
      process.stdout.write(formatNotifications(rows));
    });
}

/** What each task workflow recorded: the truth Temporal holds, wherever the workers ran. */
async function workflowRows(
  year: number,
  org: string | undefined,
  ids: string[],
  single: boolean,
): Promise<SentRow[]> {
  return withClient(async (client) => {
    const rows: SentRow[] = [];
    for (const id of ids) {
      try {
        const state = await itemStatus(client, taskWorkflowId(year, id, org));
        rows.push(...state.notifications.map((sent) => ({ task: id, sent })));
      } catch (err) {
        // A whole-year listing skips tasks not started yet; a single task must exist.
        if (!(err instanceof WorkflowNotFoundError) || single) throw err;
      }
    }
    return rows;
  });
}

/** What the SMTP server accepted, as this host's email activity wrote it down. */
async function ledgerRows(year: number, org: string | undefined, ids: string[]): Promise<SentRow[]> {
  const records = await openLedger().list({ year, ...(org && { org }) });
  return records
    .map((sent) => ({ task: sent.workflowId.replace(taskWorkflowId(year, '', org), ''), sent }))
    .filter((row) => ids.includes(row.task));
}
