// What the year report says, as a list of blocks (headings, paragraphs, tables, charts) that the
// Markdown and HTML renderers turn into text: the two forms cannot drift apart, and each renderer
// only has to escape, never to decide what to show.
import { parseEvidenceRef } from '../evidence/ref';
import {
  appraise,
  summarizeYear,
  kpiStatus,
  ITEM_STATES,
  ITEM_KINDS,
  type BranchAppraisal,
  type KpiStatus,
  type YearSummary,
} from '../domain/appraisal';
import { formatChineseDate } from '../domain/calendar';
import type { BranchRecord, ItemKind, ItemRecord, ReportRecord, YearRecord } from '../domain/year-record';
import { categoryStateChart, kpiChart, progressChart } from './charts';
import { httpUrl } from './html-safety';
import {
  appraisalRules,
  categoryHeading,
  formatInstant,
  APPRAISAL_TITLE,
  formatRate,
  formatScore,
  formulaText,
  itemHeading,
  itemLabel,
  KIND_LABEL,
  KPI_STATUS_LABEL,
  notificationKindOrder,
  notificationLabel,
  reportTitle,
  scoreArithmetic,
  STATE_LABEL,
  verdictLabel,
} from './labels';

/** Colours a cell where a reader scans for problems: green done, amber late, red missing. */
export type Tone = 'good' | 'warn' | 'bad';

/** A piece of text; `href` only ever holds a checked http(s) URL. */
export type Inline = string | { text: string; href?: string; tone?: Tone };

/** A table cell: one piece, or several shown one per line. */
export type Cell = Inline | readonly Inline[];

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'facts'; items: readonly { label: string; value: Cell }[] }
  | { type: 'list'; items: readonly string[] }
  | { type: 'table'; caption?: string; headers: readonly string[]; rows: readonly (readonly Cell[])[] }
  /** Drawn only where pictures can be shown (HTML); `render` returns an SVG element. */
  | { type: 'chart'; title: string; render: () => string }
  /** Blocks kept together: a section, or one item on paper. */
  | { type: 'group'; role: 'section' | 'item'; blocks: readonly Block[] };

/** Section headings and table captions other forms of the report look up (the 台账 workbook). */
export const SECTION = {
  overview: '二、总体情况',
  appraisal: `三、${APPRAISAL_TITLE}`,
} as const;

export const CAPTION = {
  kpis: '量化指标完成情况',
  appraisal: '各责任单位考评情况',
  arithmetic: '得分计算',
  ledger: '活动台账',
} as const;

/** The 台账 fields of a report, as its table heads them. */
export const LEDGER_HEADERS = ['活动时间', '地点', '参加人数', '宣传报道', '先进典型'] as const;

export interface ReportContent {
  title: string;
  organization: string;
  subtitle: readonly string[];
  blocks: readonly Block[];
}

/** Tasks by category and number, then themes by month, then festivals in the record's (calendar) order. */
export function orderedItems(record: YearRecord): ItemRecord[] {
  const kindRank = (k: ItemKind) => ITEM_KINDS.indexOf(k);
  return record.items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        kindRank(a.item.kind) - kindRank(b.item.kind) ||
        (a.item.kind === 'festival'
          ? a.index - b.index
          : (a.item.category ?? 0) - (b.item.category ?? 0) || a.item.id.localeCompare(b.item.id)),
    )
    .map(({ item }) => item);
}

function count(n: number, unit = '项'): string {
  return `${n}${unit}`;
}

/** "已办结30项、年度未完成1项" for the states that occur. */
function stateCounts(states: Record<string, number>): string {
  const parts = ITEM_STATES.filter((s) => states[s] > 0).map((s) => `${STATE_LABEL[s]}${count(states[s])}`);
  return parts.length ? parts.join('、') : '无';
}

