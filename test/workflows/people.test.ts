// Who acts and who is mailed, on the time-skipping server with the annual plan workflow and its
// items: a branch's 签收 and the reminder to the one that did not, a change of a branch's lead (told
// to the running items and to a theme started after it), a revocation of links, and another
// organization's year under its own ids. Kept as replay fixtures (CIV_RECORD_HISTORIES=1).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ItemState } from '../../domain/item-state';
import { planWorkflowId, taskWorkflowId, themeStarterWorkflowId, themeWorkflowId } from '../../domain/ids';
import {
  acknowledgeUpdate,
  changeLeadUpdate,
  definitionQuery,
  planStatusQuery,
  reportUpdate,
  revokeLinksUpdate,
  statusQuery,
} from '../../wire/messages';
import { type ThemeStarterWorkflow, WORKFLOW_TYPES } from '../../wire/workflow-types';
import { recordHistory } from '../helpers/histories';
import { PLAN_QUEUE, planHarness, type PlanHarness } from '../helpers/plan-harness';
import { organizationPlanText } from '../helpers/plans';

jest.setTimeout(300_000);

const ORG = 'unit-a';
const TASK = taskWorkflowId(2020, '05');
const ORG_TASK = taskWorkflowId(2020, '05', ORG);
const THEME_12 = themeWorkflowId(2020, '12');
const NEW_LEAD = { name: '陈新', email: 'chen.xin@example.gov.cn' };

let h: PlanHarness;
beforeAll(async () => {
  h = await planHarness('2020-11-02T09:30:00+08:00', {
    '2020.yaml': readFileSync(join(__dirname, '..', '..', 'plans', '2020.yaml'), 'utf8'),
    [`${ORG}/2020.yaml`]: organizationPlanText(2020, ORG, '测试单位甲'),
  });
  await Promise.all([h.startPlan(2020), h.startPlan(2020, ORG)]);
  for (const id of [TASK, ORG_TASK])
    await h.until(async () => {
      const s = await h.env.client.workflow.getHandle(id).query(statusQuery);
      return s.handledKeys.includes('assignment');
    }, `${id}'s assignment`);
});
afterAll(() => h?.close());

const status = (id: string): Promise<ItemState> => h.env.client.workflow.getHandle(id).query(statusQuery);

