import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** Prefix of every personal access token, so scanners can spot leaked ones. */
export const TOKEN_PREFIX = 'berth_pat_';

/** Name of the console's session cookie. */
export const SESSION_COOKIE = 'berth_session';

/** sha256 hex of a credential: what the store keeps instead of the credential. */
export function credentialHash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A new personal access token (shown to its owner once). */
export function newAccessToken(): string {
  return TOKEN_PREFIX + randomBytes(30).toString('base64url');
}

/** A new session cookie value. */
export function newSessionValue(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * True when `given` equals `expected`, in time that does not depend on where they differ nor on
 * their lengths (both are hashed to 32 bytes first). For static secrets such as the scrape token.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(expected).digest(),
  );
}

/** Reads the credentials of a request: `Authorization: Bearer …` wins over the session cookie. */
export function credentialsOf(request: FastifyRequest): { bearer?: string; session?: string } {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.length > 0) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return { bearer: match ? match[1]! : '' };
  }
  const session = request.cookies?.[SESSION_COOKIE];
  return session ? { session } : {};
}
