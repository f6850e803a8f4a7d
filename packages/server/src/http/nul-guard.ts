import type { FastifyInstance } from 'fastify';
import { type FieldProblem, InputError } from './errors.js';

/**
 * Field paths (`query.label`, `spec.name`, `params.repo`) of strings that contain U+0000. Walks
 * without recursion, so bodies nested thousands of levels deep do not overflow the stack.
 */
export function nulPaths(root: unknown, rootPath: string): FieldProblem[] {
  const found: FieldProblem[] = [];
  const pending: Array<[unknown, string]> = [[root, rootPath]];
  while (pending.length > 0 && found.length < 10) {
    const [value, at] = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) found.push({ path: at || 'body', message: 'must not contain the NUL character' });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push([item, `${at}[${index}]`]));
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        const path = at ? `${at}.${key}` : key;
        if (key.includes('\u0000')) found.push({ path, message: 'must not contain the NUL character' });
        else pending.push([item, path]);
      }
    }
  }
  return found;
}

/**
 * Refuses input with U+0000 in a path parameter, query value or body string (400 with its field
 * path): PostgreSQL cannot store it in text and would fail the request with a 500.
 */
export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const problems = [
      ...nulPaths(request.params, 'params'),
      ...nulPaths(request.query, 'query'),
      ...nulPaths(request.body, ''),
    ];
    if (problems.length > 0) throw new InputError('the request contains the NUL character', problems);
  });
}

/** JSON objects and parsed query strings only (not buffers or streams some routes parse to). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  // Fastify's params and query objects inherit from a null-prototype object.
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}
