/**
 * Errors raised before a request reaches a route (a malformed URL, a path parameter over the
 * router's limit, a request head too large for Node) answered as problem+json like every other error.
 */
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { problem, sendProblem } from './problem.js';

const FRAMEWORK_STATUS: Record<string, { status: number; detail: string }> = {
  FST_ERR_BAD_URL: { status: 400, detail: 'the request path is not valid percent-encoded UTF-8' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, detail: 'the request cannot be routed' },
};

/** Fastify's `frameworkErrors` option: router-level errors as problems. */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (error, request, reply) => {
  const known = FRAMEWORK_STATUS[(error as { code?: string }).code ?? ''];
  const status = known?.status ?? 400;
  const detail = known?.detail ?? 'the request cannot be routed: a path segment is too long or malformed';
  sendProblem(reply as FastifyReply, problem(status, request as FastifyRequest, detail, [{ path: 'path', message: detail }]));
};

/** Fastify's `clientErrorHandler`: requests Node refuses before parsing finishes (431, 400). */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const title = tooLarge ? 'Request header fields too large' : 'Bad request';
  const body = JSON.stringify({
    type: `https://berth.dev/problems/${title.toLowerCase().replace(/[^a-z]+/g, '-')}`,
    title,
    status,
    detail: tooLarge ? 'the request line and headers exceed 16 KiB; shorten the URL or the headers' : 'the request could not be parsed as HTTP',
  });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
