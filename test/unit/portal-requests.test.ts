// What the portal decides about a request before anyone is looked up in Temporal: which address a
// rate limit counts (only a configured proxy is believed), that every signed-in route is limited,
// that a token never reaches a log line however its path is spelled, and that an upload from a
// browser with no session is refused before its body is read. The Temporal client here fails the
// test if it is ever used: none of these requests may get that far.
import { request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Writable } from 'node:stream';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { FileEvidenceStore } from '../../evidence/store';
import { loadLinkKeys } from '../../links/keys';
import { signLink } from '../../links/token';
import { buildPortal, type PortalOptions } from '../../portal/app';
import { secureCookiesFor } from '../../portal/session';

const keys = loadLinkKeys({ CIV_PORTAL_SECRET: 'unit-test-secret-for-the-portal-0123456789' })!;
const otherKeys = loadLinkKeys({ CIV_PORTAL_SECRET: 'a-key-this-portal-does-not-hold-0123456789' })!;

/** A client that is never to be reached: any use fails the test. */
const unreachable = new Proxy({} as Client, {
  get(_target, name) {
    throw new Error(`Temporal was reached (client.${String(name)})`);
  },
});

const portals: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(portals.splice(0).map((p) => p.close()));
});

async function portal(more: Partial<PortalOptions> = {}): Promise<FastifyInstance> {
  const app = await buildPortal({
    client: unreachable,
    keys,
    evidence: new FileEvidenceStore({ dir: '/nonexistent/civ-evidence' }),
    planOf: () => {
      throw new Error('no plan is read in these tests');
    },
    ...more,
  });
  portals.push(app);
  return app;
}

describe('rate limits', () => {
  test('X-Forwarded-For is not believed from a client that is no configured proxy', async () => {
    const app = await portal({ linkRateLimit: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (
          await app.inject({
            url: `/l/guess-${i}`,
            remoteAddress: '198.51.100.7',
            headers: { 'x-forwarded-for': `203.0.113.${i}` },
          })
        ).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  test('behind a configured proxy, each forwarded address counts on its own', async () => {
    const app = await portal({ linkRateLimit: 3, trustedProxies: ['127.0.0.1'] });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (
          await app.inject({
            url: `/l/guess-${i}`,
            remoteAddress: '127.0.0.1',
            headers: { 'x-forwarded-for': `203.0.113.${i}` },
          })
        ).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
  });

  test('the signed-in pages and the dashboard are limited too', async () => {
    const app = await portal({ pageRateLimit: 4, dashboardRateLimit: 2 });
    const statuses = async (url: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++)
        out.push((await app.inject({ url, remoteAddress: '198.51.100.8' })).statusCode);
      return out;
    };
    expect(await statuses('/y/2026', 3)).toEqual([401, 401, 429]);
    expect(await statuses('/w/civ-2026-task-05', 5)).toEqual([401, 401, 401, 401, 429]);
    const limited = await app.inject({ url: '/w/civ-2026-task-05', remoteAddress: '198.51.100.8' });
    expect(limited.body).toContain('访问过于频繁');
  });
});

describe('logs', () => {
  test('no token in a log line, however the path to /l/ is spelled', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const app = await portal({ logStream });
    // A real link, signed with a key this portal does not hold: refused without reaching Temporal.
    const token = await signLink(otherKeys, {
      name: '何敏',
      email: 'he.min@example.gov.cn',
      workflowId: 'civ-2026-task-05',
      role: { kind: 'lead', branch: 'legal' },
    });
    for (const url of [`/l/${token}`, `/%6C/${token}`, `/%6c/${token}?x=1`, `/L/${token}`, `/x/${token}`]) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
    }
    const logged = lines.join('');
    expect(logged).toContain('incoming request');
    for (const part of token.split('.')) expect(logged).not.toContain(part.slice(0, 12));
    expect(logged).toContain('/l/<token>');
  });
});

describe('uploads', () => {
  /** Posts a 50 MB multipart body over a real socket; what the server read of it when it answered. */
  async function bigUpload(app: FastifyInstance, path: string, cookie?: string) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const sockets: Socket[] = [];
    app.server.on('connection', (s: Socket) => sockets.push(s));
    const size = 50 * 1024 * 1024;
    const boundary = 'civ-upload';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    const { port } = app.server.address() as AddressInfo;
    let written = 0;
    const response = await new Promise<{ status: number; connection?: string; body: string }>(
      (resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path,
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': String(head.length + size),
            ...(cookie && { cookie }),
          },
        });
        let answered = false;
        req.on('response', (res) => {
          answered = true;
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
        });
        // The server may close the socket while the client is still sending: expected.
        req.on('error', (err) => (answered ? undefined : reject(err)));
        req.write(head);
        const chunk = Buffer.alloc(64 * 1024);
        const pump = () => {
          while (!answered && written < size) {
            written += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!answered) req.end();
        };
        pump();
      },
    );
    const read = Math.max(...sockets.map((s) => s.bytesRead));
    return { ...response, read };
  }

  test('an anonymous 50 MB upload is refused before its body is read', async () => {
    const app = await portal();
    const res = await bigUpload(app, '/w/civ-2026-task-05/report');
    expect(res.status).toBe(401);
    expect(res.body).toContain('请通过邮件链接访问');
    expect(res.connection).toBe('close');
    // Headers and the first chunks the kernel handed over, never the 50 MB (nor its first 10).
    expect(res.read).toBeLessThan(1024 * 1024);
  });

  test('a multipart body to any other route is not parsed: a page that does not exist is a 404', async () => {
    const app = await portal();
    const res = await bigUpload(app, '/no/such/page');
    expect(res.status).toBe(404);
    expect(res.read).toBeLessThan(1024 * 1024);
  });
});

describe('cookies', () => {
  test('Secure (and __Host-) everywhere but on a loopback address; plain http elsewhere does not start', () => {
    expect(secureCookiesFor(new URL('https://civ.example.gov.cn'))).toBe(true);
    expect(secureCookiesFor(new URL('https://127.0.0.1:8443'))).toBe(true);
    expect(secureCookiesFor(new URL('http://127.0.0.1:8080'))).toBe(false);
    expect(secureCookiesFor(new URL('http://localhost:8080'))).toBe(false);
    expect(secureCookiesFor(new URL('http://[::1]:8080'))).toBe(false);
    expect(() => secureCookiesFor(new URL('http://civ.example.gov.cn'))).toThrow(
      'CIV_PORTAL_URL http://civ.example.gov.cn must be https: (plain http only on a loopback address)',
    );
  });
});
