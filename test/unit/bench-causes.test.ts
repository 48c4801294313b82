// BENCHMARKS.md's misses section (bench/causes.ts): one line per missed target, carrying the
// figures the run measured of its cause, and nothing for a target met.
import { missCauses, organizationCosts, type ScaleFigures } from '../../bench/causes';

const work = (workflowTasks: number, updates: number) => ({
  workflowTasks,
  activities: 200,
  localActivities: 0,
  updates,
});

const scale = (over: Partial<ScaleFigures>): ScaleFigures => ({
  server: 'dev server',
  n: 50,
  ratio: 0.9,
  perOrganization: 1,
  cpuPerWorkflow: 4,
  threads: 'main 1.0, workflow thread 1.0, core 1.0, helpers 1.0',
  floorCpuPerWorkflow: 3,
  floorThreads: 'main 0.5, workflow thread 0.5, core 1.0, helpers 1.0',
  serverCpu: 3,
  floorServerCpu: 2,
  events: '40 / 26 (workflow tasks 8 / 4)',
  ...over,
});

test('every target met: no line', () => {
  const steps = { ours: 140, oursSeconds: 9, floor: 70, floorSeconds: 5 };
  const year = { ratio: 0.75, ours: work(600, 125), floor: work(560, 0), steps };
  const spent = { ms: 1, cpuMs: 1 };
  const email = { ratio: 0.85, extra: spent, making: spent, ledger: spent, rest: spent, icsMs: 0.3 };
  expect(missCauses(year, email, [scale({}), scale({ n: 200, perOrganization: 1.1 })])).toEqual([]);
});

test('each miss names its measured figures', () => {
  const lines = missCauses(
    {
      ...{ ratio: 0.43, ours: work(624, 125), floor: work(569, 0) },
      steps: { ours: 141, oursSeconds: 9.2, floor: 72, floorSeconds: 4.1 },
    },
    {
      ratio: 0.61,
      extra: { ms: 4.13, cpuMs: 5.34 },
      making: { ms: 1.52, cpuMs: 1.61 },
      ledger: { ms: 1.1, cpuMs: 1.45 },
      rest: { ms: 1.51, cpuMs: 2.28 },
      icsMs: 0.7,
    },
    [
      scale({ cpuPerWorkflow: 39.4 }),
      scale({ n: 1000, ratio: 0.41, perOrganization: 1.65, cpuPerWorkflow: 39.5, serverCpu: 20.5 }),
    ],
  );
  expect(lines).toHaveLength(5);
  expect(lines[0]).toMatch(
    /^Year floor \/ ours 0\.43: ours ran 624 workflow tasks to the floor's 569 .* 125 Updates to 0/,
  );
  expect(lines[1]).toMatch(
    /^Email 0\.61: .*4\.13 ms of time and 5\.34 ms of CPU .*\.ics alone 0\.70 ms\) adds 1\.52 ms of time and 1\.61 ms of CPU; the ledger's .* 1\.10 ms of time and 1\.45 ms of CPU; the rest .* 1\.51 ms of time and 2\.28 ms of CPU/,
  );
  expect(lines[2]).toMatch(/^Worker CPU per workflow 39\.4 ms to 39\.5 ms against 5 ms: at N = 50/);
  expect(lines[3]).toMatch(/^Scale floor \/ ours 0\.41 at N = 1000 \(dev server\): the server used 20\.5 ms/);
  expect(lines[4]).toMatch(
    /^Cost per organization 1\.65 from N = 50 to N = 1000 \(dev server\): .*3\.0 ms to 20\.5 ms/,
  );
});

test('the cost per organization runs from the smallest N of a server to its largest; a server at one N has none', () => {
  const costs = organizationCosts([
    scale({ n: 50, perOrganization: 0.8 }),
    scale({ n: 200, perOrganization: 0.9 }),
    scale({ n: 1000, perOrganization: 1.0 }),
    scale({ server: 'server on PostgreSQL', n: 50, perOrganization: 1.6 }),
  ]);
  expect(costs.map((c) => [c.server, c.first.n, c.last.n, c.cost.toFixed(2)])).toEqual([
    ['dev server', 50, 1000, '1.25'],
  ]);
});

test("the worker's miss names the floor's worker and, measured without it, the SDK's promise hook", () => {
  const hooks = {
    n: 50,
    cpuPerWorkflow: 20.5,
    threads: 'main 8.0, workflow thread 4.0, core 2.5, helpers 6.0',
  };
  const scales = [scale({ cpuPerWorkflow: 26.0, floorCpuPerWorkflow: 6.2, ratio: 0.65 })];
  const [cpu, ratio] = missCauses(undefined, undefined, scales, hooks);
  expect(cpu).toMatch(
    /The floor's worker, trivial workflows sending the same mails, took 6\.2 ms per workflow/,
  );
  expect(cpu).toMatch(
    /ours took 20\.5 ms \(main 8\.0, .*\) at N = 50: 5\.5 ms of the 26\.0 ms is that hook's\./,
  );
  expect(ratio).toMatch(/the worker 26\.0 ms for ours, 6\.2 ms for the floor/);
  // Without the diagnostic run, the line says nothing of the hook.
  expect(missCauses(undefined, undefined, scales)[0]).not.toMatch(/hook/);
});
