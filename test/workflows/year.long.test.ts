// A whole year of the default 2020 plan on the time-skipping server, as `civ year preview` runs it:
// the annual plan workflow with every task, theme and festival workflow, the real email activity
// delivering to a real SMTP server on loopback. Branches report on time, except the legal office
// (法规处) in the first run: it alone, its deputy head and the head hear of lateness.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Plan } from '../../domain/plan';
import { renderYearReport } from '../../report';
import { formatPreview, writeEml } from '../../preview/output';
import { type PreviewResult, runPreview } from '../../preview/run';
import { keepHistory } from '../helpers/histories';
import { plan2020 } from '../helpers/plans';

jest.setTimeout(300_000);

const plan: Plan = plan2020();
// The late run has every branch report on each theme and festival (activities.reportedBy: all), so
// the legal office owes December's theme too; the on-time run is the shipped plan, whose themes and
// festivals the branches of tasks 10 and 07 lead and report.
const planAll: Plan = { ...plan, activities: { ...plan.activities, reportedBy: 'all' } };
const lead = (branch: string) => plan.branches.find((b) => b.id === branch)!.lead.email;
const deputy = (id: string) => plan.leadingGroup.deputies.find((d) => d.id === id)!.email;
const head = plan.leadingGroup.head.email;
const office = plan.leadingGroup.office.email;

/** Emails each address received, by kind. */
function received(result: PreviewResult): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const m of result.mails)
    for (const r of m.recipients) {
      const kinds = out.get(r) ?? new Map<string, number>();
      kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
      out.set(r, kinds);
    }
  return out;
}
const count = (r: Map<string, Map<string, number>>, address: string, kind: string) =>
  r.get(address)?.get(kind) ?? 0;

let late: PreviewResult;
let onTime: PreviewResult;
beforeAll(async () => {
  // Kept as replay fixtures (CIV_RECORD_HISTORIES=1): the year, a theme, a festival, a late task.
  const histories = ['civ-2020-plan', 'civ-2020-theme-04', 'civ-2020-festival-qingming', 'civ-2020-task-05'];
  late = await runPreview(planAll, { late: ['legal'], histories });
  for (const id of histories) keepHistory(id.replace(/^civ-2020-/, 'year-late-'), late.histories[id]);
  onTime = await runPreview(plan, { late: [] });
});

