// The year report to take away, from the dashboard: the Word document (公文 layout), its PDF and the
// 台账 workbook, for the leading group and its office only (the year's session, checked as the
// dashboard checks it). Each download is made from the workflows' state at the moment it is asked
// for; PDFs are printed one at a time and each person may ask for a few a minute, so a busy morning
// cannot start a browser per click.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { yearRecord } from '../../client/year-record';
import {
  evidenceNames,
  isOfficeFormat,
  OFFICE_MEDIA_TYPES,
  officeFileName,
  renderOfficeReport,
  type OfficeFormat,
} from '../../report/office';
import { PdfUnavailableError } from '../../report/pdf';
import { Refusal } from '../forms';
import type { PortalContext } from './context';

type DownloadRoute = { Params: { scope: string; format: string } };

/** Downloads per address and minute: enough for the office, not for a loop. */
const DOWNLOADS_PER_MINUTE = 10;

export const reportDownloadRoutes: FastifyPluginAsync<PortalContext> = async (app, ctx) => {
  let printing: Promise<unknown> = Promise.resolve();
  /** One PDF at a time: each one is a browser. */
  const oneAtATime = <T>(job: () => Promise<T>): Promise<T> => {
    const run = printing.then(job, job);
    printing = run.catch(() => undefined);
    return run;
  };
  app.get<DownloadRoute>(
    '/y/:scope/report/:format',
    { config: { rateLimit: { max: DOWNLOADS_PER_MINUTE, timeWindow: 60_000 } } },
    (req, reply) => download(ctx, req, reply, oneAtATime),
  );
};

async function download(
  ctx: PortalContext,
  req: FastifyRequest<DownloadRoute>,
  reply: FastifyReply,
  oneAtATime: <T>(job: () => Promise<T>) => Promise<T>,
): Promise<FastifyReply> {
  const access = await ctx.session.planAccess(req, reply);
  const format = req.params.format;
  if (!isOfficeFormat(format))
    throw new Refusal(404, '页面不存在', '年度报告可下载 Word、PDF 和 Excel 三种格式。');
  const plan = ctx.planOf(access.scope.year, access.scope.org);
  const record = await yearRecord(ctx.client, plan, ctx.now().getTime());
  const names = format === 'xlsx' ? await evidenceNames(record, ctx.evidence) : new Map<string, string>();
  const render = () => renderOfficeReport(record, format, { evidenceName: (hash) => names.get(hash) });
  let bytes: Buffer;
  try {
    bytes = format === 'pdf' ? await oneAtATime(render) : await render();
  } catch (err) {
    if (err instanceof PdfUnavailableError) {
      req.log.error({ err: { message: err.message } }, 'report pdf');
      throw new Refusal(503, '暂时无法生成PDF', '本平台暂时无法生成PDF文件，请下载Word版年度报告后打印。');
    }
    throw err;
  }
  return reply
    .code(200)
    .type(OFFICE_MEDIA_TYPES[format])
    .header('content-disposition', attachment(officeFileName(record, format), format))
    .header('cache-control', 'private, no-store')
    .send(bytes);
}

/** A download name in Chinese for every browser: an ASCII fallback, and the UTF-8 name (RFC 6266). */
function attachment(name: string, format: OfficeFormat): string {
  const utf8 = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="civ-report.${format}"; filename*=UTF-8''${utf8}`;
}
