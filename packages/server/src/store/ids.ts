import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A new text id in the ULID format: 26 characters, time-ordered to the millisecond, then 80
 * random bits. Sorting ids as text sorts them by creation time.
 */
export function newId(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let random = '';
  for (let i = 0; i < 16; i++) random += ALPHABET[bytes[i]! % 32];
  return time + random;
}

/**
 * The stored (integer) form of an API resource version. Versions are opaque to clients; text
 * that could never have come from the store maps to -1, which matches no row.
 */
export function storedVersion(version: string): number {
  return /^\d{1,15}$/.test(version) ? Number(version) : -1;
}
