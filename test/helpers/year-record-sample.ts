// A whole plan year as the year report receives it: the 2020 plan's tasks, themes, festivals and
// branches, recorded on 2021-01-08 after the year closed. Written out here rather than read from
// plans/2020.yaml, so the appraisal tests' hand-computed figures rest on data they can see.
//
// What happened in it, case by case (the appraisal test's expectations follow from this list):
// - most reports came in two working days before their due date and were signed off two working
//   days after the due date (or after the last report);
// - task 09: 公务用车服务中心 4 working days late, 后勤 1 day; overdue notices and escalations, and the
//   overdue notice to 韩涛 bounced (a delivery failure);
// - task 11: 财务处 5 days late; task 12: 第一支部 1 day late (its summary carries a <script> tag);
//   task 13: 后勤 2 days late, 办公室's summary is a spreadsheet formula;
// - task 03: 机关党委's report returned by the head, redone in time; task 14: 办公室's report returned
//   (the comment carries an <img onerror>), redone in time;
// - task 15: extended from 12-15 to 12-22 by 李明, all reports in time for the new date;
// - task 16: 资产管理处 never reported; escalated to the office and the head, ended unfinished; its
//   service-satisfaction KPI was never reported;
// - task 05 KPI met; task 08 one KPI met, one missed, approved with an override reason;
// - theme 06: 第一支部 3 days late; theme 11: 第一支部's report returned, redone 2 days late;
// - 春节 came before the plan was issued (2020-03-09): 'past'.
import { WorkCalendar, planYearTable } from '../../domain/calendar';
import type {
  BranchRecord,
  ItemRecord,
  ItemRecordState,
  ReportRecord,
  YearRecord,
} from '../../domain/year-record';

/** A branch name with a comma and a double quote, to exercise CSV quoting and HTML attributes. */
export const LOGISTICS_NAME = '机关后勤服务中心（含"阳光食堂",物业）';
export const SCRIPT_SUMMARY = '组织“书香机关”读书分享会4场<script>alert(1)</script>';
export const IMG_COMMENT = '稿件缺少刊物名称和期号，请补充后重新报送<img src=x onerror=alert(2)>';
export const FORMULA_SUMMARY = '=HYPERLINK("http://evil.example/x","点击查看")';
export const PLUS_SUMMARY = '+3场读书分享活动，撰写学习心得42篇';
export const MULTILINE_SUMMARY = '1. 制定全年文明有礼培育活动计划；\n2. 开展经典诵读比赛1次、心得交流会2次。';
export const SCRIPT_EVIDENCE = 'javascript:alert(3)';
export const SHARE_EVIDENCE = '\\\\fileserver\\wmcj\\2020\\任务13';
export const OVERRIDE_REASON = '受疫情防控影响，集中志愿服务活动减少，经领导小组研究同意特批通过';
export const BOUNCE_REASON =
  '550 5.1.1 <han.tao@example.gov.cn>: Recipient address rejected: User unknown in virtual mailbox table';

const cal = new WorkCalendar(planYearTable(2020));

/** The plan's default 扣分制: 100, −1 a late report, −3 a missing one, −0.5 a return or a missed milestone. */
export const SAMPLE_APPRAISAL = {
  base: 100,
  deductions: { late: 1, missing: 3, returned: 0.5, milestone: 0.5 },
  bonuses: { publicity: 0.5, honour: 2, cap: 5 },
};

/** Local time in Asia/Shanghai → ISO instant. */
function at(date: string, time = '10:00'): string {
  return new Date(`${date}T${time}:00+08:00`).toISOString();
}

const BRANCHES = [
  { id: 'office', name: '办公室', lead: '周强', email: 'zhou.qiang@example.gov.cn' },
  { id: 'party-committee', name: '机关党委', lead: '吴芳', email: 'wu.fang@example.gov.cn' },
  { id: 'finance', name: '财务处', lead: '郑刚', email: 'zheng.gang@example.gov.cn' },
  { id: 'assets', name: '资产管理处', lead: '冯磊', email: 'feng.lei@example.gov.cn' },
  { id: 'legal', name: '法规处', lead: '何敏', email: 'he.min@example.gov.cn' },
  { id: 'first-branch', name: '机关第一支部', lead: '许文', email: 'xu.wen@example.gov.cn' },
  { id: 'vehicle-service', name: '公务用车服务中心', lead: '韩涛', email: 'han.tao@example.gov.cn' },
  { id: 'logistics-service', name: LOGISTICS_NAME, lead: '曹颖', email: 'cao.ying@example.gov.cn' },
] as const;

