// The year report as one self-contained HTML page: styles inline, charts as inline SVG, no script and
// no request to anywhere, so it opens from a USB stick on an offline PC and prints on A4 as it shows.
import type { YearRecord } from '../domain/year-record';
import { reportContent, type Block, type Cell, type Inline } from './content';
import { escapeHtml, markup, trustedHtml, type SafeHtml } from './html-safety';

// The policy forbids scripts, fetches and external styles even if some record text escaped escaping.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body {
  margin: 0; background: #f2f3f5; color: #1f2329;
  font-family: "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC",
    "WenQuanYi Micro Hei", sans-serif;
  font-size: 14px; line-height: 1.7;
}
.report { max-width: 1040px; margin: 24px auto; padding: 40px 48px; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.cover { text-align: center; border-bottom: 3px double #b3261e; padding-bottom: 16px; margin-bottom: 24px; }
.cover .org { font-size: 18px; margin: 0; letter-spacing: .1em; }
h1 { font-family: "FZXiaoBiaoSong-B05S", "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 26px; margin: 8px 0 12px; color: #b3261e; }
.cover .meta { margin: 0; color: #4e5969; font-size: 13px; }
h2 { font-size: 20px; border-left: 5px solid #b3261e; padding-left: 10px; margin: 36px 0 12px; }
h3 { font-size: 17px; margin: 24px 0 8px; }
h4 { font-size: 15px; margin: 20px 0 6px; }
p, dd, td { white-space: pre-line; }
.item { border-top: 1px solid #e5e6eb; padding-top: 4px; }
.facts { margin: 6px 0 10px; display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
.facts dt { color: #4e5969; }
.facts dt::after { content: "："; }
.facts dd { margin: 0; }
.table-wrap { overflow-x: auto; margin: 8px 0 14px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid #c9cdd4; padding: 4px 8px; vertical-align: top; text-align: left; }
td { overflow-wrap: anywhere; }
th { background: #f2f3f5; font-weight: 600; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; }
td.when { white-space: nowrap; }
a { color: #1d4ed8; word-break: break-all; }
.tone-good { color: #1f7a3a; font-weight: 600; }
.tone-warn { color: #a35c00; font-weight: 600; }
.tone-bad { color: #b3261e; font-weight: 600; }
figure.chart { margin: 12px 0 20px; text-align: center; }
figure.chart svg { width: 100%; max-width: 720px; height: auto; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  .report { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3, h4, caption { break-after: avoid; }
  figure.chart, .facts, tr { break-inside: avoid; }
  figure.chart svg { max-width: 100%; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  table { font-size: 9pt; }
  /* A wide table (the appraisal's 13 columns) fits the page: headings wrap, cells pad less. */
  th { white-space: normal; }
  th, td { padding: 3px 4px; }
  a { color: inherit; text-decoration: none; }
}
`;

const NUMERIC = /^(?:[-+]?\d+(?:\.\d+)?%?|—|≥\d+(?:\.\d+)?)$/;
const WHEN = /^(?:\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日)(?: \d{2}:\d{2})?$/;

function inline(piece: Inline): SafeHtml {
  if (typeof piece === 'string') return markup`${piece}`;
  const text = piece.href
    ? markup`<a href="${piece.href}" rel="noopener noreferrer" target="_blank">${piece.text}</a>`
    : markup`${piece.text}`;
  return piece.tone ? markup`<span class="tone-${piece.tone}">${text}</span>` : text;
}

function cell(value: Cell): SafeHtml {
  if (typeof value === 'string' || !Array.isArray(value)) return inline(value as Inline);
  return markup`${value.map((piece, i) => (i ? [markup`<br>`, inline(piece)] : inline(piece)))}`;
}

/** Right-aligns figures and keeps dates on one line, judged by the cell's text. */
function cellClass(value: Cell): string | undefined {
  const text =
    typeof value === 'string' ? value : Array.isArray(value) ? '' : (value as { text: string }).text;
  if (NUMERIC.test(text)) return 'num';
  if (WHEN.test(text)) return 'when';
  return undefined;
}

function td(value: Cell): SafeHtml {
  const cls = cellClass(value);
  return cls ? markup`<td class="${cls}">${cell(value)}</td>` : markup`<td>${cell(value)}</td>`;
}

function table(b: Extract<Block, { type: 'table' }>): SafeHtml {
  const caption = b.caption ? markup`<caption>${b.caption}</caption>` : '';
  const head = markup`<thead><tr>${b.headers.map((h) => markup`<th>${h}</th>`)}</tr></thead>`;
  const rows = b.rows.map((row) => markup`<tr>${row.map(td)}</tr>\n`);
  return markup`<div class="table-wrap"><table>${caption}\n${head}\n<tbody>\n${rows}</tbody></table></div>\n`;
}

function block(b: Block): SafeHtml {
  switch (b.type) {
    case 'heading':
      return trustedHtml(`<h${b.level}>${escapeHtml(b.text)}</h${b.level}>\n`);
    case 'paragraph':
      return markup`<p>${b.text}</p>\n`;
    case 'facts':
      return markup`<dl class="facts">${b.items.map((f) => markup`<dt>${f.label}</dt><dd>${cell(f.value)}</dd>`)}</dl>\n`;
    case 'list':
      return markup`<ul>${b.items.map((i) => markup`<li>${i}</li>`)}</ul>\n`;
    case 'table':
      return table(b);
    case 'chart':
      // ECharts escapes every text it draws (the tests check it with record text full of markup).
      return markup`<figure class="chart" aria-label="${b.title}">${trustedHtml(b.render())}</figure>\n`;
    case 'group':
      return b.role === 'section'
        ? markup`<section>\n${b.blocks.map(block)}</section>\n`
        : markup`<article class="item">\n${b.blocks.map(block)}</article>\n`;
  }
}

export function renderHtml(record: YearRecord): string {
  const content = reportContent(record);
  const subtitle = content.subtitle.map((s) => markup`<p class="meta">${s}</p>\n`);
  return markup`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<title>${content.title}</title>
<style>${trustedHtml(CSS)}</style>
</head>
<body>
<main class="report">
<header class="cover">
<p class="org">${content.organization}</p>
<h1>${content.title}</h1>
${subtitle}</header>
${content.blocks.map(block)}</main>
</body>
</html>
`.html;
}
