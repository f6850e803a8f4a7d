import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build -w packages/web` writes the console (index.html + assets/). */
export const webAssetsDir = fileURLToPath(new URL('./dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The few Fastify members the plugin uses (kept structural so web does not depend on fastify). */
interface RouteHost {
  get(
    path: string,
    options: { config: { authorize: { public: true } }; schema: { hide: true } },
    handler: (request: { url: string; headers: Record<string, unknown> }, reply: WebReply) => Promise<unknown>,
  ): unknown;
}
interface WebReply {
  code(status: number): WebReply;
  header(name: string, value: string): WebReply;
  type(value: string): WebReply;
  send(body: unknown): unknown;
}

/**
 * Serves the built console at `/`: files under dist/ as they are (hashed assets cached for a
 * year), every other non-API GET path gets index.html (client-side routes). Register it after
 * the API routes; `/api/*` and the health routes keep their own handlers and 404s. When dist/
 * is missing (not built), `/` explains how to build it.
 *
 * @example
 * import { registerWebConsole } from '@berth/web';
 * registerWebConsole(app); // in buildApp, step 3, after the /api/v1 routes
 */
export function registerWebConsole(app: RouteHost, dir: string = webAssetsDir): void {
  const root = normalize(dir.endsWith(sep) ? dir : `${dir}${sep}`);
  const indexFile = join(root, 'index.html');
  const config = { authorize: { public: true as const } };
  const handler = async (request: { url: string }, reply: WebReply) => {
    let path: string;
    try {
      path = decodeURIComponent(request.url.split('?')[0] ?? '/');
    } catch {
      return reply.code(400).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title: 'Invalid input', status: 400, detail: 'the request path is not valid percent-encoded UTF-8', errors: [{ path: 'path', message: 'not valid percent-encoding' }] }));
    }
    if (path.startsWith('/api/')) {
      return reply.code(404).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title: 'Not found', status: 404, detail: `no route GET ${path}` }));
    }
    const file = normalize(join(root, path));
    if (file.startsWith(root) && file !== root && existsSync(file) && statSync(file).isFile()) {
      const immutable = path.startsWith('/assets/');
      return reply
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .type(TYPES[extname(file)] ?? 'application/octet-stream')
        .send(await readFile(file));
    }
    if (!existsSync(indexFile)) {
      // Not built: nothing to serve at this path (a 404, not a server error); say how to build it.
      return reply.code(404).type('text/plain; charset=utf-8').send('The web console is not built: run `npm run build -w packages/web`.\n');
    }
    return reply.header('cache-control', 'no-cache').type(TYPES['.html']!).send(readFileSync(indexFile));
  };
  app.get('/', { config, schema: { hide: true } }, handler);
  app.get('/*', { config, schema: { hide: true } }, handler);
}
