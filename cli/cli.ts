// `civ`: the admin command line. Every failure ends as one line on stderr and a non-zero exit.
import { Command, CommanderError } from 'commander';
import { registerDoctorCommand } from './doctor';
import { CliError } from './errors';
import { registerNotificationCommands } from './notification-commands';
import { registerOrgOption } from './org-option';
import { registerPlanCommands } from './plan-commands';
import { registerSetupCommand } from './setup-command';
import { registerItemCommands } from './item-commands';
import { registerScheduleCommands } from './schedule-commands';
import { registerYearCommands } from './year-commands';

const program = new Command('civ')
  .description('文明单位创建实施方案 — run a yearly plan on Temporal')
  .showHelpAfterError()
  .exitOverride();

registerOrgOption(program);
registerPlanCommands(program);
registerItemCommands(program, 'task');
registerItemCommands(program, 'theme');
registerItemCommands(program, 'festival');
registerYearCommands(program);
registerScheduleCommands(program);
registerNotificationCommands(program);
registerDoctorCommand(program);
registerSetupCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`civ: ${message.split('\n')[0]}\n`);
  process.exit(err instanceof CliError ? err.exitCode : 1);
});
