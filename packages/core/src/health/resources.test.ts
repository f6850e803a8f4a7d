import { describe, expect, it } from 'vitest';
import { assessObject, hasHealthRules } from './index.js';

describe('Service, Ingress, PVC and HPA health', () => {
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop-dev' },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.12.4',
      ports: [{ port: 8080, targetPort: 8080, protocol: 'TCP' }],
    },
    status: { loadBalancer: {} },
  };

  it('a ClusterIP Service is Healthy; a LoadBalancer is Progressing until it has an address', () => {
    expect(assessObject(service)).toEqual({ status: 'Healthy' });
    const lb = { ...service, spec: { ...service.spec, type: 'LoadBalancer' } };
    expect(assessObject(lb)).toMatchObject({ status: 'Progressing', reason: 'LoadBalancerPending' });
    expect(
      assessObject({ ...lb, status: { loadBalancer: { ingress: [{ ip: '203.0.113.10', ipMode: 'VIP' }] } } })
        .status,
    ).toBe('Healthy');
  });

  it('an Ingress is Healthy, and says when no address is assigned', () => {
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web' },
      spec: { rules: [] },
      status: { loadBalancer: {} },
    };
    expect(assessObject(ingress)).toEqual({
      status: 'Healthy',
      message: 'No address assigned by the ingress controller yet',
    });
  });

  it('a PVC is Progressing while Pending, Healthy when Bound, Degraded when Lost', () => {
    const pvc = (phase: string) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data-redis-0' },
      spec: {},
      status: { phase },
    });
    expect(assessObject(pvc('Pending')).status).toBe('Progressing');
    expect(assessObject(pvc('Bound')).status).toBe('Healthy');
    expect(assessObject(pvc('Lost')).status).toBe('Degraded');
  });

  it('an HPA is Degraded when it cannot get metrics, Healthy when scaling is limited', () => {
    const hpa = (conditions: unknown[]) => ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      status: { currentReplicas: 2, desiredReplicas: 2, conditions },
    });
    const able = {
      type: 'AbleToScale',
      status: 'True',
      reason: 'ReadyForNewScale',
      message: 'recommended size matches current size',
    };
    expect(
      assessObject(
        hpa([
          able,
          {
            type: 'ScalingActive',
            status: 'False',
            reason: 'FailedGetResourceMetric',
            message:
              'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
          },
        ]),
      ),
    ).toMatchObject({ status: 'Degraded', reason: 'FailedGetResourceMetric' });
    expect(
      assessObject(
        hpa([
          able,
          { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
          {
            type: 'ScalingLimited',
            status: 'True',
            reason: 'TooFewReplicas',
            message: 'the desired replica count is less than the minimum replica count',
          },
        ]),
      ),
    ).toMatchObject({ status: 'Healthy', reason: 'TooFewReplicas' });
    expect(assessObject(hpa([])).status).toBe('Healthy');
  });
});

describe('GitOps objects', () => {
  const argo = (status: unknown) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'shop-prod', namespace: 'argocd' },
    spec: {},
    status,
  });

  it('an Argo CD Application reports its own health, Progressing while OutOfSync, Degraded when the sync failed', () => {
    expect(
      assessObject(argo({ health: { status: 'Healthy' }, sync: { status: 'Synced', revision: 'a1b2c3d' } })),
    ).toEqual({
      status: 'Healthy',
      reason: 'SyncSynced',
      message: 'Synced at revision a1b2c3d',
    });
    expect(
      assessObject(argo({ health: { status: 'Healthy' }, sync: { status: 'OutOfSync' } })),
    ).toMatchObject({ status: 'Progressing', reason: 'OutOfSync' });
    expect(
      assessObject(
        argo({
          health: { status: 'Degraded', message: 'Deployment "web" exceeded its progress deadline' },
          sync: { status: 'Synced' },
        }),
      ),
    ).toMatchObject({
      status: 'Degraded',
      message: 'Deployment "web" exceeded its progress deadline',
    });
    expect(
      assessObject(
        argo({
          health: { status: 'Missing' },
          sync: { status: 'OutOfSync' },
          operationState: { phase: 'Failed', message: 'one or more objects failed to apply' },
        }),
      ),
    ).toMatchObject({
      status: 'Degraded',
      reason: 'SyncFailed',
    });
    expect(assessObject(argo({})).status).toBe('Progressing');
  });

  it('a Flux Kustomization or HelmRelease follows its Ready condition', () => {
    const ks = (conditions: unknown[], extra: object = {}) => ({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'shop', namespace: 'flux-system', generation: 2 },
      spec: { interval: '5m', path: './apps/retail/shop/prod', prune: true, ...extra },
      status: { observedGeneration: 2, lastAppliedRevision: 'main@sha1:a1b2c3d', conditions },
    });
    expect(
      assessObject(
        ks([
          {
            type: 'Ready',
            status: 'True',
            reason: 'ReconciliationSucceeded',
            message: 'Applied revision: main@sha1:a1b2c3d',
          },
        ]),
      ).status,
    ).toBe('Healthy');
    expect(
      assessObject(
        ks([
          {
            type: 'Ready',
            status: 'False',
            reason: 'HealthCheckFailed',
            message: 'health check failed after 5m0s',
          },
        ]),
      ),
    ).toMatchObject({
      status: 'Degraded',
      reason: 'HealthCheckFailed',
    });
    expect(
      assessObject(
        ks([
          { type: 'Reconciling', status: 'True', reason: 'Progressing', message: 'Building manifests' },
          { type: 'Ready', status: 'Unknown', reason: 'Progressing' },
        ]),
      ).status,
    ).toBe('Progressing');
    expect(assessObject(ks([], { suspend: true })).status).toBe('Suspended');
    const hr = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'redis', generation: 1 },
      spec: {},
      status: {
        observedGeneration: 1,
        conditions: [
          { type: 'Ready', status: 'False', reason: 'InstallFailed', message: 'Helm install failed' },
        ],
      },
    };
    expect(assessObject(hr)).toMatchObject({ status: 'Degraded', reason: 'InstallFailed' });
  });
});

describe('any other kind', () => {
  it('is Healthy if it exists, Missing if not, Progressing while being deleted', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-settings' }, data: { a: '1' } };
    expect(hasHealthRules('v1', 'ConfigMap')).toBe(false);
    expect(assessObject(cm)).toEqual({ status: 'Healthy' });
    expect(assessObject(undefined)).toMatchObject({ status: 'Missing' });
    expect(
      assessObject({ ...cm, metadata: { ...cm.metadata, deletionTimestamp: '2025-03-01T10:00:00Z' } }).reason,
    ).toBe('Terminating');
  });
});
