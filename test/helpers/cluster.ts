// The integration tests against a running Temporal cluster (`npm run test:cluster`, CIV_TEST_CLUSTER
// naming its frontend) instead of a dev server of their own. The cluster keeps everything across
// test files, so each environment gets a namespace of its own: ids like `civ-2026-plan` never collide.
import { randomBytes } from 'node:crypto';
import { msToTs } from '@temporalio/common/lib/time';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureSearchAttributes } from '../../client/search-attributes-setup';

/** Where the cluster's frontend is when the tests run against one, else undefined. */
export function testCluster(): string | undefined {
  return process.env.CIV_TEST_CLUSTER || undefined;
}

const PROBE_QUEUE = 'civ-namespace-probe';
// The shortest retention Temporal allows: these namespaces are deleted on teardown anyway.
const RETENTION = '1 day';

/** Deletes its namespace on teardown, so repeated runs do not pile up namespaces of running workflows. */
class ClusterTestEnvironment extends TestWorkflowEnvironment {
  override async teardown(): Promise<void> {
    const namespace = this.namespace;
    if (namespace) {
      await this.connection.operatorService.deleteNamespace({ namespace }).catch((err: Error) => {
        console.warn(`could not delete namespace ${namespace}: ${err.message}`);
      });
    }
    await super.teardown();
  }
}

async function retry<T>(what: string, attempt: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(err as Error).message}`, { cause: err });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** A fresh namespace on the cluster, with the search attributes, usable once this resolves. */
export async function clusterEnv(address: string): Promise<TestWorkflowEnvironment> {
  const namespace = `civ-test-${randomBytes(4).toString('hex')}`;
  const env = await ClusterTestEnvironment.createFromExistingServer({ address, namespace });
  try {
    await env.connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(RETENTION),
    });
    // Frontend and history learn of a new namespace from their caches, a refresh interval later.
    await retry(`namespace ${namespace} not known`, () =>
      env.connection.workflowService.describeNamespace({ namespace }),
    );
    await retry(`search attributes in ${namespace}`, () => ensureSearchAttributes(env.connection, namespace));
    await retry(`visibility query in ${namespace}`, () => env.client.workflow.count('CivYear = 0'));
    // A start goes through history, whose namespace cache refreshes on its own: probe it once.
    const probe = await retry(`a workflow start in ${namespace}`, () =>
      env.client.workflow.start('probe', { taskQueue: PROBE_QUEUE, workflowId: 'civ-namespace-probe' }),
    );
    await probe.terminate('namespace probe');
    return env;
  } catch (err) {
    await env.teardown();
    throw err;
  }
}
