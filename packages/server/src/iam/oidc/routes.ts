import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log.js';
import { problem, sendProblem } from '../../http/problem.js';
import { SESSION_COOKIE } from '../credentials.js';
import { LOGIN_COOKIE, LOGIN_TTL_SECONDS } from './login-transaction.js';
import type { OidcSignIn } from './sign-in.js';
import { OidcSignInError } from './sign-in-error.js';

/** What the identity provider routes need. */
export interface OidcRouteDeps {
  /** Absent when OIDC is not configured: only `GET /auth/providers` is registered. */
  oidc?: { signIn: OidcSignIn; name: string; issuer: string; secureCookies: boolean };
  audit: AuditLog;
}

/** Where the console's login page is; failed browser sign-ins land on `/login?error=oidc_<reason>`. */
export const LOGIN_PAGE = '/login';

const loginCookiePath = '/api/v1/auth/oidc';

/**
 * `GET /auth/providers` (which sign-in methods the console offers) and, when OIDC is configured,
 * `GET /auth/oidc/login` and `GET /auth/oidc/callback`. A failed callback redirects browsers
 * (requests that accept `text/html`) to the login page with `?error=oidc_<reason>`, and answers
 * API clients with problem+json; neither shows internals.
 */
export function registerOidcRoutes(app: FastifyInstance, deps: OidcRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.get(
    '/auth/providers',
    {
      config: { authorize: { public: true } },
      schema: {
        tags,
        summary: 'Sign-in methods the console offers',
        response: {
          200: z.object({
            local: z.boolean(),
            oidc: z.object({ enabled: z.boolean(), name: z.string().nullable() }),
          }),
        },
      },
    },
    async () => ({ local: true, oidc: { enabled: deps.oidc !== undefined, name: deps.oidc?.name ?? null } }),
  );

  const oidc = deps.oidc;
  if (!oidc) return;
  const cookieOptions = {
    path: loginCookiePath,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: oidc.secureCookies,
  };

  r.get(
    '/auth/oidc/login',
    {
      config: { authorize: { public: true, action: 'auth.login', audit: false } },
      schema: {
        tags,
        summary: 'Start single sign-on: redirects to the identity provider',
        querystring: z.object({ returnTo: z.string().max(2048).optional() }),
      },
    },
    async (request, reply) => {
      let started;
      try {
        started = await oidc.signIn.begin(request.query.returnTo);
      } catch (error) {
        if (error instanceof OidcSignInError) return fail(request, reply, error);
        throw error;
      }
      reply.setCookie(LOGIN_COOKIE, started.loginCookie, { ...cookieOptions, maxAge: LOGIN_TTL_SECONDS });
      return reply.redirect(started.authorizationUrl.href, 302);
    },
  );

  r.get(
    '/auth/oidc/callback',
    {
      config: { authorize: { public: true, action: 'auth.login', audit: false } },
      schema: {
        tags,
        summary: 'Where the identity provider returns; sets the session cookie and redirects',
        querystring: z.looseObject({
          code: z.string().optional(),
          state: z.string().optional(),
          error: z.string().optional(),
        }),
      },
    },
    async (request, reply) => {
      reply.clearCookie(LOGIN_COOKIE, cookieOptions);
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
      const event = {
        action: 'auth.login',
        requestId: String(request.id),
        sourceIp: request.ip,
      };
      try {
        const done = await oidc.signIn.complete(query, request.cookies[LOGIN_COOKIE]);
        await deps.audit.record({
          ...event,
          actor: { id: done.subject.userId, username: done.subject.username },
          resource: { kind: 'sessions', name: done.subject.username },
          result: 'success',
          status: 302,
          detail:
            `oidc ${oidc.issuer}; platformAdmin=${done.subject.platformAdmin}; groups=${done.groups.join(',')}`.slice(
              0,
              1000,
            ),
        });
        reply.setCookie(SESSION_COOKIE, done.sessionValue, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: oidc.secureCookies || request.protocol === 'https',
          expires: done.expiresAt,
        });
        return reply.redirect(done.returnTo, 302);
      } catch (caught) {
        const error =
          caught instanceof OidcSignInError
            ? caught
            : new OidcSignInError('unavailable', 'the sign-in could not be completed', { cause: caught });
        const internal = !(caught instanceof OidcSignInError);
        request.log[internal ? 'error' : 'warn'](
          { reason: error.reason, err: error.cause ?? error },
          'OIDC sign-in failed',
        );
        await deps.audit.record({
          ...event,
          actorName: 'oidc',
          resource: { kind: 'sessions' },
          result: internal || error.reason === 'unavailable' ? 'failure' : 'denied',
          status: internal ? 500 : error.status,
          detail: `oidc ${error.reason}: ${error.message}`,
        });
        if (internal) {
          if (wantsHtml(request)) return reply.redirect(`${LOGIN_PAGE}?error=oidc_error`, 302);
          return sendProblem(reply, problem(500, request));
        }
        return fail(request, reply, error);
      }
    },
  );
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

function fail(request: FastifyRequest, reply: FastifyReply, error: OidcSignInError): FastifyReply {
  if (wantsHtml(request)) return reply.redirect(`${LOGIN_PAGE}?error=oidc_${error.reason}`, 302);
  return sendProblem(reply, {
    ...problem(error.status, request, error.message),
    type: `https://berth.dev/problems/oidc-${error.reason}`,
  });
}
