import type { Problem } from './problem.js';
import type { DocumentPath } from './parse.js';

/**
 * A problem before it is placed in a file: a path as segments (so it can be mapped to a source
 * position) and what to say. Validation rules and the zod issue conversion produce findings;
 * `validateApplication` turns them into {@link Problem}s.
 */
export interface Finding {
  path: DocumentPath;
  message: string;
  code: string;
  /** `error` when left out. */
  severity?: Problem['severity'];
}

/** Read the value at `path` of a plain value; `undefined` when any step is missing. */
export function valueAt(root: unknown, path: DocumentPath): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node) && Object.prototype.hasOwnProperty.call(node, segment))
      node = node[String(segment)];
    else return undefined;
  }
  return node;
}

/** True for a plain object (a YAML mapping), false for arrays and `null`. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Describe a value the way a person reads it in a YAML file: `a string "3"`, `the number 3`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value (null)';
  if (typeof value === 'string')
    return `a string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (isRecord(value)) return 'a mapping';
  return `a ${typeof value}`;
}
