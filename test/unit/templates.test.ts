import type { Notification, NotificationKind } from '../../domain/notification';
import {
  escapeHtml,
  formatCategory,
  formatChineseDateWithWeekday,
  renderNotification,
  SUBJECT_PREFIX,
} from '../../domain/templates';
import { SAMPLE_TASK } from '../helpers/plans';

const task = SAMPLE_TASK;

const branches = [
  { id: 'office', name: '办公室支部' },
  { id: 'logistics', name: '后勤服务中心支部' },
];

function notification(kind: NotificationKind, extra: Partial<Notification> = {}): Notification {
  return {
    workflowId: 'civ-2020-task-05',
    key: `${kind}-1`,
    kind,
    to: [{ name: '李明', email: 'liming@example.gov.cn' }],
    task,
    branches,
    ...extra,
  };
}

const late = [
  { id: 'office', name: '办公室支部', daysLate: 3 },
  { id: 'logistics', name: '后勤服务中心支部', daysLate: 12 },
];

const examples: Record<NotificationKind, Notification> = {
  assignment: notification('assignment'),
  reminder: notification('reminder', { daysLeft: 3 }),
  'milestone-reminder': notification('milestone-reminder', {
    milestone: { id: 'half-year', title: '完成上半年普法宣传', due: '2020-06-30' },
    daysLeft: 5,
  }),
  overdue: notification('overdue', { late }),
  'escalation-office': notification('escalation-office', {
    to: [{ name: task.officeName, email: 'office@example.gov.cn' }],
    late,
  }),
  'escalation-deputy': notification('escalation-deputy', {
    to: [{ name: '张华', email: 'zhang.hua@example.gov.cn' }],
    late,
  }),
  'escalation-head': notification('escalation-head', {
    to: [{ name: '王建国', email: 'head@example.gov.cn' }],
    late,
  }),
  'ready-for-sign-off': notification('ready-for-sign-off', {
    to: [{ name: task.officeName, email: 'office@example.gov.cn' }],
  }),
  returned: notification('returned', {
    decision: { actor: '张华', comment: '活动记录不完整，请补充照片及签到表。', newDue: '2020-12-25' },
  }),
  'signed-off': notification('signed-off', {
    decision: {
      actor: '张华',
      comment: '材料齐全。',
      overrideReason: '受疫情影响集中宣传活动延期，已有补救措施',
    },
  }),
  extended: notification('extended', {
    extension: { actor: '李明', from: '2020-12-04', to: '2020-12-15', reason: '等待市普法办年度测评结果' },
    sequence: 1,
  }),
  'sign-off-reminder': notification('sign-off-reminder', {
    to: [{ name: task.officeName, email: 'office@example.gov.cn' }],
    signOff: { readySince: '2020-12-10T02:00:00.000Z', lastWorkingDay: false },
  }),
  unfinished: notification('unfinished', { late, unfinished: { reason: 'reports-missing' } }),
  'acknowledge-reminder': notification('acknowledge-reminder', { assignedOn: '2020-03-02' }),
  'milestone-overdue': notification('milestone-overdue', {
    milestone: { id: 'half-year', title: '完成上半年普法宣传', due: '2020-06-30' },
    late: [{ id: 'office', name: '办公室支部', daysLate: 1 }],
  }),
  'delivery-failed': notification('delivery-failed', {
    to: [{ name: task.officeName, email: 'office@example.gov.cn' }],
    branches: [],
    failure: {
      key: 'reminder-2020-12-15-2020-12-11',
      kind: 'reminder',
      recipients: ['left@example.gov.cn'],
      reason: '550 5.1.1 mailbox unavailable',
    },
  }),
};

const kinds = Object.keys(SUBJECT_PREFIX) as NotificationKind[];

/** Whether a kind asks its reader to act (report, sign off, look), so it carries their link. */
function asksToAct(kind: NotificationKind): boolean {
  return !['signed-off', 'unfinished', 'delivery-failed'].includes(kind);
}

