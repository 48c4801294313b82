// The link from the email: checked, exchanged for a session, and never shown in the address bar
// of the page that follows (nor sent on as a Referer); switching to another person's link; 退出.
import type { FastifyPluginAsync } from 'fastify';
import type { PortalContext } from './context';

export const linkRoutes: FastifyPluginAsync<PortalContext> = async (app, ctx) => {
  app.get<{ Params: { token: string } }>('/l/:token', ctx.limits.link, async (req, reply) =>
    ctx.session.admit(req, reply, req.params.token),
  );
  // The answer to the question admit() asks when someone else is signed in on this browser.
  app.post('/l/switch', ctx.limits.link, (req, reply) => ctx.session.switchTo(req, reply));
  // 退出, from the button on every page.
  app.post('/logout', ctx.limits.page, (req, reply) => ctx.session.logout(req, reply));
};
