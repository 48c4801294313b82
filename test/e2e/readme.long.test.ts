// Every command example of the README runs as written, against a real stack: the Temporal CLI dev
// server, a real SMTP server on loopback, a worker with the real activities and the plan of the
// year the stack runs. The examples are found by their form (lines starting `npx civ` or `npm run`
// in the README's sh blocks, with the block's variable lines such as `Y=$(date +%Y)`), so lines
// added later are run too; each runs in bash, in order, as a newcomer types it, and must exit 0 and
// do what its comment says (EXPECT); the few that cannot run here are EXCEPTIONS, with the reason.
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { localDate } from '../../domain/calendar';
import { planStatusQuery } from '../../wire/messages';
import { startYearStack, type YearStack } from '../helpers/year-stack';

jest.setTimeout(900_000);

const REPO = resolve(__dirname, '..', '..');
const QUEUE = 'civ-readme-test';
const Y = Number(localDate(Date.now()).slice(0, 4));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The README's sh blocks: their variable lines, and their examples in order. */
export function readmeExamples(markdown: string): { setup: string[]; examples: string[] } {
  const setup: string[] = [];
  const examples: string[] = [];
  for (const block of markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm))
    for (const line of block[1].split('\n')) {
      if (/^[A-Z_]+=/.test(line)) setup.push(line);
      else if (/^(npx civ|npm run|npm ci|npm start)\b/.test(line)) examples.push(line);
    }
  return { setup, examples };
}

/** What cannot run in this test, and why; each is still matched, so none goes unnoticed. */
const EXCEPTIONS: [RegExp, string][] = [
  [
    /^npm ci && npm start\b/,
    'installs, then runs the local stack in the foreground until Ctrl-C (test/e2e/admin.long.test.ts starts it as npm start does)',
  ],
  [/^npm ci && npm run test:all\b/, 'the whole test suite, this file among it'],
  [
    /^npx civ doctor\b/,
    'checks the stack npm start runs on its fixed ports (8233, 1025, 1080, 8080); this stack runs on free ports (test/e2e/admin.long.test.ts runs civ doctor against npm start)',
  ],
];

let stack: YearStack;
let work: string;

const file = (path: string) => join(work, path);
const has = (path: string) => () => expect(existsSync(file(path))).toBe(true);
const out = (pattern: RegExp) => (r: Run) => expect(r.stdout).toMatch(pattern);

/** What each example's comment says it does, checked on its result; by the example's start. */
const EXPECT: [RegExp, (r: Run) => unknown][] = [
  [/^npx civ plan validate /, out(/^plans\/2020\.yaml: OK — 2020 年, 16 项任务/)],
  [/^npx civ plan show /, out(/积极开展普法知识教育/)],
  [/^npx civ plan roll /, has(`data/${Y + 1}.yaml`)],
  [/^npx civ plan template /, has('data/任务分解表.xlsx')],
  [/^npx civ plan draft /, has('data/任务分解表-草稿.xlsx')],
  [/^npx civ year start /, out(new RegExp(`^civ-${Y}-plan: (started|already running)`))],
  [/^npx civ year status /, out(new RegExp(`^${Y}年 `))],
  [/^npx civ task start \S+ 05/, out(new RegExp(`^civ-${Y}-task-05: (started|already started)\n$`))],
  [/^npx civ task status /, out(/法规处|legal/)],
  [/--branch legal .*law-awareness=96/, out(/report from legal recorded/)],
  [/^npx civ task report \S+ 05 --branch office/, out(/state awaiting-sign-off\n$/)],
  [/^npx civ task decide \S+ 05 approve/, out(/approved; state signed-off\n$/)],
  [/^npx civ task report \S+ 08 .*46\/50/, out(/report from party-committee recorded/)],
  [/^npx civ task decide \S+ 08 return/, out(/returned; state returned\n$/)],
  [/^npx civ task extend \S+ 12 /, out(new RegExp(`due date now ${Y}-12-18\n$`))],
  [/^npx civ task close \S+ 16 /, out(/closed; state unfinished\n$/)],
  [/^npx civ theme start \S+ 11/, out(new RegExp(`^civ-${Y}-theme-11: (started|already started)`))],
  [
    /^npx civ festival start \S+ duanwu/,
    out(new RegExp(`^civ-${Y}-festival-duanwu: (started|already started)`)),
  ],
  [/^npx civ (theme|festival) status /, out(/\S/)],
  [/^npx civ notifications \S+ --task 05/, out(/\S/)],
  [/^npx civ year report \S+ --format md/, out(new RegExp(`${Y}`))],
  [/^npx civ year report \S+ --format docx/, has(`civ-${Y}-report.docx`)],
  [/^npx civ year archive /, has(`civ-${Y}-archive.zip`)],
  [/^npx civ year revoke-links /, out(/links of he\.min@example\.gov\.cn made until now no longer work/)],
  [/^npx civ schedule describe /, out(/\S/)],
  [
    /^npx civ year rollover .*--dry-run/,
    async () =>
      expect((await stack.env.client.workflow.getHandle(`civ-${Y}-plan`).query(planStatusQuery)).phase).toBe(
        'running',
      ),
  ],
  [
    /^npx civ year preview 2020 .*--out data\/preview-2020/,
    (r) => {
      expect(r.stdout).toMatch(/封邮件已写入 data\/preview-2020/);
      expect(
        readdirSync(file('data/preview-2020'), { recursive: true }).some((f) => String(f).endsWith('.eml')),
      ).toBe(true);
    },
  ],
  [/^npm run bench:timeline/, out(/task 09/)],
];

