/**
 * Fields the apiserver refuses to change after creation (422 `field is immutable`).
 */
import type { KubeObject, ResourceType } from '../store/types.js';
import type { FieldError } from './errors.js';
import { goLabelSelector } from './go-format.js';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function specOf(o: KubeObject): Record<string, unknown> {
  return (o.spec ?? {}) as Record<string, unknown>;
}

/** Immutable-field errors of an update from `old` to `next`. */
export function checkImmutable(type: ResourceType, next: KubeObject, old: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const immutable = (field: string, a: unknown, b: unknown, value: unknown = a, rawValue?: string) => {
    if (!same(a, b)) errors.push({ reason: 'FieldValueInvalid', field, value, rawValue, detail: 'field is immutable' });
  };
  // A selector is printed as Go's %#v of the new metav1.LabelSelector.
  const immutableSelector = () => immutable('spec.selector', ns.selector, os.selector, ns.selector, goLabelSelector(ns.selector));
  const ns = specOf(next);
  const os = specOf(old);
  switch (`${type.group}/${type.kind}`) {
    case 'apps/Deployment':
    case 'apps/ReplicaSet':
    case 'apps/DaemonSet':
      immutableSelector();
      break;
    case 'apps/StatefulSet': {
      const allowed = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);
      const changed = [...new Set([...Object.keys(ns), ...Object.keys(os)])].some((k) => !allowed.has(k) && !same(ns[k], os[k]));
      if (changed) {
        errors.push({
          reason: 'FieldValueForbidden',
          field: 'spec',
          detail:
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        });
      }
      break;
    }
    case 'batch/Job':
      immutableSelector();
      immutable('spec.template', ns.template, os.template);
      immutable('spec.completions', ns.completions, os.completions);
      break;
    case '/Service':
      if (os.clusterIP && ns.clusterIP && ns.clusterIP !== os.clusterIP) immutable('spec.clusterIP', ns.clusterIP, os.clusterIP, ns.clusterIP);
      break;
    case '/PersistentVolumeClaim': {
      const strip = (s: Record<string, unknown>) => {
        const { resources, volumeAttributesClassName, volumeName, ...rest } = s;
        void resources;
        void volumeAttributesClassName;
        void volumeName;
        return rest;
      };
      if (!same(strip(ns), strip(os))) {
        errors.push({
          reason: 'FieldValueForbidden',
          field: 'spec',
          detail: 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
        });
      }
      break;
    }
    case '/Secret':
    case '/ConfigMap':
      if ((old as { immutable?: boolean }).immutable === true) {
        for (const f of ['data', 'binaryData', 'stringData']) {
          if (!same((next as Record<string, unknown>)[f], (old as Record<string, unknown>)[f])) {
            errors.push({ reason: 'FieldValueForbidden', field: f, detail: 'field is immutable when `immutable` is set' });
          }
        }
        if ((next as { immutable?: boolean }).immutable !== true) {
          errors.push({ reason: 'FieldValueForbidden', field: 'immutable', detail: 'field is immutable when `immutable` is set' });
        }
      }
      break;
  }
  return errors;
}
