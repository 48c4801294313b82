// `civ plan draft|template`: the office's own files as the way in. `draft` reads a 实施方案 (.txt or
// .docx) into the 任务分解表 workbook, `template` writes an empty one.
import type { Command } from 'commander';
import { FESTIVAL_NAMES } from '../domain/calendar';
import { readPlanDocument, type PlanOutline } from '../domain/plan-document';
import { draftWorkbook, templateWorkbook } from '../domain/plan-workbook';
import { CliError } from './errors';
import { readPlanDocumentFile, writeWorkbook } from './office-files';

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
