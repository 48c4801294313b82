// `civ year …`: the plan year as a whole. `start` starts the annual plan workflow (which starts the
// year's tasks, festivals and themes); `status`, `sign-off`, `report`, `archive`, `preview` and `rollover`
// work on it. Starting a year that runs already says so and changes nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outputDir } from '../config/paths';
import type { Command } from 'commander';
import { formatLocalTime, localDate } from '../domain/calendar';
import { STATE_LABEL } from '../domain/labels';
import type { Client } from '@temporalio/client';
import { itemSummary, type ItemSummary } from '../domain/item-state';
import { planCounts, planPeopleList, type PlanState } from '../domain/plan-state';
import type { ItemKind } from '../domain/year-record';
import { loadScopedPlan } from '../config/plan-files';
import { itemStates } from '../client/item-states';
import { isReportFormat, REPORT_FORMATS, renderYearReport } from '../report';
import { isOfficeFormat, OFFICE_FORMATS } from '../report/office';
import { defaultReportPath, writeOfficeReport } from './report-files';
import { planWorkflowId } from '../domain/ids';
import { nextYearCalendarWarning } from '../domain/plan-warnings';
import { finalSignOffUpdate, planPeopleQuery, revokeLinksUpdate } from '../wire/messages';
import { FileEvidenceStore } from '../evidence/store';
import { checkArchivePath, defaultArchivePath, writeYearArchive } from './archive';
import { CliError } from './errors';
import { requirePlanAddress } from './plan-address';
import { planRunEnd, planStatus, startYear } from '../client/plan-workflow';
import { cliOrg } from './org-option';
import { actorAddress, cliOrigin, planFor, withClient, yearArg } from './item-commands';
import { rollover } from './rollover';
import { completedPlan, pastYearHint, planCompletedWhy, yearEnded } from './ended';
import { yearRecord } from '../client/year-record';

/**
 * The year at a glance. Each item as it answers itself now (`live`, by workflow id); one the plan
 * knows of but that did not answer (a carry-over, an item of another plan file) as the plan last
 * heard of it. The plan hears only what it acts on, so its own record of an open item may be older.
 */
function formatPlanStatus(s: PlanState, live: Record<string, ItemSummary>): string {
  const items: PlanState['items'] = { ...s.items, ...live };
  const counts = planCounts({ ...s, items });
  const lines = [
    `${s.year}年 ${s.organization}：${s.phase}`,
    `各项工作：${Object.entries(counts.byState)
      .map(([state, n]) => `${STATE_LABEL[state as keyof typeof STATE_LABEL]} ${n}`)
      .join('，')}`,
    `逾期：${counts.overdue} 项；待报送单位：${counts.pending.join('、') || '无'}`,
  ];
  for (const item of Object.values(items).sort((a, b) => a.workflowId.localeCompare(b.workflowId)))
    lines.push(`  ${item.workflowId}  ${STATE_LABEL[item.state]}  截止 ${item.due}  ${item.title}`);
  for (const p of s.past) lines.push(`  （方案启动前已过）${p.title} ${p.date}`);
  if (s.finalSignOff)
    lines.push(
      `年度审核：${s.finalSignOff.actor} ${formatLocalTime(s.finalSignOff.at)} ${s.finalSignOff.comment}`,
    );
  return `${lines.join('\n')}\n`;
}

/** The items of the year's plan file as they answer now, by workflow id (none without a plan file). */
async function liveItems(client: Client, year: number): Promise<Record<string, ItemSummary>> {
  const loaded = loadScopedPlan(year, cliOrg());
  if (!loaded.ok) return {};
  const now = Date.now();
  const states = await itemStates(client, loaded.plan);
  const kindOf = (id: string): ItemKind =>
    id.includes('-theme-') ? 'theme' : id.includes('-festival-') ? 'festival' : 'task';
  return Object.fromEntries(
    Object.entries(states).map(([id, state]) => [
      id,
      itemSummary(kindOf(id), id, state, localDate(now), now),
    ]),
  );
}

