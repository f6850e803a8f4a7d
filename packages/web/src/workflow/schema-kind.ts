import type { JsonSchema } from '../api/types.js';

/** A JSON Schema node as the form generator reads it (the subset zod's `toJSONSchema` writes). */
export interface SchemaNode extends JsonSchema {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  /** A map's value schema (`z.record`), or false for a closed object. */
  additionalProperties?: boolean | SchemaNode;
}

/** One step of a document path: an object key or an array index. */
export type Segment = string | number;

/** Which control edits a value of a schema. */
export type SchemaKind =
  | { kind: 'enum'; values: unknown[] }
  | { kind: 'string' }
  | { kind: 'number'; integer: boolean }
  /** `string | number` (quantities, ports by number or name): text, digits kept as a number. */
  | { kind: 'text-or-number'; numeric: boolean }
  | { kind: 'boolean' }
  | { kind: 'enum-list'; values: unknown[] }
  | { kind: 'string-list' }
  | { kind: 'object' }
  | { kind: 'object-list' }
  | { kind: 'string-map' }
  | { kind: 'object-map' }
  | { kind: 'json' };

function scalarTypes(schema: SchemaNode): string[] {
  if (Array.isArray(schema.type)) return schema.type.filter((t) => t !== 'null');
  if (schema.type) return [schema.type];
  const variants = schema.anyOf ?? schema.oneOf;
  return variants ? [...new Set(variants.flatMap(scalarTypes))] : [];
}

const isSchema = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasProperties = (s: SchemaNode | undefined) => Object.keys(s?.properties ?? {}).length > 0;

/** The control for `schema`; `json` (edit as JSON text) when no better one fits. */
export function kindOf(schema: SchemaNode | undefined): SchemaKind {
  if (!schema) return { kind: 'json' };
  if (schema.enum) return { kind: 'enum', values: schema.enum };
  const types = scalarTypes(schema);
  if (types.length === 0 && hasProperties(schema)) return { kind: 'object' };
  const numeric = types.includes('number') || types.includes('integer');
  if (types.length > 1) {
    if (types.includes('string') && types.every((t) => t === 'string' || t === 'number' || t === 'integer')) {
      return { kind: 'text-or-number', numeric };
    }
    return { kind: 'json' };
  }
  switch (types[0]) {
    case 'string':
      return { kind: 'string' };
    case 'number':
    case 'integer':
      return { kind: 'number', integer: types[0] === 'integer' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'array': {
      const items = schema.items;
      if (items?.enum) return { kind: 'enum-list', values: items.enum };
      const itemTypes = items ? scalarTypes(items) : [];
      if (itemTypes.length === 1 && itemTypes[0] === 'string') return { kind: 'string-list' };
      if (hasProperties(items)) return { kind: 'object-list' };
      return { kind: 'json' };
    }
    case 'object': {
      if (hasProperties(schema)) return { kind: 'object' };
      const values = schema.additionalProperties;
      if (isSchema(values)) {
        const valueTypes = scalarTypes(values);
        if (valueTypes.length === 1 && valueTypes[0] === 'string' && !values.enum)
          return { kind: 'string-map' };
        if (hasProperties(values)) return { kind: 'object-map' };
      }
      return { kind: 'json' };
    }
    default:
      return { kind: 'json' };
  }
}

/** The value a newly added part starts with: one empty item for lists, an empty object otherwise. */
export function emptyValue(schema: SchemaNode | undefined): unknown {
  const { kind } = kindOf(schema);
  if (kind === 'object-list') return [{}];
  if (kind === 'string-list' || kind === 'enum-list') return [];
  return {};
}
