/**
 * The HorizontalPodAutoscaler controller, with the sandbox's simulated metrics server
 * (`pod-metrics.ts`): every 15s (the default `--horizontal-pod-autoscaler-sync-period`) it reads
 * the target's scale, keeps replicas within [minReplicas, maxReplicas] (`SuccessfulRescale`),
 * and otherwise computes a replica count from each metric as the real controller does
 * (`hpa-replicas.ts`): `ScalingActive=True ValidMetricFound`, the 5-minute scale-down
 * stabilization (`AbleToScale` `ReadyForNewScale`/`ScaleDownStabilized`), the min/max and
 * scale-up-rate clamps (`ScalingLimited`), and a rescale with the real event texts. A metric it
 * cannot compute — a container without a request, pods not running yet, or a custom/external
 * metric (no such API is served) — gives `ScalingActive=False` with the real reason
 * (`FailedGetResourceMetric`, …) and `FailedComputeMetricsReplicas`; while the target's pods are
 * still starting it retries sooner than the sync period (a sandbox shortcut).
 */
import { recordScaleWrite } from '../machinery/scale-fields.js';
import type { KubeObject, ResourceType } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { computeMetric, type MetricFailure, type MetricProposal, type MetricSpec } from './hpa-replicas.js';
import { objectKey } from './informer.js';
import { clone, iso, isConflict, isNotFound, jsonEqual, matchesSelector, setCondition, type Condition } from './objects.js';
import { WorkQueue } from './queue.js';

const COMPONENT = 'horizontal-pod-autoscaler';
const SYNC_PERIOD_MS = 15_000;
/** `--horizontal-pod-autoscaler-downscale-stabilization`. */
const DOWNSCALE_STABILIZATION_MS = 5 * 60_000;

interface HpaSpec {
  scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
  minReplicas?: number;
  maxReplicas?: number;
  metrics?: MetricSpec[];
  behavior?: unknown;
}
interface HpaStatus {
  currentReplicas?: number;
  desiredReplicas?: number;
  lastScaleTime?: string;
  currentMetrics?: unknown[];
  conditions?: Condition[];
}
type LabelSelector = Parameters<typeof matchesSelector>[0];

/** The HPA controller. */
export class HpaController {
  private readonly queue: WorkQueue;
  private readonly type: ResourceType;
  /** Recent recommendations per HPA, for the scale-down stabilization window. */
  private readonly recommendations = new Map<string, Array<{ at: number; replicas: number }>>();

  constructor(private readonly ctx: ControllerContext) {
    this.type = ctx.registry.byKind('autoscaling/v2', 'HorizontalPodAutoscaler')!;
    this.queue = new WorkQueue({ name: 'horizontalpodautoscaler', clock: ctx.clock, reconcile: (k) => this.sync(k), onError: ctx.onError });
  }

  start(): void {
    const hpas = this.ctx.informers.for(this.type);
    hpas.onChange((type, hpa, old) => {
      if (type === 'DELETED') return void this.recommendations.delete(objectKey(hpa));
      if (type === 'ADDED' || !jsonEqual(hpa.spec, old?.spec)) this.queue.add(objectKey(hpa));
    });
    for (const hpa of hpas.list()) this.queue.add(objectKey(hpa));
  }

  stop(): void {
    this.queue.stop();
  }

  private sync(key: string): void {
    const hpa = this.ctx.informers.for(this.type).getByKey(key);
    if (!hpa || hpa.metadata.deletionTimestamp) return;
    let outcome: { status: HpaStatus; retrySoon: boolean } | undefined;
    try {
      outcome = this.reconcile(hpa, key);
    } finally {
      this.queue.addAfter(key, outcome?.retrySoon ? Math.max(500, this.ctx.timings.readyAfterMs) : SYNC_PERIOD_MS);
    }
    const { status } = outcome;
    if (jsonEqual(status, hpa.status)) return;
    try {
      this.ctx.store.updateStatus(this.type, { ...hpa, status });
    } catch (e) {
      if (isConflict(e)) return this.queue.addAfter(key, 10);
      if (!isNotFound(e)) throw e;
    }
  }

