// The portal: officials act where their email leads them. A personal link (/l/<token>)
// is checked, exchanged for a cookie scoped to that one workflow's pages, and the person acts in
// the role the link names. Stateless: everything it knows comes from the link and from Temporal,
// so several portals can run behind a proxy.
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Plan } from '../domain/plan';
import {
  EVIDENCE_MAX_FILE_BYTES,
  EVIDENCE_MAX_FILES,
  EVIDENCE_MAX_REPORT_BYTES,
  EVIDENCE_QUOTAS,
  type EvidenceQuotas,
  megabytes,
} from '../evidence/content-type';
import type { UploadStore } from '../evidence/store';
import { TASK_QUEUE } from '../client/connection';
import type { LinkKeys } from '../links/keys';
import { Refusal } from './forms';
import { errorPage } from './layout';
import { assetRoutes } from './routes/assets';
import { frontDoorRoutes } from './routes/front-door';
import type { PortalContext } from './routes/context';
import { itemRoutes } from './routes/item';
import { linkRoutes } from './routes/link';
import { reportDownloadRoutes } from './routes/report-download';
import { yearRoutes } from './routes/year';
import { sendPage } from './send-page';
import { Session } from './session';

export interface PortalOptions {
  client: Client;
  keys: LinkKeys;
  evidence: UploadStore;
  /** The year's plan (the dashboard's record is built from it and the workflows). */
  planOf: (year: number, org?: string) => Plan;
  /**
   * Secure cookies under `__Host-` names: whenever the portal's public URL is not a loopback
   * address (secureCookiesFor, portal/session.ts).
   */
  secureCookies?: boolean;
  /** Requests to /l/ per IP and minute (default 30). */
  linkRateLimit?: number;
  /** Requests to the signed-in pages and forms per IP and minute (default 300). */
  pageRateLimit?: number;
  /** Requests to the year's dashboard, which reads every workflow of the year, per IP and minute (default 30). */
  dashboardRateLimit?: number;
  /** Fresh-link requests at the front door per IP and hour (default 10). */
  linkRequestRateLimit?: number;
  /** The task queue of the workers, where the front door starts its request workflow (default CIV_TASK_QUEUE). */
  taskQueue?: string;
  /**
   * The proxies whose X-Forwarded-For is believed (addresses or CIDR ranges, `CIV_PORTAL_TRUSTED_PROXIES`);
   * none by default, so a client's own header never changes the address a rate limit counts.
   */
  trustedProxies?: string[];
  /** How large one evidence file, and one report's files together, may be (default 10 MB, 20 MB). */
  uploadLimits?: { perFile: number; perReport: number };
  /** How much evidence an item, and a person in a plan year, may pile up (default 200 MB, 300 MB). */
  evidenceQuotas?: EvidenceQuotas;
  logger?: boolean;
  /** Log lines go here instead of stdout (implies logger). */
  logStream?: NodeJS.WritableStream;
  now?: () => Date;
}

/** Pages of our own markup and stylesheets only: no script, no frame, no form posting elsewhere. */
const HELMET: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
};

