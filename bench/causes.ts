// The "misses" section of BENCHMARKS.md: for each target a run misses, what the same run measured of
// its cause (issue 18: "each target met or its remaining cause measured and named"). Plain text from
// figures, so that it says only what was measured.
import type { YearWork } from './year-floor';

export interface YearFigures {
  ratio: number;
  ours: YearWork;
  floor: YearWork;
  /** The client's steps, each at its simulated time, one after another, and the seconds to the last. */
  steps: { ours: number; oursSeconds: number; floor: number; floorSeconds: number };
}

/** Time and CPU per notification, ms. */
export interface Spent {
  ms: number;
  /** CPU of the one process that sends, makes and receives (the SMTP server is in it too). */
  cpuMs: number;
}

export interface EmailFigures {
  ratio: number;
  /** The activity's time and CPU per notification beyond plain nodemailer sending copies made beforehand. */
  extra: Spent;
  /** Of it, measured in the same loop: making each reader's copy (link, bodies, .ics) as it is sent; */
  making: Spent;
  /** the ledger's lookups and durable appends around each copy; */
  ledger: Spent;
  /** and the rest: the activity's deadline signal, its attempt's progress, its records. */
  rest: Spent;
  /** Making one notification's .ics alone, ms. */
  icsMs: number;
}

export interface ScaleFigures {
  server: string;
  n: number;
  ratio: number;
  /** Seconds per organization to all assignments. */
  perOrganization: number;
  cpuPerWorkflow: number;
  threads: string;
  /** The scale floor's worker (trivial workflows, the same mails), CPU per workflow: ms, and by thread. */
  floorCpuPerWorkflow: number;
  floorThreads: string;
  /** The Temporal server's CPU per workflow, ms: while ours ran, while the floor ran. */
  serverCpu: number;
  floorServerCpu: number;
  events: string;
}

/** Ours at N organizations again, its workflow threads without the SDK's per-promise stack capture. */
export interface PromiseHookFigures {
  n: number;
  cpuPerWorkflow: number;
  threads: string;
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Per server run at two N or more: its smallest and largest N, and the cost per organization of one to the other. */
export function organizationCosts(
  scales: ScaleFigures[],
): { server: string; first: ScaleFigures; last: ScaleFigures; cost: number }[] {
  return [...new Set(scales.map((s) => s.server))].flatMap((server) => {
    const on = scales.filter((s) => s.server === server);
    if (on.length < 2) return [];
    const [first, last] = [on[0], on[on.length - 1]];
    return [{ server, first, last, cost: last.perOrganization / first.perOrganization }];
  });
}

/** One line per missed target, naming what the run measured of its cause; none when all are met. */
export function missCauses(
  year: YearFigures | undefined,
  email: EmailFigures | undefined,
  scales: ScaleFigures[],
  hooks?: PromiseHookFigures,
): string[] {
  const lines: string[] = [];
  if (year && year.ratio < 0.7) {
    const { ours, floor } = year;
    lines.push(
      `Year floor / ours ${year.ratio.toFixed(2)}: ours ran ${ours.workflowTasks} workflow tasks to the floor's ${floor.workflowTasks} ` +
        `(each a sandbox activation and a round trip to the server), ${ours.activities} activities to ${floor.activities}, ` +
        `${ours.localActivities} local activities to ${floor.localActivities} and ${ours.updates} Updates to ${floor.updates}: ` +
        "the plan loading, the item starts, the checks, and what the people's Updates set off (state, search attributes, " +
        "mail) where the floor's Update handlers only count them. " +
        `Ours' client took ${year.steps.ours} steps (the people's Updates, the theme starts) one after another, its last ` +
        `${year.steps.oursSeconds.toFixed(1)} s in; the floor's took ${year.steps.floor} (starts, outside signals, the same Updates), its last ` +
        `${year.steps.floorSeconds.toFixed(1)} s in.`,
    );
  }
  if (email && email.ratio < 0.8) {
    const { extra, making, ledger, rest } = email;
    const both = (x: Spent) => `${x.ms.toFixed(2)} ms of time and ${x.cpuMs.toFixed(2)} ms of CPU`;
    lines.push(
      `Email ${email.ratio.toFixed(2)}: per notification the activity takes ${both(extra)} (all threads) more than ` +
        'plain nodemailer sending copies made beforehand. Plain nodemailer taking its steps one at a time, in the same ' +
        `loop: making each reader's copy as it is sent (signed link, bodies, .ics; the .ics alone ${email.icsMs.toFixed(2)} ms) ` +
        `adds ${both(making)}; the ledger's lookups and durable appends around each copy ${both(ledger)}; the rest ` +
        `(the deadline signal per send, the attempt's progress, the records) ${both(rest)}. The first two are what a ` +
        'personal signed link per reader and a copy never sent twice cost; the floor does neither.',
    );
  }
  const overCpu = scales.filter((x) => x.cpuPerWorkflow > 5);
  if (overCpu.length) {
    const first = overCpu[0];
    const [low, high] = [Math.min, Math.max].map((f) => f(...overCpu.map((x) => x.cpuPerWorkflow)));
    const same = hooks && scales.find((x) => x.n === hooks.n && x.server === first.server);
    lines.push(
      `Worker CPU per workflow ${low === high ? ms(low) : `${ms(low)} to ${ms(high)}`} against 5 ms: at N = ${first.n} ` +
        `(${first.server}), by thread, ${first.threads}; a plan and its task 05 take ${first.events} to the assignment, ` +
        "each workflow task an activation in the sandbox's thread and the SDK's core bridge on the main one. " +
        `The floor's worker, trivial workflows sending the same mails, took ${ms(first.floorCpuPerWorkflow)} per workflow ` +
        `(${first.floorThreads}).` +
        (hooks && same
          ? ` Without the promise hook the SDK installs in the workflow thread (a stack trace captured and ` +
            `source-mapped at every promise a workflow creates, for Temporal UI's stack traces; sdk-typescript#1587), ours ` +
            `took ${ms(hooks.cpuPerWorkflow)} (${hooks.threads}) at N = ${hooks.n}: ` +
            `${ms(same.cpuPerWorkflow - hooks.cpuPerWorkflow)} of the ${ms(same.cpuPerWorkflow)} is that hook's.`
          : ''),
    );
  }
  for (const x of scales.filter((s) => s.ratio < 0.7))
    lines.push(
      `Scale floor / ours ${x.ratio.toFixed(2)} at N = ${x.n} (${x.server}): the server used ${ms(x.serverCpu)} of CPU ` +
        `per workflow for ours, ${ms(x.floorServerCpu)} for the floor; the worker ${ms(x.cpuPerWorkflow)} for ours, ` +
        `${ms(x.floorCpuPerWorkflow)} for the floor; on the same two cores.`,
    );
  for (const { server, first, last, cost } of organizationCosts(scales)) {
    if (cost <= 1.2) continue;
    lines.push(
      `Cost per organization ${cost.toFixed(2)} from N = ${first.n} to N = ${last.n} (${server}): the server's CPU per ` +
        `workflow went from ${ms(first.serverCpu)} to ${ms(last.serverCpu)} (the floor's from ${ms(first.floorServerCpu)} ` +
        `to ${ms(last.floorServerCpu)}), the worker's from ${ms(first.cpuPerWorkflow)} to ${ms(last.cpuPerWorkflow)}.`,
    );
  }
  return lines;
}
