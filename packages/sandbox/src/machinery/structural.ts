/**
 * A small structural-schema validator for custom resources (CRD `openAPIV3Schema`): type,
 * properties, required, enum, items, pattern, minimum / maximum, minLength / maxLength,
 * minItems / maxItems, additionalProperties, nullable, x-kubernetes-int-or-string and
 * x-kubernetes-preserve-unknown-fields. Unknown fields are pruned unless preserved.
 */
import { formatFieldValue, type FieldError } from './errors.js';

/** The subset of JSONSchemaProps this validator understands. */
export interface StructuralSchema {
  type?: string;
  properties?: Record<string, StructuralSchema>;
  additionalProperties?: StructuralSchema | boolean;
  items?: StructuralSchema;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  format?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

/** Result of validating against a structural schema. */
export interface StructuralResult {
  errors: FieldError[];
  unknownFields: string[];
}

/** Validates `value` (pruning unknown fields in place). Root-level apiVersion, kind and metadata are skipped. */
export function validateStructural(value: Record<string, unknown>, schema: StructuralSchema): StructuralResult {
  const result: StructuralResult = { errors: [], unknownFields: [] };
  const props = { ...(schema.properties ?? {}) };
  const rootSchema: StructuralSchema = { ...schema, type: 'object', properties: props };
  for (const k of ['apiVersion', 'kind', 'metadata']) props[k] ??= { 'x-kubernetes-preserve-unknown-fields': true };
  check(value, rootSchema, '', result);
  return result;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function join(base: string, k: string): string {
  return base ? `${base}.${k}` : k;
}

function check(value: unknown, s: StructuralSchema, path: string, out: StructuralResult): void {
  if (value === null) {
    if (!s.nullable && s.type) {
      out.errors.push({ reason: 'FieldValueTypeInvalid', field: path, value: 'null', detail: `${path} in body must be of type ${s.type}: "null"` });
    }
    return;
  }
  const actual = typeOf(value);
  if (s['x-kubernetes-int-or-string']) {
    if (actual !== 'integer' && actual !== 'string') {
      out.errors.push({ reason: 'FieldValueTypeInvalid', field: path, value: actual, detail: `${path} in body must be of type integer,string: "${actual}"` });
    }
    return;
  }
  if (s.type && !(s.type === actual || (s.type === 'number' && actual === 'integer'))) {
    out.errors.push({ reason: 'FieldValueTypeInvalid', field: path, value: actual, detail: `${path} in body must be of type ${s.type}: "${actual}"` });
    return;
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    out.errors.push({ reason: 'FieldValueNotSupported', field: path, value, supported: s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))) });
  }
  if (typeof value === 'string') {
    if (s.maxLength !== undefined && value.length > s.maxLength) {
      out.errors.push({ reason: 'FieldValueTooLong', field: path, value, detail: `may not be more than ${s.maxLength} bytes` });
    }
    if (s.minLength !== undefined && value.length < s.minLength) {
      out.errors.push({ reason: 'FieldValueInvalid', field: path, value, detail: `${path} in body should be at least ${s.minLength} chars long` });
    }
    if (s.pattern && !new RegExp(s.pattern, 'u').test(value)) {
      out.errors.push({ reason: 'FieldValueInvalid', field: path, value, detail: `${path} in body should match '${s.pattern}'` });
    }
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && (s.exclusiveMinimum ? value <= s.minimum : value < s.minimum)) {
      out.errors.push({ reason: 'FieldValueInvalid', field: path, value, detail: `${path} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}` });
    }
    if (s.maximum !== undefined && (s.exclusiveMaximum ? value >= s.maximum : value > s.maximum)) {
      out.errors.push({ reason: 'FieldValueInvalid', field: path, value, detail: `${path} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}` });
    }
  }
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems) {
      out.errors.push({ reason: 'FieldValueTooMany', field: path, value: value.length, detail: `must have at most ${s.maxItems} items` });
    }
    if (s.minItems !== undefined && value.length < s.minItems) {
      out.errors.push({ reason: 'FieldValueInvalid', field: path, value: formatFieldValue(value), detail: `${path} in body should have at least ${s.minItems} items` });
    }
    if (s.items) value.forEach((v, i) => check(v, s.items!, `${path}[${i}]`, out));
    return;
  }
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of s.required ?? []) {
      if (obj[r] === undefined) out.errors.push({ reason: 'FieldValueRequired', field: join(path, r) });
    }
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    for (const [k, v] of Object.entries(obj)) {
      const p = join(path, k);
      const sub = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      if (sub) check(v, sub, typeof s.additionalProperties === 'object' && !s.properties?.[k] ? `${path}[${k}]` : p, out);
      else if (!preserve && s.additionalProperties !== true) {
        out.unknownFields.push(p);
        delete obj[k];
      }
    }
  }
}
