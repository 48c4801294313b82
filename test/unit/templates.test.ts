// Every email, as an office would write it. Each notification kind is built from the 2020 plan the
// way a workflow builds it (for a task with nested quotes, milestones and a head's sign-off, a task
// with KPIs, a monthly theme and a festival), rendered, and read against the office's rules; then
// the wording of each kind, and the plan's own mails (the 情况通报, the final sign-off, the summary).
import { WorkCalendar } from '../../domain/calendar';
import {
  carriedTaskDefinition,
  festivalDefinition,
  itemCalendar,
  themeDefinition,
  type ItemDefinition,
} from '../../domain/item-definition';
import { buildNotification, type NotificationExtra } from '../../domain/item-notifications';
import {
  applyDecide,
  applyExtend,
  applyReport,
  applyYearEnd,
  initialState,
  type ItemState,
} from '../../domain/item-state';
import { SYSTEM_NAME } from '../../domain/labels';
import { rollPlan } from '../../domain/plan-roll';
import { itemPage } from '../../portal/item-page';
import { NOTIFICATION_KINDS, type Notification, type NotificationKind } from '../../domain/notification';
import { renderPlanNotification } from '../../domain/plan-notifications';
import {
  escapeHtml,
  formatCategory,
  formatChineseDateWithWeekday,
  renderBlocks,
  renderNotification,
  SUBJECT_PREFIX,
} from '../../domain/templates';
import { ACTIVITY_SUBJECT_PREFIX } from '../../domain/templates/subjects';
import { definition2020, plan2020 } from '../helpers/plans';
import { sampleYearRecord } from '../helpers/year-record-sample';
import { DEFAULT_UPLOADS } from '../helpers/upload-limits';

const plan = plan2020();
const OFFICE_SIGNATURE = '无锡市机关事务管理局文明单位创建工作领导小组办公室';
const BASIS = '根据《无锡市机关事务管理局2020年深化全国文明单位创建工作实施方案》（锡管党委〔2020〕6号）安排';
const CONTACT = '联系人：赵丽，电话：0510-12345678。';
const LINK = 'https://portal.example.gov.cn/l/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

/**
 * The items read: 15 (“争当领跑先锋”, head-signed, a milestone), 05 (a KPI), a theme, a festival,
 * and task 05 carried over into 2021 (the 2020 plan rolled) for the branch that had not reported.
 */
const ITEMS: Record<string, ItemDefinition> = {
  'task 15': definition2020('15'),
  'task 05': definition2020('05'),
  'theme 05': themeDefinition(plan, 5),
  'festival duanwu': festivalDefinition(plan, 'duanwu'),
  'carried task 05': carriedTaskDefinition(definition2020('05'), rollPlan(plan2020(), 2021).plan, {
    from: 'civ-2020-task-05',
    due: '2021-01-29',
    branches: ['legal'],
  }),
};

const at = (local: string) => new Date(`${local}+08:00`).toISOString();

/** The state and the day a notification of `kind` is built on, as the workflow would have them. */
function situation(
  def: ItemDefinition,
  kind: NotificationKind,
): { state: ItemState; today: string; extra: NotificationExtra } {
  const state = initialState(def, Date.parse(at('2020-03-09T09:00:00')));
  state.assignedAt = at('2020-03-09T09:00:00');
  const due = def.ref.due;
  const [first] = def.branches;
  const report = (b: { id: string }) =>
    applyReport(state, { branch: b.id, actor: '报送人', summary: '已完成' }, at(`${due}T10:00:00`));
  const extra: NotificationExtra = {};
  let today = due;
  switch (kind) {
    case 'reminder':
      extra.daysLeft = 3;
      break;
    case 'milestone-reminder':
    case 'milestone-overdue':
      extra.milestone = def.milestones[0]?.id;
      extra.daysLeft = 5;
      today = def.milestones[0]?.due ?? due;
      break;
    case 'overdue':
    case 'escalation-office':
    case 'escalation-head':
    case 'escalation-deputy':
      today = new WorkCalendar(def.calendar!).addWorkingDays(due, 6);
      extra.deputy = first.deputy?.id;
      break;
    case 'ready-for-sign-off':
    case 'sign-off-reminder':
    case 'signed-off':
      def.branches.forEach(report);
      today = new WorkCalendar(def.calendar!).addWorkingDays(due, 2);
      if (kind === 'signed-off')
        applyDecide(
          state,
          { verdict: 'approve', actor: '赵丽', comment: '材料齐全。' },
          at(`${today}T15:00:00`),
          0,
        );
      break;
    case 'returned':
      def.branches.forEach(report);
      applyDecide(
        state,
        { verdict: 'return', actor: '赵丽', comment: '请补充活动照片。' },
        at(`${due}T15:00:00`),
        0,
      );
      break;
    case 'extended':
      applyExtend(
        state,
        { actor: '李明', newDue: '2020-12-18', reason: '等待测评结果' },
        at(`${due}T09:00:00`),
        0,
      );
      break;
    case 'unfinished':
      today = `${def.ref.year}-12-31`;
      applyYearEnd(state, at('2020-12-31T23:59:00'));
      break;
    case 'delivery-failed':
      extra.failure = {
        key: 'reminder-x',
        kind: 'reminder',
        recipients: ['left@example.gov.cn'],
        reason: '550 5.1.1 mailbox unavailable',
      };
      break;
    default:
      break;
  }
  return { state, today, extra };
}