type BranchId = (typeof BRANCHES)[number]['id'];

const OFFICE_EMAIL = 'wmcj@example.gov.cn';
const HEAD = { name: '王建国', email: 'wang.jianguo@example.gov.cn' };
const OFFICE_STAFF = '赵丽';

function branch(id: BranchId) {
  const b = BRANCHES.find((x) => x.id === id);
  if (!b) throw new Error(`no branch ${id}`);
  return b;
}

interface BranchSpec {
  /** Local 'YYYY-MM-DD HH:mm' of the final report; none: never reported. */
  reported?: string | null;
  late?: number;
  returns?: number;
  summary?: string;
  evidence?: string[];
  milestones?: Record<string, { at: string; summary: string }>;
}

interface ItemSpec {
  kind: ItemRecord['kind'];
  id: string;
  title: string;
  category?: number;
  branches: BranchId[];
  due: string;
  originalDue?: string;
  state?: ItemRecordState;
  start: string;
  signer?: 'office' | 'head';
  branchSpecs?: Partial<Record<BranchId, BranchSpec>>;
  /** The item's milestones, as the year record carries them. */
  milestoneTitles?: { id: string; title: string; due: string }[];
  kpis?: ItemRecord['kpis'];
  notifications?: ItemRecord['notifications'];
  failures?: ItemRecord['failures'];
  decisions?: ItemRecord['decisions'];
  extensions?: ItemRecord['extensions'];
  completedAt?: string;
  overrideReason?: string;
}

const SUBJECT: Record<string, string> = {
  assignment: '【任务交办】',
  reminder: '【到期提醒】',
  'milestone-reminder': '【阶段进展提醒】',
  overdue: '【逾期提醒】',
  'escalation-office': '【催办】',
  'escalation-head': '【组长督办】',
  'ready-for-sign-off': '【待审核】',
  returned: '【退回整改】',
  'signed-off': '【审核通过】',
  extended: '【延期通知】',
  unfinished: '【未完成】',
  'delivery-failed': '【邮件未送达】',
};

function itemName(spec: Pick<ItemSpec, 'kind' | 'id' | 'title'>): string {
  if (spec.kind === 'task') return `任务${spec.id}：${spec.title}`;
  if (spec.kind === 'theme') return `${Number(spec.id)}月“一月一主题”活动：${spec.title}`;
  return `“我们的节日·${spec.title}”活动`;
}

export function notification(
  spec: Pick<ItemSpec, 'kind' | 'id' | 'title'>,
  kind: string,
  when: string,
  to: string[],
): ItemRecord['notifications'][number] {
  // An activity is announced (【活动通知】), a task assigned, as domain/templates/subjects.ts writes it.
  const prefix = kind === 'assignment' && spec.kind !== 'task' ? '【活动通知】' : (SUBJECT[kind] ?? '');
  return { kind, at: when, to, subject: `${prefix}2020年文明单位创建${itemName(spec)}` };
}

function localDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

