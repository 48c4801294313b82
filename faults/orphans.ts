// After a SIGKILL, the activities the dead worker had started are failed by id, as the server's
// start-to-close timeout would fail them. On a real server that timeout simply runs out; the
// time-skipping test server holds its clock while an activity is started (it skips time only once
// all work of the moment is done), so each orphan would keep the simulated year at wall speed for
// its whole start-to-close timeout (up to 5 minutes of wall time per kill). The failure is
// retryable: the activity is retried by its policy, exactly as after a timeout.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';

const STARTED = temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;

/** Fails every started activity of the given workflows; returns how many it failed. */
export async function failOrphanedActivities(
  env: TestWorkflowEnvironment,
  workflowIds: string[],
): Promise<number> {
  const namespace = env.namespace ?? 'default';
  const service = env.client.workflowService;
  const failed = await Promise.all(
    workflowIds.map(async (workflowId) => {
      const described = await service
        .describeWorkflowExecution({ namespace, execution: { workflowId } })
        // Not started yet, or over before the plan started: nothing to fail.
        .catch(() => undefined);
      const runId = described?.workflowExecutionInfo?.execution?.runId ?? undefined;
      const orphans = (described?.pendingActivities ?? []).filter((a) => a.state === STARTED);
      for (const activity of orphans)
        await service
          .respondActivityTaskFailedById({
            namespace,
            workflowId,
            runId,
            activityId: activity.activityId,
            identity: 'faults:kill-worker',
            failure: {
              message: 'worker killed (faults:kill-worker)',
              applicationFailureInfo: { type: 'WorkerKilled', nonRetryable: false },
            },
          })
          // Completed by the dead worker just before the kill.
          .catch(() => undefined);
      return orphans.length;
    }),
  );
  return failed.reduce((a, b) => a + b, 0);
}
