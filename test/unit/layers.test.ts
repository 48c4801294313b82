// The rules of eslint.config.js fire: an upward import, a circle, a Node built-in or an activity's
// code in workflow code, a floating promise and a function over 80 lines are each reported. The code
// is linted as text under real file names, so the rules see the folders they guard.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const probe = (code: string, file: string) => ({ file, code });
const CASES = {
  domainUp: probe(
    "import { TASK_QUEUE } from '../client/connection';\nexport const q = TASK_QUEUE;\n",
    'domain/calendar.ts',
  ),
  domainDown: probe(
    "import { localDate } from './calendar';\nexport const d = localDate(0);\n",
    'domain/ids.ts',
  ),
  clientCli: probe(
    "import { CliError } from '../cli/errors';\nexport const e = CliError;\n",
    'client/connection.ts',
  ),
  clientPortal: probe(
    "import { page } from '../portal/layout';\nexport const p = page;\n",
    'client/connection.ts',
  ),
  clientWorkflow: probe(
    "import { planWorkflow } from '../workflows/plan';\nexport const w = planWorkflow;\n",
    'client/connection.ts',
  ),
  activityCli: probe(
    "import { CliError } from '../cli/errors';\nexport const e = CliError;\n",
    'activities/plan.ts',
  ),
  workflowActivityValue: probe(
    "import { createActivities } from '../activities';\nexport const a = createActivities;\n",
    'workflows/task.ts',
  ),
  workflowActivityType: probe(
    "import type { Activities } from '../activities';\nexport type A = Activities;\n",
    'workflows/task.ts',
  ),
  workflowNode: probe(
    "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    'workflows/task.ts',
  ),
  // domain/ids.ts imports domain/organization.ts at run time: importing ids back closes a circle.
  circle: probe(
    "import { planWorkflowId } from './ids';\nexport const p = planWorkflowId;\n",
    'domain/organization.ts',
  ),
  floating: probe('async function f(): Promise<void> {}\nf();\n', 'domain/html.ts'),
  long: probe(`export function f(): number {\n${'  void 0;\n'.repeat(80)}  return 1;\n}\n`, 'domain/html.ts'),
};

let fired: Record<keyof typeof CASES, string[]>;

beforeAll(() => {
  const names = Object.keys(CASES) as (keyof typeof CASES)[];
  const out = execFileSync(process.execPath, [join(__dirname, '..', 'helpers', 'lint-probe.js')], {
    input: JSON.stringify(names.map((n) => CASES[n])),
    encoding: 'utf8',
  });
  const results = JSON.parse(out) as string[][];
  fired = Object.fromEntries(names.map((n, i) => [n, results[i]])) as typeof fired;
}, 120_000);

test('the domain imports nothing of ours but the domain', () => {
  expect(fired.domainUp).toContain('import-x/no-restricted-paths');
  expect(fired.domainDown).toEqual([]);
});

test('the library that reaches Temporal never imports the CLI, the portal or workflow code', () => {
  expect(fired.clientCli).toContain('import-x/no-restricted-paths');
  expect(fired.clientPortal).toContain('import-x/no-restricted-paths');
  expect(fired.clientWorkflow).toContain('import-x/no-restricted-paths');
});

test('activities never import the CLI or the portal', () => {
  expect(fired.activityCli).toContain('import-x/no-restricted-paths');
});

test('workflow code takes the activities as types only, and no Node built-in', () => {
  expect(fired.workflowActivityValue).toContain('@typescript-eslint/no-restricted-imports');
  expect(fired.workflowActivityType).toEqual([]);
  expect(fired.workflowNode).toContain('import-x/no-nodejs-modules');
});

test('an import circle is reported', () => {
  expect(fired.circle).toContain('import-x/no-cycle');
});

test('a floating promise is reported', () => {
  expect(fired.floating).toContain('@typescript-eslint/no-floating-promises');
});

test('a function over 80 lines is reported', () => {
  expect(fired.long).toContain('max-lines-per-function');
});
