/**
 * OpenAPI definitions of the built-in kinds, built from the `.d.ts` files of `kubernetes-models`
 * (and `@kubernetes-models/apimachinery` for ObjectMeta, LabelSelector, Quantity...). Each file
 * is one definition, named like the real spec after its path (`batch/v1/JobSpec.d.ts` is
 * `io.k8s.api.batch.v1.JobSpec`). Files are read on demand, with everything they reference,
 * and cached. References are `#/components/schemas/<name>` with the field's description beside.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseDts, type DtsFile, type DtsType } from './dts.js';

type Json = Record<string, unknown>;

export const refPrefix = '#/components/schemas/';

/** Number fields of the API that are floats (JSONSchemaProps); every other number is an integer. */
const floatFields = new Set(['maximum', 'minimum', 'multipleOf']);

/** Definitions the real spec declares as strings (with a format) rather than as their Go type. */
const scalarDefinitions: Record<string, Json> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {
    type: 'string',
    description:
      'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n```\n\nExamples: 100m (0.1), 1 (one), 2Gi (2 * 2^30), 1.5G.',
  },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
};

/** Spec name of an API group directory of kubernetes-models (`networking.k8s.io` → `io.k8s.api.networking`). */
function groupPrefix(dir: string): string {
  if (dir === 'apiextensions.k8s.io') return 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions';
  if (dir === 'apiregistration.k8s.io') return 'io.k8s.kube-aggregator.pkg.apis.apiregistration';
  return `io.k8s.api.${dir.split('.')[0]}`;
}

interface Roots {
  models: string;
  apimachinery: string;
}

function packageRoots(): Roots {
  const require = createRequire(import.meta.url);
  const modelsJson = require.resolve('kubernetes-models/package.json');
  const apimachineryJson = createRequire(modelsJson).resolve('@kubernetes-models/apimachinery/package.json');
  return { models: dirname(modelsJson), apimachinery: dirname(apimachineryJson) };
}

export class BuiltinDefinitions {
  readonly definitions = new Map<string, Json>();
  private readonly kinds = new Map<string, string | null>();
  private roots: Roots | undefined;

  constructor(roots?: Roots) {
    this.roots = roots;
  }

  /** Definition name of a built-in kind, loading it and its references; undefined when unavailable. */
  kind(group: string, version: string, kind: string): string | undefined {
    const key = `${group}/${version}/${kind}`;
    if (!this.kinds.has(key)) this.kinds.set(key, this.loadKind(group, version, kind));
    return this.kinds.get(key) ?? undefined;
  }

  /** Names of the definitions `names` reference, transitively, themselves included. */
  closure(names: Iterable<string>): Set<string> {
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name) || !this.definitions.has(name)) return;
      seen.add(name);
      JSON.stringify(this.definitions.get(name), (k, v: unknown) => {
        if (k === '$ref' && typeof v === 'string') visit(v.slice(refPrefix.length));
        return v;
      });
    };
    for (const n of names) visit(n);
    return seen;
  }

  private loadKind(group: string, version: string, kind: string): string | null {
    try {
      this.roots ??= packageRoots();
      const file = join(this.roots.models, group || '', version, `${kind}.d.ts`);
      // Parsed into a staging map so a failure leaves no half-loaded definitions behind.
      const staged = new Map<string, Json>();
      const name = this.load(file, staged);
      for (const [n, d] of staged) this.definitions.set(n, d);
      return name;
    } catch {
      return null;
    }
  }

  private nameOf(file: string): string {
    const roots = this.roots!;
    const inModels = relative(roots.models, file);
    const parts = (inModels.startsWith('..') ? relative(roots.apimachinery, file) : inModels).replace(/\.d\.ts$/, '').split(sep);
    if (inModels.startsWith('..')) return `io.k8s.apimachinery.pkg.${parts.join('.')}`;
    const [kind, ver, dir] = [parts.pop()!, parts.pop()!, parts.join('/')];
    return `${groupPrefix(dir || 'core')}.${ver}.${kind}`;
  }

  private load(file: string, staged: Map<string, Json>): string {
    const name = this.nameOf(file);
    if (this.definitions.has(name) || staged.has(name)) return name;
    const scalar = scalarDefinitions[name];
    const parsed: DtsFile = parseDts(readFileSync(file, 'utf8'));
    const description = parsed.description ? { description: parsed.description } : {};
    if (scalar) {
      staged.set(name, { ...description, ...scalar });
      return name;
    }
    const definition: Json = { ...description };
    staged.set(name, definition); // before the properties: a type may reference itself
    if (parsed.alias) {
      Object.assign(definition, this.schema(parsed.alias, file, name, staged));
      return name;
    }
    definition.type = 'object';
    const properties: Json = {};
    for (const p of parsed.properties) {
      const schema = this.schema(p.type, file, name, staged);
      if (p.type.kind === 'number' && floatFields.has(p.name)) Object.assign(schema, { type: 'number', format: 'double' });
      properties[p.name] = p.description ? { ...schema, description: p.description } : schema;
    }
    if (parsed.properties.length > 0) definition.properties = properties;
    const required = parsed.properties.filter((p) => p.required && p.name !== 'apiVersion' && p.name !== 'kind').map((p) => p.name);
    if (required.length > 0) definition.required = required;
    return name;
  }

  private schema(type: DtsType, file: string, self: string, staged: Map<string, Json>): Json {
    switch (type.kind) {
      case 'string':
      case 'boolean':
        return { type: type.kind };
      case 'number':
        return { type: 'integer' };
      case 'any':
        return {};
      case 'object':
        return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      case 'enum':
        return { type: 'string', enum: type.values };
      case 'intOrString':
        return { type: 'string', format: 'int-or-string' };
      case 'array':
        return { type: 'array', items: this.schema(type.items, file, self, staged) };
      case 'map':
        return { type: 'object', additionalProperties: this.schema(type.values, file, self, staged) };
      case 'ref':
        return { $ref: refPrefix + (type.module === undefined ? self : this.load(this.resolveModule(type.module, file), staged)) };
    }
  }

  private resolveModule(module: string, from: string): string {
    const apimachinery = '@kubernetes-models/apimachinery/';
    if (module.startsWith('.')) return `${resolve(dirname(from), module)}.d.ts`;
    if (module.startsWith(apimachinery)) return `${join(this.roots!.apimachinery, module.slice(apimachinery.length))}.d.ts`;
    throw new Error(`unknown module ${module}`);
  }
}