/**
 * Links as links; an uploaded file as 附件 and the first 8 digits of its hash, the prefix its file
 * carries in the year's archive (`civ year archive`: evidence/<item>/<branch>/<hash8>-<name>).
 */
function evidenceCell(evidence: readonly string[]): Cell {
  return evidence.map((e) => {
    const hash = parseEvidenceRef(e);
    if (hash) return `附件 ${hash.slice(0, 8)}`;
    const href = httpUrl(e);
    return href ? { text: e, href } : e;
  });
}

function branchName(record: YearRecord, item: ItemRecord, id: string | undefined): string {
  if (id === undefined) return '';
  return item.branches.find((b) => b.id === id)?.name ?? record.branches.find((b) => b.id === id)?.name ?? id;
}

function onTimeCell(b: BranchRecord): Cell {
  if (b.onTime === undefined) return '—';
  return b.onTime ? { text: '按时', tone: 'good' } : { text: '逾期', tone: 'warn' };
}

function reportStatusCell(b: BranchRecord, pastDue: boolean): Cell {
  if (b.report) return { text: '已报送', tone: 'good' };
  return pastDue ? { text: '逾期未报送', tone: 'bad' } : '未报送';
}

function stateCell(item: ItemRecord, detail = ''): Cell {
  const text = STATE_LABEL[item.state] + detail;
  switch (item.state) {
    case 'signed-off':
      return { text, tone: 'good' };
    case 'unfinished':
    case 'escalated':
    case 'overdue':
      return { text, tone: 'bad' };
    case 'returned':
      return { text, tone: 'warn' };
    default:
      return text;
  }
}

/** A table, or nothing when it would have no rows. */
function tableIfAny(
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
): Block[] {
  return rows.length ? [{ type: 'table', caption, headers, rows }] : [];
}

/** The value, and for a rate the two counts it was computed from: 92（46/50）. */
function kpiValueCell(k: { value?: number; numerator?: number; denominator?: number }): Cell {
  if (k.value === undefined) return '—';
  return k.numerator !== undefined && k.denominator !== undefined
    ? `${k.value}（${k.numerator}/${k.denominator}）`
    : String(k.value);
}

function kpiStatusCell(status: KpiStatus): Cell {
  return { text: KPI_STATUS_LABEL[status], tone: status === 'met' ? 'good' : 'bad' };
}

/** Each kind's items by state, and all items by state. */
function stateTotals(summary: YearSummary) {
  const kinds = ITEM_KINDS.map((k) => ({
    kind: k,
    states: summary.byKind[k],
    total: ITEM_STATES.reduce((n, s) => n + summary.byKind[k][s], 0),
  }));
  const all: Record<string, number> = {};
  for (const s of ITEM_STATES) all[s] = kinds.reduce((n, k) => n + k.states[s], 0);
  return { kinds, all };
}
type StateTotals = ReturnType<typeof stateTotals>;

function summaryBlocks(record: YearRecord, summary: YearSummary, appraisal: BranchAppraisal[]): Block[] {
  const totals = stateTotals(summary);
  return [
    { type: 'heading', level: 2, text: SECTION.overview },
    { type: 'paragraph', text: overviewText(summary, totals, appraisal) },
    kindStateTable(summary, totals),
    ...categoryBlocks(summary),
    ...progressBlocks(summary),
    ...yearKpiBlocks(record, summary),
  ];
}

function overviewText(
  summary: YearSummary,
  { kinds, all }: StateTotals,
  appraisal: BranchAppraisal[],
): string {
  const { met, missed } = summary.kpiCounts;
  const mean = appraisal.length ? appraisal.reduce((n, a) => n + a.score, 0) / appraisal.length : 0;
  return (
    `本年度实施方案共安排${kinds.map((k) => `${KIND_LABEL[k.kind]}${count(k.total)}`).join('、')}，` +
    `合计${count(summary.items)}。截至${formatChineseDate(summary.asOf)}，${stateCounts(all)}。` +
    `量化指标${count(summary.kpis.length)}，达标${count(met)}，未达标${count(missed)}，` +
    `未报送${count(summary.kpiCounts['not-reported'])}。` +
    `${count(appraisal.length, '个')}责任单位考评平均得分${formatScore(Math.round(mean * 10) / 10)}分。`
  );
}

