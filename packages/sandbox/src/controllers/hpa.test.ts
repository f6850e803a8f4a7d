import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/types.js';
import { deployment, testCluster, type TestCluster } from './test-cluster.js';

let c: TestCluster;
afterEach(() => c?.stop());

const hpa = (name: string, target: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
    minReplicas: 1,
    maxReplicas: 5,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    ...spec,
  },
});
type HpaStatus = { currentReplicas?: number; desiredReplicas?: number; lastScaleTime?: string; currentMetrics?: unknown[]; conditions?: { type: string; status: string; reason: string; message: string }[] };
const status = (name: string) => (c.get('autoscaling/v2', 'HorizontalPodAutoscaler', 'default', name)?.status ?? {}) as HpaStatus;
const cond = (name: string, type: string) => status(name).conditions?.find((x) => x.type === type);
const withRequests = (cpu = '100m') => ({ podSpec: { containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu, memory: '64Mi' } } }] } });
const hpaEvents = (name: string) =>
  c.events('default', name).filter((e) => (e.involvedObject as { kind: string }).kind === 'HorizontalPodAutoscaler').map((e) => `${e.type} ${e.reason}: ${e.message}`);

describe('hpa controller (simulated metrics server)', () => {
  it('GIVEN pods using 50% of their CPU request and a 50% target THEN ScalingActive=True ValidMetricFound, the current utilization, and no rescale', () => {
    c = testCluster();
    c.create(deployment('web', { replicas: 2, ...withRequests('100m') }));
    c.run(5000);
    c.create(hpa('web', 'web'));
    c.run(1000);
    expect(status('web')).toMatchObject({
      currentReplicas: 2,
      desiredReplicas: 2,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 50, averageValue: '50m' } } }],
    });
    expect(cond('web', 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' });
    expect(cond('web', 'AbleToScale')).toMatchObject({ status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' });
    expect(cond('web', 'ScalingLimited')).toMatchObject({ status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' });
    expect(hpaEvents('web')).toEqual([]);
  });

  it('GIVEN pods annotated at 85% of a 50% target THEN it scales up to ceil(2 × 1.7) = 4, then stops at maxReplicas (ScalingLimited TooManyReplicas)', () => {
    c = testCluster();
    c.create(deployment('api', { replicas: 2, annotations: { 'sandbox.berth.dev/cpu-utilization': '85' }, ...withRequests('200m') }));
    c.run(5000);
    c.create(hpa('api', 'api'));
    c.run(1000);
    expect(c.get('apps/v1', 'Deployment', 'default', 'api')?.spec).toMatchObject({ replicas: 4 });
    // The controller writes through /scale: its entry owns only replicas, marked subresource scale.
    const owners = (c.get('apps/v1', 'Deployment', 'default', 'api')?.metadata.managedFields ?? []) as { manager: string; subresource?: string; fieldsV1: { 'f:spec'?: { 'f:replicas'?: unknown } } }[];
    expect(owners.filter((e) => e.fieldsV1['f:spec']?.['f:replicas']).map((e) => [e.manager, e.subresource])).toEqual([['kube-controller-manager', 'scale']]);
    expect(hpaEvents('api')).toContain('Normal SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target');
    expect(cond('api', 'AbleToScale')).toMatchObject({ reason: 'SucceededRescale' });
    c.run(20_000, 1000);
    expect(c.get('apps/v1', 'Deployment', 'default', 'api')?.spec).toMatchObject({ replicas: 5 });
    expect(cond('api', 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
  });

  it('GIVEN pods far below target THEN the scale down waits out the 5-minute stabilization window (ScaleDownStabilized), then goes to the recommendation', () => {
    c = testCluster();
    c.create(deployment('quiet', { replicas: 4, annotations: { 'sandbox.berth.dev/cpu-utilization': '10' }, ...withRequests() }));
    c.run(5000);
    c.create(hpa('quiet', 'quiet'));
    c.run(1000);
    expect(status('quiet')).toMatchObject({ currentReplicas: 4, desiredReplicas: 4 });
    expect(cond('quiet', 'AbleToScale')).toMatchObject({ reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' });
    c.run(5 * 60_000 + 20_000, 1000);
    expect(c.get('apps/v1', 'Deployment', 'default', 'quiet')?.spec).toMatchObject({ replicas: 1 });
    expect(hpaEvents('quiet')).toContain('Normal SuccessfulRescale: New size: 1; reason: All metrics below target');
  });

  it('GIVEN a target whose containers request no CPU THEN ScalingActive=False FailedGetResourceMetric with the missing request, and the events kubectl describe shows', () => {
    c = testCluster();
    c.create(deployment('web', { replicas: 2 }));
    c.run(5000);
    c.create(hpa('web', 'web'));
    c.run(1000);
    const pod = c.list('v1', 'Pod', 'default').map((p) => p.metadata.name ?? '').filter((n) => n.startsWith('web-')).sort()[0];
    const error = `failed to get cpu utilization: missing request for cpu in container app of Pod ${pod}`;
    expect(status('web')).toMatchObject({ currentReplicas: 2, desiredReplicas: 0, currentMetrics: [{ type: '' }] });
    expect(cond('web', 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" });
    expect(cond('web', 'ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${error}` });
    expect(hpaEvents('web')).toEqual([`Warning FailedGetResourceMetric: ${error}`, `Warning FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${error}`]);
  });

  it('GIVEN a custom Pods metric THEN FailedGetPodsMetric: no custom metrics API is served', () => {
    c = testCluster();
    c.create(deployment('q', { replicas: 1, ...withRequests() }));
    c.run(5000);
    c.create(hpa('q', 'q', { metrics: [{ type: 'Pods', pods: { metric: { name: 'queue_depth' }, target: { type: 'AverageValue', averageValue: '10' } } }] }));
    c.run(1000);
    expect(cond('q', 'ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetPodsMetric' });
  });

  it('scales a target below minReplicas up (SuccessfulRescale) and reports the new size on the next sync', () => {
    c = testCluster();
    c.create(deployment('api', { replicas: 1 }));
    c.create(hpa('api', 'api', { minReplicas: 3 }));
    c.run(1000);
    expect(c.get('apps/v1', 'Deployment', 'default', 'api')?.spec).toMatchObject({ replicas: 3 });
    expect(status('api')).toMatchObject({ currentReplicas: 1, desiredReplicas: 3 });
    expect(status('api').lastScaleTime).toBeTruthy();
    expect(cond('api', 'AbleToScale')).toMatchObject({ reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 3' });
    expect(c.events('default', 'api').map((e) => e.message)).toContain('New size: 3; reason: Current number of replicas below Spec.MinReplicas');
    c.run(16_000, 1000);
    expect(status('api')).toMatchObject({ currentReplicas: 3, desiredReplicas: 3 });
    expect(cond('api', 'ScalingActive')?.reason).toBe('FailedGetResourceMetric'); // no CPU requests
  });

  it('a missing target: AbleToScale=False FailedGetScale', () => {
    c = testCluster();
    c.create(hpa('ghost', 'ghost'));
    c.run(1000);
    expect(cond('ghost', 'AbleToScale')).toMatchObject({ status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: deployments.apps "ghost" not found` });
  });

  it('a target scaled to zero disables scaling', () => {
    c = testCluster();
    c.create(deployment('idle', { replicas: 0 }));
    c.create(hpa('idle', 'idle'));
    c.run(1000);
    expect(cond('idle', 'ScalingActive')).toMatchObject({ status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' });
    expect(status('idle')).toEqual(expect.objectContaining({ desiredReplicas: 0 }));
    expect(status('idle').currentReplicas).toBeUndefined();
  });
});
