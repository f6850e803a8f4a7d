import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastRandom: number[] = [];

/**
 * A new text id in the ULID format: 26 characters, time-ordered to the millisecond, then 80
 * random bits. Sorting ids as text sorts them by creation time; ids made in the same
 * millisecond by this process are ordered too (the random part counts up, as in monotonic ULIDs).
 */
export function newId(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  if (now === lastTime && increment(lastRandom)) return time + spell(lastRandom);
  const bytes = randomBytes(16);
  // The top bit of the random part starts clear, so counting up within a millisecond cannot overflow.
  lastRandom = [...bytes].map((b, i) => (i === 0 ? b % 16 : b % 32));
  lastTime = now;
  return time + spell(lastRandom);
}

function increment(digits: number[]): boolean {
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i]! < 31) {
      digits[i] = digits[i]! + 1;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}

function spell(digits: number[]): string {
  return digits.map((d) => ALPHABET[d]).join('');
}

/**
 * The stored (integer) form of an API resource version. Versions are opaque to clients; text
 * that could never have come from the store maps to -1, which matches no row.
 */
export function storedVersion(version: string): number {
  return /^\d{1,15}$/.test(version) ? Number(version) : -1;
}
