import { stringify } from 'yaml';
import type { KubeObject } from './kube.js';

/** Keys that open every object, in this order; the rest follow sorted. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'spec'];

function sortValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) out[key] = sortValue(child);
    }
    return out;
  }
  return value;
}

/**
 * A copy of `object` with keys in the canonical order: apiVersion, kind, metadata, spec,
 * then every other key sorted; nested keys sorted; undefined values dropped.
 */
export function canonicalObject(object: Record<string, unknown>): Record<string, unknown> {
  const sorted = sortValue(object) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of LEADING_KEYS) if (key in sorted) out[key] = sorted[key];
  for (const key of Object.keys(sorted)) if (!LEADING_KEYS.includes(key)) out[key] = sorted[key];
  return out;
}

/** JSON with every object's keys sorted: the input of content hashes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortValue(value));
}

/**
 * Objects as a multi-document YAML stream (`---` between documents), canonical key order.
 * Strings are quoted as YAML 1.1 requires (`"yes"`, `"on"`, `"1:20"`), because
 * Kubernetes' own YAML reader (go-yaml) would otherwise read them as booleans or numbers;
 * the output is equally valid YAML 1.2. No line folding, no anchors.
 */
export function toYaml(objects: readonly KubeObject[]): string {
  return objects
    .map((object) =>
      stringify(canonicalObject(object), { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false }),
    )
    .join('---\n');
}

/** Objects as a Kubernetes `v1/List` in pretty JSON, canonical key order. */
export function toJson(objects: readonly KubeObject[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map((o) => canonicalObject(o)) }, null, 2)}\n`;
}
