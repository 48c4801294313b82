// `civ plan draft|import|template`: the office's own files as the way in. `draft` reads a 实施方案
// (.txt or .docx) into the 任务分解表 workbook, `template` writes an empty one, `import` turns a
// filled-in workbook into plans/<org>/<year>.yaml, reporting every problem by sheet, row and column.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { FESTIVAL_NAMES } from '../domain/calendar';
import type { Plan } from '../domain/plan';
import { readPlanDocument, type PlanOutline } from '../domain/plan-document';
import { importPlan, IMPORT_POLICY } from '../domain/plan-import';
import { formatProblem } from '../domain/plan-table';
import { draftWorkbook, templateWorkbook } from '../domain/plan-workbook';
import { defaultPlanPath, parsePlanText, plansDirectory } from '../config/plan-files';
import { CliError } from './errors';
import { cliOrg } from './org-option';
import { readPlanDocumentFile, readWorkbook, writeWorkbook } from './office-files';

export function registerOfficePlanCommands(plan: Command): void {
  plan
    .command('draft')
    .description('从实施方案（.txt 或 .docx）读出任务分解表（.xlsx），列出未能识别的内容')
    .argument('<document>', '实施方案，纯文本（UTF-8 或 GBK）或 Word 文档')
    .requiredOption('--out <file>', '任务分解表，如 任务分解表.xlsx（已存在则不覆盖）')
    .action(async (document: string, o: { out: string }) => {
      const outline = readPlanDocument(await readPlanDocumentFile(document));
      await writeWorkbook(draftWorkbook(outline), o.out);
      process.stdout.write(`${o.out}: ${draftSummary(outline)}\n`);
      if (outline.notes.length) process.stdout.write(`请核对（${outline.notes.length} 处）：\n`);
      for (const note of outline.notes) process.stdout.write(`  ${note}\n`);
      process.stdout.write(
        '待填写：责任单位、完成时限（实施方案未写明）；单位名单；领导小组成员及邮箱；办公室邮箱。\n',
      );
    });

  plan
    .command('template')
    .description('写出空白任务分解表（.xlsx）：各工作表的列和一行示例')
    .requiredOption('--out <file>', '如 任务分解表.xlsx（已存在则不覆盖）')
    .option('--year <year>', '年度（默认今年）')
    .action(async (o: { out: string; year?: string }) => {
      const year = o.year === undefined ? new Date().getFullYear() : Number(o.year);
      if (!(Number.isInteger(year) && year >= 2000 && year <= 2100))
        throw new CliError(`--year must be a year from 2000 to 2100, not "${o.year}"`);
      await writeWorkbook(templateWorkbook(year), o.out);
      process.stdout.write(
        `${o.out}: ${year}年任务分解表模板（任务分解表、方案信息、领导小组、单位名单、一月一主题、我们的节日）\n`,
      );
    });

  plan
    .command('import')
    .description('从填好的任务分解表（.xlsx）生成方案文件；逐行列出每个问题，有问题时不写文件')
    .argument('<workbook>', '任务分解表（含方案信息、领导小组、一月一主题、我们的节日等工作表）')
    .option('--branches <file>', '单位名单（及领导小组）所在的工作簿（默认：同一工作簿中的“单位名单”工作表）')
    .option('--out <file>', '方案文件（默认：plans/<单位代码>/<年度>.yaml；已存在则不覆盖）')
    .action(async (file: string, o: { branches?: string; out?: string }) => {
      const sheets = await readWorkbook(file);
      const people = o.branches
        ? { file: path.basename(o.branches), sheets: await readWorkbook(o.branches) }
        : undefined;
      const result = importPlan({ sheets, people, org: cliOrg() });
      if (!result.ok) {
        for (const p of result.problems)
          process.stderr.write(`${path.basename(file)}: ${formatProblem(p)}\n`);
        process.stderr.write(`共 ${result.problems.length} 个问题，未写入方案文件。\n`);
        process.exitCode = 1;
        return;
      }
      const out = o.out ?? defaultPlanPath(result.plan.year, result.plan.org);
      // A new organization's folder under plans/ is made for it; a folder named with --out must exist.
      if (!o.out) mkdirSync(path.dirname(out), { recursive: true });
      checkOut(out, result.plan);
      writePlan(out, result.plan, file);
      process.stdout.write(
        `${out}: ${result.plan.year} 年, ${result.plan.tasks.length} 项任务, ${result.plan.branches.length} 个支部/处室（导入自 ${path.basename(file)}）\n`,
      );
      const notes = [...result.notes, ...calendarNotes(result.plan)];
      if (notes.length) process.stdout.write('说明：\n');
      for (const note of notes) process.stdout.write(`  ${note}\n`);
    });
}

