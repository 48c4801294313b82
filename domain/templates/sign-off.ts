// The messages around the sign-off (审核): the request to the signers once every branch has
// reported, their reminder, and the decision as the branches hear it (returned or signed off).
import type { Block } from '../mail-blocks';
import type { Notification } from '../notification';
import { formatChineseDate, localDateOf } from '../calendar';
import { formatChineseDateWithWeekday } from './labels';
import {
  branchGreeting,
  DECIDE,
  paragraph,
  personGreeting,
  reportBlocks,
  sentence,
  taskFields,
  type Wording,
} from './parts';

export function readyForSignOff(n: Notification, { due, title, report, task }: Wording): Block[] {
  // A deadline already past is no deadline to name.
  const by = n.date && n.date > task.due ? '请尽快' : `请于${due}前`;
  return [
    personGreeting(n),
    paragraph(`${title}的各责任单位均已报送${report}，现提请审核。${by}对照要求审核相关材料，作出审核意见。`),
    taskFields(n),
    DECIDE,
  ];
}

export function signOffReminder(n: Notification, { title, report }: Wording): Block[] {
  const since = n.signOff ? formatChineseDate(localDateOf(n.signOff.readySince)) : undefined;
  const blocks: Block[] = [
    personGreeting(n),
    paragraph(
      `${title}的各责任单位${since ? `已于${since}` : '均已'}报送${report}，目前尚待审核。请尽快对照工作要求审核相关材料，作出审核意见。`,
    ),
  ];
  if (n.signOff?.lastWorkingDay)
    blocks.push(paragraph('今天是本年度最后一个工作日。年度结束时仍未审核的事项，将记为年度未完成。'));
  return [...blocks, taskFields(n), DECIDE];
}

export function returned(n: Notification, { task, title, unit, report }: Wording): Block[] {
  const d = n.decision;
  const newDue = d?.newDue;
  const deadline = formatChineseDateWithWeekday(newDue ?? task.due);
  const rows: [string, string][] = [];
  if (d?.actor) rows.push(['审核人', d.actor]);
  rows.push(['审核意见', d?.comment?.trim() ? d.comment : '（无）']);
  if (newDue) rows.push(['整改时限', `${deadline}前`]);
  return [
    branchGreeting(n),
    paragraph(
      `经审核，${unit}报送的${title}${report}尚未达到要求，现退回整改。请根据审核意见认真整改，并于${deadline}前重新报送。`,
    ),
    { type: 'fields', rows },
    taskFields(n),
    ...reportBlocks(n, n.branches, '整改情况请通过以下链接重新报送：'),
  ];
}

export function signedOff(n: Notification, { title, unit, it }: Wording): Block[] {
  const d = n.decision;
  const rows: [string, string][] = [];
  if (d?.actor) rows.push(['审核人', d.actor]);
  if (d?.comment?.trim()) rows.push(['审核意见', d.comment]);
  const blocks: Block[] = [
    branchGreeting(n),
    paragraph(`经审核，${unit}负责的${title}已通过审核，予以办结。`),
  ];
  if (rows.length > 0) blocks.push({ type: 'fields', rows });
  if (d?.overrideReason?.trim())
    blocks.push(
      paragraph(
        `特别说明：本${it}部分考核指标未达到规定要求，经审核同意予以通过。理由：${sentence(d.overrideReason)}`,
      ),
    );
  return [
    ...blocks,
    taskFields(n),
    paragraph(`请做好相关工作资料的整理归档，以备年度复查评审。感谢${unit}的支持与配合。`),
  ];
}
