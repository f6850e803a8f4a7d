import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { createResourceRegistry } from '../../resources/registry.js';
import { createObjectStore } from '../../store/memory-store.js';
import type { KubeObject } from '../../store/types.js';

function setup() {
  const reg = createResourceRegistry();
  const store = createObjectStore(reg);
  store.create(reg.byResource('', 'v1', 'namespaces')!, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return (group: string, version: string, resource: string, obj: KubeObject) => store.create(reg.byResource(group, version, resource)!, obj);
}

function invalid(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

const ingress = (rule: Record<string, unknown>): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'default' },
  spec: { rules: [rule] },
});
const path = (p: Record<string, unknown>) => ({ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } }, ...p }] } });

describe('Ingress and HPA validation (apiserver rules)', () => {
  it('accepts a plain and a wildcard host', () => {
    const create = setup();
    expect(create('networking.k8s.io', 'v1', 'ingresses', ingress({ host: '*.example.com', ...path({}) })).metadata.name).toBe('web');
  });

  it('refuses an IP host', () => {
    const create = setup();
    const e = invalid(() => create('networking.k8s.io', 'v1', 'ingresses', ingress({ host: '10.0.0.1', ...path({}) })));
    expect(e.status.code).toBe(422);
    expect(e.status.details?.causes?.[0]).toEqual({ reason: 'FieldValueInvalid', message: 'Invalid value: "10.0.0.1": must be a DNS name, not an IP address', field: 'spec.rules[0].host' });
  });

  it('requires pathType and an absolute path for Prefix', () => {
    const create = setup();
    const e = invalid(() => create('networking.k8s.io', 'v1', 'ingresses', ingress(path({ pathType: undefined }))));
    expect(e.status.message).toBe('Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified');
    const rel = invalid(() => create('networking.k8s.io', 'v1', 'ingresses', ingress(path({ path: 'api' }))));
    expect(rel.status.details?.causes).toEqual([{ reason: 'FieldValueInvalid', message: 'Invalid value: "api": must be an absolute path', field: 'spec.rules[0].http.paths[0].path' }]);
  });

  it('a backend service needs a port name or number', () => {
    const create = setup();
    const e = invalid(() => create('networking.k8s.io', 'v1', 'ingresses', ingress(path({ backend: { service: { name: 'web', port: {} } } }))));
    expect(e.status.details?.causes).toEqual([{ reason: 'FieldValueRequired', message: 'Required value: port name or number is required', field: 'spec.rules[0].http.paths[0].backend' }]);
  });

  it('HPA: maxReplicas must be at least minReplicas', () => {
    const create = setup();
    const hpa: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 2 },
    };
    const e = invalid(() => create('autoscaling', 'v2', 'horizontalpodautoscalers', hpa));
    expect(e.status.message).toBe('HorizontalPodAutoscaler.autoscaling "web" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`');
  });
});
