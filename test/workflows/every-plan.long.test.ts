// Every task of every shipped plan and of the generated edge-case plans, each run as a workflow
// through a simulated year on the time-skipping server: every notification its timeline plans is
// sent exactly once, whether nobody reports (reminders, overdue notices, escalations) or everybody
// reports at once and nobody signs (the signers' reminders).
//
// The shipped plans go through the real email activity to a real SMTP server on loopback. The
// generated plans (about 10,000 notifications) go through an activity that records what it is
// asked to send: the email activity itself is tested against SMTP elsewhere, and here the question
// is what the workflow asks for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities, type Activities } from '../../activities';
import type { Notification, SentRecord } from '../../domain/notification';
import type { Plan } from '../../domain/plan';
import { itemCalendar, taskDefinition, type ItemDefinition } from '../../domain/item-definition';
import { applyReport, initialState, type ItemState } from '../../domain/item-state';
import { planTimeline } from '../../domain/item-timeline';
import { taskWorkflowId } from '../../domain/ids';
import { reportUpdate, statusQuery } from '../../wire/messages';
import { taskWorkflow } from '../../workflows/task';
import { generatedPlans, shippedPlans } from '../helpers/generated-plans';
import { startSmtpCatcher, type SmtpCatcher } from '../../preview/mail-catcher';
import { withinStallLimit } from '../helpers/stall-limit';
import { timeSkippingEnv, workflowBundle } from '../helpers/temporal';

jest.setTimeout(600_000);
/** A year's tasks take about a minute here; a run still going after this has stalled. */
const STALLED_AFTER_MS = 480_000;

const QUEUE = 'civ-every-plan';
const TIMELINE_KINDS = new Set([
  'escalation-deputy',
  'reminder',
  'milestone-reminder',
  'milestone-overdue',
  'overdue',
  'escalation-office',
  'escalation-head',
  'sign-off-reminder',
]);

interface Run {
  name: string;
  def: ItemDefinition;
  workflowId: string;
  /** Keys the timeline plans, from the start of the run on. */
  planned: string[];
  state?: ItemState;
}

/** Runs every task of `plans` through its year from `startAt`; `reportAll` makes every branch report at once. */
async function runYear(
  year: number,
  plans: { label: string; plan: Plan }[],
  startAt: string,
  reportAll: boolean,
  real: boolean,
) {
  const env: TestWorkflowEnvironment = await timeSkippingEnv(startAt);
  const startMs = Date.parse(startAt);
  const smtp: SmtpCatcher | undefined = real ? await startSmtpCatcher() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'civ-every-plan-'));
  const asked = new Map<string, number>();
  const recorded: Activities['sendNotification'] = async (n: Notification): Promise<SentRecord> => {
    const id = `${n.workflowId} ${n.key}`;
    asked.set(id, (asked.get(id) ?? 0) + 1);
    return {
      workflowId: n.workflowId,
      key: n.key,
      kind: n.kind,
      to: n.to.map((r) => r.email),
      subject: n.kind,
      messageId: id,
      sentAt: new Date().toISOString(),
      deduplicated: false,
    };
  };
  const activities = createActivities({ smtpUrl: smtp?.url, ledgerPath: join(dir, 'ledger.jsonl') });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: QUEUE,
    workflowBundle: await workflowBundle(require.resolve('../../workflows')),
    activities: real ? activities : { ...activities, sendNotification: recorded },
  });
  // Each plan under an organization of its own (its label), so that the same task of two plans
  // runs side by side, each under its canonical id.
  const runs: Run[] = plans.flatMap(({ label, plan: unscoped }) => {
    const plan = { ...unscoped, org: label };
    return plan.tasks.map((t) => {
      const def = taskDefinition(plan, t.id);
      const state = initialState(def, startMs);
      if (reportAll)
        for (const b of def.branches)
          applyReport(state, { branch: b.id, actor: 'x', summary: 'y' }, new Date(startMs).toISOString());
      const planned = planTimeline(def, state, itemCalendar(def))
        .filter((p) => p.at >= startMs)
        .map((p) => p.key);
      return {
        name: `${label} task ${t.id}`,
        def,
        workflowId: taskWorkflowId(plan.year, t.id, label),
        planned,
      };
    });
  });
  try {
    await worker.runUntil(
      withinStallLimit(env, STALLED_AFTER_MS, `${year}'s tasks`, async () => {
        const handles = await Promise.all(
          runs.map((r) =>
            env.client.workflow.start(taskWorkflow, {
              taskQueue: QUEUE,
              workflowId: r.workflowId,
              args: [{ year: r.def.ref.year, org: r.def.ref.org, task: r.def.ref.id, definition: r.def }],
            }),
          ),
        );
        if (reportAll) {
          // Once every assignment is out: the time-skipping server can hang an update that arrives
          // while a workflow's first activity is still running among many.
          for (const h of handles)
            while (!(await h.query(statusQuery)).notifications.length)
              await new Promise((r) => setTimeout(r, 50));
          for (const [i, h] of handles.entries())
            for (const b of runs[i].def.branches)
              await h.executeUpdate(reportUpdate, { args: [{ branch: b.id, actor: 'x', summary: 'y' }] });
        }
        // Skip to the end of the plan year in one go: results awaited side by side do not skip time.
        await env.sleep(Date.parse(`${year + 1}-01-02T00:00:00+08:00`) - (await env.currentTimeMs()));
        // One at a time: the time-skipping client locks and unlocks the clock around each result.
        for (const [i, h] of handles.entries()) runs[i].state = await h.result();
      }),
    );
    if (smtp) {
      for (const m of smtp.messages) {
        const id = `${String(m.headers.get('x-civ-workflow'))} ${String(m.headers.get('x-civ-key'))}`;
        asked.set(id, (asked.get(id) ?? 0) + 1);
      }
    }
    return { runs, asked };
  } finally {
    await Promise.all([env.teardown(), smtp?.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

function check({ runs, asked }: Awaited<ReturnType<typeof runYear>>): void {
  for (const r of runs) {
    const sent = r.state!.notifications.filter((n) => TIMELINE_KINDS.has(n.kind)).map((n) => n.key);
    expect([r.name, [...sent].sort()]).toEqual([r.name, [...r.planned].sort()]);
    for (const key of r.planned)
      expect([r.name, key, asked.get(`${r.workflowId} ${key}`)]).toEqual([r.name, key, 1]);
  }
}

const groups = (() => {
  const shipped = shippedPlans();
  const generated = generatedPlans();
  return [2020, 2026, 2027].map((year) => ({
    year,
    shipped: shipped.filter((p) => p.year === year).map((plan) => ({ label: 'shipped', plan })),
    generated: generated
      .filter((g) => g.plan.year === year)
      .map(({ plan }) => ({ label: 'generated', plan })),
  }));
})();

describe.each(groups)('$year', ({ year, shipped, generated }) => {
  // From October of the year before: reminders up to 90 days ahead of an early-January due date.
  const startAt = `${year - 1}-10-01T00:00:00+08:00`;

  if (shipped.length)
    test.each([false, true])(
      'the shipped plan, everybody reports at once: %s — every planned notification is sent once',
      async (reportAll) => {
        check(await runYear(year, shipped, startAt, reportAll, true));
      },
    );

  test.each([false, true])(
    'the generated plan, everybody reports at once: %s — every planned notification is sent once',
    async (reportAll) => {
      check(await runYear(year, generated, startAt, reportAll, false));
    },
  );
});
