// How long a task workflow's timeline and agenda take: computed on a cache miss (start, extension,
// return, every replay) and consulted on each activation. Prints one row per task of every shipped
// plan and for the worst policy the plan schema allows; run with `npm run bench:timeline`.
//
// Goal (issue 6): timeline + agenda ≤ 5 ms for every shipped task, ≤ 20 ms for the worst policy.
import { performance } from 'node:perf_hooks';
import { loadPlanDirectory } from '../config/plan-files';
import type { Plan } from '../domain/plan';
import { itemCalendar, taskDefinition, type ItemDefinition } from '../domain/item-definition';
import { initialState } from '../domain/item-state';
import { agenda, planTimeline } from '../domain/item-timeline';

const RUNS = 25;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median ms of one cold timeline plus one agenda, as on the first activation after a change. */
function measure(def: ItemDefinition): { notifications: number; ms: number } {
  const cal = itemCalendar(def);
  const state = initialState(def, Date.parse(`${def.ref.year}-01-01T00:00:00+08:00`));
  // Half the year handled, so the agenda has both sides to look at.
  const mid = Date.parse(`${def.ref.year}-07-01T00:00:00+08:00`);
  const warm = planTimeline(def, state, cal);
  state.handledKeys = warm.filter((p) => p.at < mid).map((p) => p.key);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    agenda(planTimeline(def, state, cal), state, mid);
    times.push(performance.now() - t0);
  }
  return { notifications: warm.length, ms: median(times) };
}

/** The worst the schema allows: every working day escalated to both, ten reminder offsets, twelve milestones, due on the first working day. */
function worstCase(plan: Plan): ItemDefinition {
  const def = taskDefinition(plan, plan.tasks[0].id);
  const year = plan.year;
  return {
    ...def,
    ref: { ...def.ref, due: `${year}-01-02` },
    reminderDaysBefore: [90, 60, 45, 30, 21, 14, 7, 3, 2, 1],
    escalation: { graceWorkingDays: 0, repeatEveryWorkingDays: 1, headAfterWorkingDays: 1 },
    milestones: Array.from({ length: 12 }, (_, i) => ({
      id: `m${i + 1}`,
      title: `第${i + 1}个节点`,
      due: `${year}-01-01`,
    })),
  };
}

const rows: [string, number, number, number][] = [];
for (const plan of loadPlanDirectory()) {
  for (const task of plan.tasks) {
    const { notifications, ms } = measure(taskDefinition(plan, task.id));
    rows.push([`plans/${plan.year}.yaml task ${task.id}`, notifications, ms, 5]);
  }
  const { notifications, ms } = measure(worstCase(plan));
  rows.push([`plans/${plan.year}.yaml worst policy`, notifications, ms, 20]);
}

const width = Math.max(...rows.map(([name]) => name.length));
console.log(`${'case'.padEnd(width)}  notifications  timeline+agenda (median of ${RUNS})  goal`);
for (const [name, n, ms, goal] of rows)
  console.log(
    `${name.padEnd(width)}  ${String(n).padStart(13)}  ${ms.toFixed(2).padStart(9)} ms${' '.repeat(22)}≤ ${goal} ms ${ms <= goal ? 'met' : 'MISSED'}`,
  );
const shipped = rows.filter(([name]) => !name.endsWith('worst policy'));
const worst = rows.filter(([name]) => name.endsWith('worst policy'));
console.log(
  `\nshipped tasks: max ${Math.max(...shipped.map((r) => r[2])).toFixed(2)} ms; worst policy: max ${Math.max(...worst.map((r) => r[2])).toFixed(2)} ms`,
);
