import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, type FieldProblem, TooManyRequestsError } from './errors.js';
import { installNulGuard } from './nul-guard.js';

/** RFC 9457 problem details, as every error response of the API carries them. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** A problem details body. */
export type Problem = z.infer<typeof problemSchema>;

const TITLES: Record<number, string> = {
  400: 'Invalid input',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Invalid document',
  502: 'Bad gateway',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** Turns a JSON pointer (`/spec/components/2/image`) into a field path (`spec.components[2].image`). */
export function pointerToPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** Builds a problem body for a status; the one shape every error response has. */
export function problem(
  status: number,
  request: FastifyRequest,
  detail?: string,
  errors?: FieldProblem[],
): Problem {
  const title = TITLES[status] ?? (status >= 500 ? 'Server error' : 'Request error');
  return {
    type: `https://berth.dev/problems/${title.toLowerCase().replace(/[^a-z]+/g, '-')}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    instance: request.url.split('?')[0],
    requestId: String(request.id),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** Sends a problem body with `application/problem+json`. */
export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/**
 * The ONE place where errors become responses: domain errors keep their status and field paths,
 * schema validation failures list every failing field, 5xx bodies say nothing of internals.
 * Also refuses input with U+0000 before validation (see {@link installNulGuard}).
 */
export function installProblemHandling(app: FastifyInstance): void {
  installNulGuard(app);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
      return sendProblem(reply, problem(error.status, request, error.message, error.errors));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const context = error.validationContext ?? 'body';
      const prefix = context === 'body' ? '' : context === 'querystring' ? 'query' : context;
      const at = (field: string) => [prefix, field].filter(Boolean).join('.') || context;
      const errors = error.validation.flatMap((issue) => {
        const field = pointerToPath(issue.instancePath);
        const keys =
          issue.keyword === 'unrecognized_keys' ? (issue.params as { keys?: unknown }).keys : undefined;
        if (Array.isArray(keys) && keys.length > 0) {
          return keys.map((key) => ({
            path: at([field, String(key)].filter(Boolean).join('.')),
            message: 'is not a known field',
          }));
        }
        return [{ path: at(field), message: issue.message ?? 'is invalid' }];
      });
      return sendProblem(
        reply,
        problem(
          400,
          request,
          `the request ${context === 'querystring' ? 'query' : context} is invalid`,
          errors,
        ),
      );
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      // A body the parser refused (invalid or empty JSON, …) is still an input error with a path.
      const errors = status === 400 && error.code?.startsWith('FST_ERR_CTP_') ? [{ path: 'body', message: error.message }] : undefined;
      return sendProblem(reply, problem(status, request, error.message, errors));
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(
      reply,
      problem(
        status >= 500 && status < 600 ? status : 500,
        request,
        'the server could not complete the request; the log has the details',
      ),
    );
  });
  app.setNotFoundHandler((request, reply) => {
    sendProblem(reply, problem(404, request, `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