function kindStateTable(summary: YearSummary, { kinds, all }: StateTotals): Block {
  const shownStates = ITEM_STATES.filter((s) => all[s] > 0);
  return {
    type: 'table',
    caption: '各类事项办理状态',
    headers: ['事项类型', '合计', ...shownStates.map((s) => STATE_LABEL[s])],
    rows: [
      ...kinds.map((k) => [
        KIND_LABEL[k.kind],
        String(k.total),
        ...shownStates.map((s) => String(k.states[s])),
      ]),
      ['合计', String(summary.items), ...shownStates.map((s) => String(all[s]))],
    ],
  };
}

function categoryBlocks(summary: YearSummary): Block[] {
  const categories = summary.byCategory;
  const categoryStates = ITEM_STATES.filter((s) => categories.some((c) => c.states[s] > 0));
  const blocks: Block[] = [
    {
      type: 'table',
      caption: '工作任务分类办理情况',
      headers: ['类别', '任务数', ...categoryStates.map((s) => STATE_LABEL[s])],
      rows: categories.map((c) => [
        categoryHeading(c),
        String(c.tasks),
        ...categoryStates.map((s) => String(c.states[s])),
      ]),
    },
  ];
  if (categories.some((c) => c.tasks > 0))
    blocks.push({
      type: 'chart',
      title: '各类别工作任务办理状态',
      render: () => categoryStateChart(summary),
    });
  return blocks;
}

function progressBlocks(summary: YearSummary): Block[] {
  const last = summary.months[summary.months.length - 1];
  const blocks: Block[] = [
    {
      type: 'table',
      caption: '各月累计进度（按截止日期和办结时间统计）',
      headers: ['月份', '累计应完成', '累计已办结', '累计办结率'],
      rows: summary.months.map((m) => [
        `${m.month}月`,
        String(m.due),
        String(m.signedOff),
        m.due ? formatRate(Math.min(1, m.signedOff / m.due)) : '—',
      ]),
    },
    { type: 'chart', title: '各月累计进度', render: () => progressChart(summary) },
  ];
  if (last.due > last.signedOff)
    blocks.push({
      type: 'paragraph',
      text: `全年计划完成${count(last.due)}，截至统计时已办结${count(last.signedOff)}，尚有${count(last.due - last.signedOff)}未办结。`,
    });
  return blocks;
}

function yearKpiBlocks(record: YearRecord, summary: YearSummary): Block[] {
  if (!summary.kpis.length) return [{ type: 'paragraph', text: '本年度实施方案未设量化指标。' }];
  return [
    {
      type: 'table',
      caption: CAPTION.kpis,
      headers: ['事项', '指标', '要求', '实际值', '报送单位', '报送时间', '结果'],
      rows: summary.kpis.map((k) => {
        const item = record.items.find((i) => i.kind === k.item.kind && i.id === k.item.id);
        return [
          itemLabel(k.item),
          k.name,
          `≥${k.min}`,
          kpiValueCell(k),
          item ? branchName(record, item, k.branch) : (k.branch ?? ''),
          k.at ? formatInstant(k.at) : '',
          kpiStatusCell(k.status),
        ];
      }),
    },
    { type: 'chart', title: '量化指标完成情况', render: () => kpiChart(summary.kpis) },
  ];
}

/** A count a reader scans for problems: toned when not zero. */
function flagged(n: number, tone: Tone): Cell {
  return n ? { text: String(n), tone } : '0';
}