test('签收, a change of lead, a revocation: recorded where they belong, later emails to the new lead', async () => {
  const plan = h.env.client.workflow.getHandle(planWorkflowId(2020));
  await h.env.client.workflow.getHandle(TASK).executeUpdate(acknowledgeUpdate, {
    args: [{ branch: 'office', actor: '赵丽', channel: 'portal' }],
  });
  await plan.executeUpdate(changeLeadUpdate, {
    args: [{ branch: 'legal', actor: '赵丽', lead: NEW_LEAD, channel: 'portal' }],
  });
  await plan.executeUpdate(revokeLinksUpdate, {
    args: [{ actor: '赵丽', email: 'zhou.qiang@example.gov.cn', reason: '邮件误转发', channel: 'cli' }],
  });
  const def = await h.until(async () => {
    const d = await h.env.client.workflow.getHandle(TASK).query(definitionQuery);
    return d.branches.find((b) => b.id === 'legal')?.lead.email === NEW_LEAD.email ? d : undefined;
  }, 'the lead change to reach task 05');
  expect(def.branches.map((b) => [b.id, b.lead.name])).toEqual([
    ['legal', '陈新'],
    ['office', '周强'],
  ]);

  // Thursday: the 签收 window of Monday's assignment closes for the branch that did not acknowledge.
  await h.env.sleep(Date.parse('2020-11-05T10:00:00+08:00') - (await h.env.currentTimeMs()));
  const task = await status(TASK);
  expect(task.acknowledged?.office).toMatchObject({ actor: '赵丽', channel: 'portal' });
  expect(task.leadChanges).toEqual([
    expect.objectContaining({ branch: 'legal', from: 'he.min@example.gov.cn', to: NEW_LEAD.email }),
  ]);
  expect(task.notifications.map((n) => [n.kind, n.to])).toEqual([
    ['assignment', ['he.min@example.gov.cn', 'zhou.qiang@example.gov.cn']],
    ['acknowledge-reminder', [NEW_LEAD.email]],
  ]);

  // December's theme, started as its Schedule starts it (the starter), after the change: assigned
  // to the new lead, who alone gets a working link.
  await h.env.sleep(Date.parse('2020-12-01T09:00:00+08:00') - (await h.env.currentTimeMs()));
  await h.env.client.workflow.start<ThemeStarterWorkflow>(WORKFLOW_TYPES.themeStarter, {
    taskQueue: PLAN_QUEUE,
    workflowId: `${themeStarterWorkflowId(2020)}-2020-12`,
    args: [{ year: 2020 }],
  });
  const theme = await h.until(async () => {
    const s = await status(THEME_12);
    return s.notifications.length ? s : undefined;
  }, "December's theme assignment");
  const assignment = theme.notifications.find((n) => n.kind === 'assignment')!;
  expect(assignment.to).not.toContain('he.min@example.gov.cn');
  // The plan's choice (activities.reportedBy: lead): 法规处 takes part without reporting, copied on
  // the announcement, as its lead is now.
  const themeDef = await h.env.client.workflow.getHandle(THEME_12).query(definitionQuery);
  const legal = [...themeDef.branches, ...(themeDef.participants ?? [])].find((b) => b.id === 'legal');
  expect(legal?.lead.email).toBe(NEW_LEAD.email);
  await h.env.sleep(60 * 60_000);
  const planState = await plan.query(planStatusQuery);
  expect(planState.leadChanges?.map((c) => [c.branch, c.lead.email])).toEqual([['legal', NEW_LEAD.email]]);
  expect(planState.revocations?.map((r) => r.email)).toEqual(['zhou.qiang@example.gov.cn']);
  expect(Object.keys(planState.items)).toEqual(expect.arrayContaining([TASK, THEME_12]));
  // December's theme was started by a local activity: the plan's one startPlanItems activity is the
  // year's start.
  const planHistory = await plan.fetchHistory();
  const starts = planHistory.events!.filter(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'startPlanItems',
  );
  expect(starts).toHaveLength(1);

  await recordHistory(plan, 'plan-lead-change-revocation');
  await recordHistory(plan, 'plan-local-theme-start');
  await recordHistory(h.env.client.workflow.getHandle(TASK), 'task-acknowledgement-lead-change');
  await recordHistory(h.env.client.workflow.getHandle(THEME_12), 'theme-after-lead-change');
});

test("another organization's year runs under its own ids and mails its own people", async () => {
  const orgPlan = h.env.client.workflow.getHandle(planWorkflowId(2020, ORG));
  const task = h.env.client.workflow.getHandle(ORG_TASK);
  await task.executeUpdate(reportUpdate, {
    args: [{ branch: 'legal', actor: '何敏', summary: '已完成普法教育', kpis: { 'law-awareness': 97 } }],
  });
  const state = await status(ORG_TASK);
  expect(state.branches.find((b) => b.id === 'legal')?.report?.summary).toBe('已完成普法教育');
  expect(state.notifications[0].to).toEqual([
    `he.min@${ORG}.example.gov.cn`,
    `zhou.qiang@${ORG}.example.gov.cn`,
  ]);
  const planState = await h.until(async () => {
    const s = await orgPlan.query(planStatusQuery);
    return s.items[ORG_TASK] && s;
  }, "the organization's task to report to its plan");
  expect(planState.organization).toBe('测试单位甲');
  expect(Object.keys(planState.items).every((id) => id.startsWith(`civ-${ORG}-2020-`))).toBe(true);

  await recordHistory(orgPlan, 'org-plan');
  await recordHistory(task, 'org-task-05');
});
