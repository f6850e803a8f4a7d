/**
 * Validation of a create / update body as the apiserver does it: object metadata (names, labels),
 * the kind's OpenAPI schema (kubernetes-models validators; CRD openAPIV3Schema for custom
 * resources), unknown fields (pruned and reported for `fieldValidation`), semantic checks the
 * schema cannot express, and immutable fields on update.
 */
import type { KubeObject, ResourceType } from '../store/types.js';
import { ApiError, type FieldError } from './errors.js';
import { fieldGoType, modelName, pruneUnknownFields } from './known-fields.js';
import { isDns1123Label, isDns1123Subdomain, isQualifiedName, isValidLabelValue } from './names.js';
import { checkImmutable } from './immutable.js';
import { goStringMap } from './go-format.js';
import { selectorFromObject, type LabelSelectorObject } from './selectors.js';
import { validateStructural, type StructuralSchema } from './structural.js';
import { MODEL_VALIDATORS } from './validators.js';

/** Errors (→ 422 Invalid) and unknown field paths (→ fieldValidation) of one object. */
export interface ValidationResult {
  errors: FieldError[];
  unknownFields: string[];
}

/** Kinds whose names must be DNS-1123 labels rather than subdomains. */
const LABEL_NAMED = new Set(['/namespaces', '/services']);

interface AjvError {
  instancePath: string;
  keyword: string;
  params: { missingProperty?: string; allowedValues?: unknown[]; type?: string };
  message?: string;
}

/**
 * Validates `obj` for `type` (pruning unknown fields in place). `old` is the stored object on
 * update. Throws 400 BadRequest for values the decoder would reject (wrong JSON types of
 * built-in kinds), as the apiserver does.
 */
export function validateObject(type: ResourceType, obj: KubeObject, old?: KubeObject): ValidationResult {
  const errors: FieldError[] = [];
  let unknownFields: string[] = [];
  errors.push(...validateMetadata(type, obj));

  if (type.schema !== undefined) {
    const r = validateStructural(obj as Record<string, unknown>, type.schema as StructuralSchema);
    errors.push(...r.errors);
    unknownFields = r.unknownFields;
  } else {
    const model = modelName(type);
    if (model) unknownFields = pruneUnknownFields(obj as Record<string, unknown>, model);
    const Validator = MODEL_VALIDATORS.get(`${obj.apiVersion}/${obj.kind}`);
    if (Validator) {
      try {
        new Validator(obj as never).validate();
      } catch (e) {
        const ajv = (e as { errors?: AjvError[] }).errors;
        if (!Array.isArray(ajv)) throw e;
        errors.push(...mapAjvErrors(type, obj, ajv, model));
      }
    }
    errors.push(...semanticChecks(type, obj));
  }
  if (old) errors.push(...checkImmutable(type, obj, old));
  return { errors: dedupe(errors), unknownFields };
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.reason}|${e.field}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** `/spec/containers/0/image` → `spec.containers[0].image`. */
export function toFieldPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