function draftSummary(o: PlanOutline): string {
  const kpis = o.tasks.reduce((n, t) => n + t.kpis.length, 0);
  const festivals = o.festivals.length ? `（${o.festivals.map((f) => FESTIVAL_NAMES[f]).join('、')}）` : '';
  return [
    `${o.organization ?? '（单位未读出）'} ${o.year ?? '（年度未读出）'} 年`,
    `${o.tasks.length} 项任务（${o.categories.length} 个类别）`,
    `${o.themes.length} 个月度主题`,
    `${kpis} 项考核指标`,
    `我们的节日 ${o.festivals.length} 个${festivals}`,
    `文号 ${o.document.number ?? '（未读出）'}`,
  ].join('，');
}

/** Where the plan may go: not over a file, and under plans/ only in its own organization's folder. */
function checkOut(out: string, plan: Plan): void {
  if (existsSync(out)) throw new CliError(`${out}：文件已存在，未覆盖（要重新导入，请先删除或改用 --out）`);
  const dir = path.dirname(path.resolve(out));
  if (!existsSync(dir)) throw new CliError(`${out}：文件夹 ${dir} 不存在`);
  const base = path.basename(out);
  if (/^\d{4}\.yaml$/.test(base) && base !== `${plan.year}.yaml`)
    throw new CliError(`${out}：方案是 ${plan.year} 年的，文件名应为 ${plan.year}.yaml`);
  const plans = plansDirectory();
  const folder = path.basename(dir);
  const inPlans = dir === plans || path.dirname(dir) === plans;
  if (inPlans && (dir === plans ? plan.org !== undefined : folder !== plan.org))
    throw new CliError(
      `${out}：方案的单位代码是 ${plan.org ?? '（无）'}，应写入 ${path.relative(process.cwd(), defaultPlanPath(plan.year, plan.org))}`,
    );
}

function writePlan(out: string, plan: Plan, source: string): void {
  const p = IMPORT_POLICY;
  const header = [
    `# ${plan.organization} ${plan.year} 年文明单位创建实施方案: imported from ${path.basename(source)} by \`civ plan import\`.`,
    "# The tasks, units, people, themes and festivals are the workbook's. Not in it, and chosen as in",
    `# plans/2020.yaml: reminders ${p.defaults.reminderDaysBefore.join(', ')} days before a due date; the office after`,
    `# ${p.defaults.escalation.graceWorkingDays} working days overdue, the deputy head after ${p.defaults.escalation.deputyAfterWorkingDays}, the head after ${p.defaults.escalation.headAfterWorkingDays};`,
    `# the last ${p.defaults.reviewWorkingDays} working days of the year kept for sign-off; the 扣分制 appraisal from`,
    `# ${p.appraisal.base} points (late −${p.appraisal.deductions.late}, missing −${p.appraisal.deductions.missing}, return or missed milestone −${p.appraisal.deductions.returned}/−${p.appraisal.deductions.milestone};`,
    `# 宣传报道 +${p.appraisal.bonuses.publicity}, 先进典型 +${p.appraisal.bonuses.honour}, at most +${p.appraisal.bonuses.cap}).`,
    '',
  ].join('\n');
  const text = header + stringify(plan, { lineWidth: 0 });
  // What is written is what `civ plan validate` reads: checked once more before it lands.
  const again = parsePlanText(text);
  if (!again.ok) throw new Error(`the imported plan does not read back: ${again.errors[0]}`);
  const tmp = `${out}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, out);
}

function calendarNotes(plan: Plan): string[] {
  if (!plan.calendar?.weekendsOnly) return [];
  return [
    `${plan.year}年的法定节假日和调休尚无官方数据：提醒只避开周末。国务院公布放假安排后，请在“节假日调整”工作表中填写（日期、安排：放假/上班）并重新导入。`,
  ];
}
