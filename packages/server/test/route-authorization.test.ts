/**
 * The route table of `npm start` (every shipped capability, OIDC on), read through Fastify's
 * `onRoute` hook: every route declares `config.authorize` (start-up already refuses one that does
 * not), only the routes listed below are public, and only the routes listed below skip the guard's
 * authorizer check because their service authorizes (`check: 'self'` / `'filtered'`). A new
 * public or self-checked route fails here until someone reviews it and adds it with its reason.
 *
 * Run: npx vitest run packages/server/test/route-authorization.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capability } from '../src/app.js';
import { capabilities } from '../src/capabilities.js';
import type { RouteAuthorization } from '../src/iam/route-guard.js';
import { eachDatabase } from './support/databases.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Public routes and why each may be. `/healthz`, `/readyz` and the OpenAPI docs are registered before any capability. */
const PUBLIC_ROUTES: Record<string, string> = {
  'POST /api/v1/auth/login': 'signing in; rate limited per user and IP',
  'GET /api/v1/auth/providers': 'the login page asks which sign-in methods exist',
  'GET /api/v1/auth/oidc/login': 'starts single sign-on',
  'GET /api/v1/auth/oidc/callback': 'the identity provider returns here (state, nonce, PKCE)',
  'POST /api/v1/git/github/webhooks': 'GitHub calls it; the handler verifies X-Hub-Signature-256',
  'GET,POST /git/*': 'git smart HTTP; the handler authenticates HTTP Basic (access or read token)',
  'GET /': 'the web console (static files)',
  'GET /*': 'the web console (static files, client-side routes)',
};

/** Routes the guard authenticates but whose service authorizes (`check: 'self' | 'filtered'`). */
const SERVICE_CHECKED_ROUTES: Record<string, string> = {
  'POST /api/v1/auth/logout': 'ends the caller’s own session',
  'GET /api/v1/me': 'the caller',
  'POST /api/v1/me/password': 'the caller’s own password',
  'POST /api/v1/tokens': 'the caller’s own tokens',
  'GET /api/v1/tokens': 'the caller’s own tokens',
  'DELETE /api/v1/tokens/:id': 'the caller’s own tokens',
  'GET /api/v1/job-types': 'the workflow job-type registry, the same for everyone',
  'GET /api/v1/apps': 'filtered with Authorizer.scopeOf',
  'GET /api/v1/apps/health-summary': 'filtered with Authorizer.scopeOf (AppService.healthSummary)',
  'GET /api/v1/runs': 'filtered with Authorizer.scopeOf (RunService.listAcross)',
  'GET /api/v1/audit': 'filtered with Authorizer.scopeOf',
  'GET /api/v1/workspaces': 'filtered with Authorizer.scopeOf',
  'GET /api/v1/clusters': 'filtered with Authorizer.scopeOf',
  'GET /api/v1/clusters/:cluster': 'ClusterService: 404 unless visible',
  'GET /api/v1/clusters/:cluster/namespaces': 'ClusterService: 404 unless visible, namespaces filtered',
  'GET /api/v1/clusters/:cluster/nodes': 'ClusterService: 404 unless visible',
  'PATCH /api/v1/clusters/:cluster': 'ClusterService: 404 unless visible, then Authorizer.can',
  'DELETE /api/v1/clusters/:cluster': 'ClusterService: 404 unless visible, then Authorizer.can',
  'POST /api/v1/clusters/:cluster/check': 'ClusterService: 404 unless visible, then Authorizer.can',
};

interface DeclaredRoute {
  route: string;
  authorize: RouteAuthorization | undefined;
}

describe('route table authorization', () => {
  const routes: DeclaredRoute[] = [];
  let t: TestApp;
  beforeAll(async () => {
    // Listed first, so its root hook sees every route registered after it: all of /api/v1 and
    // every capability's root routes.
    const recorder: Capability = {
      name: 'route-recorder',
      register() {},
      registerRoot(app) {
        app.addHook('onRoute', (route) => {
          if (route.method === 'HEAD') return; // Fastify's automatic twin of each GET
          const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
          routes.push({ route: `${methods} ${route.url}`, authorize: route.config?.authorize });
        });
      },
    };
    t = await startTestApp(eachDatabase()[0]!, {
      capabilities: [recorder, ...capabilities],
      env: {
        BERTH_SANDBOX: 'off',
        BERTH_OIDC_ISSUER: 'https://idp.example.com',
        BERTH_OIDC_CLIENT_ID: 'berth',
        BERTH_PUBLIC_URL: 'https://berth.example.com',
      },
    });
  });
  afterAll(async () => t?.close());

  it('GIVEN every shipped route THEN each declares authorize, and each public one is on the reviewed allowlist', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((r) => !r.authorize).map((r) => r.route)).toEqual([]);
    const publicRoutes = routes.filter((r) => r.authorize?.public).map((r) => r.route);
    expect(publicRoutes.filter((r) => !(r in PUBLIC_ROUTES))).toEqual([]);
    expect(Object.keys(PUBLIC_ROUTES).filter((r) => !publicRoutes.includes(r))).toEqual([]); // no stale entries
  });

  it('GIVEN every shipped route THEN only the reviewed ones skip the authorizer check for their service to decide', () => {
    const serviceChecked = routes
      .filter(
        (r) => r.authorize && !r.authorize.public && r.authorize.check && r.authorize.check !== 'authorizer',
      )
      .map((r) => r.route);
    expect(serviceChecked.filter((r) => !(r in SERVICE_CHECKED_ROUTES))).toEqual([]);
    expect(Object.keys(SERVICE_CHECKED_ROUTES).filter((r) => !serviceChecked.includes(r))).toEqual([]);
  });

  it('GIVEN the routes registered before the capabilities THEN /healthz and /readyz are public and /metrics is not', async () => {
    for (const url of ['/healthz', '/readyz'])
      expect((await t.request(undefined, { method: 'GET', url })).statusCode).toBe(200);
    expect((await t.request(undefined, { method: 'GET', url: '/metrics' })).statusCode).toBe(401);
  });
});
