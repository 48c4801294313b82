// ResetStickyTaskQueue for Temporal's Java test server, which leaves it unimplemented.
//
// A worker with a workflow cache gets each workflow's tasks on a sticky queue of its own. The real
// server sends them to the normal queue again once that worker is gone (ResetStickyTaskQueue, or
// the sticky schedule-to-start timeout). The test server has neither: after a worker is killed, its
// workflows' queries and their next workflow tasks wait on its sticky queue forever, and the clock
// with them. The fault run (faults/year-run.ts) calls ResetStickyTaskQueue for every workflow after
// each kill; this does what the real server would then do:
//  - the workflow's sticky attributes are cleared, so what comes next goes to the normal queue;
//  - what already waits on the dead worker's sticky queue is taken off it: a query is sent to the
//    normal queue, a workflow task is started and failed (RESET_STICKY_TASK_QUEUE), which schedules
//    it again on the normal queue.
//
// It lives in the test server's own package because the types it needs are package-private there;
// the store, the lookup of a workflow and its lock are private, hence the reflection. It is built
// against the test-server version scripts/install.sh pins.
package io.temporal.internal.testservice;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.taskqueue.v1.StickyExecutionAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Lock;

public final class StickyReset {
  private static final String IDENTITY = "civ-test-server sticky reset";
  private final TestWorkflowService service;
  private final TestWorkflowStore store;
  private final Method getMutableState;

  public StickyReset(TestWorkflowService service) throws ReflectiveOperationException {
    this.service = service;
    Field storeField = TestWorkflowService.class.getDeclaredField("store");
    storeField.setAccessible(true);
    this.store = (TestWorkflowStore) storeField.get(service);
    this.getMutableState = TestWorkflowService.class.getDeclaredMethod("getMutableState", ExecutionId.class);
    this.getMutableState.setAccessible(true);
  }

  public void handle(ResetStickyTaskQueueRequest request, StreamObserver<ResetStickyTaskQueueResponse> response) {
    try {
      ExecutionId id = new ExecutionId(request.getNamespace(), request.getExecution());
      TestWorkflowMutableState state = (TestWorkflowMutableState) getMutableState.invoke(service, id);
      String sticky = clearSticky(state);
      if (sticky != null) drain(request.getNamespace(), sticky);
      response.onNext(ResetStickyTaskQueueResponse.getDefaultInstance());
      response.onCompleted();
    } catch (java.lang.reflect.InvocationTargetException e) {
      // getMutableState's own error, e.g. NOT_FOUND for an unknown workflow.
      response.onError(e.getCause());
    } catch (Exception e) {
      response.onError(Status.INTERNAL.withDescription("sticky reset: " + e).withCause(e).asRuntimeException());
    }
  }

  /** Clears the workflow's sticky attributes under its own lock; the sticky queue's name, or null. */
  private static String clearSticky(TestWorkflowMutableState state) throws ReflectiveOperationException {
    Field lockField = state.getClass().getDeclaredField("lock");
    lockField.setAccessible(true);
    Lock lock = (Lock) lockField.get(state);
    Field stickyField = state.getClass().getField("stickyExecutionAttributes");
    lock.lock();
    try {
      StickyExecutionAttributes sticky = (StickyExecutionAttributes) stickyField.get(state);
      stickyField.set(state, null);
      return sticky == null ? null : sticky.getWorkerTaskQueue().getName();
    } finally {
      lock.unlock();
    }
  }

  /** Takes whatever waits on the dead worker's sticky queue off it (every workflow's, not only this one's). */
  private void drain(String namespace, String sticky) throws Exception {
    PollWorkflowTaskQueueRequest poll =
        PollWorkflowTaskQueueRequest.newBuilder()
            .setNamespace(namespace)
            .setTaskQueue(TaskQueue.newBuilder().setName(sticky).setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY))
            .setIdentity(IDENTITY)
            .build();
    while (true) {
      // The queue's futures never time out (their timed get waits on): take only what is there.
      Future<PollWorkflowTaskQueueResponse.Builder> next = store.pollWorkflowTaskQueue(poll);
      if (!next.isDone() && next.cancel(true)) return;
      PollWorkflowTaskQueueResponse.Builder task = next.get();
      ExecutionId owner = new ExecutionId(namespace, task.getWorkflowExecution());
      TestWorkflowMutableState state = (TestWorkflowMutableState) getMutableState.invoke(service, owner);
      if (task.hasQuery()) {
        String normal = state.getStartRequest().getTaskQueue().getName();
        store.sendQueryTask(
            owner, new TestWorkflowStore.TaskQueueId(namespace, normal), task, state.getStartRequest().getPriority());
      } else {
        clearSticky(state);
        state.startWorkflowTask(task, poll);
        state.failWorkflowTask(
            RespondWorkflowTaskFailedRequest.newBuilder()
                .setNamespace(namespace)
                .setTaskToken(task.getTaskToken())
                .setCause(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_STICKY_TASK_QUEUE)
                .setIdentity(IDENTITY)
                .build());
      }
    }
  }
}
