// The year's personal links work until 30 days after it (links/token.ts), so the plan workflow,
// where revocations and ended sessions are recorded, takes them until then: signed off or closed,
// it stays open until its links expire, and only then completes. On the time-skipping server,
// from the last evening of 2020, with the real activities and a real SMTP server on loopback.
//
// The test server sometimes stalls at the year end (2 of about 6 full `npm test` runs, once in 5
// runs of this file alone): the plan's workflow task is started and neither completed nor timed
// out, the clock runs at wall speed, and the 30 days of links never pass. Until its cause is found,
// a run not finished in 60 s (7-20 s otherwise) is given up and tried again on a fresh server, up
// to 3 times, with a line on stderr saying so; the assertions are the same.
import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { linksExpireAt } from '../../domain/roles';
import type { PlanState } from '../../domain/plan-state';
import { startSmtpCatcher } from '../../preview/mail-catcher';
import { finalSignOffUpdate, planStatusQuery, revokeLinksUpdate } from '../../wire/messages';
import { planWorkflow } from '../../workflows/plan';
import { timeSkippingEnv, workflowBundle } from '../helpers/temporal';

jest.setTimeout(300_000);

const QUEUE = 'civ-plan-links';
const STALLED_AFTER_MS = 60_000;
const ATTEMPTS = 3;

interface Seen {
  phaseAtSignOff: string;
  statusAfterSignOff: string;
  afterRevocation: PlanState;
  final: PlanState;
  closed: number;
}

/** The year from its last evening to the plan's end, on a server and worker of its own. */
async function runYear(stalled: Promise<void>): Promise<Seen | 'stalled'> {
  const [env, smtp] = await Promise.all([timeSkippingEnv('2020-12-31T23:30:00+08:00'), startSmtpCatcher()]);
  const dir = mkdtempSync(join(tmpdir(), 'civ-plan-links-'));
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    const activities = createActivities({
      smtpUrl: smtp.url,
      ledgerPath: join(dir, 'notifications.jsonl'),
      client: env.client,
      taskQueue: QUEUE,
    });
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: QUEUE,
      workflowBundle: await workflowBundle(require.resolve('../../workflows')),
      // The test server has no Schedules.
      activities: { ...activities, ensureThemeSchedule: async () => false },
    });
    running = worker.run();
    // On a stall, the scenario's calls in flight (a long poll for the result) are cancelled before
    // the connection closes: a call retried on a closed channel throws outside any test.
    const abort = new AbortController();
    // One listener per call made under it.
    setMaxListeners(0, abort.signal);
    const run = env.connection.withAbortSignal(abort.signal, () => scenario(env));
    const outcome = await Promise.race([run, stalled.then(() => 'stalled' as const)]);
    if (outcome === 'stalled') {
      abort.abort();
      await run.catch(() => undefined);
    }
    return outcome;
  } finally {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await Promise.all([env.teardown(), smtp.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function scenario(env: TestWorkflowEnvironment): Promise<Seen> {
  const handle = await env.client.workflow.start(planWorkflow, {
    taskQueue: QUEUE,
    workflowId: 'civ-2020-plan',
    args: [{ year: 2020 }],
  });
  // The year ends at midnight; the head is asked on the next working day (Monday 4 January).
  await env.sleep('5 days');
  const phaseAtSignOff = (await handle.query(planStatusQuery)).phase;
  await handle.executeUpdate(finalSignOffUpdate, {
    args: [{ actor: '王建国', actorEmail: 'wang.jianguo@example.gov.cn', comment: '同意', channel: 'cli' }],
  });
  await env.sleep('2 days');
  const statusAfterSignOff = (await handle.describe()).status.name;
  // A forwarded email found in January: its links are refused from now on.
  const afterRevocation = await handle.executeUpdate(revokeLinksUpdate, {
    args: [{ actor: '赵丽', email: 'he.min@example.gov.cn', reason: '邮件误转发', channel: 'cli' }],
  });
  const final = await handle.result();
  const closed = (await handle.describe()).closeTime!.getTime();
  return { phaseAtSignOff, statusAfterSignOff, afterRevocation, final, closed };
}

async function seenYear(): Promise<Seen> {
  for (let attempt = 1; ; attempt++) {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<void>((resolve) => (timer = setTimeout(resolve, STALLED_AFTER_MS)));
    try {
      const seen = await runYear(stalled);
      if (seen !== 'stalled') return seen;
    } finally {
      clearTimeout(timer);
    }
    if (attempt === ATTEMPTS)
      throw new Error(`the time-skipping server stalled ${ATTEMPTS} times (${STALLED_AFTER_MS} ms each)`);
    process.stderr.write(
      `plan-links: the time-skipping server stalled (not done in ${STALLED_AFTER_MS} ms); once more on a fresh server\n`,
    );
  }
}

test('signed off, the year still takes revocations until its links expire, then completes', async () => {
  const seen = await seenYear();
  expect(seen.phaseAtSignOff).toBe('awaiting-final-sign-off');
  expect(seen.statusAfterSignOff).toBe('RUNNING');
  expect(seen.afterRevocation.phase).toBe('signed-off');
  expect(seen.afterRevocation.revocations?.map((r) => r.email)).toEqual(['he.min@example.gov.cn']);
  expect(seen.final.revocations).toHaveLength(1);
  expect(seen.closed).toBeGreaterThanOrEqual(linksExpireAt(2020));
  expect(new Date(linksExpireAt(2020)).toISOString()).toBe('2021-01-30T16:00:00.000Z');
});
