// The escalations of an overdue item, one step up the leading group at a time, one word per step:
// the office is asked to chase the late branches (催办), then the deputy head in charge of them and
// the head to 督办, each told who has chased before them.
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
import { SYSTEM_NAME } from '../labels';

/** What changes from one level to the next: whom it greets, who has chased so far, what it asks. */
interface Level {
  greeting: (n: Notification) => Block;
  /** Who has chased so far, leading into the table of the `count` late branches. */
  found: (n: Notification, count: number, report: string) => string;
  ask: string;
}

function escalation(level: Level): (n: Notification, w: Wording) => Block[] {
  return (n, w) => {
    const late = lateBranches(n);
    return [
      level.greeting(n),
      paragraph(`${w.duePast}。${level.found(n, late.length, w.report)}`),
      lateTable(late),
      taskFields(n, { branches: false }),
      paragraph(level.ask),
      ...reportBlocks(n, late, '办理情况可通过以下链接查看：', { kpiNote: false }),
    ];
  };
}

/** 领导小组办公室催办、分管领导督办: the steps before the head's. */
function chasedBefore(n: Notification): string {
  const steps = n.chasedBy ?? ['office'];
  return steps.map((s) => (s === 'office' ? '领导小组办公室催办' : '分管领导督办')).join('、');
}

export const escalationOffice = escalation({
  greeting: (n) => officeGreeting(n.task),
  found: (_n, count, report) => `经${SYSTEM_NAME}核查，截至目前以下${count}个责任单位仍未报送${report}：`,
  ask: '请予催办，督促上述单位尽快落实并报送；确需调整时限的，请按程序报领导小组同意。',
});

export const escalationDeputy = escalation({
  greeting: (n) => personGreeting(n),
  found: (_n, count, report) =>
    `经领导小组办公室催办，截至目前您分管的以下${count}个责任单位仍未报送${report}：`,
  ask: '请予督办，督促上述单位尽快落实并报送。仍未报送的，将提请领导小组组长督办。',
});

export const escalationHead = escalation({
  greeting: (n) => personGreeting(n),
  found: (n, count, report) => `经${chasedBefore(n)}，截至目前以下${count}个责任单位仍未报送${report}：`,
  ask: '上述情况已影响年度文明单位创建工作整体进度，请组长督办。',
});
