import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { createResourceRegistry } from '../../resources/registry.js';
import { createObjectStore } from '../../store/memory-store.js';
import type { KubeObject } from '../../store/types.js';
import { canonicalQuantity, parseQuantity } from './quantity.js';

function setup() {
  const reg = createResourceRegistry();
  const store = createObjectStore(reg);
  store.create(reg.byResource('', 'v1', 'namespaces')!, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  const create = (group: string, resource: string, obj: KubeObject) => store.create(reg.byResource(group, 'v1', resource)!, obj);
  return { create };
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

const pod = (container: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'nginx', ...container }], ...extra },
});

const deployment = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } }, ...spec },
});

describe('pod spec validation (apiserver rules)', () => {
  it('refuses a bad container port name with the IsValidPortName message', () => {
    const { create } = setup();
    const e = invalid(() => create('', 'pods', pod({ ports: [{ name: 'http--web', containerPort: 80 }] })));
    expect(e.status.code).toBe(422);
    expect(e.status.message).toBe('Pod "p" is invalid: spec.containers[0].ports[0].name: Invalid value: "http--web": must not contain consecutive hyphens');
    expect(e.status.details?.causes).toEqual([{ reason: 'FieldValueInvalid', message: 'Invalid value: "http--web": must not contain consecutive hyphens', field: 'spec.containers[0].ports[0].name' }]);
  });

  it('refuses a containerPort out of range', () => {
    const { create } = setup();
    const e = invalid(() => create('', 'pods', pod({ ports: [{ containerPort: 70000 }] })));
    expect(e.status.message).toBe('Pod "p" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive');
  });

  it('probes need exactly one handler; liveness successThreshold must be 1', () => {
    const { create } = setup();
    const none = invalid(() => create('', 'pods', pod({ readinessProbe: { periodSeconds: 5 } })));
    expect(none.status.details?.causes).toEqual([{ reason: 'FieldValueRequired', message: 'Required value: must specify a handler type', field: 'spec.containers[0].readinessProbe' }]);
    const two = invalid(() => create('', 'pods', pod({ livenessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } } })));
    expect(two.status.details?.causes).toEqual([{ reason: 'FieldValueForbidden', message: 'Forbidden: may not specify more than 1 handler type', field: 'spec.containers[0].livenessProbe.tcpSocket' }]);
    const threshold = invalid(() => create('', 'pods', pod({ livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 } })));
    expect(threshold.status.message).toBe('Pod "p" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1');
  });

  it('requests above limits name the limit in canonical form', () => {
    const { create } = setup();
    const e = invalid(() => create('', 'pods', pod({ resources: { requests: { cpu: '1000m' }, limits: { cpu: '0.5' } } })));
    expect(e.status.details?.causes).toEqual([
      { reason: 'FieldValueInvalid', message: 'Invalid value: "1": must be less than or equal to cpu limit of 500m', field: 'spec.containers[0].resources.requests' },
    ]);
    const bad = invalid(() => create('', 'pods', pod({ resources: { limits: { memory: '12 Gi' } } })));
    expect(bad.status.code).toBe(400);
  });

  it('volume mounts must name a volume and have unique paths; volume names are unique', () => {
    const { create } = setup();
    const e = invalid(() =>
      create('', 'pods', pod({ volumeMounts: [{ name: 'data', mountPath: '/d' }, { name: 'cache', mountPath: '/d' }] }, { volumes: [{ name: 'cache', emptyDir: {} }] })),
    );
    expect(e.status.details?.causes).toEqual([
      { reason: 'FieldValueNotFound', message: 'Not found: "data"', field: 'spec.containers[0].volumeMounts[0].name' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: "/d": must be unique', field: 'spec.containers[0].volumeMounts[1].mountPath' },
    ]);
    const dup = invalid(() => create('', 'pods', pod({}, { volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }] })));
    expect(dup.status.details?.causes).toEqual([{ reason: 'FieldValueDuplicate', message: 'Duplicate value: "v"', field: 'spec.volumes[1].name' }]);
  });

  it('env var names follow the 1.30 strict rule', () => {
    const { create } = setup();
    const e = invalid(() => create('', 'pods', pod({ env: [{ name: '1ST', value: 'x' }] })));
    expect(e.status.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'spec.containers[0].env[0].name' });
    expect(e.status.details?.causes?.[0]?.message).toMatch(/^Invalid value: "1ST": a valid environment variable name must consist of alphabetic characters/);
  });

  it('restartPolicy must be a supported value', () => {
    const { create } = setup();
    const e = invalid(() => create('', 'pods', pod({}, { restartPolicy: 'Sometimes' })));
    expect(e.status.message).toBe('Pod "p" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"');
  });
});

