// The pages of signing in and out: the question asked when a link would replace someone else's
// live session in this browser, and the page after 退出.
import { markup } from '../report/html-safety';
import { page } from './layout';

export interface SwitchPageInput {
  /** Who is signed in now, and whom the link names: "何敏（法规处负责人）". */
  current: string;
  next: string;
  /** The link's token, posted back only if the person chooses to switch. */
  token: string;
  /** The current session's CSRF token: a page elsewhere cannot make the switch. */
  csrf: string;
  /** The current session's page, to go back to. */
  back: string;
}

export function switchPage(p: SwitchPageInput): string {
  return page({
    title: '切换办理人员',
    body: markup`<section class="card"><h1>切换办理人员</h1>
<p>此浏览器中<b>${p.current}</b>正在办理。您打开的是<b>${p.next}</b>的办理链接。</p>
<p class="hint">如这台电脑由多人使用，请确认链接来自本人的通知邮件。切换后，${p.current}需重新点击其邮件中的链接方可继续办理。</p>
<form method="post" action="/l/switch"><input type="hidden" name="_csrf" value="${p.csrf}"><input type="hidden" name="token" value="${p.token}">
<button type="submit">退出并以${p.next}身份继续</button></form>
<p><a href="${p.back}">不切换，返回${p.current}的办理页面</a></p></section>`,
  });
}

export function loggedOutPage(): string {
  return page({
    title: '已安全退出',
    body: markup`<section class="card"><h1>已安全退出</h1><p>您已退出本平台，此浏览器中的登录状态已清除。</p><p class="hint">如需继续办理，请重新点击通知邮件中的链接。公用电脑使用完毕后，请关闭浏览器。</p></section>`,
  });
}