const LINK = 'https://portal.example.gov.cn/l/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

describe('renderNotification', () => {
  it('has an example for every kind', () => {
    expect(Object.keys(examples).sort()).toEqual([...kinds].sort());
  });

  describe.each(kinds)('%s', (kind) => {
    const rendered = renderNotification(examples[kind]);

    it('has a Chinese subject with the right prefix and the task', () => {
      expect(rendered.subject.startsWith(SUBJECT_PREFIX[kind])).toBe(true);
      expect(rendered.subject).toContain('2020年文明单位创建任务05：积极开展普法知识教育');
      expect(rendered.subject).not.toMatch(/[\r\n]/);
    });

    it('names the task, its category and its due date the Chinese way', () => {
      for (const body of [rendered.text, rendered.html]) {
        expect(body).toContain('积极开展普法知识教育');
        expect(body).toContain('第一类：强化思想引领，推动理论武装走深走实');
        expect(body).toContain('2020年12月15日');
        expect(body).not.toContain('2020-12-15');
      }
    });

    it('gives the reader their personal link to act, never a command to type', () => {
      const personal = renderNotification(examples[kind], LINK);
      for (const body of [rendered.text, rendered.html, personal.text, personal.html])
        expect(body).not.toMatch(/npx|civ task|--actor/);
      if (asksToAct(kind)) {
        expect(personal.text).toContain(LINK);
        expect(personal.html).toContain(`href="${escapeHtml(LINK)}"`);
        // Without a link (no portal configured) the reader is told whom to ask instead.
        expect(rendered.text).toContain('请登录文明创建工作平台办理，或与领导小组办公室联系。');
      } else {
        expect(personal.text).not.toContain(LINK);
      }
    });

    it('has no template placeholder left in it', () => {
      for (const body of [rendered.subject, rendered.text, rendered.html])
        expect(body).not.toMatch(/\$\{|undefined|\[object/);
    });

    it('is signed by the office and the organization', () => {
      expect(rendered.text).toContain(`${task.organization}\n${task.officeName}`);
      expect(rendered.html).toContain(`${task.organization}<br>${task.officeName}`);
    });

    it('is a complete HTML document', () => {
      expect(rendered.html).toMatch(/^<!DOCTYPE html>/);
      expect(rendered.html).toContain('<html lang="zh-CN">');
      expect(rendered.html).toContain('<meta charset="utf-8">');
      expect(rendered.html.trimEnd().endsWith('</html>')).toBe(true);
    });
  });

  it('writes the subjects as an office would', () => {
    const subjects = Object.fromEntries(kinds.map((k) => [k, renderNotification(examples[k]).subject]));
    expect(subjects).toEqual({
      'acknowledge-reminder': '【签收提醒】2020年文明单位创建任务05：积极开展普法知识教育',
      'milestone-overdue':
        '【节点逾期提醒】2020年文明单位创建任务05：积极开展普法知识教育——完成上半年普法宣传',
      assignment: '【任务交办】2020年文明单位创建任务05：积极开展普法知识教育',
      reminder: '【任务提醒】2020年文明单位创建任务05：积极开展普法知识教育（还有3天到期）',
      'milestone-reminder':
        '【阶段进展提醒】2020年文明单位创建任务05：积极开展普法知识教育——完成上半年普法宣传',
      overdue: '【逾期提醒】2020年文明单位创建任务05：积极开展普法知识教育',
      'escalation-office': '【催办】2020年文明单位创建任务05：积极开展普法知识教育',
      'escalation-deputy': '【分管领导督办】2020年文明单位创建任务05：积极开展普法知识教育',
      'escalation-head': '【督办】2020年文明单位创建任务05：积极开展普法知识教育',
      'ready-for-sign-off': '【待审核】2020年文明单位创建任务05：积极开展普法知识教育',
      returned: '【退回整改】2020年文明单位创建任务05：积极开展普法知识教育',
      'signed-off': '【审核通过】2020年文明单位创建任务05：积极开展普法知识教育',
      extended: '【延期通知】2020年文明单位创建任务05：积极开展普法知识教育（完成时限调整为2020年12月15日）',
      'sign-off-reminder': '【审核提醒】2020年文明单位创建任务05：积极开展普法知识教育',
      unfinished: '【未完成】2020年文明单位创建任务05：积极开展普法知识教育',
      'delivery-failed': '【邮件未送达】2020年文明单位创建任务05：积极开展普法知识教育',
    });
  });

  it('a sign-off thanks the branches in words, not in a placeholder', () => {
    expect(renderNotification(examples['signed-off']).text).toContain('感谢各单位的支持与配合。');
    const one = renderNotification(notification('signed-off', { branches: [branches[0]] })).text;
    expect(one).toContain('感谢你单位的支持与配合。');
  });

  it('an extension names the old and the new date, who agreed and why', () => {
    const { text } = renderNotification(examples.extended);
    expect(text).toContain('原完成时限：2020年12月4日（星期五）前');
    expect(text).toContain('调整后时限：2020年12月15日（星期二）前');
    expect(text).toContain('同意人：李明');
    expect(text).toContain('调整理由：等待市普法办年度测评结果');
  });

  it('a sign-off reminder on the last working day warns that the year ends', () => {
    const last = renderNotification(
      notification('sign-off-reminder', {
        signOff: { readySince: '2020-12-10T02:00:00.000Z', lastWorkingDay: true },
      }),
    );
    expect(last.subject).toContain('（本年度最后一个工作日）');
    expect(last.text).toContain('今天是本年度最后一个工作日');
    expect(renderNotification(examples['sign-off-reminder']).text).toContain(
      '已于2020年12月10日报送完成情况',
    );
  });

  it('an unfinished task says what was missing and that it is carried over', () => {
    const missing = renderNotification(examples.unfinished).text;
    expect(missing).toContain('截至2020年12月31日');
    expect(missing).toContain('1. 办公室支部（逾期天数：3个工作日）');
    expect(missing).toContain('转入下一年度');
    const unsigned = renderNotification(
      notification('unfinished', { unfinished: { reason: 'not-signed-off' } }),
    ).text;
    expect(unsigned).toContain('尚未完成审核');
  });

  it('a delivery failure names the address and the SMTP answer for the office', () => {
    const { text } = renderNotification(examples['delivery-failed']);
    expect(text).toMatch(/^深化全国文明单位创建工作领导小组办公室：\n/);
    expect(text).toContain('未送达地址：left@example.gov.cn');
    expect(text).toContain('退信原因：550 5.1.1 mailbox unavailable');
    expect(text).toContain('邮件类别：【任务提醒】');
  });

  it('greets the addressed branches, the office, the head', () => {
    expect(renderNotification(examples.assignment).text).toMatch(/^办公室支部、后勤服务中心支部：\n/);
    expect(renderNotification(examples['escalation-office']).text).toMatch(
      /^深化全国文明单位创建工作领导小组办公室：\n/,
    );
    expect(renderNotification(examples['escalation-head']).text).toMatch(/^王建国组长：\n/);
    const single = renderNotification(notification('reminder', { branches: [branches[0]], daysLeft: 1 }));
    expect(single.text).toMatch(/^办公室支部：\n/);
    expect(single.text).toContain(
      '你单位负责的任务“积极开展普法知识教育”将于2020年12月15日（星期二）到期，距截止还有1天',
    );
    expect(single.text).toContain('特此提醒。');
  });

  it.each(['escalation-office', 'escalation-deputy', 'escalation-head'] as const)(
    '%s lists every late branch with its working days late',
    (kind) => {
      const { text, html } = renderNotification(examples[kind]);
      expect(text).toContain('以下2个责任单位仍未报送完成情况');
      expect(text).toContain('1. 办公室支部（逾期天数：3个工作日）');
      expect(text).toContain('2. 后勤服务中心支部（逾期天数：12个工作日）');
      expect(html).toMatch(/<td[^>]*>办公室支部<\/td><td[^>]*>3个工作日<\/td>/);
      expect(html).toMatch(/<td[^>]*>后勤服务中心支部<\/td><td[^>]*>12个工作日<\/td>/);
      expect(text).toContain(
        {
          'escalation-office': '请予催办',
          'escalation-deputy': '请督促上述单位',
          'escalation-head': '请予督办',
        }[kind],
      );
    },
  );

  it('an escalation without lateness figures still lists the missing branches', () => {
    const { text } = renderNotification(notification('escalation-office', { late: undefined }));
    expect(text).toContain('1. 办公室支部（逾期天数：—）');
    expect(text).toContain('2. 后勤服务中心支部（逾期天数：—）');
  });

  it('an overdue notice to one branch says how late it is', () => {
    const { text } = renderNotification(
      notification('overdue', { branches: [branches[1]], late: [late[1]] }),
    );
    expect(text).toContain('你单位仍未报送完成情况，已逾期12个工作日');
  });

  it('a reminder on the due day says so', () => {
    expect(renderNotification(notification('reminder', { daysLeft: 0 })).subject).toContain('（今日到期）');
  });

  it('a returned task carries the comment, the reviewer and the new due date', () => {
    const { text } = renderNotification(examples.returned);
    expect(text).toContain('审核意见：活动记录不完整，请补充照片及签到表。');
    expect(text).toContain('审核人：张华');
    expect(text).toContain('整改时限：2020年12月25日（星期五）前');
    expect(text).toContain('并于2020年12月25日（星期五）前重新报送');
  });

  it('a returned task without a new due date keeps the old one', () => {
    const { text } = renderNotification(
      notification('returned', { decision: { actor: '张华', comment: '请补充材料' } }),
    );
    expect(text).toContain('并于2020年12月15日（星期二）前重新报送');
    expect(text).not.toContain('整改时限');
  });

  it('a sign-off states the override reason when there is one', () => {
    const { text } = renderNotification(examples['signed-off']);
    expect(text).toContain('已通过审核，予以办结');
    expect(text).toContain('理由：受疫情影响集中宣传活动延期，已有补救措施。');
    const plain = renderNotification(
      notification('signed-off', { decision: { actor: '张华', comment: '' } }),
    ).text;
    expect(plain).not.toContain('理由');
    expect(plain).not.toContain('审核意见');
  });

  it('asks for KPI values when the task has KPIs', () => {
    const kpiTask = { ...task, kpis: [{ id: 'law-awareness', name: '法治宣传普及率', unit: '%', min: 95 }] };
    const { text } = renderNotification({ ...examples.assignment, task: kpiTask });
    expect(text).toContain('本任务设有考核指标，报送时请一并填写各项指标的完成数值（百分比）。');
    expect(text).toContain('考核指标：法治宣传普及率不低于95%');
  });

  it('escapes HTML in everything that comes from the plan or a person', () => {
    const evil = '<script>alert("x")</script>';
    const n: Notification = {
      ...examples['signed-off'],
      task: { ...task, title: `普法${evil}` },
      branches: [{ id: 'office', name: `支部&${evil}` }],
      decision: { actor: evil, comment: evil, overrideReason: evil },
    };
    const { text, html } = renderNotification(n);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('支部&amp;&lt;script&gt;');
    expect(text).toContain(evil); // the plain-text body is not HTML and stays verbatim
  });

  it('escapeHtml covers the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('formats categories and dates', () => {
    expect(formatCategory({ category: 3, categoryTitle: '弘扬核心价值观' })).toBe('第三类：弘扬核心价值观');
    expect(formatCategory({ category: 1, categoryTitle: task.categoryTitle })).toBe(task.categoryTitle);
    expect(formatChineseDateWithWeekday('2020-12-15')).toBe('2020年12月15日（星期二）');
    expect(formatChineseDateWithWeekday('2021-01-03')).toBe('2021年1月3日（星期日）');
  });
});
