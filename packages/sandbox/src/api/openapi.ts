/**
 * OpenAPI documents (`/openapi/v2`, `/openapi/v3`, `/openapi/v3/apis/<g>/<v>`) built from the
 * registry. They declare every resource path with its GVK and the `fieldValidation` parameter
 * (so kubectl uses server-side field validation), PATCH content types without strategic merge
 * (so `kubectl apply` computes strategic patches from its built-in types, and JSON merge patches
 * for custom resources), and a schema per kind: CRDs publish their `openAPIV3Schema`; built-in
 * kinds the definitions generated from the `kubernetes-models` type declarations (every field,
 * for `kubectl explain`, plus the hand-written patch merge keys), or, should that fail, a short
 * hand-written description of their top-level and most used fields.
 */
import { createHash } from 'node:crypto';
import type { ResourceRegistry, ResourceType } from '../store/types.js';
import type { OpenApiSource } from './context.js';
import { builtinSchemas } from './openapi-schemas.js';
import { BuiltinDefinitions, refPrefix } from './openapi/definitions.js';
import { decorateKind, mergePatchExtras, toV3 } from './openapi/extras.js';

type Json = Record<string, unknown>;

/** Generated definitions, read on the first OpenAPI request and shared by every server. */
let builtins: BuiltinDefinitions | undefined;

/** Name of the generated (and decorated) definition of a built-in kind; undefined for CRDs and on failure. */
function generatedKind(type: ResourceType): string | undefined {
  if (type.schema !== undefined) return undefined;
  builtins ??= new BuiltinDefinitions();
  const defs = builtins.definitions;
  const name = builtins.kind(type.group, type.version, type.kind);
  const definition = name === undefined ? undefined : defs.get(name);
  if (name === undefined || !definition) return undefined;
  if (definition['x-kubernetes-group-version-kind'] === undefined) {
    decorateKind(definition, gvk(type));
    const hand = builtinSchemas[`${type.group}/${type.kind}`];
    if (hand) mergePatchExtras(hand, definition, defs);
    const meta = defs.get('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    const metaHand = builtinSchemas['meta/ObjectMeta'];
    if (meta && metaHand) mergePatchExtras(metaHand, meta, defs);
  }
  return name;
}

function schemaName(type: ResourceType): string {
  const generated = generatedKind(type);
  if (generated) return generated;
  const group = type.group === '' ? 'core' : type.group.split('.')[0];
  if (type.schema !== undefined) return `${type.group.split('.').reverse().join('.')}.${type.version}.${type.kind}`;
  return `io.k8s.api.${group}.${type.version}.${type.kind}`;
}

/** Schemas of `types` by definition name: generated kinds with all they reference, others as `kindSchema`. */
function documentSchemas(types: ResourceType[], v3: boolean): Json {
  const schemas: Json = {};
  const generated: string[] = [];
  for (const t of types) {
    const name = generatedKind(t);
    if (name) generated.push(name);
    else schemas[schemaName(t)] = kindSchema(t);
  }
  if (generated.length > 0 && builtins) {
    for (const name of builtins.closure(generated)) {
      const def = builtins.definitions.get(name)!;
      schemas[name] = v3 ? toV3(def) : JSON.parse(JSON.stringify(def).replaceAll(refPrefix, '#/definitions/'));
    }
  }
  return schemas;
}

function gvk(type: ResourceType): Json {
  return { group: type.group, version: type.version, kind: type.kind };
}

function basePath(type: ResourceType): string {
  return type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
}

const patchContent = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];
const queryParam = (name: string): Json => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true }, description: name });

