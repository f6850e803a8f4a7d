import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotAllowedError, NotFoundError, UnauthenticatedError } from '../http/errors.js';
import type { Authorizer, ResourceRef, Subject } from './authorizer.js';
import { credentialsOf, sameSecret } from './credentials.js';

/** Names of the static bearer tokens a route may accept in place of a user (see `serviceToken`). */
export type ServiceTokenName = 'metrics';

/** Where a route finds a value in its request: `params.workspace`, `body.name`, `query.cluster`. */
export type RequestField = `${'params' | 'body' | 'query' | 'headers'}.${string}`;

/**
 * The authorization every route declares in `config.authorize` — a route without one is refused
 * at start-up.
 * - `{ public: true }`: anyone, signed in or not (login, health).
 * - `{ action, workspaceFrom?, nameFrom? }`: the authorizer decides `action` on the resource
 *   (kind = the action's prefix unless `kind` is given) before the body is validated.
 * - `check: 'self'`: any signed-in user; the service acts only on the caller's own things (tokens).
 * - `check: 'filtered'`: any signed-in user; the service filters with `Authorizer.scopeOf` (lists).
 * - `serviceToken: 'metrics'`: also accepts that configured static token as `Authorization: Bearer`
 *   (compared in constant time); such a request has no subject. Only with the authorizer check.
 * Mutating routes are audited with `action`; `audit: false` when the route records on its own.
 */
export type RouteAuthorization =
  | { public: true; action?: string; kind?: string; audit?: false }
  | {
      public?: false;
      action: string;
      kind?: string;
      workspaceFrom?: RequestField;
      nameFrom?: RequestField;
      check?: 'authorizer' | 'self' | 'filtered';
      serviceToken?: ServiceTokenName;
      audit?: false;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    authorize?: RouteAuthorization;
  }
  interface FastifyRequest {
    /** The signed-in caller; set before validation on every non-public route. */
    subject: Subject | null;
    /** The service token that authorized this request instead of a user (then `subject` is null). */
    serviceToken: ServiceTokenName | null;
  }
}

/** The caller of a non-public route (the guard has already refused anonymous requests). */
export function subjectOf(request: FastifyRequest): Subject {
  if (!request.subject) throw new UnauthenticatedError('sign in, or send Authorization: Bearer <token>');
  return request.subject;
}

/** Reads `params.workspace`-style fields from a request; only strings count. */
export function fieldOf(request: FastifyRequest, field: RequestField | undefined): string | undefined {
  if (!field) return undefined;
  const [source, ...rest] = field.split('.');
  let value: unknown = (request as unknown as Record<string, unknown>)[
    source === 'query' ? 'query' : source!
  ];
  for (const key of rest)
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The resource a declared route acts on, for authorization and audit. */
export function resourceOf(request: FastifyRequest): ResourceRef | undefined {
  const declared = request.routeOptions.config.authorize;
  if (!declared?.action) return undefined;
  const kind =
    declared.kind ??
    declared.action.slice(0, Math.max(0, declared.action.lastIndexOf('.'))) ??
    declared.action;
  if (declared.public) return { kind };
  const workspace = fieldOf(request, declared.workspaceFrom);
  const name = fieldOf(request, declared.nameFrom);
  return { kind, ...(workspace !== undefined ? { workspace } : {}), ...(name !== undefined ? { name } : {}) };
}

/** What the guard needs. */
export interface RouteGuardDeps {
  authorizer: Authorizer;
  /** Resolves the caller from cookie or bearer token; throws UnauthenticatedError on bad credentials. */
  authenticate(request: FastifyRequest): Promise<Subject | undefined>;
  /** URL prefixes of routes registered by third-party plugins (docs UI) that are public. */
  publicPrefixes?: readonly string[];
  /** The configured service tokens; a route's `serviceToken` accepts nothing while its token is unset. */
  serviceTokens?: Partial<Record<ServiceTokenName, string>>;
}

/**
 * Installs the route guard on the root instance, before any route is registered: refuses routes
 * without a declaration, authenticates non-public routes, and asks the authorizer. A caller that
 * may not even read the workspace gets 404, so the workspace's existence does not leak.
 */
export function installRouteGuard(app: FastifyInstance, deps: RouteGuardDeps): void {
  const publicPrefixes = deps.publicPrefixes ?? [];
  const serviceTokens = deps.serviceTokens ?? {};
  app.decorateRequest('subject', null);
  app.decorateRequest('serviceToken', null);
  app.addHook('onRoute', (route) => {
    if (publicPrefixes.some((prefix) => route.url.startsWith(prefix))) {
      route.config = { ...(route.config ?? {}), authorize: { public: true } } as typeof route.config;
      return;
    }
    const declared = route.config?.authorize;
    if (!declared || (!declared.public && !declared.action)) {
      const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
      throw new Error(
        `route ${methods} ${route.url} declares no authorization: add config.authorize ({ action, … } or { public: true })`,
      );
    }
    if (!declared.public && declared.serviceToken && declared.check && declared.check !== 'authorizer') {
      throw new Error(
        `route ${route.url}: serviceToken needs the authorizer check (a service has no subject)`,
      );
    }
  });
  app.addHook('onRequest', async (request) => {
    const declared = request.routeOptions.config.authorize;
    if (!declared || declared.public) return;
    if (declared.serviceToken && presentsServiceToken(request, serviceTokens[declared.serviceToken])) {
      request.serviceToken = declared.serviceToken;
      return;
    }
    const subject = await deps.authenticate(request);
    if (!subject) throw new UnauthenticatedError('sign in, or send Authorization: Bearer <token>');
    request.subject = subject;
  });
  app.addHook('preValidation', async (request) => {
    const declared = request.routeOptions.config.authorize;
    if (!declared || declared.public || (declared.check && declared.check !== 'authorizer')) return;
    if (request.serviceToken) return;
    const subject = subjectOf(request);
    const resource = resourceOf(request)!;
    const decision = await deps.authorizer.can(subject, declared.action, resource);
    if (decision.allowed) return;
    if (resource.workspace !== undefined) {
      const visible = await deps.authorizer.can(subject, 'workspaces.read', {
        kind: 'workspaces',
        workspace: resource.workspace,
      });
      if (!visible.allowed) throw new NotFoundError(`workspace ${resource.workspace} not found`);
    }
    throw new NotAllowedError(decision.reason);
  });
}

function presentsServiceToken(request: FastifyRequest, expected: string | undefined): boolean {
  const { bearer } = credentialsOf(request);
  return expected !== undefined && bearer !== undefined && sameSecret(bearer, expected);
}