function buildItem(spec: ItemSpec): ItemRecord {
  const state = spec.state ?? 'signed-off';
  const name = (id: BranchId) => branch(id).name;
  const branches: BranchRecord[] = spec.branches.map((id) => {
    const s = spec.branchSpecs?.[id] ?? {};
    const b = branch(id);
    const [day, time] = (s.reported ?? `${cal.subtractWorkingDays(spec.due, 2)} 10:30`).split(' ');
    const reportedAt = s.reported === null || state === 'past' ? undefined : at(day, time);
    const report: ReportRecord | undefined = reportedAt
      ? {
          at: reportedAt,
          actor: b.lead,
          summary: s.summary ?? `${name(id)}按实施方案要求完成${itemName(spec)}，相关台账材料已归档。`,
          evidence: s.evidence ?? [`https://wmcj.example.gov.cn/2020/${spec.kind}-${spec.id}/${id}.pdf`],
        }
      : undefined;
    const milestones: Record<string, ReportRecord> = {};
    for (const [mid, m] of Object.entries(s.milestones ?? {}))
      milestones[mid] = { at: m.at, actor: b.lead, summary: m.summary, evidence: [] };
    return {
      id,
      name: b.name,
      report,
      milestones,
      onTime: report ? (s.late ?? 0) === 0 : undefined,
      lateWorkingDays: s.late ?? 0,
      returns: s.returns ?? 0,
    };
  });

  const leads = (ids: readonly BranchId[]) => ids.map((id) => branch(id).email);
  const signerEmail = spec.signer === 'head' ? HEAD.email : OFFICE_EMAIL;
  const reportDays = branches.flatMap((b) => (b.report ? [localDay(b.report.at)] : []));
  // Signed off two working days after the due date, or after the last report when that came later.
  const lastReport = reportDays.reduce((a, b) => (a > b ? a : b), spec.due);
  const completedAt =
    state === 'signed-off'
      ? (spec.completedAt ?? at(cal.addWorkingDays(lastReport, 2), '15:00'))
      : spec.completedAt;

  const notifications: ItemRecord['notifications'] = [];
  if (state !== 'past') {
    notifications.push(
      notification(spec, 'assignment', at(spec.start, '09:00'), [...leads(spec.branches), OFFICE_EMAIL]),
    );
    const reminderDay = cal.reminderDate(spec.originalDue ?? spec.due, 3);
    const owing = spec.branches.filter((_id, i) => {
      const r = branches[i].report;
      return !r || localDay(r.at) >= reminderDay;
    });
    if (owing.length && reminderDay > spec.start)
      notifications.push(notification(spec, 'reminder', at(reminderDay, '09:00'), leads(owing)));
    notifications.push(...(spec.notifications ?? []));
    if (reportDays.length === branches.length && branches.length)
      notifications.push(notification(spec, 'ready-for-sign-off', at(lastReport, '10:45'), [signerEmail]));
    if (state === 'signed-off' && completedAt)
      notifications.push(
        notification(spec, 'signed-off', completedAt, [...leads(spec.branches), OFFICE_EMAIL]),
      );
  }

  const decisions: ItemRecord['decisions'] = [...(spec.decisions ?? [])];
  if (state === 'signed-off' && completedAt)
    decisions.push({
      verdict: 'approve',
      actor: spec.signer === 'head' ? HEAD.name : OFFICE_STAFF,
      comment: '材料齐全，同意办结。',
      at: completedAt,
      ...(spec.overrideReason ? { overrideReason: spec.overrideReason } : {}),
    });

  return {
    kind: spec.kind,
    id: spec.id,
    workflowId: `civ-2020-${spec.kind}-${spec.id}`,
    title: spec.title,
    ...(spec.category ? { category: spec.category } : {}),
    due: spec.due,
    originalDue: spec.originalDue ?? spec.due,
    state,
    branches,
    kpis: spec.kpis ?? [],
    notifications: notifications.sort((a, b) => a.at.localeCompare(b.at)),
    failures: spec.failures ?? [],
    decisions: decisions.sort((a, b) => a.at.localeCompare(b.at)),
    extensions: spec.extensions ?? [],
    ...(completedAt ? { completedAt } : {}),
    ...(spec.milestoneTitles ? { milestones: spec.milestoneTitles } : {}),
  };
}

const TASKS: [id: string, category: number, title: string, branches: BranchId[], due: string][] = [
  ['01', 1, '深入学习贯彻新思想', ['party-committee', 'first-branch'], '2020-12-15'],
  ['02', 1, '建立不忘初心、牢记使命长效机制', ['party-committee', 'office'], '2020-11-30'],
  ['03', 1, '落实意识形态工作责任制', ['party-committee', 'office'], '2020-12-15'],
  ['04', 1, '深入开展诚实守信教育', ['party-committee', 'legal'], '2020-12-15'],
  ['05', 1, '积极开展普法知识教育', ['legal', 'office'], '2020-12-04'],
  ['06', 2, '开展社会主义核心价值观宣传', ['party-committee', 'office'], '2020-12-15'],
  ['07', 2, '认真开展文明有礼培育活动', ['party-committee', 'first-branch'], '2020-12-15'],
  [
    '08',
    3,
    '完善学雷锋志愿服务队伍',
    ['party-committee', 'vehicle-service', 'logistics-service'],
    '2020-12-15',
  ],
  [
    '09',
    3,
    '积极开展学雷锋志愿服务活动',
    ['party-committee', 'first-branch', 'vehicle-service', 'logistics-service'],
    '2020-04-03',
  ],
  ['10', 3, '积极开展无锡市崇德乐善“一月一主题”公益活动', ['party-committee', 'first-branch'], '2020-12-24'],
  ['11', 3, '积极开展结对帮扶和“阳光扶贫”活动', ['office', 'finance', 'party-committee'], '2020-12-15'],
  ['12', 4, '积极开展读书学习活动', ['party-committee', 'first-branch'], '2020-12-15'],
  ['13', 4, '积极开展文化体育活动', ['office', 'logistics-service'], '2020-12-15'],
  ['14', 4, '认真开展文明风尚传播', ['office', 'party-committee'], '2020-12-15'],
  ['15', 5, '深化“争当领跑先锋”行动', ['party-committee', 'first-branch', 'office'], '2020-12-22'],
  ['16', 5, '不断拓展文明创建范围', ['logistics-service', 'vehicle-service', 'assets'], '2020-12-15'],
];

