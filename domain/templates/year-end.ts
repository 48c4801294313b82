// The year-end notice of an item left unfinished: to the signers when only the sign-off was
// missing, else to the branches that never reported.
import type { Block } from '../mail-blocks';
import type { Notification } from '../notification';
import { formatChineseDate } from '../calendar';
import {
  branchGreeting,
  lateBranches,
  lateTable,
  paragraph,
  personGreeting,
  taskFields,
  type Wording,
} from './parts';

export function unfinished(n: Notification, { task, title, it, report }: Wording): Block[] {
  const closed = n.unfinished?.closed;
  const yearEnd = closed ? formatChineseDate(closed.on) : formatChineseDate(`${task.year}-12-31`);
  const why: Block[] = closed
    ? [{ type: 'fields', rows: [['年度结转', `${closed.actor}（${closed.reason}）`]] }]
    : [];
  // Only a task carries on into the next year; a theme or festival activity just ends.
  const carried = it === '任务' ? '，将在年度结转时转入下一年度继续办理' : '';
  if (n.unfinished?.reason === 'not-signed-off' || n.late === undefined)
    return [
      personGreeting(n),
      paragraph(
        `${title}的各责任单位已报送${report}，但截至${yearEnd}尚未完成审核。按照实施方案，该${it}记为年度未完成${it}${carried}。`,
      ),
      ...why,
      taskFields(n),
    ];
  const late = lateBranches(n);
  return [
    branchGreeting(n),
    paragraph(
      `截至${yearEnd}，${title}仍有以下${late.length}个责任单位未报送${report}。按照实施方案，该${it}记为年度未完成${it}${carried}，并纳入年度考评。`,
    ),
    lateTable(late),
    ...why,
    taskFields(n, { branches: false }),
  ];
}
