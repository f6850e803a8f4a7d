import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { request as undiciRequest } from 'undici';

/** What a quality test saw of one request. */
export interface Exchange {
  status: number;
  contentType: string;
  /** The body, or its first `maxBytes` of a stream the client stopped reading. */
  body: string;
}

/** One request as the quality tests send it (raw body, any headers). */
export interface RawRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Sends requests to `app` over real HTTP on loopback, so event streams (SSE, log follow) answer
 * with their status and the client stops reading after `streamMs`.
 */
export async function loopbackClient(app: FastifyInstance, streamMs = 300): Promise<(r: RawRequest) => Promise<Exchange>> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return async (r) => {
    const controller = new AbortController();
    // Up to 15 s for the headers, then `streamMs` for the body.
    let timer = setTimeout(() => controller.abort(), 15_000);
    try {
      const response = await undiciRequest(`http://127.0.0.1:${port}${r.url}`, {
        method: r.method as 'GET',
        headers: r.headers ?? {},
        ...(r.body !== undefined ? { body: r.body } : {}),
        signal: controller.signal,
      });
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), streamMs);
      const contentType = String(response.headers['content-type'] ?? '');
      let body = '';
      try {
        for await (const chunk of response.body) {
          body += String(chunk);
          if (body.length > 64_000) break;
        }
      } catch {
        // The stream outlived streamMs: what arrived so far is enough.
      }
      response.body.destroy();
      return { status: response.statusCode, contentType, body };
    } finally {
      clearTimeout(timer);
    }
  };
}
