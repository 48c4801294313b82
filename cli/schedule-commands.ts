// `civ schedule …`: the year's monthly-theme Schedule, as Temporal UI shows it: describe, pause,
// unpause, trigger (start this month's theme now), create (the plan workflow normally does).
import type { Client, ScheduleDescription } from '@temporalio/client';
import { ScheduleNotFoundError } from '@temporalio/client';
import type { Command } from 'commander';
import { themeScheduleId } from '../domain/ids';
import { TASK_QUEUE } from '../client/connection';
import { CliError } from './errors';
import { cliOrg } from './org-option';
import { planFor, withClient, yearArg } from './item-commands';
import { ensureThemeScheduleExists } from '../client/theme-schedule';

async function onSchedule<T>(year: number, fn: (client: Client, id: string) => Promise<T>): Promise<T> {
  const id = themeScheduleId(year, cliOrg());
  return withClient(async (client) => {
    try {
      return await fn(client, id);
    } catch (err) {
      if (err instanceof ScheduleNotFoundError)
        throw new CliError(
          `${id} does not exist (it is created by civ year start ${year}, or civ schedule create ${year})`,
        );
      throw err;
    }
  });
}

function formatSchedule(id: string, d: ScheduleDescription): string {
  const spec = d.spec.calendars?.[0];
  const next = d.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString());
  const recent = d.info.recentActions
    .slice(-3)
    .map((a) => `${a.takenAt.toISOString()} ${a.action.workflow.workflowId}`);
  return [
    `${id}: ${d.state.paused ? 'paused' : 'active'}${d.state.note ? ` (${d.state.note})` : ''}`,
    `  spec: day ${JSON.stringify(spec?.dayOfMonth)} hour ${JSON.stringify(spec?.hour)} minute ${JSON.stringify(spec?.minute)}, time zone ${d.spec.timezone}`,
    `  from ${d.spec.startAt?.toISOString() ?? '—'} to ${d.spec.endAt?.toISOString() ?? '—'}`,
    `  next: ${next.join(', ') || 'none'}`,
    `  recent: ${recent.join('; ') || 'none'}`,
    '',
  ].join('\n');
}

export function registerScheduleCommands(program: Command): void {
  const schedule = program.command('schedule').description('the monthly-theme Schedule of a year');

  schedule
    .command('describe <year>')
    .description('its spec, time zone, state, next and recent runs')
    .option('--json', 'the whole description as JSON')
    .action(async (y: string, o: { json?: boolean }) => {
      const year = yearArg(y);
      const text = await onSchedule(year, async (client, id) => {
        const d = await client.schedule.getHandle(id).describe();
        return o.json ? `${JSON.stringify(d, null, 2)}\n` : formatSchedule(id, d);
      });
      process.stdout.write(text);
    });

  schedule
    .command('create <year>')
    .description('create it unless it exists')
    .action(async (y: string) => {
      const plan = planFor(yearArg(y));
      const created = await withClient((client) =>
        ensureThemeScheduleExists(client, plan.year, TASK_QUEUE, plan.org),
      );
      process.stdout.write(
        `${themeScheduleId(plan.year, plan.org)}: ${created ? 'created' : 'already exists'}\n`,
      );
    });

  for (const [verb, what] of [
    ['pause', 'stop starting themes until unpaused'],
    ['unpause', 'start themes again'],
    ['trigger', "start this month's theme now (nothing if it runs already)"],
  ] as const) {
    schedule
      .command(`${verb} <year>`)
      .description(what)
      .option('--note <text>', 'why (kept on the Schedule)')
      .action(async (y: string, o: { note?: string }) => {
        const year = yearArg(y);
        await onSchedule(year, async (client, id) => {
          const handle = client.schedule.getHandle(id);
          if (verb === 'pause') await handle.pause(o.note ?? 'paused with civ schedule pause');
          else if (verb === 'unpause') await handle.unpause(o.note ?? 'unpaused with civ schedule unpause');
          else await handle.trigger();
        });
        process.stdout.write(
          `${themeScheduleId(year, cliOrg())}: ${verb === 'trigger' ? 'triggered' : `${verb}d`}\n`,
        );
      });
  }
}
