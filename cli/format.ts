// How the CLI prints a task's state and its notifications for office staff.
import Table from 'cli-table3';
import type { SentRecord } from '../domain/notification';
import { KIND_LABEL, notificationKindLabel, STATE_LABEL } from '../domain/labels';
import { displayState, type ItemState } from '../domain/item-state';
import { formatLocalTime } from '../domain/calendar';
import { taskLabel } from '../domain/templates';
import type { ItemKind } from '../domain/year-record';

// No ANSI colours: the output is read in terminals, logs and test assertions alike.
const PLAIN = { head: [], border: [] };

/**
 * `today` (YYYY-MM-DD, Asia/Shanghai) tells an open item from an overdue one; `kind` names it as
 * what it is (the state does not say: 12 is December's theme, not task 12).
 */
export function formatItemStatus(s: ItemState, today: string, kind: ItemKind = 'task'): string {
  const state = displayState(s, today);
  const lines = [
    taskLabel({ ...s, kind }),
    `状态：${STATE_LABEL[state]} (${state})    截止：${s.due}${s.due !== s.originalDue ? `（原定 ${s.originalDue}）` : ''}`,
  ];
  const branches = new Table({ head: ['支部/处室', '上报', '时间', '上报人', '内容'], style: PLAIN });
  for (const b of s.branches) {
    branches.push([
      `${b.name} (${b.id})`,
      b.report ? '✔' : '✘',
      b.report ? formatLocalTime(b.report.at) : '',
      b.report?.actor ?? '',
      b.report?.summary ?? '',
    ]);
  }
  lines.push(branches.toString());
  const kpis = Object.entries(s.kpis);
  if (kpis.length) lines.push(`指标：${kpis.map(([id, k]) => `${id}=${k.value}%`).join('，')}`);
  for (const d of s.decisions) {
    lines.push(
      `审核：${formatLocalTime(d.at)} ${d.actor} ${d.verdict === 'approve' ? '通过' : '退回'} ${d.comment}`,
    );
  }
  for (const e of s.extensions)
    lines.push(`延期：${formatLocalTime(e.at)} ${e.actor} ${e.from} → ${e.to}（${e.reason}）`);
  lines.push(`已发通知：${s.notifications.length} 封`);
  // Older tasks have no failures list.
  for (const f of s.failures ?? [])
    lines.push(
      `未送达：${formatLocalTime(f.at)} ${KIND_LABEL[f.kind]} → ${f.recipients.join('、')}（${f.reason}）`,
    );
  return `${lines.join('\n')}\n`;
}

/** One sent email as the office reads it: the task, and the record the activity kept. */
export interface SentRow {
  task: string;
  sent: Pick<SentRecord, 'kind' | 'sentAt' | 'to' | 'subject' | 'messageId'>;
}

export function formatNotifications(rows: SentRow[]): string {
  const table = new Table({
    head: ['任务', '类型', '发送时间', '收件人', '主题', 'Message-ID'],
    style: PLAIN,
  });
  for (const { task, sent } of rows) {
    table.push([
      task,
      notificationKindLabel(sent.kind),
      formatLocalTime(sent.sentAt),
      sent.to.join('\n'),
      sent.subject,
      sent.messageId,
    ]);
  }
  return `${table.toString()}\n共 ${rows.length} 封\n`;
}
