import type { z } from 'zod';
import { describeValue, isRecord, valueAt, type Finding } from './finding.js';
import { closestMatch, didYouMean, listNames } from './suggest.js';
import { APPLICATION_API_VERSION, ComponentSchema, PoliciesSchema, TraitsSchema } from './schema.js';

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<string | number>;

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
}

const TRAIT_NAMES = Object.keys(TraitsSchema.shape);
const COMPONENT_FIELDS = Object.keys(ComponentSchema.shape);
const POLICY_FIELDS = Object.keys(PoliciesSchema.shape);

/**
 * Turn zod issues into findings a person can act on: the path of the field, and a sentence
 * that says what is wrong and how to write it instead. `input` is the validated value (to
 * quote what was written); `schema` the root schema (to find descriptions and known fields).
 */
export function issuesToFindings(issues: ReadonlyArray<Issue>, input: unknown, schema: z.ZodType): Finding[] {
  return issues.flatMap((issue) => issueFindings(issue, issue.path.map(toSegment), input, schema));
}

function toSegment(segment: PropertyKey): string | number {
  return typeof segment === 'number' ? segment : String(segment);
}

function issueFindings(issue: Issue, path: Path, input: unknown, schema: z.ZodType): Finding[] {
  const value = valueAt(input, path);
  const key = path[path.length - 1];
  const present = value !== undefined || hasKey(input, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((unknown) => unknownField([...path, unknown], unknown, schemaAt(schema, path)));
    case 'invalid_type':
      if (!present) return [missingField(path, schema)];
      if (path.length === 0) {
        return [
          {
            path,
            code: 'wrong-type',
            message: `a Berth application must be a mapping with apiVersion, kind, metadata and spec, got ${describeValue(value)}`,
          },
        ];
      }
      return [
        { path, code: 'wrong-type', message: wrongType(issue.expected, value, schemaAt(schema, path)) },
      ];
    case 'invalid_value':
      if (!present) return [missingField(path, schema)];
      return [invalidValue(path, key, issue.values, value)];
    case 'invalid_union': {
      if (!present) return [missingField(path, schema)];
      const branches = issue.errors.filter((branch) => branch.some((inner) => inner.code !== 'invalid_type'));
      if (branches.length > 0)
        return branches[0]!.flatMap((inner) =>
          issueFindings(inner, [...path, ...inner.path.map(toSegment)], input, schema),
        );
      const expected = [
        ...new Set(
          issue.errors.flatMap((branch) =>
            branch.map((inner) => (inner.code === 'invalid_type' ? typeName(inner.expected) : 'valid')),
          ),
        ),
      ];
      return [
        {
          path,
          code: 'wrong-type',
          message: `must be ${expected.join(' or ')}, got ${describeValue(value)}`,
        },
      ];
    }
    case 'too_small':
      return [{ path, code: 'too-small', message: tooSmall(issue, path, value) }];
    case 'too_big':
      return [{ path, code: 'too-large', message: tooBig(issue, value) }];
    default:
      return [{ path, code: 'invalid', message: lowerFirst(issue.message) }];
  }
}

function hasKey(input: unknown, path: Path): boolean {
  if (path.length === 0) return true;
  const parent = valueAt(input, path.slice(0, -1));
  const key = path[path.length - 1]!;
  return isRecord(parent)
    ? Object.prototype.hasOwnProperty.call(parent, key)
    : Array.isArray(parent) && typeof key === 'number' && key < parent.length;
}

function unknownField(path: Path, key: string, objectSchema: z.ZodType | undefined): Finding {
  const known = objectSchema === undefined ? [] : Object.keys(defOf(unwrap(objectSchema))?.shape ?? {});
  const hint =
    didYouMean(key, known) ||
    elsewhereHint(key, known) ||
    (known.length > 0 ? `; allowed here: ${listNames(known)}` : '');
  return { path, code: 'unknown-field', message: `unknown field \`${key}\`${hint}` };
}

/** Fields people often put at the wrong level, and where they belong. */
const ELSEWHERE: ReadonlyArray<{ fields: ReadonlyArray<string>; where: string }> = [
  { fields: COMPONENT_FIELDS, where: 'on the component' },
  { fields: TRAIT_NAMES, where: 'under the component’s `traits`' },
  { fields: POLICY_FIELDS, where: 'under `spec.policies`' },
];

function elsewhereHint(key: string, known: ReadonlyArray<string>): string {
  const places = ELSEWHERE.filter((place) => place.fields.some((field) => !known.includes(field)));
  for (const place of places) {
    if (place.fields.includes(key)) return `; \`${key}\` belongs ${place.where}`;
  }
  for (const place of places) {
    const match = closestMatch(key, place.fields);
    if (match !== undefined) return `; did you mean \`${match}\`? It belongs ${place.where}`;
  }
  return '';
}

function missingField(path: Path, schema: z.ZodType): Finding {
  const key = path[path.length - 1];
  const description = descriptionOf(schemaAt(schema, path));
  const about = description === undefined ? '' : `: ${lowerFirst(firstSentence(description))}`;
  if (typeof key === 'number') return { path, code: 'missing-field', message: `add item ${key}${about}` };
  return { path, code: 'missing-field', message: `add \`${String(key)}\`${about}` };
}

