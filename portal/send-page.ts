import type { FastifyReply } from 'fastify';

/** Every page the portal sends is personal: never stored by a browser or a proxy. */
export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}