function valueAt(obj: unknown, pointer: string): unknown {
  let cur = obj;
  for (const raw of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function mapAjvErrors(type: ResourceType, obj: KubeObject, ajv: AjvError[], model?: string): FieldError[] {
  const out: FieldError[] = [];
  for (const e of ajv) {
    const field = toFieldPath(e.instancePath);
    switch (e.keyword) {
      case 'required':
        out.push({ reason: 'FieldValueRequired', field: field ? `${field}.${e.params.missingProperty}` : e.params.missingProperty ?? '' });
        break;
      case 'enum':
        out.push({
          reason: 'FieldValueNotSupported',
          field,
          value: valueAt(obj, e.instancePath),
          supported: (e.params.allowedValues ?? []).map(String),
        });
        break;
      case 'type': {
        // The apiserver's JSON decoder rejects these before validation: 400 BadRequest.
        const value = valueAt(obj, e.instancePath);
        const segs = e.instancePath.split('/').slice(1);
        const go = model ? fieldGoType(model, segs) : undefined;
        const v = type.version;
        const where = go ? `Go struct field ${go.struct}.${field} of type ${go.goType}` : `Go value of type ${e.params.type}`;
        throw ApiError.badRequest(
          `${type.kind} in version "${v}" cannot be handled as a ${type.kind}: json: cannot unmarshal ${jsonKind(value)} into ${where}`,
        );
      }
      default:
        out.push({ reason: 'FieldValueInvalid', field, value: valueAt(obj, e.instancePath), detail: e.message ?? '' });
    }
  }
  return out;
}

function validateMetadata(type: ResourceType, obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const meta = obj.metadata ?? {};
  const name = meta.name;
  if (!name) {
    errors.push({ reason: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' });
  } else if (type.schema !== undefined || !(type.group === 'rbac.authorization.k8s.io')) {
    const key = `${type.group}/${type.resource}`;
    let msgs: string[];
    if (key === 'apiextensions.k8s.io/customresourcedefinitions') {
      const spec = (obj.spec ?? {}) as { group?: string; names?: { plural?: string } };
      const want = `${spec.names?.plural ?? ''}.${spec.group ?? ''}`;
      msgs = name !== want ? [`must be spec.names.plural+"."+spec.group`] : [];
    } else msgs = LABEL_NAMED.has(key) ? isDns1123Label(name) : isDns1123Subdomain(name);
    for (const m of msgs) errors.push({ reason: 'FieldValueInvalid', field: 'metadata.name', value: name, detail: m });
  } else if (name.includes('/') || name.includes('%') || name === '.' || name === '..') {
    errors.push({ reason: 'FieldValueInvalid', field: 'metadata.name', value: name, detail: 'may not contain "/"' });
  }
  if (meta.generateName && !name) {
    // Already reported as Required.
  }
  if (meta.labels && typeof meta.labels === 'object') {
    for (const [k, v] of Object.entries(meta.labels)) {
      for (const m of isQualifiedName(k)) errors.push({ reason: 'FieldValueInvalid', field: 'metadata.labels', value: k, detail: m });
      if (typeof v !== 'string') continue;
      for (const m of isValidLabelValue(v)) errors.push({ reason: 'FieldValueInvalid', field: 'metadata.labels', value: v, detail: m });
    }
  }
  if (meta.annotations && typeof meta.annotations === 'object') {
    for (const k of Object.keys(meta.annotations)) {
      for (const m of isQualifiedName(k.toLowerCase())) errors.push({ reason: 'FieldValueInvalid', field: 'metadata.annotations', value: k, detail: m });
    }
  }
  return errors;
}

interface Container {
  name?: string;
  image?: string;
}

interface PodSpecLike {
  containers?: Container[];
  initContainers?: Container[];
}

function checkPodSpec(spec: PodSpecLike | undefined, path: string, errors: FieldError[]): void {
  if (!spec || typeof spec !== 'object') {
    errors.push({ reason: 'FieldValueRequired', field: `${path}.containers` });
    return;
  }
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  if (containers.length === 0) errors.push({ reason: 'FieldValueRequired', field: `${path}.containers` });
  const names = new Set<string>();
  const check = (list: Container[], field: string) =>
    list.forEach((c, i) => {
      const p = `${path}.${field}[${i}]`;
      if (!c || typeof c !== 'object') return;
      if (!c.name) errors.push({ reason: 'FieldValueRequired', field: `${p}.name` });
      else {
        for (const m of isDns1123Label(c.name)) errors.push({ reason: 'FieldValueInvalid', field: `${p}.name`, value: c.name, detail: m });
        if (names.has(c.name)) errors.push({ reason: 'FieldValueDuplicate', field: `${p}.name`, value: c.name });
        names.add(c.name);
      }
      if (!c.image) errors.push({ reason: 'FieldValueRequired', field: `${p}.image` });
    });
  check(Array.isArray(spec.initContainers) ? spec.initContainers : [], 'initContainers');
  check(containers, 'containers');
}

function semanticChecks(type: ResourceType, obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const spec = obj.spec as Record<string, unknown> | undefined;
  const key = `${type.group}/${type.kind}`;
  switch (key) {
    case '/Pod':
      checkPodSpec(spec as PodSpecLike, 'spec', errors);
      break;
    case 'apps/Deployment':
    case 'apps/ReplicaSet':
    case 'apps/StatefulSet':
    case 'apps/DaemonSet': {
      const selector = spec?.selector as LabelSelectorObject | undefined;
      const template = spec?.template as { metadata?: { labels?: Record<string, string> }; spec?: PodSpecLike } | undefined;
      if (!selector) errors.push({ reason: 'FieldValueRequired', field: 'spec.selector' });
      else if (!selector.matchLabels && !selector.matchExpressions?.length) {
        errors.push({ reason: 'FieldValueInvalid', field: 'spec.selector', value: 'empty selector', detail: 'empty selector is invalid for deployment' });
      } else if (!selectorFromObject(selector).matches(template?.metadata?.labels ?? {})) {
        errors.push({
          reason: 'FieldValueInvalid',
          field: 'spec.template.metadata.labels',
          rawValue: goStringMap(template?.metadata?.labels),
          detail: '`selector` does not match template `labels`',
        });
      }
      checkPodSpec(template?.spec, 'spec.template.spec', errors);
      if (typeof spec?.replicas === 'number' && spec.replicas < 0) {
        errors.push({ reason: 'FieldValueInvalid', field: 'spec.replicas', value: spec.replicas, detail: 'must be greater than or equal to 0' });
      }
      break;
    }
    case 'batch/Job': {
      const template = spec?.template as { spec?: PodSpecLike & { restartPolicy?: string } } | undefined;
      checkPodSpec(template?.spec, 'spec.template.spec', errors);
      const rp = template?.spec?.restartPolicy;
      if (rp !== 'OnFailure' && rp !== 'Never') {
        errors.push({ reason: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', value: rp ?? '', supported: ['OnFailure', 'Never'] });
      }
      break;
    }
    case '/Service': {
      const s = (spec ?? {}) as { type?: string; clusterIP?: string; ports?: unknown[] };
      if (s.type !== 'ExternalName' && s.clusterIP !== 'None' && !(s.ports && s.ports.length)) {
        errors.push({ reason: 'FieldValueRequired', field: 'spec.ports' });
      }
      break;
    }
  }
  return errors;
}

export { ApiError };