function invalidValue(
  path: Path,
  key: string | number | undefined,
  values: ReadonlyArray<unknown>,
  value: unknown,
): Finding {
  if (path.length === 1 && key === 'apiVersion') {
    return {
      path,
      code: 'api-version',
      message: `must be \`${APPLICATION_API_VERSION}\`, got ${describeValue(value)}; Berth reads documents of apiVersion ${APPLICATION_API_VERSION}`,
    };
  }
  if (path.length === 1 && key === 'kind') {
    return {
      path,
      code: 'kind',
      message: `must be \`Application\`, got ${describeValue(value)}; Berth reads only Application documents`,
    };
  }
  const options = values.map((option) => String(option));
  if (options.length === 1)
    return { path, code: 'invalid-value', message: `must be \`${options[0]}\`, got ${describeValue(value)}` };
  const hint = typeof value === 'string' ? didYouMean(value, options) : '';
  return {
    path,
    code: 'invalid-value',
    message: `must be one of ${listNames(options)}; got ${describeValue(value)}${hint}`,
  };
}

function wrongType(expected: string, value: unknown, fieldSchema: z.ZodType | undefined): string {
  const got = describeValue(value);
  if (expected === 'int' && typeof value === 'number') return `must be a whole number, got ${value}`;
  const base = `must be ${typeName(expected)}, got ${got}`;
  if (
    (expected === 'number' || expected === 'int') &&
    typeof value === 'string' &&
    value.trim() !== '' &&
    Number.isFinite(Number(value))
  ) {
    return `${base}; write ${value.trim()} without quotes`;
  }
  if (expected === 'boolean' && typeof value === 'string' && /^(true|false|yes|no|on|off)$/i.test(value)) {
    const written = /^(true|yes|on)$/i.test(value) ? 'true' : 'false';
    return `${base}; write ${written} without quotes`;
  }
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `${base}; write "${String(value)}" in quotes`;
  }
  if (expected === 'array') {
    const element = fieldSchema === undefined ? undefined : defOf(unwrap(fieldSchema))?.element;
    const scalarElement =
      element !== undefined && ['string', 'number'].includes(defOf(unwrap(element))?.type ?? '');
    if (scalarElement && (typeof value === 'string' || typeof value === 'number'))
      return `${base}; write a list: [${String(value)}]`;
    return `${base}; write a list, one "- item" per line or [a, b]`;
  }
  if (expected === 'object') return `${base}; write key: value pairs, indented under the key`;
  return base;
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>, path: Path, value: unknown): string {
  const minimum = Number(issue.minimum);
  if (issue.origin === 'array') {
    if (path.length === 2 && path[0] === 'spec' && path[1] === 'components')
      return 'add at least one component';
    return `must list at least ${minimum} item${minimum === 1 ? '' : 's'}`;
  }
  if (issue.origin === 'string')
    return minimum <= 1 ? 'must not be empty' : `must have at least ${minimum} characters`;
  return `must be at least ${minimum}${issue.inclusive ? '' : ' (exclusive)'}, got ${String(value)}`;
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>, value: unknown): string {
  const maximum = Number(issue.maximum);
  if (issue.origin === 'array') return `must list at most ${maximum} items`;
  if (issue.origin === 'string') return `must have at most ${maximum} characters`;
  return `must be at most ${maximum}, got ${String(value)}`;
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping (key: value)',
    record: 'a mapping (key: value)',
    null: 'empty',
  };
  return names[expected] ?? expected;
}

/** The schema that validates the value at `path` (through optional, array, record and union). */
function schemaAt(schema: z.ZodType, path: Path): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    if (current === undefined) return undefined;
    current = childSchema(unwrap(current), segment);
  }
  return current;
}

function childSchema(schema: z.ZodType, segment: string | number): z.ZodType | undefined {
  const def = defOf(schema);
  if (def === undefined) return undefined;
  if (def.type === 'object') return def.shape?.[String(segment)];
  if (def.type === 'array') return def.element;
  if (def.type === 'record') return def.valueType;
  if (def.type === 'union') {
    for (const option of def.options ?? []) {
      const child = childSchema(unwrap(option), segment);
      if (child !== undefined) return child;
    }
  }
  return undefined;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = defOf(current);
    if (def?.innerType !== undefined) current = def.innerType;
    else if (def?.type === 'pipe' && def.in !== undefined) current = def.in;
    else break;
  }
  return current;
}

function descriptionOf(schema: z.ZodType | undefined): string | undefined {
  let current = schema;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    if (current.description !== undefined) return current.description;
    current = defOf(current)?.innerType;
  }
  return undefined;
}

function defOf(schema: z.ZodType): SchemaDef | undefined {
  return (schema as unknown as { _zod?: { def?: SchemaDef } })._zod?.def;
}

/** Up to the first full stop; the stops of "e.g." and "i.e." do not end a sentence. */
function firstSentence(text: string): string {
  const end = text.search(/(?<!\b(?:e\.g|i\.e))\.(\s|$)/);
  return end === -1 ? text : text.slice(0, end);
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** Known field names of the object schema at `path`, for did-you-mean suggestions elsewhere. */
export function knownFields(schema: z.ZodType, path: Path): string[] {
  const target = schemaAt(schema, path);
  return target === undefined ? [] : Object.keys(defOf(unwrap(target))?.shape ?? {});
}