/** Examples whose comment says they are refused here, with what is expected of the refusal. */
const REFUSED: [RegExp, RegExp][] = [[/^npx civ year sign-off /, /^civ: rejected: /]];

beforeAll(async () => {
  stack = await startYearStack({ year: Y, queue: QUEUE });
  // The plans folder of the stack is the repository's (the year's own when it ships one).
  cpSync(join(REPO, 'plans'), stack.dir, { recursive: true, force: true });
  // The newcomer's checkout: plans/, data/ and the seed at ../shared/seed, as the README has them;
  // outside the repository, so every file an example writes stays in this folder.
  const root = mkdtempSync(join(tmpdir(), 'civ-readme-'));
  work = join(root, 'repo');
  mkdirSync(join(work, 'data'), { recursive: true });
  mkdirSync(join(root, 'shared'));
  symlinkSync(stack.dir, join(work, 'plans'));
  symlinkSync(resolve(REPO, '..', 'shared', 'seed'), join(root, 'shared', 'seed'));
});

afterAll(async () => {
  await stack?.close();
  if (work) rmSync(resolve(work, '..'), { recursive: true, force: true });
});

/** One example in bash, as typed: `npx civ` is the repository's bin/civ.js, `npm` runs in the repository. */
function runExample(setup: string[], line: string): Promise<Run> {
  const script = [
    `npx() { if [ "$1" = civ ]; then shift; node ${JSON.stringify(join(REPO, 'bin', 'civ.js'))} "$@"; else command npx "$@"; fi; }`,
    `npm() { (cd ${JSON.stringify(REPO)} && command npm "$@"); }`,
    ...setup,
    line,
  ].join('\n');
  const env = stack.env;
  return new Promise((done) =>
    execFile(
      'bash',
      ['-c', script],
      {
        cwd: work,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: env.address,
          TEMPORAL_NAMESPACE: env.namespace ?? 'default',
          CIV_TASK_QUEUE: QUEUE,
          CIV_PLANS_DIR: join(work, 'plans'),
          CIV_DATA_DIR: stack.dir,
        },
      },
      (err, stdout, stderr) =>
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

test('every command example of the README runs as written and does what its comment says', async () => {
  const { setup, examples } = readmeExamples(readFileSync(join(REPO, 'README.md'), 'utf8'));
  expect(setup.some((line) => line.startsWith('Y=$(date +%Y)'))).toBe(true);
  expect(examples.length).toBeGreaterThan(25);
  const failures: string[] = [];
  for (const line of examples) {
    if (EXCEPTIONS.some(([form]) => form.test(line))) continue;
    const started = Date.now();
    const r = await runExample(setup, line);
    const what = `${line}\n  → exit ${r.code} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`;
    process.stdout.write(`${what}\n`);
    const refused = REFUSED.find(([form]) => form.test(line));
    try {
      if (refused) {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(refused[1]);
      } else {
        expect(r.code).toBe(0);
        for (const [form, check] of EXPECT) if (form.test(line)) await check(r);
      }
    } catch (err) {
      failures.push(
        `${what}\n  ${err instanceof Error ? err.message.split('\n').slice(0, 4).join(' ') : String(err)}`,
      );
    }
  }
  expect(failures).toEqual([]);
});

test('the exceptions are lines of the README still, each with its reason', () => {
  const { examples } = readmeExamples(readFileSync(join(REPO, 'README.md'), 'utf8'));
  for (const [form, reason] of EXCEPTIONS) {
    expect(reason.length).toBeGreaterThan(10);
    expect(examples.some((line) => form.test(line))).toBe(true);
  }
});
