import { createHash, randomBytes } from 'node:crypto';

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
