/**
 * Reading Kubernetes objects as they arrive over the wire: plain JSON, any field possibly
 * absent. These accessors never throw, so a half-written status reads as "not yet".
 */

/** A Kubernetes object as JSON: the fields health rules read, the rest untyped. */
export interface LiveObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    generation?: number;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    ownerReferences?: Array<{
      apiVersion?: string;
      kind?: string;
      name?: string;
      uid?: string;
      controller?: boolean;
    }>;
    uid?: string;
    [field: string]: unknown;
  };
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
}

/** A `status.conditions[]` entry. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** The object at `obj[key]` when it is a plain object, else an empty one. */
export function field(obj: unknown, key: string): Record<string, unknown> {
  if (obj && typeof obj === 'object') {
    const v = (obj as Record<string, unknown>)[key];
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  }
  return {};
}

/** `obj[key]` as a number, or `fallback`. */
export function num(obj: Record<string, unknown>, key: string, fallback = 0): number {
  const v = obj[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** `obj[key]` as a string, or undefined. */
export function str(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

/** `obj[key]` as an array of objects (non-objects dropped). */
export function list(obj: Record<string, unknown>, key: string): Array<Record<string, unknown>> {
  const v = obj[key];
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object');
}

/** The `status.conditions` of an object. */
export function conditions(obj: LiveObject): Condition[] {
  return list(field(obj, 'status'), 'conditions').filter(
    (c): c is Record<string, unknown> & Condition =>
      typeof c.type === 'string' && typeof c.status === 'string',
  );
}

/** The condition of `type`, if reported. */
export function condition(obj: LiveObject, type: string): Condition | undefined {
  return conditions(obj).find((c) => c.type === type);
}

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `kind/name`, for messages. */
export function describe(obj: LiveObject): string {
  return `${obj.kind ?? 'Object'}/${obj.metadata?.name ?? '?'}`;
}
