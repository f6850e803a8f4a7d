/**
 * Authentication: bearer tokens from a static list, ServiceAccount tokens (HS256 JWTs the sandbox
 * signs, naming `system:serviceaccount:<ns>:<name>`, valid while the ServiceAccount exists), and
 * impersonation headers (`Impersonate-User`, `Impersonate-Group`) checked by the authorizer.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../machinery/errors.js';
import type { ObjectStore, ResourceRegistry } from '../store/types.js';

/** Who a request acts as. */
export interface UserInfo {
  name: string;
  groups: string[];
  uid?: string;
}

/** A static token's identity. */
export interface TokenIdentity {
  user: string;
  groups?: string[];
}

/** Authenticates requests and issues ServiceAccount tokens. */
export interface Authenticator {
  /** The user of a request; undefined when it carries no credentials. Throws 401 on a bad token. */
  authenticate(req: IncomingMessage): UserInfo | undefined;
  /** A signed token for a ServiceAccount (it need not exist yet; it must exist when used). */
  issueServiceAccountToken(namespace: string, name: string, expirationSeconds?: number): string;
}

const serviceAccountPrefix = 'system:serviceaccount:';

/** The user and groups of a ServiceAccount, as the apiserver's token authenticator gives them. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    name: `${serviceAccountPrefix}${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

/** Parse `system:serviceaccount:ns:name` into its namespace and name. */
export function parseServiceAccountUser(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(serviceAccountPrefix)) return undefined;
  const [namespace, name, ...rest] = user.slice(serviceAccountPrefix.length).split(':');
  if (!namespace || !name || rest.length) return undefined;
  return { namespace, name };
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** Create the authenticator over a token list and the store (for ServiceAccount lookups). */
export function createAuthenticator(deps: {
  tokens: Record<string, TokenIdentity>;
  store: ObjectStore;
  registry: ResourceRegistry;
  now: () => number;
  issuer?: string;
}): Authenticator {
  const key = randomBytes(32);
  const issuer = deps.issuer ?? 'https://kubernetes.default.svc.cluster.local';
  const sign = (input: string): string => createHmac('sha256', key).update(input).digest('base64url');

  function verifyServiceAccountToken(token: string): UserInfo | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let claims: { sub?: string; exp?: number; iss?: string };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (claims.exp !== undefined && claims.exp * 1000 < deps.now()) return undefined;
    const sa = claims.sub ? parseServiceAccountUser(claims.sub) : undefined;
    if (!sa) return undefined;
    const type = deps.registry.byKind('v1', 'ServiceAccount');
    if (!type || !deps.store.stored(type, sa.namespace, sa.name)) return undefined;
    return serviceAccountUser(sa.namespace, sa.name);
  }

  return {
    authenticate(req) {
      const header = req.headers.authorization;
      if (!header) return undefined;
      const m = /^Bearer\s+(.+)$/i.exec(header.trim());
      if (!m) throw ApiError.unauthorized();
      const token = m[1]!.trim();
      const known = deps.tokens[token];
      if (known) {
        const groups = [...(known.groups ?? [])];
        if (!groups.includes('system:authenticated')) groups.push('system:authenticated');
        return { name: known.user, groups };
      }
      const sa = verifyServiceAccountToken(token);
      if (sa) return sa;
      throw ApiError.unauthorized();
    },
    issueServiceAccountToken(namespace, name, expirationSeconds = 3600) {
      const nowSec = Math.floor(deps.now() / 1000);
      const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
      const payload = b64url(
        JSON.stringify({
          iss: issuer,
          sub: `${serviceAccountPrefix}${namespace}:${name}`,
          aud: [issuer],
          iat: nowSec,
          nbf: nowSec,
          exp: nowSec + expirationSeconds,
          'kubernetes.io': { namespace, serviceaccount: { name } },
        }),
      );
      return `${header}.${payload}.${sign(`${header}.${payload}`)}`;
    },
  };
}

/** The identity requested by impersonation headers, if any. */
export function impersonationOf(req: IncomingMessage): { user?: string; groups: string[]; uid?: string } | undefined {
  const user = header(req, 'impersonate-user');
  const groups = req.headersDistinct?.['impersonate-group'] ?? [];
  const uid = header(req, 'impersonate-uid');
  if (user === undefined && groups.length === 0 && uid === undefined) return undefined;
  return { user, groups: [...groups], uid };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
