// The year report as Markdown, for the office's own files and for pasting into a document. Record
// text is backslash-escaped, so a summary can neither break a table nor become HTML in a viewer.
import type { YearRecord } from '../domain/year-record';
import { reportContent, type Block, type Cell, type Inline } from './content';

/** Escapes Markdown syntax and HTML in record text, and keeps it on one line. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/** As escapeMarkdown, for text that starts a line, where "- ", "# " or "1. " would start a block. */
function escapeMarkdownLine(text: string): string {
  return escapeMarkdown(text)
    .replace(/^(\s*)([-+#>])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

// Characters a URL may contain that end a Markdown link or a table cell.
function linkTarget(href: string): string {
  return href.replace(/[()|<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function inline(piece: Inline): string {
  if (typeof piece === 'string') return escapeMarkdown(piece);
  const text = escapeMarkdown(piece.text);
  return piece.href ? `[${text}](${linkTarget(piece.href)})` : text;
}

function cell(value: Cell): string {
  return typeof value === 'string' || !Array.isArray(value)
    ? inline(value as Inline)
    : value.map(inline).join('；');
}

function table(
  caption: string | undefined,
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
): string[] {
  const lines = caption ? [`**${escapeMarkdown(caption)}**`, ''] : [];
  lines.push(`| ${headers.map(escapeMarkdown).join(' | ')} |`, `|${headers.map(() => ' --- |').join('')}`);
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines;
}

function block(b: Block): string[] {
  switch (b.type) {
    case 'heading':
      return [`${'#'.repeat(b.level)} ${escapeMarkdown(b.text)}`];
    case 'paragraph':
      return [escapeMarkdownLine(b.text)];
    case 'facts':
      return b.items.map((f) => `- ${escapeMarkdown(f.label)}：${cell(f.value)}`);
    case 'list':
      return b.items.map((i) => `- ${escapeMarkdownLine(i)}`);
    case 'table':
      return table(b.caption, b.headers, b.rows);
    case 'chart':
      // Pictures stay in the HTML report; every chart's figures are in a table next to it.
      return [];
    case 'group':
      return b.blocks.flatMap((child) => {
        const lines = block(child);
        return lines.length ? [...lines, ''] : [];
      });
  }
}

export function renderMarkdown(record: YearRecord): string {
  const content = reportContent(record);
  const lines = [`# ${escapeMarkdown(content.title)}`, ''];
  for (const s of content.subtitle) lines.push(`${escapeMarkdownLine(s)}  `);
  lines.push('');
  for (const b of content.blocks) {
    const out = block(b);
    if (out.length) lines.push(...out, '');
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
