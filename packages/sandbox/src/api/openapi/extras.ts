/**
 * Decorations of generated kind definitions: the group-version-kind marker, descriptions of
 * apiVersion and kind, and the strategic-merge extensions (`x-kubernetes-patch-merge-key`,
 * `x-kubernetes-patch-strategy`) the `.d.ts` files do not carry, merged in from the hand-written
 * schemas by walking both along properties, items and `$ref`s.
 */
import { refPrefix } from './definitions.js';

type Json = Record<string, unknown>;

const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Copies the `x-kubernetes-patch-*` keys of `hand` onto `generated`, recursively. */
export function mergePatchExtras(hand: Json, generated: Json, definitions: Map<string, Json>, depth = 0): void {
  if (depth > 20) return;
  for (const [k, v] of Object.entries(hand)) if (k.startsWith('x-kubernetes-patch-')) generated[k] = v;
  const ref = typeof generated.$ref === 'string' ? definitions.get(generated.$ref.slice(refPrefix.length)) : undefined;
  const target = ref ?? generated;
  if (isJson(hand.items) && isJson(target.items)) mergePatchExtras(hand.items, target.items, definitions, depth + 1);
  if (isJson(hand.properties) && isJson(target.properties)) {
    const properties = target.properties;
    for (const [name, sub] of Object.entries(hand.properties)) {
      if (isJson(sub) && isJson(properties[name])) mergePatchExtras(sub, properties[name], definitions, depth + 1);
    }
  }
}

/** Marks a generated kind definition as the schema of `gvk` (idempotent). */
export function decorateKind(definition: Json, gvk: Json): void {
  definition['x-kubernetes-group-version-kind'] = [gvk];
  const properties = (definition.properties ?? {}) as Json;
  properties.apiVersion = {
    type: 'string',
    description:
      'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  };
  properties.kind = {
    type: 'string',
    description:
      'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  };
  definition.properties = properties;
}

/** OpenAPI v3 form of a generated definition: a `$ref` with siblings becomes `allOf: [{$ref}]`, as the real server publishes. */
export function toV3(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toV3);
  if (!isJson(schema)) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'enum' ? v : toV3(v);
  if (typeof out.$ref === 'string' && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { ...rest, allOf: [{ $ref }] };
  }
  return out;
}
