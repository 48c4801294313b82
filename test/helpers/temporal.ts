// Real Temporal servers for tests, from the project's own install (scripts/install.sh): the Java
// time-skipping test server, and the Temporal CLI dev server with our search attributes.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  makeTelemetryFilterString,
  Runtime,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { ensureSearchAttributes } from '../../client/search-attributes-setup';
import { requireTemporalCli, requireTestServer } from '../../stack/toolchain';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../workflows/search-attributes';

// Worker and core logs at ERROR: tests provoke activity failures on purpose, and a test's output
// should show what failed, not every retry or every warning of the Java test server.
try {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) },
    },
  });
} catch {
  // Already installed by an earlier test file in this process.
}

/** The time-skipping server, its clock starting at `startAt` (an ISO instant) when given. */
export async function timeSkippingEnv(startAt?: string): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: requireTestServer().path },
      extraArgs: startAt ? ['--initial-time', new Date(startAt).toISOString()] : [],
    },
  });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/** The Temporal CLI dev server with our search attributes; `dynamicConfig` sets server limits. */
export function devServerEnv(
  dynamicConfig: Record<string, string | number> = {},
): Promise<TestWorkflowEnvironment> {
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
    bundle = bundleWorkflowCode({
      workflowsPath,
      logger: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} },
    });
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}
