// The two stylesheets (files, so the CSP needs no inline style element) and the proxy's health check.
import type { FastifyPluginAsync } from 'fastify';
import { DASHBOARD_CSS } from '../dashboard';
import { PORTAL_CSS } from '../layout';

export const assetRoutes: FastifyPluginAsync = async (app) => {
  app.get('/assets/portal.css', (_req, reply) => reply.type('text/css; charset=utf-8').send(PORTAL_CSS));
  app.get('/assets/dashboard.css', (_req, reply) =>
    reply.type('text/css; charset=utf-8').send(DASHBOARD_CSS),
  );
  app.get('/healthz', (_req, reply) => reply.type('text/plain').send('ok'));
};
