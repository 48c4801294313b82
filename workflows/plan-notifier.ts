// The plan workflow's own email (the monthly bulletin, the final sign-off request and reminders,
// the year summary): each key sent once; a failure is recorded, told to the office (as an item's
// is) and the year goes on.
import { ActivityFailure, isCancellation, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { EMAIL_ACTIVITY_OPTIONS } from '../domain/delivery';
import type { PlanMailFailure, PlanNotificationKind } from '../domain/notification';
import type { PlanState } from '../domain/plan-state';
import { stamp } from './clock';
import { failureReason } from './item-outbox';

const { sendPlanMail } = proxyActivities<Activities>({
  ...EMAIL_ACTIVITY_OPTIONS,
  startToCloseTimeout: '5 minutes',
});

/**
 * A plan mail that did not reach (all of) its readers is told to the office in a notice of its own:
 * a new activity, taken when such a failure happens, so a failure handled before it replays as it
 * went (recorded only).
 */
export const PLAN_MAIL_FAILURE_NOTICE = 'plan-mail-failure-notice';

export class PlanNotifier {
  constructor(
    private readonly state: PlanState,
    private readonly workflowId: string,
    private readonly year: number,
    private readonly org: string | undefined,
  ) {}

  async send(
    kind: PlanNotificationKind,
    key: string,
    month?: number,
    failure?: PlanMailFailure,
  ): Promise<void> {
    const { state, workflowId, year, org } = this;
    if (state.handledKeys.includes(key)) return;
    state.handledKeys.push(key);
    const mail = { workflowId, key, kind, year, ...(org && { org }), month, ...(failure && { failure }) };
    try {
      const sent = await sendPlanMail(mail);
      const { workflowId: _id, ...record } = sent;
      state.notifications.push({ ...record, at: stamp() });
      if (sent.rejected?.length) {
        const reason = `邮件服务器拒收：${sent.rejected.map((r) => r.reason).join('；')}`;
        const recipients = sent.rejected.map((r) => r.address);
        await this.undeliverable({ key, kind, recipients, reason }, true, month);
      }
    } catch (err) {
      if (!(err instanceof ActivityFailure) || isCancellation(err)) throw err;
      state.failures.push({ key, at: stamp(), reason: err.cause?.message ?? err.message });
      await this.undeliverable({ key, kind, reason: failureReason(err) }, false, month);
    }
  }

  /**
   * Records a mail that did not reach its readers (`record`: a refusal in part, not recorded yet)
   * and tells the office (`month`: a bulletin's, which the notice names), unless it was itself such a notice (a broken office mailbox must not loop).
   */
  private async undeliverable(failure: PlanMailFailure, record: boolean, month?: number): Promise<void> {
    if (!patched(PLAN_MAIL_FAILURE_NOTICE)) return;
    if (record) this.state.failures.push({ key: failure.key, at: stamp(), reason: failure.reason });
    if (failure.kind !== 'delivery-failed')
      await this.send('delivery-failed', `delivery-failed-${failure.key}`, month, failure);
  }
}
