// `civ year …`: the whole year's tasks at once. Until the annual plan workflow exists, starting a
// year means starting each task workflow; starting twice changes nothing.
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import type { Plan } from '../domain/plan';
import { taskWorkflowId } from '../workflows/ids';
import { planFor, startTask, withClient, yearArg } from './task-commands';

export async function startYear(
  client: Client,
  plan: Plan,
): Promise<{ started: string[]; running: string[] }> {
  const started: string[] = [];
  const running: string[] = [];
  for (const task of plan.tasks) {
    const outcome = await startTask(client, plan, task.id);
    (outcome === 'started' ? started : running).push(taskWorkflowId(plan.year, task.id));
  }
  return { started, running };
}

export function registerYearCommands(program: Command): void {
  const year = program.command('year').description('a whole plan year');
  year
    .command('start <year>')
    .description('start every task workflow of the year (idempotent)')
    .action(async (y: string) => {
      const plan = planFor(yearArg(y));
      const { started, running } = await withClient((client) => startYear(client, plan));
      process.stdout.write(
        `${plan.year}: ${started.length} task(s) started, ${running.length} already started\n`,
      );
    });
}
