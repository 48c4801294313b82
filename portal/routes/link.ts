// The link from the email: checked, exchanged for a cookie, and never shown in the address bar
// of the page that follows (nor sent on as a Referer).
import type { FastifyPluginAsync } from 'fastify';
import type { PortalContext } from './context';

export const linkRoutes: FastifyPluginAsync<PortalContext> = async (app, ctx) => {
  app.get<{ Params: { token: string } }>('/l/:token', ctx.limits.link, async (req, reply) =>
    ctx.session.admit(reply, req.params.token),
  );
};