function appraisalBlocks(record: YearRecord, summary: YearSummary, appraisal: BranchAppraisal[]): Block[] {
  return [
    { type: 'heading', level: 2, text: SECTION.appraisal },
    { type: 'paragraph', text: formulaText(record.appraisal) },
    { type: 'list', items: appraisalRules(summary.asOf) },
    {
      type: 'table',
      caption: CAPTION.appraisal,
      headers: [
        '责任单位',
        '承担事项',
        '按时报送',
        '逾期报送',
        '逾期未报送',
        '退回整改',
        '节点逾期',
        '宣传报道',
        '先进典型',
        '扣分',
        '加分',
        '得分',
        '按时报送率',
      ],
      rows: appraisal.map((a) => [
        a.name,
        String(a.responsible),
        String(a.onTime),
        flagged(a.late, 'warn'),
        flagged(a.missing, 'bad'),
        flagged(a.returns, 'warn'),
        flagged(a.milestonesMissed, 'warn'),
        String(a.publicity),
        String(a.honours),
        formatScore(a.deductions),
        formatScore(a.bonus),
        formatScore(a.score),
        formatRate(a.onTimeRate),
      ]),
    },
    {
      type: 'table',
      caption: CAPTION.arithmetic,
      headers: ['责任单位', '计算过程'],
      rows: appraisal.map((a) => [a.name, scoreArithmetic(record.appraisal, a)]),
    },
  ];
}

function reportRow(who: string, milestone: string | undefined, r: ReportRecord): Cell[] {
  return [
    who,
    ...(milestone === undefined ? [] : [milestone]),
    formatInstant(r.at),
    r.actor,
    r.summary,
    evidenceCell(r.evidence),
  ];
}

function itemBlocks(record: YearRecord, item: ItemRecord, today: string, level: 3 | 4): Block[] {
  const heading: Block = { type: 'heading', level, text: itemHeading(item) };
  if (item.state === 'past')
    return [
      heading,
      { type: 'facts', items: stateAndDueFacts(item) },
      { type: 'paragraph', text: '该节日在实施方案印发前已过，未部署开展，不计入考核。' },
    ];
  return [
    heading,
    { type: 'facts', items: [...stateAndDueFacts(item), ...notificationFacts(item)] },
    branchReportTable(item, today),
    ...ledgerTable(item),
    ...milestoneTable(item),
    ...itemKpiTable(record, item),
    ...extensionTable(item),
    ...decisionTable(item),
    ...notificationTables(item),
  ];
}

type Fact = { label: string; value: Cell };

function stateAndDueFacts(item: ItemRecord): Fact[] {
  return [
    {
      label: '状态',
      value: stateCell(item, item.completedAt ? `（${formatInstant(item.completedAt)}）` : ''),
    },
    {
      label: '截止日期',
      value:
        item.due === item.originalDue
          ? formatChineseDate(item.due)
          : `${formatChineseDate(item.due)}（原定${formatChineseDate(item.originalDue)}）`,
    },
  ];
}

/** How many mails of each kind went out, and how many could not be delivered. */
function notificationFacts(item: ItemRecord): Fact[] {
  const byKind = new Map<string, number>();
  for (const n of item.notifications) byKind.set(n.kind, (byKind.get(n.kind) ?? 0) + 1);
  const kinds = [...byKind].sort(([a], [b]) => notificationKindOrder(a) - notificationKindOrder(b));
  const facts: Fact[] = [
    {
      label: '通知情况',
      value: item.notifications.length
        ? `共${count(item.notifications.length, '封')}：${kinds.map(([k, n]) => `${notificationLabel(k, item.kind)}${n}次`).join('、')}`
        : '未发送通知',
    },
  ];
  if (item.failures.length)
    facts.push({ label: '邮件未送达', value: { text: count(item.failures.length, '次'), tone: 'bad' } });
  return facts;
}

