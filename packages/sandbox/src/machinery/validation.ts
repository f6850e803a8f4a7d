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
import { validatePodSpec } from './validation/pod-spec.js';
import { validateDeploymentSpec, validateStatefulSetSpec, validateWorkloadTemplate } from './validation/apps.js';
import { validateCronJob, validateJobSpec } from './validation/batch.js';
import { validateServiceSpec } from './validation/service.js';
import { validateIngressSpec } from './validation/networking.js';
import { validateHpaSpec } from './validation/autoscaling.js';
import { isDns1035Label } from './validation/syntax.js';

/** Errors (→ 422 Invalid) and unknown field paths (→ fieldValidation) of one object. */
export interface ValidationResult {
  errors: FieldError[];
  unknownFields: string[];
}

/** Kinds whose names must be DNS-1123 labels rather than subdomains. */
const LABEL_NAMED = new Set(['/namespaces']);

/** Total size limit of metadata.annotations (TotalAnnotationSizeLimitB). */
const ANNOTATIONS_LIMIT = 256 * 1024;

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
    let schemaErrors: FieldError[] = [];
    if (Validator) {
      try {
        new Validator(obj as never).validate();
      } catch (e) {
        const ajv = (e as { errors?: AjvError[] }).errors;
        if (!Array.isArray(ajv)) throw e;
        schemaErrors = mapAjvErrors(type, obj, ajv, model);
      }
    }
    const semantic = semanticChecks(type, obj, old);
    // The apiserver's own check wins where both report a field (e.g. its order of supported values).
    const bySemantic = new Set(semantic.map((e) => `${e.reason}|${e.field}`));
    errors.push(...schemaErrors.filter((e) => !bySemantic.has(`${e.reason}|${e.field}`)), ...semantic);
  }
  if (old) errors.push(...checkImmutable(type, obj, old));
  return { errors: dedupe(errors), unknownFields };
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.reason}|${e.field}|${JSON.stringify(e.value ?? null)}|${e.rawValue ?? ''}|${e.detail ?? ''}`;
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
    } else if (key === '/services') msgs = isDns1035Label(name);
    else msgs = LABEL_NAMED.has(key) ? isDns1123Label(name) : isDns1123Subdomain(name);
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
    let size = 0;
    for (const [k, v] of Object.entries(meta.annotations)) size += Buffer.byteLength(k) + Buffer.byteLength(typeof v === 'string' ? v : '');
    if (size > ANNOTATIONS_LIMIT) errors.push({ reason: 'FieldValueTooLong', field: 'metadata.annotations', detail: `must have at most ${ANNOTATIONS_LIMIT} bytes` });
  }
  return errors;
}

function semanticChecks(type: ResourceType, obj: KubeObject, old?: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const spec = obj.spec as Record<string, unknown> | undefined;
  const key = `${type.group}/${type.kind}`;
  switch (key) {
    case '/Pod':
      validatePodSpec(spec, 'spec', errors, type.kind);
      break;
    case 'apps/Deployment':
    case 'apps/ReplicaSet':
    case 'apps/StatefulSet':
    case 'apps/DaemonSet': {
      const selector = spec?.selector as LabelSelectorObject | undefined;
      const template = spec?.template as { metadata?: { labels?: Record<string, string> }; spec?: unknown } | undefined;
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
      // A StatefulSet's template spec is not validated as a pod spec (its mounts may name claim templates).
      if (key !== 'apps/StatefulSet') validatePodSpec(template?.spec, 'spec.template.spec', errors, type.kind);
      if (typeof spec?.replicas === 'number' && spec.replicas < 0) {
        errors.push({ reason: 'FieldValueInvalid', field: 'spec.replicas', value: spec.replicas, detail: 'must be greater than or equal to 0' });
      }
      validateWorkloadTemplate(spec, errors, type.kind === 'Deployment' ? 'ReplicaSet' : type.kind);
      if (key === 'apps/Deployment') validateDeploymentSpec(spec, errors);
      if (key === 'apps/StatefulSet') validateStatefulSetSpec(spec, errors);
      break;
    }
    case 'batch/Job': {
      const template = spec?.template as { spec?: unknown } | undefined;
      validatePodSpec(template?.spec, 'spec.template.spec', errors, type.kind);
      validateJobSpec(spec, 'spec', errors);
      break;
    }
    case 'batch/CronJob': {
      validateCronJob(obj.metadata?.name, spec, errors, old as Record<string, unknown> | undefined);
      const jobSpec = (spec?.jobTemplate as { spec?: Record<string, unknown> } | undefined)?.spec;
      const template = jobSpec?.template as { spec?: unknown } | undefined;
      validatePodSpec(template?.spec, 'spec.jobTemplate.spec.template.spec', errors, type.kind);
      validateJobSpec(jobSpec, 'spec.jobTemplate.spec', errors);
      break;
    }
    case '/Service': {
      validateServiceSpec(spec, errors);
      break;
    }
    case 'networking.k8s.io/Ingress': {
      validateIngressSpec(spec, errors);
      break;
    }
    case 'autoscaling/HorizontalPodAutoscaler': {
      validateHpaSpec(spec, errors);
      break;
    }
  }
  return errors;
}

export { ApiError };
