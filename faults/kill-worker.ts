// `npm run faults:kill-worker [--kills 12] [--seed S] [--year 2020] [--late legal] [--keep]`
// (issue 9, item 3): a simulated year of the plan run twice on the time-skipping test server with
// the worker in a process of its own, once without faults and once with the worker killed with
// SIGKILL at N random points and started again on the same data directory. Every workflow must end
// as without faults and no email may be missing: otherwise the exit code is 1. Duplicate emails are
// counted and explained (the target is zero).
import { join } from 'node:path';
import { loadPlanFile } from '../config/plan-files';
import type { Plan } from '../domain/plan';
import { previewActions } from '../preview/actions';
import { previewStart } from '../preview/run';
import { compareMails, compareWorkflows } from './compare';
import type { KillPoint } from './killer';
import { parseOptions, seededRandom } from './options';
import { printReport } from './report';
import { runYear } from './year-run';

/** Kill points spread over the simulated year, from its start to the head's final sign-off. */
function killPoints(plan: Plan, late: string[], n: number, seed: number): KillPoint[] {
  const random = seededRandom(seed);
  const start = previewStart(plan);
  const actions = previewActions(plan, new Set(late), start);
  const end = actions[actions.length - 1].at;
  return Array.from({ length: n }, () => ({
    at: Math.round(start + random() * (end - start)),
    delayMs: Math.round(random() * 1_000),
  })).sort((a, b) => a.at - b.at);
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const file = join(__dirname, '..', 'plans', `${options.year}.yaml`);
  const loaded = loadPlanFile(file);
  if (!loaded.ok) throw new Error(`${file}: ${loaded.errors[0]}`);
  const plan = loaded.plan;
  const points = killPoints(plan, options.late, options.kills, options.seed);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(
    `faults:kill-worker: year ${plan.year}, late ${options.late.join(',') || 'none'}, ` +
      `${options.kills} kills, seed ${options.seed} (repeat with --seed ${options.seed})`,
  );
  const common = {
    late: options.late,
    keep: options.keep,
    log,
  };
  log('run without faults …');
  const baseline = await runYear(plan, { ...common, killPoints: [] });
  log(`  done in ${(baseline.wallMs / 1000).toFixed(1)} s, ${baseline.mails.length} emails`);
  log(`run with ${options.kills} kills …`);
  const faults = await runYear(plan, { ...common, killPoints: points });
  log(`  done in ${(faults.wallMs / 1000).toFixed(1)} s, ${faults.mails.length} emails`);
  if (options.keep) log(`kept: ${baseline.dir} (without faults), ${faults.dir} (with faults)`);
  const workflows = compareWorkflows(baseline, faults);
  const mails = compareMails(baseline, faults);
  printReport({ options, baseline, faults, workflows, mails, log });
  const refused = baseline.refused.length + faults.refused.length;
  return workflows.diffs.length > 0 || mails.missing.length > 0 || refused > 0 ? 1 : 0;
}

main().then(
  // The SMTP catcher's and the clients' sockets would keep the process alive a little longer.
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `faults:kill-worker: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
