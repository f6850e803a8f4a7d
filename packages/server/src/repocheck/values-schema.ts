import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { isMap } from 'yaml';
import { positionOf, type RepoProblem, type YamlFile } from './problems.js';

/** A compiled `values.schema.json`. */
export interface ValuesSchema {
  file: string;
  validate: ValidateFunction;
}

/** Compiles `values.schema.json` (draft-07 by default; 2019-09 / 2020-12 when it says so). */
export function compileValuesSchema(
  file: string,
  text: string,
  problems: RepoProblem[],
): ValuesSchema | undefined {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    problems.push({
      file,
      ...jsonErrorPosition(text, error as Error),
      message: `not valid JSON: ${(error as Error).message}`,
      severity: 'error',
    });
    return undefined;
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    problems.push({
      file,
      line: 1,
      column: 1,
      message: 'a JSON Schema must be an object',
      severity: 'error',
    });
    return undefined;
  }
  const declared = String((schema as { $schema?: unknown }).$schema ?? '');
  const options = { allErrors: true, strict: false, logger: false as const, validateFormats: false };
  const ajv = declared.includes('2020-12')
    ? new Ajv2020(options)
    : declared.includes('2019-09')
      ? new Ajv2019(options)
      : new Ajv(options);
  try {
    return { file, validate: ajv.compile(schema as object) };
  } catch (error) {
    problems.push({
      file,
      line: 1,
      column: 1,
      message: `the schema does not compile: ${(error as Error).message}`,
      severity: 'error',
    });
    return undefined;
  }
}

/**
 * Validates `values.yaml` on its own (as `helm lint` does) and each overlay merged over it (as
 * `helm install -f overlay` does); every error points at the offending key: in the overlay when
 * the overlay sets it, otherwise in values.yaml (reported once, with the base file).
 */
export function validateValues(
  schema: ValuesSchema,
  base: YamlFile | undefined,
  overlays: readonly YamlFile[],
  problems: RepoProblem[],
): void {
  const baseValues = base ? toValues(base) : {};
  const baseErrors = new Set<string>();
  if (!schema.validate(baseValues) && base) {
    for (const error of schema.validate.errors ?? []) {
      baseErrors.add(errorKey(error));
      problems.push(located(base, error));
    }
  }
  for (const overlay of overlays) {
    const merged = mergeValues(baseValues, toValues(overlay));
    if (schema.validate(merged)) continue;
    for (const error of schema.validate.errors ?? []) {
      const segments = segmentsOf(error);
      const inOverlay = positionOf(overlay, segments).found;
      if (!inOverlay && baseErrors.has(errorKey(error))) continue;
      problems.push(located(inOverlay || !base ? overlay : base, error));
    }
  }
}

function toValues(yaml: YamlFile): Record<string, unknown> {
  const value: unknown = isMap(yaml.doc.contents) ? yaml.doc.toJS() : {};
  return (value ?? {}) as Record<string, unknown>;
}

/** Helm's coalescing: maps merge deeply, lists and scalars replace, `null` removes a key. */
export function mergeValues(
  base: Record<string, unknown>,
  overlay: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key]))
      out[key] = mergeValues(out[key] as Record<string, unknown>, value);
    else out[key] = value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key path an error is about (the missing or extra property included). */
function segmentsOf(error: ErrorObject): string[] {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as { additionalProperty?: string };
  if (error.keyword === 'additionalProperties' && params.additionalProperty)
    segments.push(params.additionalProperty);
  return segments;
}

function errorKey(error: ErrorObject): string {
  return `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
}

function located(yaml: YamlFile, error: ErrorObject): RepoProblem {
  const segments = segmentsOf(error);
  const { line, column } = positionOf(yaml, segments);
  const params = error.params as {
    missingProperty?: string;
    additionalProperty?: string;
    allowedValues?: unknown[];
  };
  const where = segments.length > 0 ? segments.join('.') : '(top level)';
  let message = `${where}: ${error.message ?? 'is not valid'}`;
  if (error.keyword === 'additionalProperties') message = `${where}: is not allowed by the schema`;
  if (error.keyword === 'enum' && params.allowedValues)
    message = `${where}: must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return { file: yaml.file, line, column, message: `${message} (values.schema.json)`, severity: 'error' };
}

function jsonErrorPosition(text: string, error: Error): { line?: number; column?: number } {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return {};
  const offset = Number(match[1]);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