function build(def: ItemDefinition, kind: NotificationKind): Notification | undefined {
  const { state, today, extra } = situation(def, kind);
  const ctx = { def, state, cal: itemCalendar(def), workflowId: `civ-2020-${def.ref.id}`, today };
  return buildNotification(ctx, kind, `${kind}-1`, extra);
}

/** Every kind an item of this sort can send (an activity has no milestones). */
const cases = Object.entries(ITEMS).flatMap(([name, def]) =>
  NOTIFICATION_KINDS.filter((k) => !k.startsWith('milestone') || def.milestones.length > 0).map(
    (kind) => [name, kind] as const,
  ),
);

describe.each(cases)('%s: %s', (name, kind) => {
  const def = ITEMS[name];
  const n = build(def, kind)!;
  const mail = renderNotification(n);
  const withLink = renderNotification(n, LINK);
  const activity = (def.ref.kind ?? 'task') !== 'task';

  it('is built, with a subject of its kind and no placeholder left', () => {
    expect(n).toBeDefined();
    // An activity is announced (【活动通知】), not assigned; every other kind reads the same.
    const prefix = (activity && ACTIVITY_SUBJECT_PREFIX[kind]) || SUBJECT_PREFIX[kind];
    expect(mail.subject.startsWith(prefix)).toBe(true);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    for (const body of [mail.subject, mail.text, mail.html])
      expect(body).not.toMatch(/\$\{|undefined|\[object|NaN/);
  });

  it('ends with a 落款 on one line and its date, then whom to ask', () => {
    const system = n.to.every((r) => r.role?.kind === 'office');
    const date = /\n(\d{4}年\d{1,2}月\d{1,2}日)\n\n/;
    expect(mail.text).toContain(`\n${system ? SYSTEM_NAME : OFFICE_SIGNATURE}\n`);
    expect(mail.text).toMatch(date);
    expect(mail.text).toContain(CONTACT);
    expect(mail.html).toContain(CONTACT);
    expect(mail.text.trimEnd().endsWith(`本邮件由${SYSTEM_NAME}发送。${CONTACT}`)).toBe(true);
  });

  it('mails to the office are signed by the system, not by the office to itself', () => {
    if (n.to.every((r) => r.role?.kind === 'office')) expect(mail.text).not.toContain(OFFICE_SIGNATURE);
    else expect(mail.text).not.toContain(`\n${SYSTEM_NAME}\n`);
  });

  it('quotes as Chinese nests quotes, numbers items 第15项, heads categories （一）', () => {
    for (const body of [mail.subject, mail.text]) {
      expect(body).not.toMatch(/“[^”]*“/); // a “ opened inside another
      expect(body).not.toMatch(/第0\d项|任务0\d/);
      expect(body).not.toMatch(/第[一二三四五]类/);
    }
    if (!activity) expect(mail.text).toMatch(/所属类别：（[一二三四五]）/);
  });

  it('greets one kind of addressee: persons by title, or bodies, never both', () => {
    const greeting = mail.text.split('\n')[0];
    expect(greeting).toMatch(/：$/);
    const person = /(组长|副局长|书记|主任|处长|同志)(、|：)/.test(greeting);
    const body = /(办公室|委员会|中心|支部|处|党委)(、|：)/.test(greeting);
    expect([greeting, person && body]).toEqual([greeting, false]);
  });

  it('an activity is 开展 and reported by its 报送时限, never 完成情况 nor 已于…到期', () => {
    if (!activity) return;
    expect(mail.text).not.toContain('完成情况');
    expect(mail.text).not.toMatch(/已于[^，。]*到期/);
  });

  it('carries the reader’s link to act, and never a command', () => {
    for (const body of [mail.text, mail.html, withLink.text, withLink.html])
      expect(body).not.toMatch(/npx|civ task|--actor/);
    if (!['signed-off', 'unfinished', 'delivery-failed'].includes(kind)) {
      expect(withLink.text).toContain(LINK);
      expect(withLink.html).toContain(`href="${escapeHtml(LINK)}"`);
      expect(mail.text).toContain(`请登录${SYSTEM_NAME}办理，或与领导小组办公室联系。`);
    }
  });

  it('uses one name for the system, one word for each level of chasing', () => {
    expect(mail.text).not.toMatch(/管理系统|文明创建工作平台|主要领导/);
    if (kind === 'escalation-office') expect(mail.text).not.toContain('督办');
    if (kind === 'overdue') expect(mail.text).not.toMatch(/督办|按规定/);
  });

  it('tells the KPIs to report only to the branches that report them', () => {
    const note = '本任务设有考核指标';
    const toLeads = n.to.every((r) => r.role?.kind === 'lead');
    if (def.kpis.length && toLeads && ['assignment', 'reminder', 'overdue'].includes(kind))
      expect(mail.text).toContain(note);
    if (!toLeads) expect(mail.text).not.toContain(note);
  });

  it('is a complete HTML document', () => {
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    expect(mail.html).toContain('<html lang="zh-CN">');
    expect(mail.html).toContain('<meta charset="utf-8">');
    expect(mail.html.trimEnd().endsWith('</html>')).toBe(true);
  });
});

/** The text of a kind for an item, as its branches, the office or the leaders read it. */
const text = (item: string, kind: NotificationKind) => renderNotification(build(ITEMS[item], kind)!).text;
const subject = (item: string, kind: NotificationKind) =>
  renderNotification(build(ITEMS[item], kind)!).subject;

describe('the wording, kind by kind', () => {
  it('the assignment cites the plan by its full title in 书名号 with its 文号', () => {
    expect(text('task 05', 'assignment')).toContain(`${BASIS}，现将以下任务交由各单位负责落实。`);
    expect(text('theme 05', 'assignment')).toContain(
      `${BASIS}，现将“舞动青春”奉献月主题活动有关事项通知如下。`,
    );
    expect(text('theme 05', 'assignment')).toContain('活动开展情况应于2020年5月29日（星期五）前报送');
  });

  it('a task’s title with quotes nests them: 任务“深化‘争当领跑先锋’行动”', () => {
    expect(text('task 15', 'reminder')).toContain(
      '负责的任务“深化‘争当领跑先锋’行动”将于2020年12月15日（星期二）到期',
    );
    expect(subject('task 15', 'reminder')).toBe(
      '【到期提醒】2020年文明单位创建第15项任务：深化“争当领跑先锋”行动（还有3天到期）',
    );
  });

  it('numbers a task 第5项 and heads its category as the seed does', () => {
    const t = text('task 05', 'assignment');
    expect(t).toContain('任务编号：2020年第5项');
    expect(t).toContain('所属类别：（一）强化思想引领，推动理论武装走深走实');
  });

  it('an activity’s reminder and overdue notice speak of its 开展情况', () => {
    expect(text('festival duanwu', 'reminder')).toContain(
      '各单位负责的“我们的节日·端午”主题活动开展情况应于2020年6月30日（星期二）前报送，距截止还有3天。截至目前，各单位尚未报送开展情况，请抓紧组织开展',
    );
    expect(text('theme 05', 'overdue')).toContain(
      '“舞动青春”奉献月主题活动开展情况应于2020年5月29日（星期五）前报送。截至目前，各单位仍未报送开展情况',
    );
  });

  it('a carried task keeps its own year’s number: 2021’s 第5项 is another task', () => {
    expect(subject('carried task 05', 'assignment')).toBe(
      '【任务交办】2021年文明单位创建结转任务（2020年第5项）：积极开展普法知识教育',
    );
    const t = text('carried task 05', 'assignment');
    expect(t).toContain('任务编号：2020年第5项（结转至2021年）');
    expect(t).toContain('任务名称：（2020年结转）积极开展普法知识教育');
    expect(t).not.toContain('2021年第5项');
    // The portal's page of the item says the same.
    const def = ITEMS['carried task 05'];
    const page = itemPage({
      link: {
        name: '郑刚',
        email: 'zheng.gang@example.gov.cn',
        workflowId: 'civ-2021-carryover-2020-05',
        role: { kind: 'lead', branch: 'legal' },
        issuedAt: 0,
        expiresAt: 0,
      },
      def,
      state: initialState(def, 0),
      today: '2021-01-04',
      nowMs: 0,
      csrf: 'c',
      nonce: () => 'n',
      uploads: DEFAULT_UPLOADS,
    });
    expect(String(page.body)).toContain('<dt>事项</dt><dd>2020年第5项任务（结转至2021年）</dd>');
  });

  it('the overdue notice says what follows and ends 特此提醒, citing no rule', () => {
    expect(text('task 05', 'overdue')).toContain(
      '逾期仍未报送的，领导小组办公室将予以催办，并纳入年度考评。特此提醒。',
    );
  });

  it('the deputy head and the head are addressed by title and told who chased before them', () => {
    const deputy = text('task 05', 'escalation-deputy');
    expect(deputy).toMatch(/^张华副局长：\n/);
    expect(deputy).toContain('经领导小组办公室催办，截至目前您分管的以下1个责任单位仍未报送完成情况');
    expect(deputy).toContain('请予督办');
    const head = text('task 05', 'escalation-head');
    expect(head).toMatch(/^王建国组长：\n/);
    expect(head).toContain('经领导小组办公室催办、分管领导督办，截至目前以下2个责任单位仍未报送完成情况');
    expect(head).toContain('请组长督办。');
    expect(text('task 05', 'escalation-office')).toMatch(/^文明单位创建工作领导小组办公室：\n/);
  });

  it('a head-signed sign-off request greets the head alone, and names no deadline already past', () => {
    const t = text('task 15', 'ready-for-sign-off');
    expect(t).toMatch(/^王建国组长：\n/);
    expect(t).toContain('现提请审核。请尽快对照要求审核相关材料');
    expect(t).not.toContain('请于2020年12月15日');
    // Ready before the due date: the date still stands.
    const def = ITEMS['task 05'];
    const state = initialState(def, 0);
    for (const b of def.branches)
      applyReport(state, { branch: b.id, actor: 'x', summary: 'y' }, at('2020-11-20T10:00:00'));
    const early = buildNotification(
      { def, state, cal: itemCalendar(def), workflowId: 'w', today: '2020-11-20' },
      'ready-for-sign-off',
      'k',
    );
    expect(renderNotification(early!).text).toContain('请于2020年12月4日（星期五）前对照要求审核');
  });

  it('an extension names who approved it', () => {
    const t = text('task 05', 'extended');
    expect(t).toContain('经李明同意，任务“积极开展普法知识教育”的完成时限调整为2020年12月18日（星期五）');
    expect(t).toContain('同意人：李明');
    expect(text('theme 05', 'extended')).toContain('报送时限调整为');
    expect(subject('theme 05', 'extended')).toContain('（报送时限调整为2020年12月18日）');
  });

  it('the KPI note goes to the branches that report, not to the office or the head', () => {
    expect(text('task 05', 'assignment')).toContain('本任务设有考核指标');
    expect(text('task 05', 'escalation-head')).not.toContain('本任务设有考核指标');
    expect(text('task 05', 'escalation-office')).not.toContain('本任务设有考核指标');
  });

  it('one word for each level: the office 催办, the deputy and the head 督办', () => {
    expect(subject('task 05', 'escalation-office')).toMatch(/^【催办】/);
    expect(subject('task 05', 'escalation-deputy')).toMatch(/^【分管领导督办】/);
    expect(subject('task 05', 'escalation-head')).toMatch(/^【组长督办】/);
  });

  it('a mail to the office is signed by the system, one to the branches by the office', () => {
    expect(text('task 05', 'escalation-office')).toMatch(new RegExp(`\\n${SYSTEM_NAME}\\n2020年12月14日\\n`));
    expect(text('task 05', 'assignment')).toMatch(new RegExp(`\\n${OFFICE_SIGNATURE}\\n2020年12月4日\\n`));
  });

  it('an unfinished item is 纳入年度考评, and carried over only if it is a task', () => {
    expect(text('task 05', 'unfinished')).toContain('并纳入年度考评');
    expect(text('task 05', 'unfinished')).toContain('转入下一年度');
    expect(text('theme 05', 'unfinished')).not.toContain('转入下一年度');
  });

  it('a delivery failure names the address and the SMTP answer for the office', () => {
    const t = text('task 05', 'delivery-failed');
    expect(t).toMatch(/^文明单位创建工作领导小组办公室：\n/);
    expect(t).toContain('未送达地址：left@example.gov.cn');
    expect(t).toContain('退信原因：550 5.1.1 mailbox unavailable');
    expect(t).toContain('邮件类别：【到期提醒】');
  });

  it('escapes HTML in everything that comes from the plan or a person', () => {
    const evil = '<script>alert("x")</script>';
    const n = build(ITEMS['task 05'], 'signed-off')!;
    const hostile: Notification = {
      ...n,
      task: { ...n.task, title: `普法${evil}` },
      branches: [{ id: 'office', name: `支部&${evil}` }],
      decision: { actor: evil, comment: evil, overrideReason: evil },
    };
    const { text: t, html } = renderNotification(hostile);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(t).toContain(evil);
  });

  it('formats categories, older ones too, and dates', () => {
    expect(formatCategory({ category: 3, categoryTitle: '弘扬核心价值观' })).toBe('（三）弘扬核心价值观');
    expect(formatCategory({ category: 1, categoryTitle: '第一类：强化思想引领，推动理论武装走深走实' })).toBe(
      '（一）强化思想引领，推动理论武装走深走实',
    );
    expect(formatChineseDateWithWeekday('2020-12-15')).toBe('2020年12月15日（星期二）');
    expect(formatChineseDateWithWeekday('2021-01-03')).toBe('2021年1月3日（星期日）');
  });
});

describe('the plan’s mails', () => {
  const record = { ...sampleYearRecord(), generatedAt: at('2020-06-01T09:00:00') };
  const render = (
    kind: 'bulletin' | 'final-sign-off-request' | 'final-sign-off-reminder' | 'year-summary',
  ) => {
    const content = renderPlanNotification(
      { workflowId: 'civ-2020-plan', key: kind, kind, year: 2020, month: 6 },
      plan,
      record,
    );
    return { content, ...renderBlocks(content.subject, content.blocks) };
  };

  it('the 情况通报 is numbered by the month it covers, addressed to every branch, in its four parts', () => {
    const { content, subject: s, text: t } = render('bulletin');
    expect(s).toBe('【情况通报】2020年文明单位创建工作情况通报第5期（5月份）');
    expect(t).toMatch(/^局机关各处室、各基层单位、各支部：\n/);
    for (const part of ['一、总体进展', '二、工作亮点', '三、存在问题', '四、下步要求'])
      expect(t).toContain(part);
    expect(t).toContain('现将5月份文明单位创建工作情况通报如下。');
    expect(t).toContain('报：局领导');
    expect(content.to.map((r) => r.email)).toEqual(plan.branches.map((b) => b.lead.email));
    expect(content.cc.map((r) => r.email)).toContain(plan.leadingGroup.head.email);
  });

  it.each(['bulletin', 'final-sign-off-request', 'final-sign-off-reminder', 'year-summary'] as const)(
    '%s ends with the 落款 on one line, its date, and whom to ask',
    (kind) => {
      const { text: t } = render(kind);
      expect(t).toContain(`\n${OFFICE_SIGNATURE}\n2020年6月1日\n`);
      expect(t).toContain(CONTACT);
      expect(t).not.toMatch(/“[^”]*“/);
    },
  );
});
