// A message as a list of blocks (greeting, paragraphs, fields, the reader's link …), rendered twice,
// as plain text and as HTML, so both bodies always say the same thing. Pure: the task mails and the
// plan mails alike are built from these.
import { escapeHtml } from './html';
import { SYSTEM_NAME } from './labels';

export interface RenderedNotification {
  subject: string;
  text: string;
  html: string;
}

/** One piece of a message, rendered the same way into its text and its HTML body. */
export type Block =
  | { type: 'greeting'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'fields'; rows: [label: string, value: string][] }
  /**
   * Where the reader acts: their personal link (filled in per recipient when the email is sent),
   * or, without one, whom to ask.
   */
  | { type: 'action'; intro: string; label: string; optional?: boolean }
  | { type: 'table'; headers: string[]; rows: string[][] }
  | { type: 'signature'; lines: string[] }
  | { type: 'note'; text: string };

const INDENT = '\u3000\u3000';

/** Said where a personal link would be, when the email could not carry one. */
const NO_LINK = `请登录${SYSTEM_NAME}办理，或与领导小组办公室联系。`;

function renderText(blocks: Block[], link?: string): string {
  const parts = blocks.map((b): string => {
    switch (b.type) {
      case 'greeting':
        return b.text;
      case 'paragraph':
        return `${INDENT}${b.text}`;
      case 'fields':
        return b.rows.map(([label, value]) => `${INDENT}${label}：${value}`).join('\n');
      case 'action':
        if (!link) return b.optional ? '' : `${INDENT}${NO_LINK}`;
        return `${INDENT}${b.intro}\n    ${link}`;
      case 'table':
        return b.rows
          .map((row) => {
            const details = row.slice(2).map((cell, i) => `${b.headers[i + 2]}：${cell}`);
            return `${INDENT}${row[0]}. ${row[1]}${details.length > 0 ? `（${details.join('，')}）` : ''}`;
          })
          .join('\n');
      case 'signature':
        return b.lines.join('\n');
      case 'note':
        return `${INDENT}${b.text}`;
    }
  });
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

const STYLE = {
  body: 'font-family:Microsoft YaHei,PingFang SC,SimSun,sans-serif;font-size:15px;line-height:1.8;color:#222;max-width:760px;',
  paragraph: 'margin:0 0 12px 0;text-indent:2em;',
  table: 'border-collapse:collapse;margin:0 0 12px 2em;',
  cell: 'border:1px solid #999;padding:4px 12px;text-align:left;',
  label: 'padding:2px 12px 2px 0;white-space:nowrap;vertical-align:top;color:#555;',
  button:
    'display:inline-block;padding:8px 20px;background:#b3261e;color:#fff;text-decoration:none;border-radius:4px;font-weight:bold;',
  note: 'margin:0 0 12px 0;text-indent:2em;font-size:13px;color:#666;',
  signature: 'margin:24px 0 12px 0;text-align:right;',
};

function renderHtml(subject: string, blocks: Block[], link?: string): string {
  const e = escapeHtml;
  const parts = blocks.map((b): string => {
    switch (b.type) {
      case 'greeting':
        return `<p style="margin:0 0 12px 0;">${e(b.text)}</p>`;
      case 'paragraph':
        return `<p style="${STYLE.paragraph}">${e(b.text)}</p>`;
      case 'fields':
        return `<table style="${STYLE.table}">${b.rows
          .map(
            ([label, value]) => `<tr><td style="${STYLE.label}">${e(label)}：</td><td>${e(value)}</td></tr>`,
          )
          .join('')}</table>`;
      case 'action':
        if (!link) return b.optional ? '' : `<p style="${STYLE.paragraph}">${e(NO_LINK)}</p>`;
        return (
          `<p style="${STYLE.paragraph}">${e(b.intro)}</p>` +
          `<p style="margin:0 0 8px 2em;"><a href="${e(link)}" style="${STYLE.button}">${e(b.label)}</a></p>` +
          `<p style="${STYLE.note}">如按钮无法打开，请将以下链接复制到浏览器中打开（此链接仅限本人使用，请勿转发）：<br>${e(link)}</p>`
        );
      case 'table':
        return (
          `<table style="${STYLE.table}"><thead><tr>${b.headers
            .map((h) => `<th style="${STYLE.cell}background:#f0f0f0;">${e(h)}</th>`)
            .join('')}</tr></thead>` +
          `<tbody>${b.rows
            .map((row) => `<tr>${row.map((c) => `<td style="${STYLE.cell}">${e(c)}</td>`).join('')}</tr>`)
            .join('')}</tbody></table>`
        );
      case 'signature':
        return `<p style="${STYLE.signature}">${b.lines.map(e).join('<br>')}</p>`;
      case 'note':
        return `<p style="${STYLE.note}">${e(b.text)}</p>`;
    }
  });
  return (
    '<!DOCTYPE html>\n<html lang="zh-CN">\n<head><meta charset="utf-8">' +
    `<title>${e(subject)}</title></head>\n<body style="${STYLE.body}">\n${parts.join('\n')}\n</body>\n</html>\n`
  );
}

/** A message from its blocks: the same content as plain text and as HTML, in the office's style. */
export function renderBlocks(subject: string, blocks: Block[], link?: string): RenderedNotification {
  return { subject, text: renderText(blocks, link), html: renderHtml(subject, blocks, link) };
}