const HEAD_SIGNED = new Set(['02', '03', '11', '15']);

const THEMES: [month: number, title: string, due: string][] = [
  [1, '“迎新送暖”启程月', '2020-03-20'],
  [2, '“传统文化”弘扬月', '2020-03-20'],
  [3, '“学习雷锋”榜样月', '2020-03-31'],
  [4, '“卫生健康”普及月', '2020-04-30'],
  [5, '“舞动青春”奉献月', '2020-05-29'],
  [6, '“绿色环保”践行月', '2020-06-30'],
  [7, '“红色经典”传承月', '2020-07-31'],
  [8, '“拥军爱民”共建月', '2020-08-31'],
  [9, '“尊师重教”感恩月', '2020-09-30'],
  [10, '“温暖夕阳”敬老月', '2020-10-30'],
  [11, '“安全防范”宣传月', '2020-11-30'],
  [12, '“公益志愿”展示月', '2020-12-24'],
];

type Override = Partial<Omit<ItemSpec, 'kind' | 'id' | 'title' | 'category' | 'branches' | 'due'>>;

function taskOverrides(): Record<string, Override> {
  const t = (id: string) => ({ kind: 'task' as const, id, title: TASKS[Number(id) - 1][2] });
  return {
    '01': {
      milestoneTitles: [{ id: 'mid-year', title: '上半年学习情况小结', due: '2020-06-30' }],
      branchSpecs: {
        'party-committee': {
          milestones: { 'mid-year': { at: at('2020-06-28'), summary: '上半年开展中心组学习6次。' } },
        },
        'first-branch': {
          milestones: { 'mid-year': { at: at('2020-06-29'), summary: '上半年支部集中学习12次。' } },
        },
      },
    },
    '03': {
      branchSpecs: { 'party-committee': { reported: '2020-12-14 16:00', returns: 1 } },
      decisions: [
        {
          verdict: 'return',
          actor: HEAD.name,
          comment: '意识形态风险点排查情况不够具体，请补充分析研判记录。',
          at: at('2020-12-10', '11:00'),
        },
      ],
      notifications: [
        notification(t('03'), 'returned', at('2020-12-10', '11:00'), [branch('party-committee').email]),
      ],
    },
    '05': {
      kpis: [
        {
          id: 'law-awareness',
          name: '法治宣传普及率',
          min: 95,
          value: 96,
          branch: 'legal',
          at: at('2020-12-02', '10:30'),
        },
      ],
    },
    '07': { branchSpecs: { 'first-branch': { summary: MULTILINE_SUMMARY } } },
    '08': {
      kpis: [
        {
          id: 'registered-volunteers',
          name: '注册志愿者占干部职工比例',
          min: 90,
          value: 92,
          branch: 'party-committee',
          at: at('2020-12-11', '10:30'),
        },
        {
          id: 'active-volunteers',
          name: '参加志愿服务人数占注册志愿者比例',
          min: 90,
          value: 85,
          branch: 'party-committee',
          at: at('2020-12-11', '10:30'),
        },
      ],
      overrideReason: OVERRIDE_REASON,
    },
    '09': {
      branchSpecs: {
        'vehicle-service': { reported: '2020-04-10 16:20', late: 4 },
        'logistics-service': { reported: '2020-04-07 11:00', late: 1 },
      },
      notifications: [
        notification(t('09'), 'overdue', at('2020-04-07', '09:00'), [
          branch('vehicle-service').email,
          branch('logistics-service').email,
        ]),
        notification(t('09'), 'delivery-failed', at('2020-04-07', '09:02'), [OFFICE_EMAIL]),
        notification(t('09'), 'escalation-office', at('2020-04-08', '09:00'), [OFFICE_EMAIL]),
        notification(t('09'), 'escalation-office', at('2020-04-10', '09:00'), [OFFICE_EMAIL]),
      ],
      failures: [
        {
          kind: 'overdue',
          at: at('2020-04-07', '09:00'),
          recipients: [branch('vehicle-service').email],
          reason: BOUNCE_REASON,
        },
      ],
    },
    '11': {
      branchSpecs: {
        finance: { reported: '2020-12-22 17:10', late: 5 },
        office: {
          milestones: {
            project: { at: at('2020-06-24'), summary: '扶贫项目协议已签订并启动。' },
            visits: { at: at('2020-09-29'), summary: '中秋、国庆走访慰问困难家庭18户。' },
          },
        },
      },
      notifications: [
        notification(t('11'), 'overdue', at('2020-12-16', '09:00'), [branch('finance').email]),
        notification(t('11'), 'escalation-office', at('2020-12-18', '09:00'), [OFFICE_EMAIL]),
      ],
    },
    '12': {
      branchSpecs: {
        'first-branch': { reported: '2020-12-16 15:00', late: 1, summary: SCRIPT_SUMMARY },
        'party-committee': { summary: PLUS_SUMMARY },
      },
      notifications: [
        notification(t('12'), 'overdue', at('2020-12-16', '09:00'), [branch('first-branch').email]),
      ],
    },
    '13': {
      branchSpecs: {
        office: { summary: FORMULA_SUMMARY },
        'logistics-service': {
          reported: '2020-12-17 09:40',
          late: 2,
          evidence: [
            'https://wmcj.example.gov.cn/2020/task-13/活动照片.zip',
            SCRIPT_EVIDENCE,
            SHARE_EVIDENCE,
          ],
        },
      },
      notifications: [
        notification(t('13'), 'overdue', at('2020-12-16', '09:00'), [branch('logistics-service').email]),
      ],
    },
    '14': {
      branchSpecs: { office: { reported: '2020-12-11 14:00', returns: 1 } },
      decisions: [
        { verdict: 'return', actor: OFFICE_STAFF, comment: IMG_COMMENT, at: at('2020-12-08', '16:00') },
      ],
      notifications: [notification(t('14'), 'returned', at('2020-12-08', '16:00'), [branch('office').email])],
    },
    '15': {
      originalDue: '2020-12-15',
      branchSpecs: {
        'party-committee': { reported: '2020-12-14 10:00' },
        'first-branch': { reported: '2020-12-18 10:00' },
        office: { reported: '2020-12-21 10:00' },
      },
      extensions: [
        {
          at: at('2020-12-10', '17:00'),
          actor: '李明',
          from: '2020-12-15',
          to: '2020-12-22',
          reason: '配合市级机关工委年度考评安排，延后一周报送。',
        },
      ],
      notifications: [
        notification(t('15'), 'extended', at('2020-12-10', '17:00'), [
          branch('party-committee').email,
          branch('first-branch').email,
          branch('office').email,
        ]),
      ],
    },
    '16': {
      state: 'unfinished',
      completedAt: at('2020-12-31', '23:59'),
      branchSpecs: { assets: { reported: null, late: 12 } },
      kpis: [{ id: 'service-satisfaction', name: '服务对象满意率', min: 95 }],
      notifications: [
        notification(t('16'), 'overdue', at('2020-12-16', '09:00'), [branch('assets').email]),
        notification(t('16'), 'escalation-office', at('2020-12-18', '09:00'), [OFFICE_EMAIL]),
        notification(t('16'), 'escalation-office', at('2020-12-25', '09:00'), [OFFICE_EMAIL]),
        notification(t('16'), 'escalation-head', at('2020-12-29', '09:00'), [HEAD.email]),
        notification(t('16'), 'unfinished', at('2020-12-31', '23:59'), [
          branch('assets').email,
          OFFICE_EMAIL,
        ]),
      ],
    },
  };
}

