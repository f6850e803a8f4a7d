/**
 * Unknown-field detection for built-in kinds: walks an object against the field lists of the
 * generated Kubernetes models (@kubernetes/client-node `attributeTypeMap`), removes fields the
 * type does not declare (as the apiserver's decoder drops them) and reports their paths
 * (`spec.containers[0].foo`) for `fieldValidation`.
 */
import * as models from '@kubernetes/client-node';
import type { ResourceType } from '../store/types.js';

interface Attribute {
  baseName: string;
  type: string;
  format: string;
}

type ModelClass = { getAttributeTypeMap(): Attribute[] };

const registry = models as unknown as Record<string, ModelClass | undefined>;
const attributeCache = new Map<string, Map<string, Attribute> | null>();

function attributes(model: string): Map<string, Attribute> | null {
  let m = attributeCache.get(model);
  if (m !== undefined) return m;
  const cls = registry[model];
  m = cls && typeof cls.getAttributeTypeMap === 'function' ? new Map(cls.getAttributeTypeMap().map((a) => [a.baseName, a])) : null;
  attributeCache.set(model, m);
  return m;
}

/** The generated model name of a built-in type (`V1Pod`, `CoreV1Event`, `V2HorizontalPodAutoscaler`), if any. */
export function modelName(type: Pick<ResourceType, 'group' | 'version' | 'kind'>): string | undefined {
  const version = type.version.charAt(0).toUpperCase() + type.version.slice(1);
  const candidates =
    type.kind === 'Event'
      ? [type.group === '' ? `Core${version}Event` : `Events${version}Event`]
      : [`${version}${type.kind}`];
  return candidates.find((c) => attributes(c) !== null);
}

/** Removes undeclared fields from `obj` (in place) and returns their paths. */
export function pruneUnknownFields(obj: Record<string, unknown>, model: string): string[] {
  const unknown: string[] = [];
  walkModel(obj, model, '', unknown);
  return unknown;
}

function join(base: string, field: string): string {
  return base ? `${base}.${field}` : field;
}

function walkModel(value: Record<string, unknown>, model: string, path: string, unknown: string[]): void {
  const attrs = attributes(model);
  if (!attrs) return;
  for (const key of Object.keys(value)) {
    const attr = attrs.get(key);
    const p = join(path, key);
    if (!attr) {
      unknown.push(p);
      delete value[key];
      continue;
    }
    walkType(value[key], attr.type, p, unknown);
  }
}

function walkType(value: unknown, type: string, path: string, unknown: string[]): void {
  if (value === null || value === undefined || typeof value !== 'object') return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((v, i) => walkType(v, array[1]!, `${path}[${i}]`, unknown));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (!Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walkType(v, map[1]!, `${path}[${k}]`, unknown);
    }
    return;
  }
  if (!Array.isArray(value) && attributes(type)) walkModel(value as Record<string, unknown>, type, path, unknown);
}

/** The Go-style type of a field for decode errors: `int32`, `bool`, `string`... and its struct name. */
export function fieldGoType(model: string, segments: string[]): { struct: string; goType: string } | undefined {
  let current = model;
  let lastStruct = model;
  let attr: Attribute | undefined;
  for (const seg of segments) {
    if (/^\d+$/.test(seg)) continue;
    const attrs = attributes(current);
    if (!attrs) return undefined;
    attr = attrs.get(seg);
    if (!attr) return undefined;
    lastStruct = current;
    const inner = /^Array<(.+)>$/.exec(attr.type)?.[1] ?? /^\{ \[key: string\]: (.+); \}$/.exec(attr.type)?.[1] ?? attr.type;
    current = inner;
  }
  if (!attr) return undefined;
  const goType =
    attr.type === 'number'
      ? attr.format || 'int32'
      : attr.type === 'boolean'
        ? 'bool'
        : attr.type === 'string' || attr.type === 'Date'
          ? 'string'
          : attr.type.startsWith('Array<')
            ? `[]${strip(attr.type.slice(6, -1))}`
            : strip(attr.type);
  return { struct: strip(lastStruct), goType };
}

function strip(model: string): string {
  return model.replace(/^(Core|Events)?V\d+(alpha\d+|beta\d+)?/, '');
}
