// Real Temporal servers for tests, from the project's own install (scripts/install.sh): the Java
// time-skipping test server, and the Temporal CLI dev server with our search attributes.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { quietRuntime } from '../../preview/time-skipping';
import { requireTemporalCli } from '../../stack/toolchain';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../wire/search-attributes';
import { workflowBundleOptions } from '../../config/workflow-bundle';
import { clusterEnv, testCluster } from './cluster';

export { timeSkippingEnv } from '../../preview/time-skipping';

quietRuntime();

/**
 * The Temporal CLI dev server with our search attributes; `dynamicConfig` sets server limits. With
 * CIV_TEST_CLUSTER set, a fresh namespace on that cluster instead (whose limits are its own).
 */
export function devServerEnv(
  dynamicConfig: Record<string, string | number> = {},
): Promise<TestWorkflowEnvironment> {
  const cluster = testCluster();
  if (cluster) {
    if (Object.keys(dynamicConfig).length)
      throw new Error('dynamic config needs a dev server of its own: leave this test out of test:cluster');
    return clusterEnv(cluster);
  }
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: requireTemporalCli().path },
      extraArgs: [
        '--log-level',
        'error',
        ...SEARCH_ATTRIBUTE_FLAGS.flatMap((sa) => ['--search-attribute', sa]),
        ...Object.entries(dynamicConfig).flatMap(([key, value]) => [
          '--dynamic-config-value',
          `${key}=${value}`,
        ]),
      ],
    },
  });
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/** Bundles once per test file: webpack is the slow part of starting a test worker. */
export function workflowBundle(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    bundle = bundleWorkflowCode(workflowBundleOptions(workflowsPath));
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}