function themeOverrides(): Record<string, Override> {
  const t = (id: string) => ({ kind: 'theme' as const, id, title: THEMES[Number(id) - 1][1] });
  return {
    '06': {
      branchSpecs: { 'first-branch': { reported: '2020-07-03 11:20', late: 3 } },
      notifications: [
        notification(t('06'), 'overdue', at('2020-07-01', '09:00'), [branch('first-branch').email]),
        notification(t('06'), 'escalation-office', at('2020-07-03', '09:00'), [OFFICE_EMAIL]),
      ],
    },
    '11': {
      branchSpecs: { 'first-branch': { reported: '2020-12-02 15:30', late: 2, returns: 1 } },
      decisions: [
        {
          verdict: 'return',
          actor: '孙伟',
          comment: '活动照片不足，请补充活动现场照片及参与人数。',
          at: at('2020-11-27', '10:00'),
        },
      ],
      notifications: [
        notification(t('11'), 'returned', at('2020-11-27', '10:00'), [branch('first-branch').email]),
        notification(t('11'), 'overdue', at('2020-12-01', '09:00'), [branch('first-branch').email]),
      ],
    },
  };
}

/** The sample year; a fresh copy each call, so a test may change it freely. */
export function sampleYearRecord(): YearRecord {
  const tasks = taskOverrides();
  const themes = themeOverrides();
  const items: ItemRecord[] = [
    ...TASKS.map(([id, category, title, branches, due]) =>
      buildItem({
        kind: 'task',
        id,
        title,
        category,
        branches,
        due,
        start: '2020-03-10',
        signer: HEAD_SIGNED.has(id) ? 'head' : 'office',
        ...tasks[id],
      }),
    ),
    ...THEMES.map(([month, title, due]) => {
      const id = String(month).padStart(2, '0');
      return buildItem({
        kind: 'theme',
        id,
        title,
        branches: ['party-committee', 'first-branch'],
        due,
        start: month <= 3 ? '2020-03-10' : cal.nextWorkingDay(`2020-${id}-01`),
        ...themes[id],
      });
    }),
    buildItem({
      kind: 'festival',
      id: 'spring',
      title: '春节',
      branches: ['party-committee', 'first-branch'],
      due: '2020-01-31',
      start: '2020-01-15',
      state: 'past',
    }),
    buildItem({
      kind: 'festival',
      id: 'qingming',
      title: '清明',
      branches: ['party-committee', 'first-branch'],
      due: '2020-04-10',
      start: '2020-03-27',
    }),
    buildItem({
      kind: 'festival',
      id: 'duanwu',
      title: '端午',
      branches: ['party-committee', 'first-branch'],
      due: '2020-07-03',
      start: '2020-06-18',
    }),
    buildItem({
      kind: 'festival',
      id: 'midautumn',
      title: '中秋',
      branches: ['party-committee', 'first-branch'],
      due: '2020-10-16',
      start: '2020-09-24',
    }),
  ];

  return {
    organization: '无锡市机关事务管理局',
    year: 2020,
    generatedAt: at('2021-01-08', '16:00'),
    goals:
      '努力实现“六好三优一满意”目标，“六好”：政治思想好、服务质量好、队伍素质好、工作秩序好、环境卫生好和创建基础好；“三优”：优质服务、优良秩序、优美环境；“一满意”：群众满意。',
    document: {
      title: '无锡市机关事务管理局2020年深化全国文明单位创建工作实施方案',
      number: '锡管党委〔2020〕6号',
      issuedOn: '2020-03-09',
    },
    categories: [
      { number: 1, numeral: '一', title: '强化思想引领，推动理论武装走深走实' },
      { number: 2, numeral: '二', title: '深化核心价值观教育，提升道德建设水平' },
      { number: 3, numeral: '三', title: '积极开展学雷锋活动，认真履行社会责任' },
      { number: 4, numeral: '四', title: '积极开展文化体育活动，丰富活跃机关文化建设' },
      { number: 5, numeral: '五', title: '积极开展各类主题活动，不断提升创建水平' },
    ],
    branches: BRANCHES.map(({ id, name, lead }) => ({ id, name, lead })),
    items,
    appraisal: SAMPLE_APPRAISAL,
    finalSignOff: {
      actor: HEAD.name,
      at: at('2021-01-07', '15:30'),
      comment: '全年创建工作总体完成良好。任务16资产管理处逾期未报送，转入2021年度继续办理，并纳入年度考核。',
    },
  };
}