describe('metadata, Service, workload validation', () => {
  it('Service names are DNS-1035 labels', () => {
    const { create } = setup();
    const e = invalid(() => create('', 'services', { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } }));
    expect(e.status.details?.causes?.[0]?.message).toBe(
      "Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  });

  it('annotations over 256 KiB are too long', () => {
    const { create } = setup();
    const e = invalid(() => create('', 'configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', annotations: { big: 'x'.repeat(262145) } } }));
    expect(e.status.details?.causes).toEqual([{ reason: 'FieldValueTooLong', message: 'Too long: must have at most 262144 bytes', field: 'metadata.annotations' }]);
  });

  it('Service ports need names when more than one, and valid protocols', () => {
    const { create } = setup();
    const svc = (ports: unknown[]): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { ports } });
    const e = invalid(() => create('', 'services', svc([{ port: 80 }, { port: 443 }])));
    expect(e.status.details?.causes).toEqual(expect.arrayContaining([{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.ports[0].name' }]));
    const proto = invalid(() => create('', 'services', svc([{ port: 80, protocol: 'HTTP' }])));
    expect(proto.status.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueNotSupported', field: 'spec.ports[0].protocol' });
  });

  it('Deployment rolling update: both 0 refused, over 100% refused, template restartPolicy Always', () => {
    const { create } = setup();
    const zero = invalid(() => create('apps', 'deployments', deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } })));
    expect(zero.status.message).toBe('Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0');
    const over = invalid(() => create('apps', 'deployments', deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '110%' } } })));
    expect(over.status.details?.causes).toEqual([{ reason: 'FieldValueInvalid', message: 'Invalid value: 110%: must not be greater than 100%', field: 'spec.strategy.rollingUpdate.maxUnavailable' }]);
    const hist = invalid(() => create('apps', 'deployments', deployment({ revisionHistoryLimit: -1 })));
    expect(hist.status.details?.causes?.[0]).toMatchObject({ field: 'spec.revisionHistoryLimit', message: 'Invalid value: -1: must be greater than or equal to 0' });
  });

  it('CronJob: name ≤ 52 characters and a known time zone', () => {
    const { create } = setup();
    const cj = (name: string, extra: Record<string, unknown>): KubeObject => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: 'default' },
      spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'j', image: 'busybox' }] } } } }, ...extra },
    });
    expect(create('batch', 'cronjobs', cj('ok', { timeZone: 'Europe/Paris' })).metadata.name).toBe('ok');
    const tz = invalid(() => create('batch', 'cronjobs', cj('tz', { timeZone: 'Mars/Olympus' })));
    expect(tz.status.message).toBe('CronJob.batch "tz" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus');
    const sched = invalid(() => create('batch', 'cronjobs', cj('sched', { schedule: '61 * * * *' })));
    expect(sched.status.message).toBe('CronJob.batch "sched" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61');
    const long = invalid(() => create('batch', 'cronjobs', cj('a'.repeat(53), {})));
    expect(long.status.details?.causes?.[0]).toMatchObject({ field: 'metadata.name', message: `Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters` });
  });

  it('canonicalises quantities as Quantity.String()', () => {
    const c = (s: string) => canonicalQuantity(parseQuantity(s)!);
    expect([c('1000m'), c('0.5'), c('2000'), c('1024Mi'), c('1.5Gi'), c('512Mi'), c('100m')]).toEqual(['1', '500m', '2k', '1Gi', '1536Mi', '512Mi', '100m']);
  });
});
