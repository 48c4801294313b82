// An item's email: the messages its transitions queue (the outbox, sent in order), the planned
// ones its timeline brings, each sent once, and what is done when one does not arrive.
import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  patched,
  proxyActivities,
  TimeoutFailure,
  upsertMemo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { EMAIL_ACTIVITY_OPTIONS } from '../domain/delivery';
import { notificationLabel } from '../domain/item-details';
import type { Notification, NotificationKind } from '../domain/notification';
import { buildNotification, type NotificationExtra } from '../domain/item-notifications';
import { recordFailure, recordSent } from '../domain/item-state';
import type { Planned } from '../domain/item-timeline';
import { stamp, today } from './clock';
import type { RunningItem } from './running-item';

/**
 * An escalation the item sends although it was planned before the item started (a task started
 * after its due date) raises `escalationLevel`, as the dashboard counts it: the state changes, and
 * with it what Temporal UI shows, so executions that sent one before this change keep their way.
 */
export const ESCALATION_LEVEL_AT_START = 'item-escalation-level-at-start';

/** The email activity, labelled for Temporal UI with what it sends to whom. */
function sendNotification(n: Notification): ReturnType<Activities['sendNotification']> {
  return proxyActivities<Activities>({
    ...EMAIL_ACTIVITY_OPTIONS,
    summary: notificationLabel(n),
  }).sendNotification(n);
}

export class ItemOutbox {
  /** `publish` refreshes what Temporal UI shows after each message. */
  constructor(
    private readonly item: RunningItem,
    private readonly publish: () => void,
  ) {}

  /** A message built now, so it tells the state as it is at this moment. */
  message(kind: NotificationKind, key: string, extra?: NotificationExtra): Notification | undefined {
    const { def, state, cal, workflowId } = this.item;
    return buildNotification({ def, state, cal, workflowId, today: today() }, kind, key, extra);
  }

  /** Queues what a transition announces, under the next key of its kind. */
  queue(kind: NotificationKind, extra?: NotificationExtra): void {
    const { state } = this.item;
    const used = new Set([...state.handledKeys, ...state.outbox.map((m) => m.key)]);
    const n = [...used].filter((k) => k.startsWith(`${kind}#`)).length;
    const queued = this.message(kind, `${kind}#${n + 1}`, extra);
    if (queued) state.outbox.push(queued);
  }

  /** Sends what is queued, oldest first; a message stays queued until it has been sent. */
  async drain(): Promise<void> {
    const { state } = this.item;
    while (state.outbox.length) {
      const next = state.outbox[0];
      await this.send(next, next.key);
      state.outbox.shift();
    }
  }

  /** Sends a planned notification, built at this moment so it tells the state as it is now. */
  async sendPlanned(p: Planned): Promise<void> {
    const extra = {
      daysLeft: p.daysLeft,
      milestone: p.milestone,
      lastWorkingDay: p.lastWorkingDay,
      deputy: p.deputy,
    };
    await this.send(this.message(p.kind, p.key, extra), p.key, p.at);
  }

  /** Sends one message once per key; `plannedAt` (epoch ms) is when the timeline meant it to go. */
  async send(notification: Notification | undefined, key: string, plannedAt = Date.now()): Promise<void> {
    const { state } = this.item;
    if (state.handledKeys.includes(key)) return;
    state.handledKeys.push(key);
    if (!notification) return;
    try {
      const sent = await sendNotification(notification);
      // An escalation planned before the item started (an item started late) raises the level too.
      const early = plannedAt < state.horizon && sent.kind.startsWith('escalation-');
      recordSent(state, sent, plannedAt, { sinceReset: early && patched(ESCALATION_LEVEL_AT_START) });
      if (sent.rejected?.length)
        this.undeliverable(
          notification,
          sent.rejected.map((r) => r.address),
          `邮件服务器拒收：${sent.rejected.map((r) => r.reason).join('；')}`,
        );
    } catch (err) {
      if (!(err instanceof ActivityFailure) || isCancellation(err)) throw err;
      const recipients = [...notification.to, ...(notification.cc ?? [])].map((r) => r.email);
      this.undeliverable(notification, recipients, failureReason(err));
    }
    this.publish();
  }

  /**
   * A message that did not reach (all of) its recipients: recorded, shown in the memo, and told to
   * the office, unless it was itself such a notice (a broken office mailbox must not loop).
   */
  private undeliverable(n: Notification, recipients: string[], reason: string): void {
    const { state } = this.item;
    const failure = { key: n.key, kind: n.kind, recipients, reason };
    recordFailure(state, failure, stamp());
    upsertMemo({ deliveryFailures: state.failures.length });
    if (n.kind !== 'delivery-failed') this.queue('delivery-failed', { failure });
  }
}

/** Why an email failed for good, as the office reads it in the notice and in `civ task status`. */
export function failureReason(err: ActivityFailure): string {
  const cause = err.cause;
  if (cause instanceof TimeoutFailure) return '连续3天未能送达，已停止重试';
  const detail =
    cause instanceof ApplicationFailure && typeof cause.details?.[0] === 'string'
      ? cause.details[0]
      : (cause?.message ?? err.message);
  if (cause instanceof ApplicationFailure && cause.type === 'InvalidNotification')
    return `邮件无法生成：${detail}`;
  return `邮件服务器拒收：${detail}`;
}
