/** `GET …/apps/:app/status`, its SSE stream, and pod logs (tail, or follow over SSE). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appStatusSchema } from './app-status.js';
import { openEventStream, type EventStream } from '../http/event-stream.js';
import type { StatusService } from './status-service.js';

const tags = ['status'];
const name = z.string().min(1).max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a lowercase DNS name');
const appParams = z.object({ workspace: name, app: name });
const envQuery = z.object({ env: name.optional() });
const inApp = { kind: 'apps', workspaceFrom: 'params.workspace', nameFrom: 'params.app' } as const;

/** Registers the status routes. */
export function registerStatusRoutes(app: FastifyInstance, deps: { status: StatusService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { status } = deps;
  // Open streams end when the server closes, so a shutdown never waits on a watching client.
  const open = new Set<EventStream>();
  app.addHook('preClose', async () => {
    for (const stream of open) stream.close();
  });
  const track = (stream: EventStream) => {
    open.add(stream);
    stream.signal.addEventListener('abort', () => open.delete(stream), { once: true });
    return stream;
  };
  const refOf = (p: { workspace: string; app: string }, q: { env?: string | undefined }) => ({
    workspace: p.workspace,
    app: p.app,
    ...(q.env ? { environment: q.env } : {}),
  });

  r.get(
    '/workspaces/:workspace/apps/:app/status',
    {
      config: { authorize: { action: 'apps.status', ...inApp } },
      schema: {
        tags,
        summary: "An application's live status in one environment",
        params: appParams,
        querystring: envQuery,
        response: { 200: appStatusSchema },
      },
    },
    async (request) => status.status(refOf(request.params, request.query)),
  );

  r.get(
    '/workspaces/:workspace/apps/:app/status/stream',
    {
      config: { authorize: { action: 'apps.watch', ...inApp } },
      schema: {
        tags,
        summary: 'Server-Sent Events: `status` whenever the assessment changes (the current one first)',
        params: appParams,
        querystring: envQuery,
      },
    },
    async (request, reply) => {
      const ref = refOf(request.params, request.query);
      await status.status(ref); // 404 before the stream opens
      const stream = track(openEventStream(request, reply));
      await status.subscribe(ref, (s) => stream.send('status', s), stream.signal);
    },
  );

  r.get(
    '/workspaces/:workspace/apps/:app/pods/:pod/logs',
    {
      config: { authorize: { action: 'apps.logs', ...inApp } },
      schema: {
        tags,
        summary: "Logs of one of the application's pods; `follow=true` streams them as Server-Sent Events",
        params: appParams.extend({ pod: name }),
        querystring: envQuery.extend({
          container: name.optional(),
          tailLines: z.coerce.number().int().min(1).max(100_000).optional(),
          follow: z.enum(['true', 'false']).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { container, tailLines, follow } = request.query;
      const ref = refOf(request.params, request.query);
      const options = { ...(container ? { container } : {}), ...(tailLines ? { tailLines } : {}) };
      if (follow !== 'true') {
        const lines: string[] = [];
        for await (const line of await status.podLogs(ref, request.params.pod, options)) lines.push(line.replace(/\n$/, ''));
        return reply.type('text/plain; charset=utf-8').send(lines.length > 0 ? `${lines.join('\n')}\n` : '');
      }
      const controller = new AbortController();
      const lines = await status.podLogs(ref, request.params.pod, { ...options, follow: true, signal: controller.signal });
      const stream = track(openEventStream(request, reply));
      stream.signal.addEventListener('abort', () => controller.abort(), { once: true });
      try {
        for await (const line of lines) for (const part of line.replace(/\n$/, '').split('\n')) stream.send('line', part);
      } catch (err) {
        if (!controller.signal.aborted) stream.send('error', { message: err instanceof Error ? err.message : String(err) });
      } finally {
        stream.send('end', {});
        stream.close();
      }
    },
  );
}
