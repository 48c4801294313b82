// The year report in its three forms, rendered from the sample year: what the review needs is there,
// record text cannot become markup, a formula or a broken table, and the HTML stands alone.
import { csvField, CSV_HEADERS, renderCsv } from '../../report/csv';
import { renderHtml } from '../../report/html';
import { renderYearReport, type ReportFormat } from '../../report/index';
import { renderMarkdown } from '../../report/markdown';
import type { YearRecord } from '../../domain/year-record';
import {
  BOUNCE_REASON,
  FORMULA_SUMMARY,
  IMG_COMMENT,
  LOGISTICS_NAME,
  MULTILINE_SUMMARY,
  OVERRIDE_REASON,
  PLUS_SUMMARY,
  SCRIPT_EVIDENCE,
  SCRIPT_SUMMARY,
  SHARE_EVIDENCE,
  SAMPLE_APPRAISAL,
  sampleYearRecord,
} from '../helpers/year-record-sample';

const TITLE = '2020年深化全国文明单位创建工作情况报告（复查评审台账）';

/** RFC 4180, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

/** Start tags of the page, so that escaped record text (`&lt;img src=x`) is not mistaken for markup. */
function tags(html: string): string[] {
  return html.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

describe('Markdown', () => {
  const md = renderMarkdown(sampleYearRecord());

  it('has the title, the basis, the goals and every section', () => {
    expect(md.startsWith(`# ${TITLE}\n`)).toBe(true);
    expect(md).toContain(
      '依据：《无锡市机关事务管理局2020年深化全国文明单位创建工作实施方案》（锡管党委〔2020〕6号，2020年3月9日印发）',
    );
    expect(md).toContain('统计截至：2021年1月8日 16:00');
    expect(md).toContain('努力实现“六好三优一满意”目标');
    for (const heading of [
      '## 一、创建目标',
      '## 二、总体情况',
      '## 三、文明创建考评（纳入年度绩效考核）',
      '## 四、工作任务办理情况',
      '### （一）强化思想引领，推动理论武装走深走实',
      '#### 第5项　积极开展普法知识教育',
      '## 五、“一月一主题”活动开展情况',
      '### 6月　“绿色环保”践行月',
      '## 六、“我们的节日”活动开展情况',
      '### 春节',
      '## 七、领导小组审定意见',
    ])
      expect(md).toContain(`\n${heading}\n`);
  });

  it('numbers tasks as the mails do, 第5项, never 任务05', () => {
    expect(md).toContain('| 第5项 | 法治宣传普及率 |');
    expect(md).toContain('#### 第1项　深入学习贯彻新思想\n');
    const headings = md.split('\n').filter((l) => l.startsWith('#### '));
    expect(headings).toHaveLength(16);
    for (const h of headings) expect(h).not.toMatch(/任务\d|第0\d项/);
  });

  it('summarizes the year and explains the appraisal', () => {
    expect(md).toContain(
      '本年度实施方案共安排工作任务16项、“一月一主题”活动12项、“我们的节日”活动4项，合计32项。截至2021年1月8日，已办结30项、年度未完成1项、方案印发前已过1项。量化指标4项，达标2项，未达标1项，未报送1项。',
    );
    expect(md).toContain(
      '考评实行扣分制：各责任单位基础分100分，逾期报送的每项扣1分，逾期未报送的每项扣3分（同一事项不重复扣分），退回整改的每次扣0.5分，阶段节点逾期未报的每个扣0.5分；宣传报道每篇加0.5分，先进典型每项加2分，加分合计不超过5分；得分最低为0分。',
    );
    expect(md).toContain('| 机关第一支部 | 21 | 18 | 3 | 0 | 1 | 0 | 0 | 0 | 3.5 | 0 | 96.5 | 85.7% |');
    expect(md).toContain('| 资产管理处 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 3 | 0 | 97 | 0.0% |');
    expect(md).toContain('| 机关第一支部 | 100 − 逾期报送3项×1 − 退回整改1次×0.5 = 96.5 |');
    expect(md).toContain('| 资产管理处 | 100 − 逾期未报送1项×3 = 97 |');
    expect(md).toContain('| 12月 | 31 | 30 | 96.8% |');
  });

  it('tells per item who reported what and when, KPIs, decisions, extensions and escalations', () => {
    expect(md).toContain('- 截止日期：2020年12月22日（原定2020年12月15日）');
    // Milestones by their titles, figures as 量化指标.
    expect(md).toContain('| 机关党委 | 上半年学习情况小结 | 2020年6月28日 10:00 | 吴芳 |');
    expect(md).not.toContain('mid-year');
    expect(md).not.toContain('KPI');
    expect(md).toContain(
      '| 2020年12月10日 17:00 | 李明 | 2020年12月15日 | 2020年12月22日 | 配合市级机关工委年度考评安排，延后一周报送。 |',
    );
    expect(md).toContain(
      '| 参加志愿服务人数占注册志愿者比例 | ≥90 | 85 | 机关党委 | 2020年12月11日 10:30 | 未达标 |',
    );
    expect(md).toContain(OVERRIDE_REASON);
    expect(md).toContain(
      '- 通知情况：共7封：任务交办1次、到期提醒1次、逾期提醒1次、办公室催办2次、组长督办1次、年度未完成1次',
    );
    expect(md).toContain('| 资产管理处 | 逾期未报送 |');
    expect(md).toContain('| 公务用车服务中心 | 已报送 | 2020年4月10日 16:20 | 韩涛 |');
    expect(md).toContain('- 邮件未送达：1次');
    expect(md).toContain('550 5.1.1 \\<han.tao@example.gov.cn\\>: Recipient address rejected');
    expect(md).toContain('- 审定人：王建国');
    expect(md).toContain('该节日在实施方案印发前已过，未部署开展，不计入考核。');
  });

  it('escapes record text, so it is neither HTML nor table syntax', () => {
    expect(md).toContain('读书分享会4场\\<script\\>alert(1)\\</script\\>');
    expect(md).not.toMatch(/(^|[^\\])<script/);
    expect(md).not.toMatch(/(^|[^\\])<img/);
    expect(md).toContain(`| ${LOGISTICS_NAME} |`);
    // Every table row has as many unescaped pipes as its header.
    const tables = md.split(/\n\n/).filter((b) => b.startsWith('| '));
    for (const t of tables) {
      const [header, ...rows] = t.split('\n');
      const pipes = (line: string) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
      for (const row of rows) expect(pipes(row)).toBe(pipes(header));
    }
    // One summary spans two lines in the record; in a table cell it must stay on one.
    expect(md).toContain('1. 制定全年文明有礼培育活动计划； 2. 开展经典诵读比赛1次、心得交流会2次。');
  });

  it('links only http(s) evidence', () => {
    expect(md).toContain(
      '[https://wmcj.example.gov.cn/2020/task-13/活动照片.zip](https://wmcj.example.gov.cn/2020/task-13/%E6%B4%BB%E5%8A%A8%E7%85%A7%E7%89%87.zip)',
    );
    expect(md).toContain(`；${SCRIPT_EVIDENCE}；`);
    expect(md).not.toContain('](javascript:');
  });
});

describe('CSV', () => {
  const csv = renderCsv(sampleYearRecord());
  const rows = parseCsv(csv.slice(1));
  const byBranchAndItem = (branch: string, id: string) => {
    const row = rows.find((r) => r[4] === branch && r[2] === id);
    if (!row) throw new Error(`no row for ${branch} ${id}`);
    return Object.fromEntries(CSV_HEADERS.map((h, i) => [h, row[i]]));
  };

  it('is UTF-8 with a byte order mark, CRLF lines, one row per item and responsible branch', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(rows[0]).toEqual([...CSV_HEADERS]);
    // 38 task rows (16 tasks), 24 theme rows, 8 festival rows.
    expect(rows).toHaveLength(1 + 38 + 24 + 8);
    for (const row of rows) expect(row).toHaveLength(CSV_HEADERS.length);
  });

  it('holds what the appraisal is computed from', () => {
    expect(byBranchAndItem('公务用车服务中心', '第9项')).toMatchObject({
      事项类型: '工作任务',
      类别: '（三）积极开展学雷锋活动，认真履行社会责任',
      名称: '积极开展学雷锋志愿服务活动',
      截止日期: '2020-04-03',
      状态: '已办结',
      报送情况: '已报送',
      报送时间: '2020年4月10日 16:20',
      报送人: '韩涛',
      按时: '否',
      逾期工作日: '4',
      退回整改次数: '0',
    });
    expect(byBranchAndItem('资产管理处', '第16项')).toMatchObject({
      状态: '年度未完成',
      报送情况: '逾期未报送',
      按时: '',
      逾期工作日: '12',
      量化指标: '服务对象满意率：未报送（要求≥95，未报送）',
    });
    expect(byBranchAndItem('机关党委', '第8项').量化指标).toBe(
      '注册志愿者占干部职工比例：92（要求≥90，达标）；参加志愿服务人数占注册志愿者比例：85（要求≥90，未达标）',
    );
    expect(byBranchAndItem('机关第一支部', '第15项')).toMatchObject({
      截止日期: '2020-12-22',
      原定截止日期: '2020-12-15',
      按时: '是',
    });
    expect(byBranchAndItem('机关第一支部', '11月')).toMatchObject({ 退回整改次数: '1', 逾期工作日: '2' });
    expect(byBranchAndItem('机关党委', '春节')).toMatchObject({ 状态: '方案印发前已过', 报送情况: '未报送' });
  });

  it('quotes commas, quotes and line breaks as RFC 4180 asks', () => {
    expect(csv).toContain(',"机关后勤服务中心（含""阳光食堂"",物业）",');
    expect(byBranchAndItem(LOGISTICS_NAME, '第13项').报送人).toBe('曹颖');
    expect(byBranchAndItem('机关第一支部', '第7项').报送内容).toBe(MULTILINE_SUMMARY);
    expect(byBranchAndItem(LOGISTICS_NAME, '第13项').证明材料).toBe(
      ['https://wmcj.example.gov.cn/2020/task-13/活动照片.zip', SCRIPT_EVIDENCE, SHARE_EVIDENCE].join('\n'),
    );
  });

  it('keeps a spreadsheet from running record text as a formula', () => {
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example/x"",""点击查看"")",`);
    expect(byBranchAndItem('办公室', '第13项').报送内容).toBe(`'${FORMULA_SUMMARY}`);
    expect(byBranchAndItem('机关党委', '第12项').报送内容).toBe(`'${PLUS_SUMMARY}`);
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1,"2"')).toBe(`"'=1,""2"""`);
    expect(csvField(0)).toBe('0');
  });
});

describe('HTML', () => {
  const record = sampleYearRecord();
  const page = renderHtml(record);

  it('is a Chinese page titled with the organization, the year and the review', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain(`<title>${TITLE}</title>`);
    expect(page).toContain(`<h1>${TITLE}</h1>`);
    expect(page).toContain('@media print');
    expect(page).toContain('@page { size: A4;');
    for (const heading of [
      '一、创建目标',
      '二、总体情况',
      '三、文明创建考评（纳入年度绩效考核）',
      '四、工作任务办理情况',
      '七、领导小组审定意见',
    ])
      expect(page).toContain(`<h2>${heading}</h2>`);
  });

  it('has no script at all, and loads nothing from anywhere', () => {
    expect(page).not.toMatch(/<script/i);
    for (const tag of tags(page)) {
      expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
      expect(tag).not.toMatch(/\ssrc\s*=/i);
      expect(tag).not.toMatch(/<(?:iframe|object|embed|img|link|base|form)\b/i);
    }
    expect(page).not.toMatch(/@import|url\((?!#)/i);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`.replace(/'/g, '&#39;'));
  });

  it('links evidence only when it is an http(s) URL, and never passes on the opener or referrer', () => {
    const links = tags(page).filter((t) => /\shref=/.test(t));
    expect(links.length).toBeGreaterThan(50);
    for (const link of links) {
      expect(link).toMatch(/^<a href="https?:\/\/[^"]+" rel="noopener noreferrer" target="_blank">$/);
    }
    expect(page).toContain(
      '<a href="https://wmcj.example.gov.cn/2020/task-13/%E6%B4%BB%E5%8A%A8%E7%85%A7%E7%89%87.zip" rel="noopener noreferrer" target="_blank">https://wmcj.example.gov.cn/2020/task-13/活动照片.zip</a><br>javascript:alert(3)<br>\\\\fileserver\\wmcj\\2020\\任务13',
    );
  });

  it('escapes every value taken from the record', () => {
    expect(page).toContain('读书分享会4场&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain(IMG_COMMENT.replace('<', '&lt;').replace('>', '&gt;'));
    expect(page).toContain('机关后勤服务中心（含&quot;阳光食堂&quot;,物业）');
    expect(page).toContain(BOUNCE_REASON.replace('<', '&lt;').replace('>', '&gt;'));
    expect(page).not.toContain(SCRIPT_SUMMARY);
    expect(page).not.toContain('<img');
  });

  it('shows the summary, the appraisal per branch with its formula, and each item in full', () => {
    expect(page).toContain('考评实行扣分制：各责任单位基础分100分');
    expect(page).toContain(
      '<tr><td>机关第一支部</td><td class="num">21</td><td class="num">18</td><td class="num"><span class="tone-warn">3</span></td><td class="num">0</td><td class="num"><span class="tone-warn">1</span></td><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">3.5</td><td class="num">0</td><td class="num">96.5</td><td class="num">85.7%</td></tr>',
    );
    expect(page).toContain('<dt>截止日期</dt><dd>2020年12月22日（原定2020年12月15日）</dd>');
    expect(page).toContain('<td>李明</td>');
    expect(page).toContain('<td>王建国</td><td><span class="tone-warn">退回整改</span></td>');
    expect(page).toContain(`<td>${OVERRIDE_REASON}</td>`);
    expect(page).toContain('办公室催办2次、组长督办1次');
    expect(page).toContain(
      '<td class="when">2020年12月29日 09:00</td><td>组长督办</td><td>wang.jianguo@example.gov.cn</td>',
    );
    expect(page).toContain('<caption>邮件未送达记录</caption>');
    expect(page).toContain('<dt>审定人</dt><dd>王建国</dd>');
    expect(page).toContain(
      '<td>参加志愿服务人数占注册志愿者比例</td><td class="num">≥90</td><td class="num">85</td>',
    );
  });

  it('draws the three charts as inline SVG with Chinese labels and CJK fonts', () => {
    const figures = page.match(/<figure class="chart"[^>]*><svg[\s\S]*?<\/svg>\s*<\/figure>/g) ?? [];
    expect(figures).toHaveLength(3);
    const [categories, progress, kpis] = figures;
    expect(categories).toContain('各类别工作任务办理状态');
    expect(categories).toContain('（五）积极开展各类主题活动，不断提升创建水平');
    expect(categories).toContain('年度未完成');
    expect(progress).toContain('各月累计应完成与已办结事项');
    expect(progress).toContain('累计应完成');
    expect(progress).toContain('12月');
    expect(kpis).toContain('量化指标完成情况');
    expect(kpis).toContain('第8项 参加志愿服务人数占注册志愿者比例');
    expect(kpis).toContain('达标要求');
    for (const svg of figures) {
      expect(svg).toContain('font-family:Microsoft YaHei, PingFang SC');
      expect(svg).toContain('WenQuanYi Micro Hei, sans-serif');
      expect((svg.match(/<path /g) ?? []).length).toBeGreaterThan(10);
    }
  });

  it('is the same page every time, with ids that are the page’s own', () => {
    expect(renderHtml(record)).toBe(page);
    expect(page).not.toMatch(/\bzr\d+-/);
    const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('escapes record text inside the charts too', () => {
    const hostile = sampleYearRecord();
    hostile.categories[0].title = '<script>alert(4)</script>';
    const kpi = hostile.items.find((i) => i.id === '05' && i.kind === 'task')?.kpis[0];
    if (!kpi) throw new Error('task 05 has a KPI in the sample');
    kpi.name = '<img src=x onerror=alert(5)>';
    const out = renderHtml(hostile);
    expect(out).not.toMatch(/<script|<img/i);
    expect(out).toMatch(/<text[^>]*>（一）&lt;script&gt;alert\(4\)&lt;\/script&gt;<\/text>/);
  });
});

describe('renderYearReport', () => {
  const record = sampleYearRecord();

  it('renders each format', () => {
    expect(renderYearReport(record, 'md')).toBe(renderMarkdown(record));
    expect(renderYearReport(record, 'csv')).toBe(renderCsv(record));
    expect(renderYearReport(record, 'html')).toBe(renderHtml(record));
    expect(() => renderYearReport(record, 'pdf' as ReportFormat)).toThrow('unknown report format "pdf"');
  });

  it('renders a year with nothing in it yet', () => {
    const empty: YearRecord = {
      organization: '某单位',
      year: 2027,
      generatedAt: '2027-01-04T01:00:00Z',
      goals: '目标',
      categories: [],
      branches: [],
      items: [],
      appraisal: SAMPLE_APPRAISAL,
    };
    expect(renderYearReport(empty, 'md')).toContain('本年度实施方案未设量化指标。');
    expect(renderYearReport(empty, 'md')).toContain('本年度创建工作尚未经领导小组审定。');
    expect(parseCsv(renderYearReport(empty, 'csv').slice(1))).toEqual([[...CSV_HEADERS]]);
    const html = renderYearReport(empty, 'html');
    expect(html.match(/<svg/g)).toHaveLength(1);
    expect(html).toContain('本年度未安排工作任务。');
  });
});

describe('evidence and channels', () => {
  test('an uploaded file shows as 附件 and its hash prefix (its name in the archive), the channel beside the person', () => {
    const record = sampleYearRecord();
    const hash = 'ab'.repeat(32);
    const branch = record.items[0].branches[0];
    branch.report = { ...branch.report!, actor: '何敏（平台）', evidence: [`sha256:${hash}`] };
    for (const format of ['md', 'html'] as ReportFormat[]) {
      const text = renderYearReport(record, format);
      expect(text).toContain(`附件 ${hash.slice(0, 8)}`);
      expect(text).not.toContain(`sha256:${hash}`);
      expect(text).toContain('何敏（平台）');
    }
    // The CSV keeps the whole hash, to match the archive's index.csv by machine.
    expect(renderYearReport(record, 'csv')).toContain(`sha256:${hash}`);
  });
});