/** Anything in a path that looks like a JWS (three base64url parts): a link's token, however it came. */
const TOKEN_LIKE = /[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g;

/**
 * The request as a log line shows it: a route with a token as its pattern (`/l/<token>`), whatever
 * spelling of the path reached it (`/%6C/…`); any other path without its query and with anything
 * token-like cut out.
 */
export function loggedUrl(req: FastifyRequest): string {
  const route = req.routeOptions?.url;
  if (route?.includes(':token')) return route.replace(':token', '<token>');
  return req.url.split('?')[0].replace(TOKEN_LIKE, '<token>');
}

function loggerOptions(o: PortalOptions) {
  if (!o.logger && !o.logStream) return false;
  return {
    serializers: { req: (req: FastifyRequest) => ({ method: req.method, url: loggedUrl(req) }) },
    ...(o.logStream && { stream: o.logStream }),
  };
}

export async function buildPortal(o: PortalOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(o),
    bodyLimit: 64 * 1024,
    // A link's token is a path parameter of about 300 characters.
    routerOptions: { maxParamLength: 2048 },
    trustProxy: o.trustedProxies?.length ? o.trustedProxies : false,
  });
  const secureCookies = o.secureCookies ?? false;
  await registerPlugins(app);
  app.setErrorHandler(sendErrorPage);
  app.setNotFoundHandler((_req, reply) =>
    sendPage(reply, 404, errorPage('页面不存在', '请通过通知邮件中的链接访问本平台。')),
  );

  const now = o.now ?? (() => new Date());
  const ctx: PortalContext = {
    client: o.client,
    evidence: o.evidence,
    planOf: o.planOf,
    now,
    session: new Session({ client: o.client, keys: o.keys, now, secureCookies }),
    keys: o.keys,
    secureCookies,
    taskQueue: o.taskQueue ?? TASK_QUEUE,
    uploads: o.uploadLimits ?? { perFile: EVIDENCE_MAX_FILE_BYTES, perReport: EVIDENCE_MAX_REPORT_BYTES },
    quotas: o.evidenceQuotas ?? EVIDENCE_QUOTAS,
    limits: {
      link: perMinute(o.linkRateLimit ?? 30),
      page: perMinute(o.pageRateLimit ?? 300),
      dashboard: perMinute(o.dashboardRateLimit ?? 30),
      linkRequest: { config: { rateLimit: { max: o.linkRequestRateLimit ?? 10, timeWindow: 3_600_000 } } },
    },
  };
  await app.register(assetRoutes);
  await app.register(frontDoorRoutes, ctx);
  await app.register(linkRoutes, ctx);
  await app.register(itemRoutes, ctx);
  await app.register(yearRoutes, ctx);
  await app.register(reportDownloadRoutes, ctx);
  return app;
}

function perMinute(max: number) {
  return { config: { rateLimit: { max, timeWindow: 60_000 } } };
}

async function registerPlugins(app: FastifyInstance): Promise<void> {
  await app.register(helmet, HELMET);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  // Multipart is read by the report route alone, as it streams, once the session and the CSRF token
  // have checked out (routes/item.ts); anywhere else its body is left unread.
  app.addContentTypeParser('multipart/form-data', (_req, _payload, done) => done(null, undefined));
  // A refusal sent before its body was read closes the connection: nothing more of it is read.
  app.addHook('onSend', async (req, reply) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'];
    if (hasBody && !req.raw.complete) reply.header('connection', 'close');
  });
  await app.register(rateLimit, { global: false });
}

/** Every error a page: a refusal as it says, a plugin's 4xx in plain words, anything else a 503. */
function sendErrorPage(
  err: Error & { statusCode?: number; code?: string },
  req: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (err instanceof Refusal) return sendPage(reply, err.status, errorPage(err.title, err.detail));
  const status = err.statusCode ?? 500;
  if (status === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_FILES_LIMIT')
    return sendPage(
      reply,
      413,
      errorPage(
        '提交内容过大',
        `每个文件不超过${megabytes(EVIDENCE_MAX_FILE_BYTES)}，最多${EVIDENCE_MAX_FILES}个；文字内容请精简后重新提交。`,
      ),
    );
  if (status === 429) return sendPage(reply, 429, errorPage('访问过于频繁', '请稍后再试。'));
  if (status >= 400 && status < 500)
    return sendPage(
      reply,
      status,
      errorPage('提交的内容有误', '提交的内容格式不正确，请返回办理页面重新填写。'),
    );
  req.log.error({ err: { message: err.message, code: err.code } }, 'portal error');
  return sendPage(reply, 503, errorPage('系统暂时无法办理', '系统暂时无法处理您的请求，请稍后再试。'));
}
