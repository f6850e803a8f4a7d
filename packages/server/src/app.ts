import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { registerWebConsole } from '@berth/web';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { installAuditHook } from './audit/audit-hook.js';
import type { AuditLog } from './audit/audit-log.js';
import { registerAuditRoutes } from './audit/routes.js';
import type { Config } from './config.js';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors.js';
import { installProblemHandling } from './http/problem.js';
import { registerAuthRoutes } from './iam/auth-routes.js';
import type { Authentication } from './iam/authentication.js';
import { credentialsOf } from './iam/credentials.js';
import type { Authorizer, MembershipSource } from './iam/authorizer.js';
import { installRouteGuard } from './iam/route-guard.js';
import { registerUserRoutes } from './iam/user-routes.js';
import type { UserDirectory } from './iam/users.js';
import type { Lifecycle } from './lifecycle.js';
import { registerHealthRoutes } from './observe/health-routes.js';
import { requestIdOf } from './observe/logger.js';
import { installRequestMetrics } from './observe/metrics.js';
import type { SecretBox } from './secrets/secret-box.js';
import type { SecretStore } from './secrets/secret-store.js';
import type { BerthMigration } from './store/migrations/migration.js';
import type { Store } from './store/open-store.js';
import { registerWorkspaceRoutes } from './workspaces/routes.js';
import type { WorkspaceService } from './workspaces/workspace-service.js';

/** Everything a capability may use: the platform's services, passed explicitly. */
export interface PlatformDeps {
  config: Config;
  store: Store;
  logger: Logger;
  metrics: Registry;
  secretBox: SecretBox;
  secrets: SecretStore;
  audit: AuditLog;
  authorizer: Authorizer;
  memberships: MembershipSource;
  authentication: Authentication;
  users: UserDirectory;
  workspaces: WorkspaceService;
  lifecycle: Lifecycle;
  now: () => Date;
}

/**
 * A capability of the control plane (apps, clusters, workflow, delivery, …): its migrations and
 * a function that registers its routes under `/api/v1`. Every route declares
 * `config.authorize` (see `RouteAuthorization`), or start-up fails. Long-running work registers
 * with `deps.lifecycle.onStarted` / `onShutdown`.
 *
 * @example
 * export const appsCapability: Capability = {
 *   name: 'apps',
 *   migrations: [appsMigration],
 *   register(app, deps) { registerAppRoutes(app, { apps: new ApplicationService(deps) }); },
 * };
 */
export interface Capability {
  name: string;
  migrations?: readonly BerthMigration[];
  register(app: FastifyInstance, deps: PlatformDeps): void | Promise<void>;
  /** Routes outside `/api/v1` (e.g. git smart HTTP at `/git/...`), registered on the root instance. */
  registerRoot?(app: FastifyInstance, deps: PlatformDeps): void | Promise<void>;
}

/** The platform's own capabilities; `capabilities.ts` lists the others. */
export const platformCapabilities: readonly Capability[] = [
  {
    name: 'iam',
    register(app, deps) {
      registerAuthRoutes(app, { ...deps, publicUrl: deps.config.publicUrl });
      registerUserRoutes(app, deps);
    },
  },
  { name: 'workspaces', register: (app, deps) => registerWorkspaceRoutes(app, deps) },
  { name: 'audit', register: (app, deps) => registerAuditRoutes(app, deps) },
];

/** URL prefix of the docs UI (third-party routes, public). */
export const DOCS_PREFIX = '/api/docs';

/**
 * Builds the HTTP application. Plugins load in a stated order: external (cookie, OpenAPI, docs
 * UI) → application plumbing (problem errors, request ids, metrics, route guard, audit) → routes
 * (health, OpenAPI document, then each capability under `/api/v1`).
 */
export async function buildApp(
  deps: PlatformDeps,
  capabilities: readonly Capability[] = [],
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    genReqId: requestIdOf,
    bodyLimit: deps.config.maxBodyBytes,
    // X-Forwarded-* only from the configured proxies: a client cannot forge its IP (login limits, audit).
    trustProxy: deps.config.trustProxy.length > 0 ? deps.config.trustProxy : false,
    frameworkErrors,
    clientErrorHandler,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // 1. external
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Berth API', version: '1', description: 'The Berth control plane' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A personal access token (berth_pat_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'berth_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // 2. application plumbing
  installProblemHandling(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
  });
  installRequestMetrics(app, deps.metrics);
  installRouteGuard(app, {
    authorizer: deps.authorizer,
    authenticate: (request) => deps.authentication.authenticate(credentialsOf(request)),
    publicPrefixes: [DOCS_PREFIX],
    serviceTokens: deps.config.metricsToken ? { metrics: deps.config.metricsToken } : {},
  });
  installAuditHook(app, deps.audit);
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });

  // 3. routes
  registerHealthRoutes(app, deps);
  app.get(
    '/api/openapi.json',
    { config: { authorize: { public: true } }, schema: { hide: true } },
    async () => app.swagger(),
  );
  for (const capability of capabilities) await capability.registerRoot?.(app, deps);
  await app.register(
    async (api) => {
      for (const capability of [...platformCapabilities, ...capabilities])
        await capability.register(api, deps);
    },
    { prefix: '/api/v1' },
  );
  // 4. the web console (static assets, client-side routes) after every API route
  registerWebConsole(app);
  await app.ready();
  return app;
}