/** Whether Temporal has a workflow of this id, in any state. */
async function exists(client: Client, id: string): Promise<boolean> {
  return client.workflow
    .getHandle(id)
    .describe()
    .then(() => true)
    .catch(() => false);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerYearCommands(program: Command): void {
  const year = program.command('year').description('a whole plan year');
  registerStart(year);
  registerStatus(year);
  registerSignOff(year);
  registerRevokeLinks(year);
  registerReport(year);
  registerArchive(year);
  registerPreview(year);
  registerRollover(year);
}

function registerStart(year: Command): void {
  year
    .command('start <year>')
    .description('start the annual plan workflow: every task, festival and the monthly themes (idempotent)')
    .action(async (y: string) => {
      const plan = planFor(yearArg(y));
      const calendarWarning = nextYearCalendarWarning(plan);
      if (calendarWarning) process.stderr.write(`warning: ${calendarWarning}\n`);
      const id = planWorkflowId(plan.year, plan.org);
      const line = await withClient(async (client) => {
        const completed = await completedPlan(client, id);
        if (completed) return `already completed, ${planCompletedWhy(completed)}; nothing changed`;
        const ended = await planRunEnd(client, plan.year, plan.org);
        // A past year that never ran: a plan started now would only close at once.
        if (!ended && yearEnded(plan.year) && !(await exists(client, id)))
          throw new CliError(`nothing started: ${pastYearHint(plan.year)}`);
        const outcome = await startYear(client, plan);
        if (outcome === 'running') return 'already running (nothing changed)';
        if (outcome === 'started' || !ended) return 'started';
        return `started again (its last run ${ended.status}: ${ended.reason})`;
      });
      process.stdout.write(`${id}: ${line}\n`);
    });
}

function registerStatus(year: Command): void {
  year
    .command('status <year>')
    .description('the year at a glance: its items, what is overdue, who owes reports')
    .option('--json', 'print the raw state as JSON')
    .action(async (y: string, opts: { json?: boolean }) => {
      const year = yearArg(y);
      const id = planWorkflowId(year, cliOrg());
      const out = await withClient(async (client) => {
        // A plan workflow that failed (or was terminated) answers no query: say so, and why.
        const ended = await planRunEnd(client, year, cliOrg());
        if (ended)
          throw new CliError(
            `${id} ${ended.status}${ended.closedAt ? ` at ${ended.closedAt.toISOString()}` : ''}: ${ended.reason}; ` +
              `once that is put right, civ year start ${year} starts it again (its items are found as they are)`,
          );
        const state = await planStatus(client, year, cliOrg());
        return opts.json
          ? `${JSON.stringify(state, null, 2)}\n`
          : formatPlanStatus(state, await liveItems(client, year));
      });
      process.stdout.write(out);
    });
}

function registerSignOff(year: Command): void {
  year
    .command('sign-off <year>')
    .description("the head's final sign-off of the year")
    .requiredOption('--actor <name>', 'the leading-group head (name or email)')
    .option('--comment <text>', 'comment', '')
    .action(async (y: string, o: { actor: string; comment: string }) => {
      const id = planWorkflowId(yearArg(y), cliOrg());
      const state = await withClient(async (client) => {
        const completed = await completedPlan(client, id);
        if (completed)
          throw new CliError(`${id} has completed, ${planCompletedWhy(completed)}: nothing to sign off`);
        const handle = client.workflow.getHandle(id);
        const people = planPeopleList(await handle.query(planPeopleQuery));
        const input = { ...cliOrigin(), actor: o.actor, comment: o.comment };
        return handle.executeUpdate(finalSignOffUpdate, {
          args: [{ ...input, ...actorAddress(people, input) }],
          updateId: `final-sign-off-${id}`,
        });
      });
      process.stdout.write(`${id}: ${state.phase}\n`);
    });
}

function registerRevokeLinks(year: Command): void {
  year
    .command('revoke-links <year>')
    .description(
      'stop every link a person holds so far (a forwarded or lost email); later emails bring new ones',
    )
    .requiredOption('--email <address>', 'whose links')
    .requiredOption('--actor <name>', 'the office or the head (name or email)')
    .requiredOption('--reason <text>', 'why')
    .action(async (y: string, o: { email: string; actor: string; reason: string }) => {
      const id = planWorkflowId(yearArg(y), cliOrg());
      const typed = { ...cliOrigin(), email: o.email, actor: o.actor, reason: o.reason };
      // Repeating it is harmless: it only moves the cut-off to now.
      await withClient(async (client) => {
        await requirePlanAddress(client, id, o.email);
        const handle = client.workflow.getHandle(id);
        const input = {
          ...typed,
          ...actorAddress(planPeopleList(await handle.query(planPeopleQuery)), typed),
        };
        return handle.executeUpdate(revokeLinksUpdate, { args: [input] });
      });
      process.stdout.write(`${id}: links of ${o.email} made until now no longer work\n`);
    });
}

function registerReport(year: Command): void {
  const formats = [...REPORT_FORMATS, ...OFFICE_FORMATS];
  year
    .command('report <year>')
    .description('the year report for the review (复查评审) and the annual appraisal')
    .option('--format <format>', `one of ${formats.join(', ')}`, 'md')
    .option(
      '--out <file>',
      'write to this file instead of standard output (docx, pdf, xlsx: civ-<year>-report.<format> here, or in $CIV_DATA_DIR inside the repository)',
    )
    .option(
      '--evidence-dir <dir>',
      'the evidence store, for the file names in the xlsx (default: $CIV_DATA_DIR/evidence)',
    )
    .action(async (y: string, o: { format: string; out?: string; evidenceDir?: string }) => {
      const format = o.format;
      if (!isReportFormat(format) && !isOfficeFormat(format))
        throw new CliError(`--format must be one of ${formats.join(', ')}, not "${format}"`);
      const plan = planFor(yearArg(y));
      const record = await withClient((client) => yearRecord(client, plan));
      const asOf = `${plan.year}年年度报告（${format}，截至${localDate(Date.parse(record.generatedAt))}）`;
      if (isOfficeFormat(format)) {
        const out = o.out ?? join(outputDir(), defaultReportPath(plan.year, plan.org, format));
        await writeOfficeReport(record, format, out, new FileEvidenceStore({ dir: o.evidenceDir }));
        process.stdout.write(`${out}: ${asOf}\n`);
      } else if (o.out) {
        writeFileSync(o.out, renderYearReport(record, format));
        process.stdout.write(`${o.out}: ${asOf}\n`);
      } else process.stdout.write(renderYearReport(record, format));
    });
}

function registerArchive(year: Command): void {
  year
    .command('archive <year>')
    .description(
      'one zip for the review: the year report and every evidence file (台账) its reports refer to',
    )
    .option(
      '--out <file>',
      'the zip to write (default: civ-<year>-archive.zip here, or in $CIV_DATA_DIR inside the repository)',
    )
    .option('--evidence-dir <dir>', 'the evidence store (default: $CIV_DATA_DIR/evidence)')
    .action(async (y: string, o: { out?: string; evidenceDir?: string }) => {
      const plan = planFor(yearArg(y));
      const out = o.out ?? join(outputDir(), defaultArchivePath(plan.year, plan.org));
      // Before Temporal is asked: a typo in --out should not cost a round of queries.
      await checkArchivePath(out);
      const record = await withClient((client) => yearRecord(client, plan));
      const store = new FileEvidenceStore({ dir: o.evidenceDir });
      const s = await writeYearArchive(record, store, out);
      const gaps = [s.missing && `缺失 ${s.missing} 个`, s.corrupt && `损坏 ${s.corrupt} 个`].filter(Boolean);
      process.stdout.write(
        `${out}: ${plan.year}年年度报告及台账材料 ${s.files} 个文件${gaps.length ? `（${gaps.join('，')}，见 index.csv）` : ''}\n`,
      );
    });
}

function registerPreview(year: Command): void {
  year
    .command('preview <year>')
    .description('run the whole year on the time-skipping server and print every email each person would get')
    .option('--late <branch>', 'a branch that reports late (repeatable)', collect)
    .option('--out <dir>', 'also write every email as an .eml file into this directory')
    .action(async (y: string, o: { late?: string[]; out?: string }) => {
      const plan = planFor(yearArg(y));
      for (const id of o.late ?? [])
        if (!plan.branches.some((b) => b.id === id))
          throw new CliError(
            `unknown branch "${id}" (branches: ${plan.branches.map((b) => b.id).join(', ')})`,
          );
      // Loaded here: the preview brings the test server and the worker SDK, which other commands never
      // need (and the CLI runs through tsx's require hook, so `import()` of a .ts file would not).
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { runPreview } = require('../preview/run') as typeof import('../preview/run');
      const { formatPreview, writeEml } = require('../preview/output') as typeof import('../preview/output');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const progress = (done: number, total: number) => {
        if (process.stderr.isTTY) process.stderr.write(`\rpreview: ${done}/${total} actions`);
      };
      const result = await runPreview(plan, { late: o.late ?? [], onProgress: progress });
      if (process.stderr.isTTY) process.stderr.write('\n');
      process.stdout.write(formatPreview(result));
      if (o.out) process.stdout.write(`${writeEml(result, o.out)} 封邮件已写入 ${o.out}\n`);
    });
}

interface RolloverOptions {
  from: string;
  to: string;
  plan?: string;
  actor?: string;
  dryRun?: boolean;
  withoutHolidays?: boolean;
}

function registerRollover(year: Command): void {
  year
    .command('rollover')
    .description('close the old year, carry its unfinished tasks into the new one and start it (idempotent)')
    .requiredOption('--from <year>', 'the year to close, e.g. 2026')
    .requiredOption('--to <year>', 'the new year, e.g. 2027')
    .option('--plan <file>', "the new year's plan (default: plans/<to>.yaml, else the old plan rolled over)")
    .option('--actor <name>', "who closes the old year (default: its office's first staff member)")
    .option('--dry-run', 'show what would be done, change nothing')
    .option('--without-holidays', 'go on although there is no official holiday schedule for the new year')
    .action(async (o: RolloverOptions) => {
      const from = planFor(yearArg(o.from));
      const to = yearArg(o.to);
      const outcome = await withClient((client) =>
        rollover(client, {
          from,
          to,
          planFile: o.plan,
          actor: o.actor,
          dryRun: o.dryRun === true,
          withoutHolidays: o.withoutHolidays === true,
          say: (line) => process.stdout.write(`${line}\n`),
        }),
      );
      process.stdout.write(
        `rollover ${from.year} → ${to}: ${outcome.carried.length} task(s) carried over, ${outcome.closed.length} item(s) closed, ${planWorkflowId(to, from.org)} ${outcome.started}\n`,
      );
    });
}
