/**
 * kubectl's client-side apply annotation as server-side apply treats it (the fieldmanager's
 * lastAppliedManager and lastAppliedUpdater): `kubectl apply --server-side` (manager `kubectl`)
 * takes over, without conflict, the fields the annotation vouches for, and keeps the annotation
 * in step with what it applied so a later client-side apply still computes the right diff.
 */
import type { KubeObject } from '../store/types.js';
import { fieldValues, type FieldValues, type PathKey } from './fieldset.js';

/** The client-side apply annotation. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The field manager whose applies upgrade client-side apply (`kubectl apply --server-side` without `--field-manager`). */
export const KUBECTL_MANAGER = 'kubectl';

/** The apiserver's limit on the total size of an object's annotations (256 KiB). */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/**
 * Paths of the live object that its last-applied annotation declares with the live value — the
 * conflicts kubectl's server-side apply may override. Undefined without a usable annotation.
 */
export function lastAppliedFields(
  live: KubeObject,
  liveFields: FieldValues,
  kind: string,
): Set<PathKey> | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  let applied: unknown;
  try {
    applied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!applied || typeof applied !== 'object' || (applied as KubeObject).apiVersion !== live.apiVersion)
    return undefined;
  const allowed = new Set<PathKey>();
  // Fields whose last-applied value differs from the live one were changed by someone else since.
  for (const [p, v] of fieldValues(applied, kind)) if (liveFields.get(p) === v) allowed.add(p);
  return allowed;
}

/** After kubectl's server-side apply: an existing annotation becomes the applied configuration (without itself). */
export function syncLastApplied(result: KubeObject, config: KubeObject): void {
  const annotations = result.metadata.annotations;
  if (!annotations?.[LAST_APPLIED]) return;
  const applied = { ...config, metadata: { ...config.metadata } };
  const own = config.metadata.annotations;
  if (own && typeof own === 'object') {
    const { [LAST_APPLIED]: _dropped, ...rest } = own;
    void _dropped;
    applied.metadata.annotations = rest;
  }
  annotations[LAST_APPLIED] = `${goJson(applied)}\n`;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) size += k.length + String(v).length;
  if (size > MAX_ANNOTATIONS_BYTES) delete annotations[LAST_APPLIED];
}

/** JSON as Go's encoding/json writes a map: keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export function goJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return (JSON.stringify(value) ?? 'null').replace(
      /[<>&\u2028\u2029]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${goJson(k)}:${goJson(o[k])}`).join(',')}}`;
}