function branchReportTable(item: ItemRecord, today: string): Block {
  const pastDue = today > item.due;
  return {
    type: 'table',
    caption: '报送情况',
    headers: [
      '责任单位',
      '报送情况',
      '报送时间',
      '报送人',
      '报送内容',
      '证明材料',
      '按时',
      '逾期工作日',
      '退回整改次数',
    ],
    rows: item.branches.map((b) => [
      b.name,
      reportStatusCell(b, pastDue),
      b.report ? formatInstant(b.report.at) : '',
      b.report?.actor ?? '',
      b.report?.summary ?? '',
      evidenceCell(b.report?.evidence ?? []),
      onTimeCell(b),
      String(b.lateWorkingDays),
      String(b.returns),
    ]),
  };
}

/** The 台账 of the final reports that gave any: 活动时间, 地点, 参加人数, 宣传报道, 先进典型. */
function ledgerTable(item: ItemRecord): Block[] {
  const rows = item.branches.flatMap((b) => {
    const r = b.report;
    if (
      !r ||
      !(r.heldOn || r.place || r.participants !== undefined || r.publicity?.length || r.honours?.length)
    )
      return [];
    return [
      [
        b.name,
        r.heldOn ? formatChineseDate(r.heldOn) : '',
        r.place ?? '',
        r.participants === undefined ? '' : String(r.participants),
        evidenceCell(r.publicity ?? []),
        r.honours?.join('；') ?? '',
      ],
    ];
  });
  return tableIfAny(CAPTION.ledger, ['责任单位', ...LEDGER_HEADERS], rows);
}

function milestoneTable(item: ItemRecord): Block[] {
  const rows = item.branches.flatMap((b) =>
    Object.entries(b.milestones)
      .sort(([, x], [, y]) => x.at.localeCompare(y.at))
      .map(([id, r]) => reportRow(b.name, item.milestones?.find((m) => m.id === id)?.title ?? id, r)),
  );
  return tableIfAny('阶段进展报送', ['责任单位', '阶段', '报送时间', '报送人', '报送内容', '证明材料'], rows);
}

function itemKpiTable(record: YearRecord, item: ItemRecord): Block[] {
  return tableIfAny(
    '量化指标',
    ['指标', '要求', '实际值', '报送单位', '报送时间', '结果'],
    item.kpis.map((k) => [
      k.name,
      `≥${k.min}`,
      kpiValueCell(k),
      branchName(record, item, k.branch),
      k.at ? formatInstant(k.at) : '',
      kpiStatusCell(kpiStatus(k)),
    ]),
  );
}

function extensionTable(item: ItemRecord): Block[] {
  return tableIfAny(
    '延期情况',
    ['决定时间', '决定人', '原截止日期', '延至', '延期理由'],
    item.extensions.map((e) => [
      formatInstant(e.at),
      e.actor,
      formatChineseDate(e.from),
      formatChineseDate(e.to),
      e.reason,
    ]),
  );
}

function decisionTable(item: ItemRecord): Block[] {
  return tableIfAny(
    '审核情况',
    ['审核时间', '审核人', '审核结论', '审核意见', '特批理由'],
    item.decisions.map((d) => [
      formatInstant(d.at),
      d.actor,
      { text: verdictLabel(d.verdict), tone: d.verdict === 'approve' ? 'good' : 'warn' },
      d.comment,
      d.overrideReason ?? '',
    ]),
  );
}

/** The mails sent about the item, oldest first, then the ones that could not be delivered. */
function notificationTables(item: ItemRecord): Block[] {
  return [
    ...tableIfAny(
      '提醒、催办和通知记录',
      ['发送时间', '类型', '收件人', '邮件主题'],
      [...item.notifications]
        .sort((a, b) => a.at.localeCompare(b.at))
        .map((n) => [formatInstant(n.at), notificationLabel(n.kind, item.kind), n.to.join('、'), n.subject]),
    ),
    ...tableIfAny(
      '邮件未送达记录',
      ['时间', '类型', '收件人', '原因'],
      item.failures.map((f) => [
        formatInstant(f.at),
        notificationLabel(f.kind),
        f.recipients.join('、'),
        { text: f.reason, tone: 'bad' },
      ]),
    ),
  ];
}

