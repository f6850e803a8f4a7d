/**
 * The sandbox's Kubernetes API server over node:http: one handler per request that parses the
 * request info, authenticates, applies impersonation and API faults, authorizes, and routes to
 * discovery, OpenAPI, health, the fault admin endpoint, or a resource verb. Every failure is
 * answered with a Kubernetes Status; nothing a client sends can crash it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { ApiError } from '../machinery/errors.js';
import { impersonationOf, parseServiceAccountUser, serviceAccountUser, type UserInfo } from './authn.js';
import { sendJson, sendStatus, sendText, wantsPretty } from './body.js';
import type { ApiContext } from './context.js';
import { apiGroup, apiGroupList, apiResourceList, coreVersions, serverVersion } from './discovery.js';
import { apiFaultFor, faultError, faultsPath, serveFaultsAdmin } from './faults.js';
import { parseRequestInfo, type RequestInfo } from './request-info.js';
import {
  createObject,
  deleteCollection,
  deleteObject,
  getObject,
  listObjects,
  patchObject,
  updateObject,
  type ResourceRequest,
} from './resources.js';
import { isReview, serveReview } from './reviews.js';
import { serveSubresource } from './subresources.js';
import type { ServingCertificate } from './tls.js';
import { serveWatch } from './watch.js';

const anonymous: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };
const healthPaths = /^\/(healthz|livez|readyz)(\/.*)?$/;
const publicPaths = new Set(['/version', '/healthz', '/livez', '/readyz']);

function notFound(): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    details: {},
    code: 404,
  });
}


/** Create the HTTP server, or HTTPS with `tls` (not yet listening). */
export function createApiServer(ctx: ApiContext, tls?: ServingCertificate): Server | HttpsServer {
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const started = Date.now();
    handle(ctx, req, res)
      .catch((e: unknown) => {
        if (!(e instanceof ApiError) && ctx.logRequests) console.error('sandbox api: request failed', e);
        sendStatus(res, e);
      })
      .finally(() => {
        if (ctx.logRequests) console.error(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`);
      });
  };
  const server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, listener) : createServer(listener);
  server.keepAliveTimeout = 30_000;
  return server;
}

async function handle(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const query = url.searchParams;
  const pretty = wantsPretty(query, req);
  const watchParam = ['true', '1'].includes(query.get('watch') ?? '');
  const info = parseRequestInfo(req.method ?? 'GET', path, watchParam);

  if (healthPaths.test(path)) return sendText(res, 200, 'ok');

  const user = identify(ctx, req, path);
  authorize(ctx, user, info);

  // Watches ask for their fault themselves (drop, expire), once.
  if (!path.startsWith('/sandbox/') && info.verb !== 'watch') {
    const decision = apiFaultFor(ctx.faults, info);
    if (decision?.latencyMs) await new Promise((r) => setTimeout(r, decision.latencyMs));
    const error = decision ? faultError(decision) : undefined;
    if (error) throw error;
  }

  if (!info.isResourceRequest) return serveNonResource(ctx, req, res, info, pretty);
  return serveResource(ctx, req, res, info, query, pretty, user);
}

/** Authenticate, then apply impersonation (which needs the `impersonate` verb). */
function identify(ctx: ApiContext, req: IncomingMessage, path: string): UserInfo {
  let user = ctx.authenticator.authenticate(req);
  if (!user) {
    if (ctx.requireAuthentication && !publicPaths.has(path)) throw ApiError.unauthorized();
    user = anonymous;
  }
  const wanted = impersonationOf(req);
  if (!wanted) return user;
  if (!wanted.user) throw ApiError.internal('requested [{Group  ' + wanted.groups.join(' ') + '  }] without impersonating a user');
  const check = (resource: string, name: string, namespace?: string): void => {
    const decision = ctx.authorizer.authorize({ user: user!, verb: 'impersonate', isResourceRequest: true, apiGroup: '', resource, name, namespace });
    if (!decision.allowed) throw ApiError.forbiddenByRbac({ group: '', name: resource }, name, user!.name, 'impersonate', namespace);
  };
  const sa = parseServiceAccountUser(wanted.user);
  if (sa) check('serviceaccounts', sa.name, sa.namespace);
  else check('users', wanted.user);
  for (const g of wanted.groups) check('groups', g);
  if (sa) {
    const base = serviceAccountUser(sa.namespace, sa.name);
    return { name: base.name, groups: [...new Set([...wanted.groups, ...base.groups])] };
  }
  const groups = [...wanted.groups];
  if (wanted.user !== 'system:anonymous' && !groups.includes('system:authenticated')) groups.push('system:authenticated');
  return { name: wanted.user, groups };
}

function authorize(ctx: ApiContext, user: UserInfo, info: RequestInfo): void {
  if (!ctx.authorizer.enabled) return;
  if (!info.isResourceRequest) {
    if (publicPaths.has(info.path)) return;
    const decision = ctx.authorizer.authorize({ user, verb: info.verb, isResourceRequest: false, path: info.path });
    if (decision.allowed) return;
    throw new ApiError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `forbidden: User "${user.name}" cannot ${info.verb} path "${info.path}"`,
      reason: 'Forbidden',
      details: {},
      code: 403,
    });
  }
  const decision = ctx.authorizer.authorize({
    user,
    verb: info.verb,
    isResourceRequest: true,
    apiGroup: info.apiGroup,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
  });
  if (decision.allowed) return;
  throw ApiError.forbiddenByRbac({ group: info.apiGroup, name: info.resource ?? '' }, info.name ?? '', user.name, info.verb, info.namespace, info.subresource);
}

async function serveNonResource(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, info: RequestInfo, pretty: boolean): Promise<void> {
  const path = info.path;
  if (path === faultsPath) return serveFaultsAdmin(req, res, ctx.faults);
  if (req.method !== 'GET' && req.method !== 'HEAD') throw ApiError.methodNotAllowedHere();
  if (path === '/version') return sendJson(res, 200, serverVersion, true);
  if (path === '/api') return sendJson(res, 200, coreVersions(ctx.serverAddress()), pretty);
  if (path === '/apis') return sendJson(res, 200, apiGroupList(ctx.registry), pretty);
  if (path === '/openapi/v2') return sendJson(res, 200, ctx.openapi.v2(), pretty);
  if (path === '/openapi/v3') return sendJson(res, 200, ctx.openapi.v3Index(), pretty);
  if (path.startsWith('/openapi/v3/')) {
    const doc = ctx.openapi.v3(path.slice('/openapi/v3/'.length));
    if (doc) return sendJson(res, 200, doc, pretty, { 'Cache-Control': 'public, immutable' });
    throw notFound();
  }
  if (info.prefix === 'api' && info.apiVersion) {
    const list = apiResourceList(ctx.registry, '', info.apiVersion);
    if (list) return sendJson(res, 200, list, pretty);
  }
  if (info.prefix === 'apis' && info.apiGroup && info.apiVersion) {
    const list = apiResourceList(ctx.registry, info.apiGroup, info.apiVersion);
    if (list) return sendJson(res, 200, list, pretty);
  }
  if (info.prefix === 'apis' && info.apiGroup && !info.apiVersion) {
    const group = apiGroup(ctx.registry, info.apiGroup);
    if (group) return sendJson(res, 200, group, pretty);
  }
  throw notFound();
}

async function serveResource(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  info: RequestInfo,
  query: URLSearchParams,
  pretty: boolean,
  user: UserInfo,
): Promise<void> {
  const type = ctx.registry.byResource(info.apiGroup, info.apiVersion, info.resource ?? '');
  if (!type || info.extra.length > 0) throw notFound();
  if (!type.namespaced && info.namespace !== undefined && type.resource !== 'namespaces') throw notFound();
  const r: ResourceRequest = { req, res, info, query, type, pretty };
  if (isReview(type.group, type.resource)) return serveReview(ctx, r, user);
  if (info.subresource) {
    if (!info.name) throw notFound();
    return serveSubresource(ctx, r);
  }
  const verbs = type.verbs ?? [];
  const allowed = info.verb === 'watch' ? verbs.includes('watch') : verbs.includes(info.verb);
  if (!allowed) throw ApiError.methodNotAllowedHere();
  const needsNamespace = type.namespaced && info.name !== undefined;
  if ((needsNamespace || (type.namespaced && info.verb === 'create')) && info.namespace === undefined) throw notFound();
  switch (info.verb) {
    case 'get':
      return getObject(ctx, r);
    case 'list':
      return listObjects(ctx, r);
    case 'watch':
      return serveWatch(ctx, r);
    case 'create':
      if (info.name !== undefined) throw ApiError.methodNotAllowedHere();
      return createObject(ctx, r);
    case 'update':
      if (info.name === undefined) throw ApiError.methodNotAllowedHere();
      return updateObject(ctx, r);
    case 'patch':
      if (info.name === undefined) throw ApiError.methodNotAllowedHere();
      return patchObject(ctx, r);
    case 'delete':
      return deleteObject(ctx, r);
    case 'deletecollection':
      return deleteCollection(ctx, r);
    default:
      throw ApiError.methodNotAllowedHere();
  }
}
