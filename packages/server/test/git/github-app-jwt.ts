import { type KeyObject, verify } from 'node:crypto';

/** What the fake checks a GitHub App JWT against: the app's ID and its public key. */
export interface AppJwtCheck {
  appId: number;
  publicKey: KeyObject;
  /** Seconds since the epoch; the wall clock by default. */
  now?: () => number;
}

/** GitHub refuses a JWT whose `exp` is more than 10 minutes ahead. */
const MAX_LIFETIME_SECONDS = 10 * 60;
/** How far `iat` may lie in the future (clock drift) before GitHub refuses it. */
const DRIFT_SECONDS = 60;
const UNDECODABLE = 'A JSON web token could not be decoded';

function decoded(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why GitHub would refuse `authorization` (`Bearer <jwt>`) on an app endpoint, or `undefined`
 * when it is an RS256 JWT signed by the app's key, issued by the app, and valid now for at most
 * 10 minutes (GitHub's rules for app JWTs; the messages follow GitHub's).
 */
export function appJwtProblem(authorization: string | undefined, check: AppJwtCheck): string | undefined {
  const jwt = /^bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  const [head, body, signature, ...rest] = jwt?.split('.') ?? [];
  if (!head || !body || !signature || rest.length > 0) return UNDECODABLE;
  const header = decoded(head);
  const claims = decoded(body);
  if (!header || !claims) return UNDECODABLE;
  if (header.alg !== 'RS256') return `'alg' must be RS256, not ${String(header.alg)}`;
  if (!verify('sha256', Buffer.from(`${head}.${body}`), check.publicKey, Buffer.from(signature, 'base64url')))
    return UNDECODABLE;
  if (String(claims.iss) !== String(check.appId))
    return `'Issuer' claim ('iss') must be the ID of the app (${check.appId})`;
  const now = check.now?.() ?? Math.floor(Date.now() / 1000);
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || !Number.isInteger(iat) || iat > now + DRIFT_SECONDS)
    return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
  if (typeof exp !== 'number' || !Number.isInteger(exp) || exp <= now)
    return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  if (exp > now + MAX_LIFETIME_SECONDS || exp - iat > MAX_LIFETIME_SECONDS)
    return "'Expiration time' claim ('exp') is too far in the future";
  return undefined;
}
