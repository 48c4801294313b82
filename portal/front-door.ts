// The portal's front door (`/`): what the portal is, how one gets in (the link in an email), and a
// form to have a fresh link sent to one's own address. Nobody is signed in here, so the form's CSRF
// token is bound to a cookie of its own instead of a session: a random value in the cookie, its MAC
// in the form; a page elsewhere can read neither.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LinkKeys } from '../links/keys';
import { markup } from '../report/html-safety';
import { page } from './layout';

/** The cookie that carries the front door form's random value. */
export function doorCookie(secure: boolean): string {
  return secure ? '__Host-civ-door' : 'civ-door';
}

export function newDoorNonce(): string {
  return randomBytes(16).toString('base64url');
}

function mac(keys: LinkKeys, nonce: string): string {
  const key = createHmac('sha256', keys.current.secret).update('civ-portal-door').digest();
  return createHmac('sha256', key).update(nonce).digest('base64url');
}

/** The form's token for the cookie's value. */
export function doorToken(keys: LinkKeys, nonce: string): string {
  return mac(keys, nonce);
}

export function checkDoorToken(keys: LinkKeys, nonce: string | undefined, token: unknown): boolean {
  if (!nonce || !/^[\w-]{22}$/.test(nonce) || typeof token !== 'string') return false;
  const x = Buffer.from(token);
  const y = Buffer.from(mac(keys, nonce));
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface FrontDoorInput {
  csrf: string;
  /** After a request: the same notice whether or not the address is known. */
  requested?: boolean;
  /** A refused address, as typed, with what is wrong. */
  email?: string;
  error?: string;
}

export function frontDoorPage(o: FrontDoorInput): string {
  return page({
    title: '文明单位创建工作平台',
    body: markup`<section class="card"><h1>文明单位创建工作平台</h1>
<p>本平台用于办理本单位文明单位创建年度实施方案中的各项工作：各支部（处室）负责人签收任务、报送完成情况和佐证材料；领导小组办公室、分管领导和领导小组组长审核、延期，查看年度创建工作总览。</p>
<h2>如何进入</h2>
<p>本平台无需账号和密码。每封工作通知邮件（任务交办、到期提醒、逾期提醒、情况通报等）都附有您本人的办理链接，点击邮件中的按钮即可进入相应办理页面。</p>
<p class="hint">办理链接仅限本人使用，请勿转发。在公用电脑上办理完毕后，请点击页面右上角的“退出”并关闭浏览器。</p></section>
<section class="card"><h2>找不到通知邮件？</h2>
${o.requested ? markup`<p class="notice ok" role="status">申请已受理。如该邮箱已在本单位实施方案中登记，几分钟内将收到一封“办理链接补发”邮件，内有您的办理链接。同一邮箱15分钟内只补发一次；未收到的，请与领导小组办公室联系。</p>` : ''}
<p>请填写您在实施方案中登记的工作邮箱，系统将把您的办理链接发送到该邮箱，不会发往其他地址。</p>
<form method="post" action="/link-request"><input type="hidden" name="_csrf" value="${o.csrf}">
<label for="email">工作邮箱</label>
<input type="email" id="email" name="email" required maxlength="254" autocomplete="email" value="${o.email ?? ''}"${o.error ? markup` aria-invalid="true" aria-describedby="email-error"` : ''}>
${o.error ? markup`<p class="field-error" id="email-error">${o.error}</p>` : ''}
<p class="hint">为保护信息安全，本页面不显示该邮箱是否已登记。</p>
<button type="submit">发送办理链接</button></form></section>`,
  });
}
