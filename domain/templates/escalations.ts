// The escalations of an overdue item, one step up the leading group at a time: the office is asked
// to chase the late branches, then the deputy head in charge of them, then the head.
import type { Block } from '../mail-blocks';
import type { Notification } from '../notification';
import {
  lateBranches,
  lateTable,
  officeGreeting,
  paragraph,
  personGreeting,
  reportBlocks,
  taskFields,
  type Wording,
} from './parts';

/** What changes from one level to the next: whom it greets, who has chased so far, what it asks. */
interface Level {
  greeting: (n: Notification) => Block;
  /** What was found, leading into the table of the `count` late branches. */
  found: (count: number) => string;
  ask: string;
}

function escalation(level: Level): (n: Notification, w: Wording) => Block[] {
  return (n, { due, title }) => {
    const late = lateBranches(n);
    return [
      level.greeting(n),
      paragraph(`${title}已于${due}到期。${level.found(late.length)}`),
      lateTable(late),
      taskFields(n, { branches: false }),
      paragraph(level.ask),
      ...reportBlocks(n, late, '办理情况可通过以下链接查看：'),
    ];
  };
}

export const escalationOffice = escalation({
  greeting: (n) => officeGreeting(n.task),
  found: (count) => `经系统核查，截至目前以下${count}个责任单位仍未报送完成情况：`,
  ask: '请予催办，督促上述单位尽快落实并报送完成情况；确需调整完成时限的，请按程序报领导小组同意。',
});

export const escalationDeputy = escalation({
  greeting: (n) => personGreeting(n, '同志'),
  found: (count) => `经领导小组办公室催办，截至目前您分管的以下${count}个责任单位仍未报送完成情况：`,
  ask: '请督促上述单位尽快落实并报送完成情况。逾期仍未报送的，将提请领导小组组长督办。',
});

export const escalationHead = escalation({
  greeting: (n) => personGreeting(n, '组长'),
  found: (count) => `经领导小组办公室催办，截至目前以下${count}个责任单位仍未报送完成情况：`,
  ask: '上述情况已影响年度文明单位创建工作整体进度，现提请领导小组督办，请予督办。',
});
