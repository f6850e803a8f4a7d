/** Server-Sent Events over a hijacked Fastify reply: the one implementation every stream uses. */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** An open SSE stream: send events, learn when the client left. */
export interface EventStream {
  /** Writes one event; `id` becomes the SSE `id:` a client resumes from with `Last-Event-ID`. */
  send(event: string, data: unknown, id?: string | number): void;
  /** Aborted when the client disconnects or the stream is closed. */
  signal: AbortSignal;
  close(): void;
}

/** Options of {@link openEventStream}. */
export interface EventStreamOptions {
  /** A comment line this often keeps proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  /** The client's reconnection delay (`retry:`), sent once at the start. */
  retryMs?: number;
}

/** Take over the response and open an SSE stream with a comment heartbeat. */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, options: EventStreamOptions = {}): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': String(request.id),
  });
  if (options.retryMs !== undefined) raw.write(`retry: ${options.retryMs}\n\n`);
  raw.flushHeaders?.();
  const controller = new AbortController();
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), options.heartbeatMs ?? 15_000);
  const close = () => {
    if (controller.signal.aborted) return;
    clearInterval(heartbeat);
    controller.abort();
    raw.end();
  };
  request.raw.on('close', close);
  raw.on('close', close);
  return {
    signal: controller.signal,
    close,
    send(event, data, id) {
      if (controller.signal.aborted) return;
      const idLine = id === undefined ? '' : `id: ${id}\n`;
      raw.write(`${idLine}event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    },
  };
}
