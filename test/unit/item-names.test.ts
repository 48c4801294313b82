// Themes and festivals are named as what they are, never as a task: `civ theme status 2026 12` was
// headed 任务12 (task 12 is 读书学习), and an activity's announcement went out as 【任务交办】. The
// CLI, the mails, the portal and the year report, each read for a theme and a festival.
import { formatItemStatus } from '../../cli/format';
import { festivalDefinition, itemCalendar, themeDefinition } from '../../domain/item-definition';
import { buildNotification } from '../../domain/item-notifications';
import { initialState } from '../../domain/item-state';
import { renderNotification } from '../../domain/templates';
import { itemPage } from '../../portal/item-page';
import { renderYearReport } from '../../report';
import { DEFAULT_UPLOADS } from '../helpers/upload-limits';
import { rolledPlan } from '../helpers/plans';
import { sampleYearRecord } from '../helpers/year-record-sample';

const plan2026 = rolledPlan(2026);
const START = Date.parse('2026-12-01T01:00:00Z');

const items = {
  theme: themeDefinition(plan2026, 12),
  festival: festivalDefinition(plan2026, 'midautumn'),
};

/** The state of an item just announced: its assignment sent, as the workflow records it. */
function announced(kind: keyof typeof items) {
  const def = items[kind];
  const state = initialState(def, START);
  const ctx = { def, state, cal: itemCalendar(def), workflowId: `civ-2026-${kind}`, today: '2026-12-01' };
  const mail = renderNotification(buildNotification(ctx, 'assignment', 'assignment')!);
  state.notifications.push({
    key: 'assignment',
    kind: 'assignment',
    to: ['he.min@example.gov.cn'],
    subject: mail.subject,
    messageId: '<x@civ>',
    sentAt: new Date(START).toISOString(),
    deduplicated: false,
    at: new Date(START).toISOString(),
  });
  return { def, state, mail };
}

describe('civ theme|festival status', () => {
  it('heads December’s theme as the theme it is, not as task 12', () => {
    const { state } = announced('theme');
    const heading = formatItemStatus(state, '2026-12-01', 'theme').split('\n')[0];
    expect(heading).toBe(`2026年“一月一主题”12月：${items.theme.ref.title}`);
    expect(heading).toContain(plan2026.themes[11].title);
    expect(heading).not.toMatch(/任务|第12项/);
    // Task 12 is another item altogether.
    expect(plan2026.tasks.find((t) => t.id === '12')?.title).not.toBe(plan2026.themes[11].title);
  });

  it('heads a festival by its own title', () => {
    const { state } = announced('festival');
    const heading = formatItemStatus(state, '2026-09-01', 'festival').split('\n')[0];
    expect(heading).toBe(`2026年${items.festival.ref.title}`);
    expect(heading).not.toContain('任务');
  });
});

describe.each(['theme', 'festival'] as const)('a %s', (kind) => {
  it('is announced as an activity, 【活动通知】, not assigned as a task', () => {
    const { mail } = announced(kind);
    expect(mail.subject.startsWith('【活动通知】')).toBe(true);
    expect(mail.subject).not.toContain('任务');
  });

  it('lists its announcement on the portal as 活动通知', () => {
    const { def, state } = announced(kind);
    const html = String(
      itemPage({
        link: {
          name: '赵丽',
          email: 'zhao.li@example.gov.cn',
          workflowId: `civ-2026-${kind}`,
          role: { kind: 'office' },
          issuedAt: 0,
          expiresAt: 0,
        },
        def,
        state,
        today: '2026-12-01',
        nowMs: START,
        csrf: 'c',
        nonce: () => 'n',
        uploads: DEFAULT_UPLOADS,
      }).body,
    );
    expect(html).toMatch(/<td>活动通知<\/td><td>【活动通知】/);
    expect(html).not.toContain('任务交办');
  });
});

describe('the year report', () => {
  it('counts a theme’s announcement as 活动通知 and a task’s assignment as 任务交办', () => {
    const md = renderYearReport(sampleYearRecord(), 'md');
    const section = (heading: string) =>
      md.slice(md.indexOf(heading), md.indexOf('\n#', md.indexOf(heading) + 1));
    const theme = section('### 5月\u3000');
    expect(theme).toMatch(/通知情况：共\d+封：活动通知1次/);
    expect(theme).toContain('| 活动通知 |');
    expect(theme).not.toContain('任务交办');
    expect(section('#### 第5项\u3000')).toMatch(/通知情况：共\d+封：任务交办1次/);
  });
});
