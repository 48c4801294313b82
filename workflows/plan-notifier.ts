// The plan workflow's own email (the monthly bulletin, the final sign-off request and reminders,
// the year summary): each key sent once; a failure is recorded and the year goes on.
import { ActivityFailure, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { EMAIL_ACTIVITY_OPTIONS } from '../domain/delivery';
import type { PlanNotificationKind } from '../domain/notification';
import type { PlanState } from '../domain/plan-state';
import { stamp } from './clock';

const { sendPlanMail } = proxyActivities<Activities>({
  ...EMAIL_ACTIVITY_OPTIONS,
  startToCloseTimeout: '5 minutes',
});

export class PlanNotifier {
  constructor(
    private readonly state: PlanState,
    private readonly workflowId: string,
    private readonly year: number,
    private readonly org: string | undefined,
  ) {}

  async send(kind: PlanNotificationKind, key: string, month?: number): Promise<void> {
    const { state, workflowId, year, org } = this;
    if (state.handledKeys.includes(key)) return;
    state.handledKeys.push(key);
    try {
      const sent = await sendPlanMail({ workflowId, key, kind, year, ...(org && { org }), month });
      const { workflowId: _id, ...record } = sent;
      state.notifications.push({ ...record, at: stamp() });
    } catch (err) {
      if (!(err instanceof ActivityFailure) || isCancellation(err)) throw err;
      state.failures.push({ key, at: stamp(), reason: err.cause?.message ?? err.message });
    }
  }
}
