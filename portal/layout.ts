// The portal's page shell: one stylesheet (served from /assets, so the CSP needs no inline style
// element), readable on a phone, printable, no script anywhere.
import { markup, trustedHtml, type SafeHtml } from '../report/html-safety';

export const PORTAL_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f2f3f5; color: #1f2329; font-size: 16px; line-height: 1.7;
  font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; }
header.bar { background: #b3261e; color: #fff; padding: 8px 16px; display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 4px 12px; }
header.bar .org { font-size: 14px; order: -1; }
header.bar .who { font-size: 14px; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; }
header.bar .logout button { margin: 0; padding: 2px 12px; font-size: 14px; font-weight: normal; background: transparent; border: 1px solid #fff; }
main { max-width: 960px; margin: 0 auto; padding: 12px; }
section.card { background: #fff; border-radius: 6px; padding: 14px 16px; margin: 12px 0; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
h1 { font-size: 21px; margin: 4px 0 8px; }
h2 { font-size: 18px; margin: 0 0 8px; border-left: 4px solid #b3261e; padding-left: 8px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
dl.facts dt { color: #4e5969; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 15px; }
th, td { border: 1px solid #d0d3d9; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f3f5; white-space: nowrap; }
td { overflow-wrap: anywhere; white-space: pre-line; }
form { margin: 0; }
label { display: block; font-weight: 600; margin: 10px 0 4px; }
input[type=text], input[type=email], input[type=date], input[type=number], textarea, select { width: 100%; font: inherit; padding: 8px; border: 1px solid #c9cdd4; border-radius: 4px; }
textarea { min-height: 8em; }
.field-error { color: #b3261e; font-size: 14px; margin: 4px 0 0; }
.hint { color: #4e5969; font-size: 14px; margin: 2px 0; }
button { font: inherit; font-weight: 600; padding: 10px 22px; margin: 12px 8px 0 0; border: 0; border-radius: 4px; background: #b3261e; color: #fff; cursor: pointer; }
button.secondary { background: #4e5969; }
.notice { padding: 10px 14px; border-radius: 4px; margin: 12px 0; }
.notice.ok { background: #e8f5e9; border: 1px solid #a5d6a7; }
.notice.bad { background: #fdecea; border: 1px solid #f5b7b1; }
.state { display: inline-block; padding: 0 8px; border-radius: 10px; background: #e5e6eb; font-size: 14px; }
footer { text-align: center; color: #4e5969; font-size: 13px; padding: 16px; }
@media print { header.bar, form, button, footer { display: none !important; } body { background: #fff; } section.card { box-shadow: none; } }
`;

export interface PageOptions {
  title: string;
  /** The organization, shown above the title. */
  organization?: string;
  /** Who is signed in through their link, e.g. 张三（办公室支部负责人）. */
  who?: string;
  /** The session's CSRF token: with it the header carries the 退出 button. */
  csrf?: string;
  body: SafeHtml;
  /** Extra CSS a page brings (the dashboard's), appended to the stylesheet link as a second sheet. */
  extraCss?: boolean;
}

export function page(o: PageOptions): string {
  return markup`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${o.title}</title>
<link rel="stylesheet" href="/assets/portal.css">
${o.extraCss ? trustedHtml('<link rel="stylesheet" href="/assets/dashboard.css">') : ''}
</head>
<body>
<header class="bar">${o.who ? markup`<div class="who"><span>${o.who}</span>${o.csrf ? markup`<form method="post" action="/logout" class="logout"><input type="hidden" name="_csrf" value="${o.csrf}"><button type="submit">退出</button></form>` : ''}</div>` : ''}<div class="org">${o.organization ?? '文明单位创建工作平台'}</div></header>
<main>
${o.body}
</main>
<footer>文明单位创建工作平台 · 本页面仅限本人使用，请勿转发链接</footer>
</body>
</html>
`.toString();
}

/** A plain Chinese error page: what happened and what to do, never a stack trace. */
export function errorPage(title: string, detail: string): string {
  return page({
    title,
    body: markup`<section class="card"><h1>${title}</h1><p>${detail}</p><p class="hint">如有疑问，请与领导小组办公室联系。</p></section>`,
  });
}
