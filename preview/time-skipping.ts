// Temporal's time-skipping test server, from the project's own install (scripts/install.sh), for
// the preview and the tests: its clock started at a chosen instant, our search attributes
// registered, and the SDK's logs kept to errors.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { ensureSearchAttributes } from '../client/search-attributes-setup';
import { requireTestServer } from '../stack/toolchain';

let quiet = false;

/**
 * Worker and core logs at ERROR only: the test server lacks capabilities the SDK warns about at
 * every start, and tests provoke activity failures on purpose.
 */
export function quietRuntime(): void {
  if (quiet) return;
  quiet = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: {
        logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) },
      },
    });
  } catch {
    // Already installed in this process.
  }
}

/** The time-skipping server, its clock starting at `startAt` (epoch ms or an ISO instant) when given. */
export async function timeSkippingEnv(startAt?: string | number): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: requireTestServer().path },
      extraArgs: startAt === undefined ? [] : ['--initial-time', new Date(startAt).toISOString()],
    },
  });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}
