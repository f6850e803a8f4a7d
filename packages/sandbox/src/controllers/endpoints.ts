/**
 * Service networking: ClusterIP allocation from 10.96.0.0/12 (when the API did not assign one),
 * and the Endpoints and EndpointSlice controllers: the addresses of the ready pods that match a
 * Service's selector (not-ready ones under `notReadyAddresses` / `ready: false`).
 */
import type { KubeObject } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { objectKey } from './informer.js';
import { isConflict, isNotFound, jsonEqual, matchesMap } from './objects.js';
import { isTerminal, podSpec } from './pod-spec.js';
import { WorkQueue } from './queue.js';
import { isPodReady } from './replicaset.js';

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

interface ServiceSpec {
  selector?: Record<string, string>;
  ports?: ServicePort[];
  clusterIP?: string;
  type?: string;
}

/** Keeps each Service's ClusterIP, Endpoints and EndpointSlice in line with its pods. */
export class EndpointsController {
  private readonly queue: WorkQueue;
  private nextIp = 10;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ name: 'endpoints', clock: ctx.clock, reconcile: (k) => this.sync(k), onError: ctx.onError });
  }

  start(): void {
    const { informers, kinds } = this.ctx;
    const services = informers.for(kinds.services!);
    services.onChange((type, s) => type !== 'DELETED' && this.queue.add(objectKey(s)));
    informers.for(kinds.pods!).onChange((_t, pod, old) => {
      for (const svc of services.list(pod.metadata.namespace)) {
        const sel = (svc.spec as ServiceSpec | undefined)?.selector;
        if (matchesMap(sel, pod.metadata.labels) || (old && matchesMap(sel, old.metadata.labels))) this.queue.add(objectKey(svc));
      }
    });
    for (const s of services.list()) this.queue.add(objectKey(s));
  }

  stop(): void {
    this.queue.stop();
  }

  private allocateIp(): string {
    const used = new Set(this.ctx.informers.for(this.ctx.kinds.services!).list().map((s) => (s.spec as ServiceSpec | undefined)?.clusterIP));
    for (;;) {
      const n = this.nextIp++;
      const ip = `10.${96 + ((n >> 16) & 15)}.${(n >> 8) & 255}.${n & 255}`;
      if (!used.has(ip) && (n & 255) !== 0) return ip;
    }
  }

  private sync(key: string): void {
    const { informers, kinds, store } = this.ctx;
    let svc = informers.for(kinds.services!).getByKey(key);
    if (!svc || svc.metadata.deletionTimestamp) return;
    const spec = (svc.spec ?? {}) as ServiceSpec;
    if (spec.type !== 'ExternalName' && !spec.clusterIP) {
      const ip = this.allocateIp();
      try {
        svc = store.update(kinds.services!, { ...svc, spec: { ...spec, clusterIP: ip, clusterIPs: [ip] } });
      } catch (e) {
        if (isConflict(e)) return this.queue.addAfter(key, 10);
        throw e;
      }
    }
    if (!spec.selector || Object.keys(spec.selector).length === 0) return;
    const pods = informers
      .for(kinds.pods!)
      .list(svc.metadata.namespace)
      .filter((p) => matchesMap(spec.selector, p.metadata.labels) && !isTerminal(p) && !p.metadata.deletionTimestamp && (p.status as { podIP?: string } | undefined)?.podIP)
      .sort((a, b) => ((a.status as { podIP: string }).podIP < (b.status as { podIP: string }).podIP ? -1 : 1));
    const address = (p: KubeObject) => {
      const a: Record<string, unknown> = { ip: (p.status as { podIP: string }).podIP, targetRef: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid } };
      if (podSpec(p).nodeName) a.nodeName = podSpec(p).nodeName;
      return a;
    };
    const ready = pods.filter(isPodReady);
    const notReady = pods.filter((p) => !isPodReady(p));
    const ports = (spec.ports ?? []).map((p) => {
      const out: Record<string, unknown> = { port: this.targetPort(p, pods[0]), protocol: p.protocol ?? 'TCP' };
      if (p.name) out.name = p.name;
      return out;
    });
    const subset: Record<string, unknown> = {};
    if (ready.length) subset.addresses = ready.map(address);
    if (notReady.length) subset.notReadyAddresses = notReady.map(address);
    if (pods.length) subset.ports = ports;
    const subsets = pods.length ? [subset] : [];
    const labels = { ...svc.metadata.labels };
    if (kinds.endpoints) {
      const existing = informers.for(kinds.endpoints).get(svc.metadata.namespace, svc.metadata.name ?? '');
      const desired: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels }, subsets };
      this.write(kinds.endpoints, existing, desired, (o) => ({ subsets: o.subsets ?? [], labels: o.metadata.labels ?? {} }));
    }
    if (kinds.endpointSlices) {
      const name = `${svc.metadata.name}-sandbox`;
      const existing = informers.for(kinds.endpointSlices).get(svc.metadata.namespace, name);
      const desired: KubeObject = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name,
          namespace: svc.metadata.namespace,
          labels: { ...labels, 'kubernetes.io/service-name': svc.metadata.name ?? '', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
          ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name ?? '', uid: svc.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
        },
        addressType: 'IPv4',
        endpoints: pods.map((p) => {
          const r = isPodReady(p);
          const e: Record<string, unknown> = { addresses: [(p.status as { podIP: string }).podIP], conditions: { ready: r, serving: r, terminating: false }, targetRef: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid } };
          if (podSpec(p).nodeName) e.nodeName = podSpec(p).nodeName;
          return e;
        }),
        ports,
      };
      this.write(kinds.endpointSlices, existing, desired, (o) => ({ endpoints: o.endpoints ?? [], ports: o.ports ?? [] }));
    }
  }

  private targetPort(p: ServicePort, pod: KubeObject | undefined): number {
    if (typeof p.targetPort === 'number') return p.targetPort;
    if (typeof p.targetPort === 'string' && pod) {
      for (const c of podSpec(pod).containers ?? []) {
        const found = c.ports?.find((cp) => cp.name === p.targetPort);
        if (found) return found.containerPort;
      }
    }
    return p.port;
  }

  private write(type: NonNullable<ControllerContext['kinds']['endpoints']>, existing: KubeObject | undefined, desired: KubeObject, view: (o: KubeObject) => unknown): void {
    try {
      if (!existing) this.ctx.store.create(type, desired);
      else if (!jsonEqual(view(existing), view(desired))) this.ctx.store.update(type, { ...existing, ...desired, metadata: { ...existing.metadata, labels: desired.metadata.labels } });
    } catch (e) {
      if (!isConflict(e) && !isNotFound(e)) throw e;
    }
  }
}
