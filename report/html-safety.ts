// Building HTML from record data that anyone with the CLI could have typed (summaries, comments,
// names): every interpolated value is escaped unless it is markup this code made itself, so a
// forgotten escape cannot happen at a call site.
import { escapeHtml } from '../domain/html';

export { escapeHtml };

/** Markup that is already safe: made by the `markup` template or by a trusted renderer (the charts). */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type HtmlValue = string | number | SafeHtml | undefined | null | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof SafeHtml) return value.html;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * A template literal whose interpolations are escaped, unless they are SafeHtml (or arrays of it).
 * Not named `html`: Prettier would reformat such templates as HTML, adding whitespace to cells.
 */
export function markup(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Trusts markup produced elsewhere; only for output of a renderer that escapes its own text. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * The URL of an evidence link when it may become a link: http(s) only, so neither `javascript:` nor
 * a file share path turns into something the reader's browser acts on. Normalized by the URL parser.
 */
export function httpUrl(text: string): string | undefined {
  if (!/^https?:\/\//i.test(text.trim())) return undefined;
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
