// What Temporal UI shows of a running item without opening payloads: its current details (state,
// who still owes a report, the next notification and when) and the labels of its activities and
// timers ("逾期提醒 → 法规处", "提醒 2026-11-27 09:00").
import { localDate } from './calendar';
import { KIND_LABEL, STATE_LABEL } from './labels';
import type { Notification } from './notification';
import type { ItemDefinition } from './item-definition';
import type { ItemSummary } from './item-state';
import type { Planned } from './item-timeline';

/** `2026-11-27 09:00`, in Asia/Shanghai. */
function when(ms: number): string {
  const date = localDate(ms);
  const minutes = Math.round(((ms + 8 * 3_600_000) % 86_400_000) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${date} ${hh}:${mm}`;
}

/** An email activity's label: the kind and who it is about (the branches) or for. */
export function notificationLabel(n: Notification): string {
  const who = n.branches.length
    ? n.branches.map((b) => b.name).join('、')
    : n.to.map((r) => r.name).join('、');
  return `${KIND_LABEL[n.kind]} → ${who}`;
}

/** A timer's label: the next planned notification and when, or why the workflow wakes then. */
export function nextNotificationLabel(
  next: Planned | undefined,
  otherwise: string | undefined,
  at: number,
): string {
  if (next) return `${KIND_LABEL[next.kind]} ${when(next.at)}`;
  return `${otherwise ?? '截止日结束'} ${when(at)}`;
}

/** The current details of an item, in a few lines. */
export function describeItem(summary: ItemSummary, def: ItemDefinition, next: string | undefined): string {
  const names = new Map(def.branches.map((b) => [b.id, b.name]));
  const lines = [`状态：${STATE_LABEL[summary.state]}，截止：${summary.due}`];
  if (summary.pending.length)
    lines.push(`待报送：${summary.pending.map((id) => names.get(id) ?? id).join('、')}`);
  if (summary.escalationLevel > 0)
    lines.push(`已升级：${['', '办公室催办', '分管领导督办', '组长督办'][summary.escalationLevel]}`);
  if (next) lines.push(`下一步：${next}`);
  return lines.join('\n');
}
