import { InputError } from '../../http/errors.js';

const BASE = 'http://berth.invalid';
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSAFE_CHARACTERS = /[\\\u0000-\u001f\u007f]/;

/**
 * Checks where to send the browser after sign-in: a same-origin path such as `/apps/web?tab=1`.
 * Refuses absolute and protocol-relative URLs (`https://evil`, `//evil`, `/\evil`), backslashes
 * and control characters (browsers drop tabs and newlines, turning `/\t/evil` into `//evil`).
 * Absent → `/`.
 */
export function safeReturnTo(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '/';
  const refuse = () =>
    new InputError('returnTo must be a path on this site, such as /apps', [
      { path: 'returnTo', message: 'must be a relative path starting with a single /' },
    ]);
  if (raw.length > 2048 || !raw.startsWith('/') || raw.startsWith('//') || UNSAFE_CHARACTERS.test(raw))
    throw refuse();
  const resolved = new URL(raw, BASE);
  if (resolved.origin !== BASE) throw refuse();
  return resolved.pathname + resolved.search + resolved.hash;
}
