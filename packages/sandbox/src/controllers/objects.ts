/**
 * Small shared pieces of Kubernetes object handling for the controllers: times, conditions,
 * owner references, label selectors and API error checks.
 */
import type { KubeObject, OwnerReference } from '../store/types.js';

/** A status condition as most built-in kinds have it. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
  lastHeartbeatTime?: string;
  [field: string]: unknown;
}

/** A meta/v1 LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Parses a metav1.Time; undefined stays undefined. */
export function parseTime(t: unknown): number | undefined {
  if (typeof t !== 'string') return undefined;
  const v = Date.parse(t);
  return Number.isNaN(v) ? undefined : v;
}

/** HTTP status code of an ApiError (or anything carrying `code` / `status.code`). */
export function errorCode(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const any = e as { code?: unknown; status?: { code?: unknown } };
  if (typeof any.code === 'number') return any.code;
  if (typeof any.status?.code === 'number') return any.status.code;
  return undefined;
}

/** True when `e` is a NotFound (404). */
export const isNotFound = (e: unknown): boolean => errorCode(e) === 404;
/** True when `e` is a Conflict or AlreadyExists (409). */
export const isConflict = (e: unknown): boolean => errorCode(e) === 409;

/**
 * Sets `cond` in `conditions` (returns a new array). The transition time moves only when the
 * status changes, as every Kubernetes controller does; returns the same array when nothing changed.
 */
export function setCondition(conditions: Condition[] | undefined, cond: Condition, nowIso: string, opts: { updateTime?: boolean } = {}): Condition[] {
  const list = conditions ?? [];
  const i = list.findIndex((c) => c.type === cond.type);
  const old = i >= 0 ? list[i] : undefined;
  if (old && old.status === cond.status && old.reason === cond.reason && old.message === cond.message) return list;
  const next: Condition = { ...cond };
  if (opts.updateTime) next.lastUpdateTime = nowIso;
  next.lastTransitionTime = old && old.status === cond.status ? (old.lastTransitionTime ?? nowIso) : nowIso;
  const out = [...list];
  if (i >= 0) out[i] = next;
  else out.push(next);
  return out;
}

/** The condition of `type`, if any. */
export function getCondition(conditions: unknown, type: string): Condition | undefined {
  return Array.isArray(conditions) ? (conditions as Condition[]).find((c) => c.type === type) : undefined;
}

/** A controller owner reference pointing at `owner`. */
export function controllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** The owner reference with `controller: true`, if any. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

/** Whether `labels` satisfy a LabelSelector. An empty selector matches everything; a missing one nothing. */
export function matchesSelector(selector: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(l, e.key);
    const val = l[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !(e.values ?? []).includes(val!)) return false;
        break;
      case 'NotIn':
        if (has && (e.values ?? []).includes(val!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether `labels` contain every pair of `wanted` (a Service or RC style map selector). */
export function matchesMap(wanted: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!wanted || Object.keys(wanted).length === 0) return false;
  const l = labels ?? {};
  return Object.entries(wanted).every(([k, v]) => l[k] === v);
}

/** Structural equality for JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A deep copy of a JSON value. */
export function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Random lower-case suffix from the alphabet apimachinery's rand.String uses (no vowels, no confusable digits). */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