function kindSchema(type: ResourceType): Json {
  const base: Json =
    type.schema && typeof type.schema === 'object'
      ? structuredClone(type.schema as Json)
      : builtinSchemas[`${type.group}/${type.kind}`] ?? { type: 'object', description: `${type.kind} of ${type.group || 'core'}/${type.version}.` };
  const properties = { ...((base.properties as Json | undefined) ?? {}) };
  properties.apiVersion ??= { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' };
  properties.kind ??= { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' };
  properties.metadata = builtinSchemas['meta/ObjectMeta'];
  return { ...base, type: 'object', properties, 'x-kubernetes-group-version-kind': [gvk(type)] };
}

function pathsV3(types: ResourceType[]): Json {
  const paths: Json = {};
  for (const t of types) {
    const ref = { $ref: `#/components/schemas/${schemaName(t)}` };
    const json = { 'application/json': { schema: ref } };
    const op = (action: string, extra: Json = {}): Json => ({
      operationId: `${action}${t.kind}`,
      responses: { '200': { description: 'OK', content: json } },
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk(t),
      ...extra,
    });
    const writeParams = [queryParam('dryRun'), queryParam('fieldManager'), queryParam('fieldValidation')];
    const collection = `${basePath(t)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.resource}`;
    paths[collection] = {
      get: op('list'),
      post: op('post', { parameters: writeParams, requestBody: { content: json } }),
      ...(t.verbs?.includes('deletecollection') ? { delete: op('deletecollection') } : {}),
    };
    if (t.verbs && !t.verbs.includes('get')) continue;
    paths[`${collection}/{name}`] = {
      get: op('get'),
      put: op('put', { parameters: writeParams, requestBody: { content: json } }),
      patch: op('patch', {
        parameters: [...writeParams, queryParam('force')],
        requestBody: { content: Object.fromEntries(patchContent.map((c) => [c, { schema: { type: 'object' } }])) },
      }),
      delete: op('delete'),
    };
  }
  return paths;
}

function v3Document(types: ResourceType[]): Json {
  const schemas: Json = { 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': builtinSchemas['meta/ObjectMeta'], ...documentSchemas(types, true) };
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: pathsV3(types), components: { schemas } };
}

function v2Document(types: ResourceType[]): Json {
  const paths: Json = {};
  const definitions = JSON.parse(JSON.stringify(documentSchemas(types, false)).replaceAll(refPrefix, '#/definitions/')) as Json;
  for (const t of types) {
    const collection = `${basePath(t)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.resource}`;
    const op = (action: string, extra: Json = {}): Json => ({
      operationId: `${action}${t.kind}`,
      responses: { '200': { description: 'OK', schema: { $ref: `#/definitions/${schemaName(t)}` } } },
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk(t),
      ...extra,
    });
    const params = [{ name: 'fieldValidation', in: 'query', type: 'string', uniqueItems: true }];
    paths[collection] = { get: op('list'), post: op('post', { parameters: params }) };
    paths[`${collection}/{name}`] = {
      get: op('get'),
      put: op('put', { parameters: params }),
      patch: op('patch', { consumes: patchContent, parameters: params }),
      delete: op('delete'),
    };
  }
  return { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, definitions };
}

/** Key of a group/version in `/openapi/v3`: `api/v1`, `apis/apps/v1`. */
function gvKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** Builds the documents from the registry on each call (CRDs come and go). */
export function createOpenApiSource(registry: ResourceRegistry): OpenApiSource {
  const byGv = (): Map<string, ResourceType[]> => {
    const map = new Map<string, ResourceType[]>();
    for (const t of registry.all()) {
      const k = gvKey(t.group, t.version);
      map.set(k, [...(map.get(k) ?? []), t]);
    }
    return map;
  };
  const hash = (doc: unknown): string => createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 64).toUpperCase();
  return {
    v2: () => v2Document(registry.all()),
    v3Index() {
      const paths: Json = {};
      for (const [k, types] of byGv()) paths[k] = { serverRelativeURL: `/openapi/v3/${k}?hash=${hash(v3Document(types))}` };
      return { paths };
    },
    v3(key) {
      const types = byGv().get(key);
      return types ? v3Document(types) : undefined;
    },
  };
}
