import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { createResourceRegistry } from '../resources/registry.js';
import { createObjectStore } from '../store/memory-store.js';
import type { KubeObject } from '../store/types.js';

function setup() {
  const reg = createResourceRegistry();
  const store = createObjectStore(reg);
  const ns = reg.byResource('', 'v1', 'namespaces')!;
  store.create(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return { store, reg, ns, pods: reg.byResource('', 'v1', 'pods')!, deploys: reg.byResource('apps', 'v1', 'deployments')!, cms: reg.byResource('', 'v1', 'configmaps')!, svcs: reg.byResource('', 'v1', 'services')! };
}

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

const pod = (spec: Record<string, unknown>, name = 'p'): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec });

const deployment = (selector: Record<string, string>, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { matchLabels: selector }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
});

describe('validation of create and update bodies', () => {
  it('a container without an image is 422 with a FieldValueRequired cause', () => {
    const { store, pods } = setup();
    const e = apiError(() => store.create(pods, pod({ containers: [{ name: 'app' }] })));
    expect(e.status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'Pod "p" is invalid: spec.containers[0].image: Required value',
      details: { name: 'p', kind: 'Pod', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' }] },
    });
  });

  it('a bad name is 422 FieldValueInvalid with the RFC 1123 message', () => {
    const { store, cms, svcs } = setup();
    const e = apiError(() => store.create(cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name', namespace: 'default' } }));
    expect(e.status.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'metadata.name' });
    expect(e.status.message).toMatch(/^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    const svc = apiError(() =>
      store.create(svcs, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a.b', namespace: 'default' }, spec: { ports: [{ port: 80 }] } }),
    );
    expect(svc.status.message).toMatch(/a DNS-1035 label must consist of lower case alphanumeric characters/);
  });

  it('a value outside an enum is 422 FieldValueNotSupported listing the supported values', () => {
    const { store, pods } = setup();
    const e = apiError(() => store.create(pods, pod({ containers: [{ name: 'app', image: 'x', imagePullPolicy: 'Sometimes' }] })));
    expect(e.status.message).toBe(
      'Pod "p" is invalid: spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    );
    expect(e.status.details?.causes?.[0]?.reason).toBe('FieldValueNotSupported');
  });

  it('a wrong JSON type in a built-in kind is 400 from the decoder, as the apiserver answers', () => {
    const { store, deploys } = setup();
    const d = deployment({ app: 'web' }, { app: 'web' });
    (d.spec as Record<string, unknown>).replicas = 'two';
    const e = apiError(() => store.create(deploys, d));
    expect(e.status).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(e.status.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('a Deployment whose selector does not match its template labels is 422', () => {
    const { store, deploys } = setup();
    const e = apiError(() => store.create(deploys, deployment({ app: 'web' }, { app: 'api' })));
    expect(e.status.message).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
    );
  });

  it('changing a Deployment selector is 422 field is immutable', () => {
    const { store, deploys } = setup();
    const d = store.create(deploys, deployment({ app: 'web' }, { app: 'web', v: '1' }));
    const changed = structuredClone(d);
    (changed.spec as { selector: unknown }).selector = { matchLabels: { app: 'web', v: '1' } };
    const e = apiError(() => store.update(deploys, changed));
    expect(e.status.details?.causes).toEqual([expect.objectContaining({ reason: 'FieldValueInvalid', field: 'spec.selector' })]);
    expect(e.status.message).toMatch(/spec.selector: Invalid value: .*: field is immutable$/);
  });

  it('duplicate container names and empty containers are refused', () => {
    const { store, pods } = setup();
    const dup = apiError(() => store.create(pods, pod({ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] })));
    expect(dup.status.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueDuplicate', field: 'spec.containers[1].name' });
    const none = apiError(() => store.create(pods, pod({ containers: [] })));
    expect(none.status.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueRequired', field: 'spec.containers' });
  });

  it('unknown fields: dropped by default, a warning under Warn, 400 under Strict', () => {
    const { store, pods } = setup();
    const body = pod({ containers: [{ name: 'app', image: 'x', colour: 'red' }], foo: 1 });
    const dropped = store.create(pods, body);
    expect((dropped.spec as Record<string, unknown>).foo).toBeUndefined();
    const warnings: string[] = [];
    store.create(pods, { ...body, metadata: { name: 'p2', namespace: 'default' } }, { fieldValidation: 'Warn', warnings });
    expect(warnings).toEqual(['unknown field "spec.containers[0].colour"', 'unknown field "spec.foo"']);
    const strict = apiError(() => store.create(pods, { ...body, metadata: { name: 'p3', namespace: 'default' } }, { fieldValidation: 'Strict' }));
    expect(strict.status).toMatchObject({ code: 400, message: 'strict decoding error: unknown field "spec.containers[0].colour", unknown field "spec.foo"' });
  });

  it('immutable ConfigMaps refuse data changes', () => {
    const { store, cms } = setup();
    const c = store.create(cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: '1' }, immutable: true });
    const e = apiError(() => store.update(cms, { ...c, data: { a: '2' } }));
    expect(e.status.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueForbidden', field: 'data' });
  });
});