test('every task, theme and festival workflow runs; what was over before the plan is recorded, not announced', () => {
  for (const result of [late, onTime]) {
    expect(result.refused).toEqual([]);
    const ids = Object.keys(result.items).sort();
    expect(ids.filter((id) => id.includes('-task-'))).toHaveLength(16);
    expect(ids.filter((id) => id.includes('-theme-'))).toEqual(
      ['03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `civ-2020-theme-${m}`),
    );
    expect(ids.filter((id) => id.includes('-festival-'))).toEqual(
      ['duanwu', 'midautumn', 'qingming'].map((f) => `civ-2020-festival-${f}`),
    );
    expect(result.planState.past.map((p) => `${p.kind} ${p.id}`)).toEqual([
      'theme 01',
      'theme 02',
      'festival spring',
    ]);
    expect(result.planState.phase).toBe('signed-off');
    expect(result.planState.finalSignOff?.actor).toBe('王建国');
  }
  expect(Object.values(onTime.items).every((s) => s.phase === 'signed-off')).toBe(true);
  // The legal office never reports December's theme within the year: it alone ends unfinished.
  expect(
    Object.entries(late.items)
      .filter(([, s]) => s.phase !== 'signed-off')
      .map(([id, s]) => [id, s.phase]),
  ).toEqual([['civ-2020-theme-12', 'unfinished']]);
});

test('each email reached the SMTP server once, as its workflow recorded it', () => {
  for (const result of [late, onTime]) {
    const recorded = [
      ...Object.values(result.items).flatMap((s) => s.notifications),
      ...result.planState.notifications,
    ];
    expect(result.mails).toHaveLength(recorded.length);
    const ids = result.mails.map((m) => `${m.workflowId} ${m.key}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.mails.every((m) => m.at.startsWith('2020-') || m.at.startsWith('2021-01'))).toBe(true);
  }
});

test('only the late branch, its deputy head, the office and the head hear of lateness', () => {
  const r = received(late);
  for (const b of plan.branches)
    expect([b.id, count(r, lead(b.id), 'overdue') > 0]).toEqual([b.id, b.id === 'legal']);
  expect(count(r, deputy('zhang-hua'), 'escalation-deputy')).toBeGreaterThan(0);
  expect(count(r, deputy('li-ming'), 'escalation-deputy')).toBe(0);
  expect(count(r, deputy('chen-jing'), 'escalation-deputy')).toBe(0);
  expect(count(r, office, 'escalation-office')).toBeGreaterThan(0);
  // The head hears of a late item only after the deputy did.
  expect(count(r, head, 'escalation-head')).toBeGreaterThan(0);
  expect(count(r, head, 'escalation-head')).toBeLessThanOrEqual(
    count(r, deputy('zhang-hua'), 'escalation-deputy'),
  );
  // Every overdue notice, escalation and the unfinished notice is about an item the legal office owes.
  const lateKinds = new Set([
    'overdue',
    'escalation-office',
    'escalation-deputy',
    'escalation-head',
    'unfinished',
  ]);
  for (const m of late.mails.filter((x) => lateKinds.has(x.kind)))
    expect([m.workflowId, late.items[m.workflowId].branches.some((b) => b.id === 'legal')]).toEqual([
      m.workflowId,
      true,
    ]);

  const none = received(onTime);
  for (const kind of lateKinds)
    expect([kind, [...none.values()].reduce((n, k) => n + (k.get(kind) ?? 0), 0)]).toEqual([kind, 0]);
});

test('every person gets the emails of their part: assignments, reminders, sign-offs, bulletins, the year summary', () => {
  const r = received(onTime);
  for (const b of plan.branches) {
    // Their tasks, the 10 themes from March and the 3 festivals after the plan was issued: to the
    // branches leading the activities (those of tasks 10 and 07, the plan's choice), copied to the
    // others, who take part; only the leading ones report them and hear of their sign-off.
    const tasks = plan.tasks.filter((t) => t.branches.includes(b.id)).length;
    const activities = ['party-committee', 'first-branch'].includes(b.id) ? 10 + 3 : 0;
    expect([b.id, count(r, b.lead.email, 'assignment')]).toEqual([b.id, tasks + 10 + 3]);
    expect([b.id, count(r, b.lead.email, 'signed-off')]).toEqual([b.id, tasks + activities]);
  }
  // The office is asked to sign off every office-signed item; the head those it signs.
  const headSigned = plan.tasks.filter((t) => t.signOff === 'head').length;
  expect(count(r, head, 'ready-for-sign-off')).toBe(headSigned);
  expect(count(r, office, 'ready-for-sign-off')).toBe(16 + 10 + 3);
  // A bulletin on the first working day of April to December, to the leading group and every branch.
  for (const address of [head, deputy('li-ming'), office, lead('finance')])
    expect(count(r, address, 'bulletin')).toBe(9);
  expect(count(r, head, 'final-sign-off-request')).toBe(1);
  expect(count(r, head, 'year-summary')).toBe(1);
  expect(count(r, lead('finance'), 'year-summary')).toBe(0);
});

test('the year summary carries the year report as an HTML attachment', async () => {
  const summary = await simpleParser(onTime.mails.find((m) => m.kind === 'year-summary')!.raw);
  expect(summary.subject).toBe('【年度总结】2020年文明单位创建工作总结');
  expect(summary.text).toContain('已经王建国组长审核通过');
  const [report] = summary.attachments;
  expect(report.filename).toBe('2020年文明单位创建工作年度报告.html');
  expect(report.content.toString()).toContain('<svg');
});

test('the year report of the run shows every item, the appraisal and the charts', () => {
  const html = renderYearReport(late.record, 'html');
  expect(late.record.items.filter((i) => i.state === 'signed-off')).toHaveLength(16 + 9 + 3);
  expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(3);
  expect(html).toContain('法规处');
  const md = renderYearReport(late.record, 'md');
  expect(md).toContain('王建国');
});

test('the preview prints, per person, every email and when; and writes them as .eml files', () => {
  const text = formatPreview(late);
  expect(text).toMatch(/^无锡市机关事务管理局2020年实施方案预览：自2020-03-09起至年度审核，共发出邮件\d+封/);
  expect(text).toContain('迟报单位：法规处');
  expect(text).toContain('== 何敏（法规处处长）<he.min@example.gov.cn>：');
  expect(text).toMatch(/ {3}2020-04-01 09:00 {2}情况通报/);
  expect(text).toMatch(/\n合计：\d+封。按类型：任务交办 \d+/);
  const dir = mkdtempSync(join(tmpdir(), 'civ-eml-'));
  try {
    expect(writeEml(late, dir)).toBe(late.mails.length);
    const files = readdirSync(dir).sort();
    expect(files[0]).toMatch(/^001-civ-2020-task-\d\d-assignment\.eml$/);
    // Dated when the simulated year sent it, not when the preview ran.
    expect(readFileSync(join(dir, files[0]), 'utf8')).toMatch(/^Date: .* 2020 01:30:\d\d \+0000$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
