// `civ plan validate FILE` and `civ plan show FILE`: check a plan file before a year is started,
// and read it back the way the plan document reads.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import Table from 'cli-table3';
import { formatChineseDate, WorkCalendar } from '../domain/calendar';
import { loadPlanFile } from '../config/plan-files';
import { taskPolicy, type Plan } from '../domain/plan';
import { rollPlan } from '../domain/plan-roll';
import { planWarnings } from '../domain/plan-warnings';
import { CliError } from './errors';
import { registerOfficePlanCommands } from './plan-office-commands';
import { rolledPlanText } from './plan-roll-file';

// Short labels keep the table narrow; the office is the leading group's 办公室.
const SIGN_OFF = { office: '办公室', head: '组长' } as const;

export function registerPlanCommands(program: Command): void {
  const plan = program.command('plan').description('检查、查看年度实施方案文件');

  plan
    .command('validate')
    .description('校验方案文件，逐行列出每个问题')
    .argument('<file>', '方案文件（YAML 或 JSON）')
    .action((file: string) => {
      const p = load(file);
      if (!p) return;
      console.log(`${file}: OK — ${p.year} 年, ${p.tasks.length} 项任务, ${p.branches.length} 个支部/处室`);
      // Valid as written, but what would go out wrong: one line each, the exit code stays 0.
      for (const w of planWarnings(p)) process.stderr.write(`${file}: warning: ${w}\n`);
    });

  plan
    .command('show')
    .description('以表格列出方案的任务、截止日期和提醒日期')
    .argument('<file>', '方案文件（YAML 或 JSON）')
    .action((file: string) => {
      const p = load(file);
      if (p) console.log(renderPlan(p));
    });

  plan
    .command('roll')
    .description('把方案顺延到新的年度（日期移到新年度的工作日），写入新文件')
    .argument('<file>', '上一年度的方案文件')
    .requiredOption('--year <year>', '新年度，如 2026')
    .requiredOption('--out <file>', '新方案文件，如 plans/2026.yaml（已存在则不覆盖）')
    .action((file: string, opts: { year: string; out: string }) => {
      const source = load(file);
      if (!source) return;
      const year = Number(opts.year);
      if (!/^\d{4}$/.test(opts.year) || year <= source.year) {
        throw new CliError(`--year must be a year after ${source.year}, not "${opts.year}"`);
      }
      if (existsSync(opts.out)) throw new CliError(`${opts.out} already exists; not overwritten`);
      const { plan: rolled, warnings } = rollPlan(source, year);
      const header = [
        `${rolled.organization} ${year} 年实施方案: rolled over from ${file} by \`civ plan roll\`.`,
        `Due dates keep their month and day, moved back to a working day of ${year}. The comments`,
        `below are the ${source.year} plan's, kept through the roll: read them again for ${year}.`,
        ...(warnings.length
          ? ['', 'To check before the plan is used:', ...warnings.map((w) => `- ${w}`)]
          : []),
      ];
      // Written beside the target and renamed: an interrupted run leaves no half-written plan.
      const tmp = `${opts.out}.tmp-${process.pid}`;
      writeFileSync(tmp, rolledPlanText(readFileSync(file, 'utf8'), rolled, header));
      renameSync(tmp, opts.out);
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      console.log(`${opts.out}: ${year} 年, ${rolled.tasks.length} 项任务 (from ${file})`);
    });

  registerOfficePlanCommands(plan);
}

/**
 * The valid plan, or undefined after printing one stderr line per problem. The exit code is set
 * rather than thrown: the CLI's error handler would print only one line, and a plan with several
 * problems should show them all at once.
 */
function load(file: string): Plan | undefined {
  const result = loadPlanFile(file);
  if (result.ok) return result.plan;
  for (const error of result.errors) process.stderr.write(`${file}: ${error}\n`);
  process.exitCode = 1;
  return undefined;
}

/** Characters per line of the title column. */
const TITLE_CHARS = 18;

/**
 * Breaks a title into lines of `size` characters. cli-table3 wraps by string length, not by
 * display width, so it would cut Chinese text (two columns a character) instead of wrapping it.
 */
function wrap(text: string, size: number): string {
  const chars = Array.from(text);
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += size) lines.push(chars.slice(i, i + size).join(''));
  return lines.join('\n');
}

/** 《title》（文号，2020年3月9日印发）, with what the plan gives of it. */
function documentLine(doc: NonNullable<Plan['document']>): string {
  const issued = [doc.number, doc.issuedOn && `${formatChineseDate(doc.issuedOn)}印发`].filter(Boolean);
  return `《${doc.title}》${issued.length ? `（${issued.join('，')}）` : ''}`;
}

function renderPlan(plan: Plan): string {
  const calendar = WorkCalendar.official(plan.calendar);
  const branchNames = new Map(plan.branches.map((b) => [b.id, b.name]));
  const numerals = new Map(plan.categories.map((c) => [c.number, c.numeral]));

  const table = new Table({
    head: ['序号', '类别', '任务', '责任支部/处室', '截止日期', '提醒日期', '审核'],
    // No colours: the output is also read by scripts and tests.
    style: { head: [], border: [] },
  });
  for (const task of plan.tasks) {
    const { reminderDaysBefore } = taskPolicy(plan, task);
    table.push([
      task.id,
      numerals.get(task.category) ?? String(task.category),
      wrap(task.title, TITLE_CHARS),
      task.branches.map((b) => branchNames.get(b) ?? b).join('\n'),
      [task.due, ...(task.milestones ?? []).map((m) => `节点 ${m.due}`)].join('\n'),
      // Two offsets can land on the same working day (e.g. before a weekend): list it once.
      [...new Set(reminderDaysBefore.map((d) => calendar.reminderDate(task.due, d)))].join('\n'),
      SIGN_OFF[task.signOff],
    ]);
  }

  const kpis = plan.tasks.flatMap((t) =>
    (t.kpis ?? []).map((k) => `  ${t.id} ${k.name} ≥ ${k.min}${k.unit}`),
  );
  const themes = plan.themes.map((t) => `${t.month}月“${t.title}”${t.label}`);
  const festivals = plan.festivals.map((f) => `${f.name}（提前 ${f.leadDays} 天启动）`);
  const { volunteerMonth: vm } = plan;
  return [
    `${plan.organization} ${plan.year} 年文明单位创建实施方案`,
    ...(plan.document ? [documentLine(plan.document)] : []),
    '',
    ...plan.categories.map((c) => `（${c.numeral}）${c.title}`),
    table.toString(),
    '考核指标：',
    ...kpis,
    '崇德乐善“一月一主题”：',
    ...[0, 4, 8].map((i) => `  ${themes.slice(i, i + 4).join('  ')}`),
    `我们的节日：${festivals.join('、')}`,
    `${vm.month}月：${vm.title}（任务 ${vm.task}）`,
  ].join('\n');
}
