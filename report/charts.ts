// The year report's charts, drawn on the server by Apache ECharts as SVG and embedded in the page, so
// the report needs no script and no network to show them, on screen or on paper.
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import type { KpiResult, YearSummary } from '../domain/appraisal';
import { ITEM_STATES } from '../domain/appraisal';
import type { ItemRecordState } from '../domain/year-record';
import { categoryHeading, itemLabel, STATE_LABEL } from './labels';

/** Office PCs have YaHei, Macs PingFang, Linux desktops Noto/Source Han or WenQuanYi. */
export const CHART_FONT =
  'Microsoft YaHei, PingFang SC, Hiragino Sans GB, Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif';

export const CHART_WIDTH = 720;

const STATE_COLOR: Record<ItemRecordState, string> = {
  'not-started': '#c0c4cc',
  scheduled: '#d3d8e0',
  open: '#5b8ff9',
  overdue: '#f6bd16',
  escalated: '#e8684a',
  returned: '#ff9845',
  'awaiting-sign-off': '#6dc8ec',
  'signed-off': '#5ad8a6',
  unfinished: '#b8322a',
  past: '#dcdfe6',
};

const MET = '#3c9d5d';
const MISSED = '#c23531';
const THRESHOLD = '#9aa0a6';

/**
 * Renders one chart. zrender numbers its instances and style classes process-wide and writes the
 * numbers into the SVG's class names and clip-path ids; they are renamed after the chart and numbered
 * afresh, so a report is the same bytes each time it is rendered and two charts on one page never
 * share an id.
 */
function renderSvg(name: string, option: EChartsOption, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height });
  let svg: string;
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: CHART_FONT },
      ...option,
    });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const instance = /(?:class|id)="(zr\d+)-/.exec(svg)?.[1];
  if (!instance) return svg;
  const names = new Map<string, string>();
  const rename = (s: string) =>
    s.replace(new RegExp(`\\b${instance}-([a-z]+-?)\\d+\\b`, 'g'), (token, kind: string) => {
      let renamed = names.get(token);
      if (!renamed) {
        renamed = `civ-${name}-${kind}${names.size}`;
        names.set(token, renamed);
      }
      return renamed;
    });
  // Only tags and the style sheet carry ids and classes; text content is the record's data.
  return svg
    .replace(/<[^>]*>/g, rename)
    .replace(
      /(<style[^>]*>)([\s\S]*?)(<\/style>)/g,
      (_m, open: string, css: string, close: string) => open + rename(css) + close,
    );
}

const TITLE = { left: 'center', top: 8, textStyle: { fontSize: 16 } } as const;
const LEGEND = { bottom: 6 } as const;

/** Cumulative due vs signed off at each month's end. */
export function progressChart(summary: YearSummary): string {
  return renderSvg(
    'progress',
    {
      title: { ...TITLE, text: '各月累计应完成与已办结事项' },
      legend: { ...LEGEND, data: ['累计应完成', '累计已办结'] },
      grid: { top: 56, bottom: 56, left: 48, right: 24 },
      xAxis: { type: 'category', data: summary.months.map((m) => `${m.month}月`) },
      yAxis: { type: 'value', name: '事项数', minInterval: 1 },
      series: [
        {
          name: '累计应完成',
          type: 'line',
          data: summary.months.map((m) => m.due),
          lineStyle: { width: 2, type: 'dashed' },
          itemStyle: { color: '#5470c6' },
          symbolSize: 6,
        },
        {
          name: '累计已办结',
          type: 'bar',
          data: summary.months.map((m) => m.signedOff),
          itemStyle: { color: STATE_COLOR['signed-off'] },
          barMaxWidth: 28,
        },
      ],
    },
    340,
  );
}

/** Tasks of each category, stacked by state; only states that occur get a legend entry. */
export function categoryStateChart(summary: YearSummary): string {
  const categories = summary.byCategory.filter((c) => c.tasks > 0);
  const states = ITEM_STATES.filter((s) => categories.some((c) => c.states[s] > 0));
  return renderSvg(
    'categories',
    {
      title: { ...TITLE, text: '各类别工作任务办理状态' },
      legend: { ...LEGEND, data: states.map((s) => STATE_LABEL[s]) },
      grid: { top: 48, bottom: 56, left: 16, right: 32 },
      xAxis: { type: 'value', name: '项', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: categories.map(categoryHeading),
        axisLabel: { width: 300, overflow: 'truncate' },
      },
      series: states.map((s) => ({
        name: STATE_LABEL[s],
        type: 'bar' as const,
        stack: 'state',
        barMaxWidth: 26,
        itemStyle: { color: STATE_COLOR[s] },
        label: { show: true, formatter: (p: { value: unknown }) => (p.value ? String(p.value) : '') },
        data: categories.map((c) => c.states[s]),
      })),
    },
    Math.max(220, 110 + 44 * categories.length),
  );
}

function kpiAxisLabel(k: KpiResult): string {
  return `${itemLabel(k.item)} ${k.name}${k.value === undefined ? '（未报送）' : ''}`;
}

/** Each KPI's value beside its threshold; the value is green when met, red when missed. */
export function kpiChart(kpis: readonly KpiResult[]): string {
  return renderSvg(
    'kpis',
    {
      title: { ...TITLE, text: '量化指标完成情况' },
      legend: { ...LEGEND, data: ['实际值', '达标要求'] },
      grid: { top: 48, bottom: 56, left: 16, right: 48 },
      xAxis: { type: 'value', min: 0 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: kpis.map(kpiAxisLabel),
        axisLabel: { width: 320, overflow: 'truncate' },
      },
      series: [
        {
          name: '实际值',
          type: 'bar',
          barGap: '10%',
          barMaxWidth: 18,
          itemStyle: { color: MET },
          label: { show: true, position: 'right' },
          data: kpis.map((k) =>
            k.value === undefined
              ? null
              : { value: k.value, itemStyle: { color: k.status === 'met' ? MET : MISSED } },
          ),
        },
        {
          name: '达标要求',
          type: 'bar',
          barMaxWidth: 18,
          itemStyle: { color: THRESHOLD },
          label: { show: true, position: 'right', formatter: '≥{c}' },
          data: kpis.map((k) => k.min),
        },
      ],
    },
    Math.max(200, 110 + 52 * kpis.length),
  );
}
