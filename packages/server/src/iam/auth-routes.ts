import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log.js';
import type { Config } from '../config.js';
import { DomainError } from '../http/errors.js';
import { pageQuerySchema, pageSchema } from '../http/pagination.js';
import type { Authentication } from './authentication.js';
import { type MembershipSource, WORKSPACE_ROLES } from './authorizer.js';
import { SESSION_COOKIE } from './credentials.js';
import { oidcSignInOf, registerOidcRoutes } from './oidc/index.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { Store } from '../store/open-store.js';
import { subjectOf } from './route-guard.js';

/** What the auth routes need. */
export interface AuthRouteDeps {
  authentication: Authentication;
  memberships: MembershipSource;
  audit: AuditLog;
  /** Session cookies get `Secure` when this is https (or the request came over TLS). */
  publicUrl?: string;
  /** With these, `BERTH_OIDC_*` settings turn on single sign-on (see `oidc/`). */
  config?: Config;
  store?: Pick<Store, 'db'>;
  secretBox?: SecretBox;
  now?: () => Date;
}

const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revoked: z.boolean(),
});

const meSchema = z.object({
  username: z.string(),
  platformAdmin: z.boolean(),
  credential: z.enum(['session', 'token']),
  workspaces: z.array(z.object({ workspace: z.string(), role: z.enum(WORKSPACE_ROLES) })),
});

/** Login, logout, `/me`, password change and personal access tokens. */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];
  const secure = (request: FastifyRequest) =>
    request.protocol === 'https' || (deps.publicUrl?.startsWith('https://') ?? false);

  const oidc =
    deps.config && deps.store && deps.secretBox
      ? oidcSignInOf({
          config: deps.config,
          db: deps.store.db,
          secretBox: deps.secretBox,
          now: deps.now ?? (() => new Date()),
        })
      : undefined;
  if (oidc) app.addHook('onReady', () => oidc.ready());
  registerOidcRoutes(app, { audit: deps.audit, ...(oidc ? { oidc } : {}) });

  r.post(
    '/auth/login',
    {
      config: { authorize: { public: true, action: 'auth.login', audit: false } },
      schema: {
        tags,
        summary: 'Sign in; sets the session cookie',
        body: z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1024) }),
        response: {
          200: z.object({
            username: z.string(),
            platformAdmin: z.boolean(),
            mustChangePassword: z.boolean(),
            expiresAt: z.string(),
          }),
        },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const event = {
        action: 'auth.login',
        resource: { kind: 'sessions', name: username },
        requestId: String(request.id),
        sourceIp: request.ip,
      };
      try {
        const result = await deps.authentication.login(username, password, request.ip);
        await deps.audit.record({
          ...event,
          actor: { id: result.subject.userId, username },
          result: 'success',
          status: 200,
        });
        reply.setCookie(SESSION_COOKIE, result.sessionValue, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: secure(request),
          expires: result.expiresAt,
        });
        return {
          username,
          platformAdmin: result.subject.platformAdmin,
          mustChangePassword: result.mustChangePassword,
          expiresAt: result.expiresAt.toISOString(),
        };
      } catch (error) {
        const status = error instanceof DomainError ? error.status : 500;
        await deps.audit.record({
          ...event,
          actorName: username,
          result: status < 500 ? 'denied' : 'failure',
          status,
          detail: (error as Error).message,
        });
        throw error;
      }
    },
  );

  r.post(
    '/auth/logout',
    {
      config: { authorize: { action: 'auth.logout', kind: 'sessions', check: 'self' } },
      schema: { tags, summary: 'Sign out; ends the session' },
    },
    async (request, reply) => {
      const session = request.cookies[SESSION_COOKIE];
      if (session) await deps.authentication.logout(session);
      reply.clearCookie(SESSION_COOKIE, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secure(request),
      });
      return reply.code(204).send();
    },
  );

  r.get(
    '/me',
    {
      config: { authorize: { action: 'me.read', check: 'self' } },
      schema: { tags, summary: 'Who am I', response: { 200: meSchema } },
    },
    async (request) => {
      const subject = subjectOf(request);
      return {
        username: subject.username,
        platformAdmin: subject.platformAdmin,
        credential: subject.credential,
        workspaces: await deps.memberships.rolesOf(subject.userId),
      };
    },
  );

  r.post(
    '/me/password',
    {
      config: { authorize: { action: 'users.password', kind: 'users', check: 'self' } },
      schema: {
        tags,
        summary: 'Change your password',
        body: z.strictObject({
          currentPassword: z.string().min(1).max(1024),
          newPassword: z.string().min(8).max(1024),
        }),
      },
    },
    async (request, reply) => {
      await deps.authentication.changePassword(
        subjectOf(request),
        request.body.currentPassword,
        request.body.newPassword,
      );
      return reply.code(204).send();
    },
  );

  r.post(
    '/tokens',
    {
      config: { authorize: { action: 'tokens.create', check: 'self', nameFrom: 'body.name' } },
      schema: {
        tags,
        summary: 'Create a personal access token; the token is shown only in this response',
        body: z.strictObject({
          name: z.string().min(1).max(100),
          expiresAt: z.iso.datetime({ offset: true }).optional(),
        }),
        response: { 201: tokenSchema.extend({ token: z.string() }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.authentication.createToken(subjectOf(request), request.body)),
  );

  r.get(
    '/tokens',
    {
      config: { authorize: { action: 'tokens.list', check: 'self' } },
      schema: {
        tags,
        summary: 'Your access tokens',
        querystring: pageQuerySchema,
        response: { 200: pageSchema(tokenSchema) },
      },
    },
    async (request) => deps.authentication.listTokens(subjectOf(request), request.query),
  );

  r.delete(
    '/tokens/:id',
    {
      config: { authorize: { action: 'tokens.revoke', check: 'self', nameFrom: 'params.id' } },
      schema: {
        tags,
        summary: 'Revoke one of your tokens',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: tokenSchema },
      },
    },
    async (request) => deps.authentication.revokeToken(subjectOf(request), request.params.id),
  );
}
