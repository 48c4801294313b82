// Who an address typed at the front door is, and which links their mail carries: the leading group
// the year's overview, a lead each item of their branch, after a change of lead the new lead only;
// nobody for an address the plan does not hold.
import { linkMailOffice, linkRequestMail, personLinks, type PlanSeen } from '../../domain/link-request';
import { initialPlanState, type PlanPeople } from '../../domain/plan-state';

const people: PlanPeople = {
  head: { name: '王建国', email: 'wang.jianguo@example.gov.cn' },
  leadingGroup: [
    { name: '王建国', email: 'wang.jianguo@example.gov.cn' },
    { name: '张华', email: 'zhang.hua@example.gov.cn' },
  ],
  office: [{ name: '赵丽', email: 'zhao.li@example.gov.cn' }],
  branches: [
    { id: 'legal', name: '法规处', lead: { name: '何敏', email: 'he.min@example.gov.cn' } },
    { id: 'office', name: '办公室', lead: { name: '周强', email: 'zhou.qiang@example.gov.cn' } },
  ],
};

function plan(changeLegal = false): PlanSeen {
  const state = initialPlanState(2026, '无锡市机关事务管理局', '2026-01-05T01:00:00Z');
  const item = (kind: 'task' | 'theme', id: string, title: string) => ({
    kind,
    id,
    workflowId: `civ-2026-${kind}-${id}`,
    title,
    due: '2026-12-15',
    state: 'open' as const,
    pending: [],
    escalationLevel: 0,
  });
  state.items = {
    'civ-2026-task-05': item('task', '05', '积极开展普法知识教育'),
    'civ-2026-task-13': item('task', '13', '积极开展文化体育活动'),
    'civ-2026-theme-12': item('theme', '12', '“公益志愿”展示月主题活动'),
  };
  if (changeLegal)
    state.leadChanges = [
      {
        branch: 'legal',
        lead: { name: '陈新', email: 'chen.xin@example.gov.cn' },
        actor: '赵丽',
        reason: '人事调整',
        at: '2026-06-01T01:00:00Z',
      } as never,
    ];
  return {
    scope: { year: 2026 },
    planWorkflowId: 'civ-2026-plan',
    organization: '无锡市机关事务管理局',
    people,
    state,
    itemBranches: {
      'civ-2026-task-05': ['legal', 'office'],
      'civ-2026-task-13': ['office'],
      'civ-2026-theme-12': ['legal', 'office'],
    },
  };
}

test('a lead gets a link to each item of their branch, in the lead role, whatever case the address', () => {
  const seen = plan();
  const found = personLinks([seen], ' He.Min@Example.gov.cn ');
  expect(found).toEqual({
    plan: seen,
    name: '何敏',
    email: 'he.min@example.gov.cn',
    grants: [
      {
        workflowId: 'civ-2026-task-05',
        role: { kind: 'lead', branch: 'legal' },
        // Numbered as the other mails number it: 第5项, never 任务05.
        label: '2026年度第5项任务“积极开展普法知识教育”（法规处负责人）',
      },
      {
        workflowId: 'civ-2026-theme-12',
        role: { kind: 'lead', branch: 'legal' },
        label: '2026年度12月“公益志愿”展示月主题活动（法规处负责人）',
      },
    ],
  });
});

test('the head, the office and a deputy get the year overview in their role', () => {
  expect(personLinks([plan()], 'wang.jianguo@example.gov.cn')?.grants).toEqual([
    { workflowId: 'civ-2026-plan', role: { kind: 'head' }, label: '2026年度创建工作总览（领导小组组长）' },
  ]);
  expect(personLinks([plan()], 'zhao.li@example.gov.cn')?.grants.map((g) => g.role)).toEqual([
    { kind: 'office' },
  ]);
  expect(personLinks([plan()], 'zhang.hua@example.gov.cn')?.grants.map((g) => g.role)).toEqual([
    { kind: 'deputy' },
  ]);
});

test('after a change of lead the new lead gets the branch’s links and the old one nothing', () => {
  expect(personLinks([plan(true)], 'he.min@example.gov.cn')).toBeUndefined();
  expect(personLinks([plan(true)], 'chen.xin@example.gov.cn')).toMatchObject({
    name: '陈新',
    grants: [{ workflowId: 'civ-2026-task-05' }, { workflowId: 'civ-2026-theme-12' }],
  });
});

test('an address no plan holds is nobody', () => {
  expect(personLinks([plan()], 'nobody@example.gov.cn')).toBeUndefined();
  expect(personLinks([], 'he.min@example.gov.cn')).toBeUndefined();
});

test('the mail names the person and lists each link, as the office writes it', () => {
  const mail = linkRequestMail(
    { name: '何敏' },
    [{ label: '2026年度任务“积极开展普法知识教育”（法规处负责人）', url: 'http://p/l/a.b.c' }],
    '2026-12-02',
  );
  expect(mail.subject).toBe('【文明单位创建】办理链接补发');
  expect(mail.text).toContain('何敏同志：');
  expect(mail.text).toContain(
    '1. 2026年度任务“积极开展普法知识教育”（法规处负责人）（办理链接：http://p/l/a.b.c）',
  );
  expect(mail.text).toContain('2026年12月2日');
  expect(mail.html).toContain('http://p/l/a.b.c');
});

test('the office signs the mail and names whom to ask; to its own staff, the system writes', () => {
  const ref = {
    organization: '无锡市机关事务管理局',
    officeName: '文明单位创建工作领导小组办公室',
    contact: { name: '赵丽', phone: '0510-12345678' },
  };
  const lead = personLinks([plan()], 'he.min@example.gov.cn')!;
  const mail = linkRequestMail({ name: '何敏' }, [], '2026-12-02', linkMailOffice(lead, ref));
  expect(mail.text).toContain('无锡市机关事务管理局文明单位创建工作领导小组办公室\n2026年12月2日');
  expect(mail.text).toContain('联系人：赵丽，电话：0510-12345678。');
  const staff = personLinks([plan()], 'zhao.li@example.gov.cn')!;
  expect(linkMailOffice(staff, ref).signer).toBe('文明单位创建工作平台');
});