  /** One pass of the real controller's reconcileAutoscaler; returns the new status. */
  private reconcile(hpa: KubeObject, key: string): { status: HpaStatus; retrySoon: boolean } {
    const { events, clock } = this.ctx;
    const spec = (hpa.spec ?? {}) as HpaSpec;
    const old = (hpa.status ?? {}) as HpaStatus;
    const nowIso = iso(clock.now());
    let conditions = old.conditions ?? [];
    let retrySoon = false;
    const target = this.readScale(hpa.metadata.namespace, spec.scaleTargetRef ?? {});
    if (typeof target === 'string') {
      events.record(hpa, 'Warning', 'FailedGetScale', target, COMPONENT);
      conditions = setCondition(conditions, { type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: ${target}` }, nowIso);
      return { status: { ...clone(old), desiredReplicas: old.desiredReplicas ?? 0, conditions }, retrySoon };
    }
    conditions = setCondition(conditions, { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" }, nowIso);
    const current = target.replicas;
    const min = spec.minReplicas ?? 1;
    const max = spec.maxReplicas ?? current;
    let desired = old.desiredReplicas ?? 0;
    let rescaleReason: string | undefined;
    let currentMetrics: unknown[] | undefined;
    if (current === 0 && min !== 0) {
      desired = 0;
      conditions = setCondition(conditions, { type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' }, nowIso);
    } else if (current > max) {
      [desired, rescaleReason] = [max, 'Current number of replicas above Spec.MaxReplicas'];
    } else if (current < min) {
      [desired, rescaleReason] = [min, 'Current number of replicas below Spec.MinReplicas'];
    } else {
      const metrics = spec.metrics?.length ? spec.metrics : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
      const namespace = hpa.metadata.namespace ?? '';
      const pods = this.podsOf(namespace, target.selector);
      const outcomes = metrics.map((m) => computeMetric(m, { pods, currentReplicas: current, namespace }));
      const failures = outcomes.filter((o): o is MetricFailure => 'reason' in o);
      const proposals = outcomes.filter((o): o is MetricProposal => 'replicas' in o);
      const best = proposals.reduce<MetricProposal | undefined>((a, b) => (a === undefined || b.replicas > a.replicas ? b : a), undefined);
      currentMetrics = outcomes.map((o) => ('replicas' in o ? o.status : { type: '' }));
      // Like the real controller: invalid metrics block a scale down, not a scale up.
      if (failures.length > 0 && (best === undefined || best.replicas <= current)) {
        for (const f of failures) events.record(hpa, 'Warning', f.reason, f.error, COMPONENT);
        const first = failures[0]!;
        conditions = setCondition(conditions, { type: 'ScalingActive', status: 'False', reason: first.reason, message: `the HPA was unable to compute the replica count: ${first.error}` }, nowIso);
        events.record(hpa, 'Warning', 'FailedComputeMetricsReplicas', `invalid metrics (${failures.length} invalid out of ${metrics.length}), first error is: ${first.wrapped}`, COMPONENT);
        retrySoon = failures.some((f) => f.transient);
      } else if (best) {
        conditions = setCondition(conditions, { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: `the HPA was able to successfully calculate a replica count from ${best.name}` }, nowIso);
        if (best.replicas > current) rescaleReason = `${best.name} above target`;
        if (best.replicas < current) rescaleReason = 'All metrics below target';
        const normalized = spec.behavior === undefined ? this.normalize(key, current, best.replicas, min, max, nowIso, conditions) : { replicas: best.replicas, conditions };
        [desired, conditions] = [normalized.replicas, normalized.conditions];
        if (desired === current) rescaleReason = undefined;
      }
    }
    const status: HpaStatus = { desiredReplicas: desired };
    if (current !== 0) status.currentReplicas = current; // int32 with omitempty in the real API
    if (old.lastScaleTime) status.lastScaleTime = old.lastScaleTime;
    if (rescaleReason !== undefined) {
      const error = target.rescale(desired);
      if (error) {
        events.record(hpa, 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${rescaleReason}; error: ${error}`, COMPONENT);
        conditions = setCondition(conditions, { type: 'AbleToScale', status: 'False', reason: 'FailedUpdateScale', message: `the HPA controller was unable to update the target scale: ${error}` }, nowIso);
      } else {
        events.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${rescaleReason}`, COMPONENT);
        conditions = setCondition(conditions, { type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: `the HPA controller was able to update the target scale to ${desired}` }, nowIso);
        status.lastScaleTime = nowIso;
      }
    }
    if (currentMetrics) status.currentMetrics = currentMetrics;
    status.conditions = conditions;
    return { status, retrySoon };
  }

  /** normalizeDesiredReplicas of the real controller (an HPA without `behavior`). */
  private normalize(key: string, current: number, proposed: number, min: number, max: number, nowIso: string, conditions: Condition[]): { replicas: number; conditions: Condition[] } {
    const now = this.ctx.clock.now();
    // Like the real controller, the first recommendation of an HPA is its current size.
    const recent = (this.recommendations.get(key) ?? [{ at: now, replicas: current }]).filter((r) => r.at > now - DOWNSCALE_STABILIZATION_MS);
    recent.push({ at: now, replicas: proposed });
    this.recommendations.set(key, recent);
    const stabilized = Math.max(...recent.map((r) => r.replicas));
    let next =
      stabilized !== proposed
        ? setCondition(conditions, { type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' }, nowIso)
        : setCondition(conditions, { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' }, nowIso);
    const limited = clampReplicas(current, stabilized, min, max);
    next = setCondition(next, { type: 'ScalingLimited', status: limited.replicas === stabilized ? 'False' : 'True', reason: limited.reason, message: limited.message }, nowIso);
    return { replicas: limited.replicas, conditions: next };
  }

  /** The target's pods: those of its namespace its selector matches. */
  private podsOf(namespace: string, selector: LabelSelector | undefined): KubeObject[] {
    const pods = this.ctx.kinds.pods;
    if (!pods || !selector) return [];
    return this.ctx.informers
      .for(pods)
      .list(namespace)
      .filter((pod) => matchesSelector(selector, pod.metadata.labels) && (pod.status as { phase?: string } | undefined)?.phase !== 'Failed' && (pod.status as { phase?: string } | undefined)?.phase !== 'Succeeded')
      .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  }

  /** The target's scale (replicas and a way to change them), or the error text a scale GET gives. */
  private readScale(namespace: string | undefined, ref: NonNullable<HpaSpec['scaleTargetRef']>): string | { replicas: number; selector: LabelSelector | undefined; rescale(n: number): string | undefined } {
    const { registry, store } = this.ctx;
    const group = (ref.apiVersion ?? '').includes('/') ? (ref.apiVersion ?? '').split('/')[0] : '';
    const type = registry.byKind(ref.apiVersion ?? '', ref.kind ?? '');
    if (!type || !(type.scale || type.subresources?.includes('scale'))) return `no matches for kind ${JSON.stringify(ref.kind ?? '')} in group ${JSON.stringify(group ?? '')}`;
    const path = (type.scale?.specReplicasPath ?? '.spec.replicas').split('.').filter(Boolean);
    const obj = store.get(type, namespace, ref.name ?? '');
    const qualified = type.group ? `${type.resource}.${type.group}` : type.resource;
    if (!obj) return `${qualified} ${JSON.stringify(ref.name ?? '')} not found`;
    const replicas = Number(readPath(obj, path) ?? 1);
    return {
      replicas,
      selector: (obj.spec as { selector?: LabelSelector } | undefined)?.selector ?? undefined,
      rescale(n) {
        const next = clone(obj);
        writePath(next, path, n);
        try {
          // Through the scale subresource, as the HPA controller writes: an Update entry with `subresource: scale`.
          store.update(type, next, {
            fieldManager: 'kube-controller-manager',
            managedFields: (old) =>
              recordScaleWrite(old.metadata.managedFields, {
                manager: 'kube-controller-manager',
                operation: 'Update',
                force: false,
                apiVersion: old.apiVersion,
                replicasPath: path.map((p) => `.${p}`).join(''),
                changed: readPath(old, path) !== n,
                declared: true,
              }),
          });
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    };
  }
}

/** convertDesiredReplicasWithRules: min/max and the scale-up rate (double, at least 4). */
function clampReplicas(current: number, desired: number, min: number, max: number): { replicas: number; reason: string; message: string } {
  const scaleUpLimit = Math.max(2 * current, 4);
  const [ceiling, reason, message] =
    max > scaleUpLimit
      ? [scaleUpLimit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
      : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
  if (desired < min) return { replicas: min, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
  if (desired > ceiling) return { replicas: ceiling, reason, message };
  return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

function readPath(obj: unknown, path: string[]): unknown {
  let cur = obj;
  for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}

function writePath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  for (const p of path.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
  cur[path[path.length - 1]!] = value;
}