function kindSection(
  record: YearRecord,
  items: readonly ItemRecord[],
  heading: string,
  today: string,
  empty: string,
): Block {
  const blocks: Block[] = [{ type: 'heading', level: 2, text: heading }];
  if (!items.length) blocks.push({ type: 'paragraph', text: empty });
  for (const item of items)
    blocks.push({ type: 'group', role: 'item', blocks: itemBlocks(record, item, today, 3) });
  return { type: 'group', role: 'section', blocks };
}

function taskSection(record: YearRecord, tasks: readonly ItemRecord[], today: string): Block {
  const blocks: Block[] = [{ type: 'heading', level: 2, text: '四、工作任务办理情况' }];
  const numbers = [...new Set(tasks.map((t) => t.category ?? 0))];
  for (const number of numbers) {
    const category = record.categories.find((c) => c.number === number);
    blocks.push({
      type: 'heading',
      level: 3,
      text: category ? categoryHeading(category) : '未分类任务',
    });
    for (const item of tasks.filter((t) => (t.category ?? 0) === number))
      blocks.push({ type: 'group', role: 'item', blocks: itemBlocks(record, item, today, 4) });
  }
  if (!tasks.length) blocks.push({ type: 'paragraph', text: '本年度未安排工作任务。' });
  return { type: 'group', role: 'section', blocks };
}

function signOffBlocks(record: YearRecord): Block[] {
  const s = record.finalSignOff;
  return [
    { type: 'heading', level: 2, text: '七、领导小组审定意见' },
    s
      ? {
          type: 'facts',
          items: [
            { label: '审定人', value: s.actor },
            { label: '审定时间', value: formatInstant(s.at) },
            { label: '审定意见', value: s.comment },
          ],
        }
      : { type: 'paragraph', text: '本年度创建工作尚未经领导小组审定。' },
  ];
}

/** A title quoted inside 《》 writes its own 《》 as 〈〉, as nested book titles are written. */
function innerTitle(title: string): string {
  return title.replace(/《/g, '〈').replace(/》/g, '〉');
}

export function reportContent(record: YearRecord): ReportContent {
  const summary = summarizeYear(record);
  const appraisal = appraise(record);
  const items = orderedItems(record);
  const doc = record.document;
  const issued = [doc?.number, doc?.issuedOn && `${formatChineseDate(doc.issuedOn)}印发`].filter(Boolean);
  const subtitle = [
    ...(doc ? [`依据：《${innerTitle(doc.title)}》${issued.length ? `（${issued.join('，')}）` : ''}`] : []),
    `统计截至：${formatInstant(record.generatedAt)}`,
  ];
  const byKind = (k: ItemKind) => items.filter((i) => i.kind === k);
  return {
    title: reportTitle(record),
    organization: record.organization,
    subtitle,
    blocks: [
      {
        type: 'group',
        role: 'section',
        blocks: [
          { type: 'heading', level: 2, text: '一、创建目标' },
          { type: 'paragraph', text: record.goals },
        ],
      },
      { type: 'group', role: 'section', blocks: summaryBlocks(record, summary, appraisal) },
      { type: 'group', role: 'section', blocks: appraisalBlocks(record, summary, appraisal) },
      taskSection(record, byKind('task'), summary.asOf),
      kindSection(
        record,
        byKind('theme'),
        '五、“一月一主题”活动开展情况',
        summary.asOf,
        '本年度未安排“一月一主题”活动。',
      ),
      kindSection(
        record,
        byKind('festival'),
        '六、“我们的节日”活动开展情况',
        summary.asOf,
        '本年度未安排“我们的节日”活动。',
      ),
      { type: 'group', role: 'section', blocks: signOffBlocks(record) },
    ],
  };
}
