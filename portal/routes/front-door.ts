// The front door: `/`, and the request for a fresh link. The answer is the same whether or not a
// plan knows the address (a redirect to the same notice); the request is rate-limited per client
// address here, and per requested address by the request workflow's id (one per quarter hour,
// whichever portal is asked), and the mail goes out through the email activity, to that address only.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requestFreshLinks } from '../../client/link-request';
import { EMAIL_ADDRESS } from '../../wire/link-request';
import { fieldsOf, one, staleForm } from '../forms';
import { checkDoorToken, doorCookie, doorToken, frontDoorPage, newDoorNonce } from '../front-door';
import { sendPage } from '../send-page';
import type { PortalContext } from './context';

export const frontDoorRoutes: FastifyPluginAsync<PortalContext> = async (app, ctx) => {
  const cookie = doorCookie(ctx.secureCookies);

  /** The page with a token for this browser's door cookie (set now when it has none). */
  const show = (req: FastifyRequest, reply: FastifyReply, status: number, extra: object = {}) => {
    let nonce = req.cookies[cookie];
    if (!nonce || !/^[\w-]{22}$/.test(nonce)) {
      nonce = newDoorNonce();
      reply.setCookie(cookie, nonce, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.secureCookies,
      });
    }
    return sendPage(reply, status, frontDoorPage({ csrf: doorToken(ctx.keys, nonce), ...extra }));
  };

  app.get<{ Querystring: { requested?: string } }>('/', ctx.limits.page, (req, reply) =>
    show(req, reply, 200, { requested: req.query.requested === '1' }),
  );

  app.post('/link-request', ctx.limits.linkRequest, async (req, reply) => {
    const { fields } = fieldsOf(req);
    if (!checkDoorToken(ctx.keys, req.cookies[cookie], fields._csrf)) throw staleForm();
    const email = one(fields, 'email', 254).trim();
    if (!EMAIL_ADDRESS.test(email))
      return show(req, reply, 400, { email, error: '请填写正确的邮箱地址，例如 zhangsan@example.gov.cn。' });
    await requestFreshLinks(ctx.client, ctx.taskQueue, email, ctx.now());
    return reply.code(303).header('location', '/?requested=1').header('cache-control', 'no-store').send();
  });
};
