/**
 * ResourceQuota: the usage controller (status.hard / status.used for pods, compute requests and
 * limits, object counts) and the admission check the API server calls on create
 * (`exceeded quota: <name>, requested: ..., used: ..., limited: ...`).
 */
import { formatAmount, resourceAmount } from '../sim/quantity.js';
import type { KubeObject, ResourceType } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { isConflict, isNotFound, jsonEqual } from './objects.js';
import { isTerminal, podRequests, podSpec } from './pod-spec.js';
import { WorkQueue } from './queue.js';

/** Outcome of a quota admission check. */
export type QuotaCheck = { allowed: true } | { allowed: false; message: string };

const COUNT_ALIASES: Record<string, string> = {
  pods: 'count/pods',
  services: 'count/services',
  configmaps: 'count/configmaps',
  secrets: 'count/secrets',
  persistentvolumeclaims: 'count/persistentvolumeclaims',
  replicationcontrollers: 'count/replicationcontrollers',
  resourcequotas: 'count/resourcequotas',
};

function podLimits(pod: KubeObject): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of podSpec(pod).containers ?? []) {
    for (const [k, v] of Object.entries(c.resources?.limits ?? {})) out.set(k, (out.get(k) ?? 0) + resourceAmount(k, v));
  }
  return out;
}

/** What one object adds to each quota resource name. */
function objectUsage(type: ResourceType, obj: KubeObject): Map<string, number> {
  const usage = new Map<string, number>();
  const countKey = type.group ? `count/${type.resource}.${type.group}` : `count/${type.resource}`;
  usage.set(countKey, 1);
  for (const [alias, key] of Object.entries(COUNT_ALIASES)) if (key === countKey) usage.set(alias, 1);
  if (!type.group && type.resource === 'pods') {
    for (const [k, v] of podRequests(obj)) {
      usage.set(`requests.${k}`, v);
      if (k === 'cpu' || k === 'memory' || k === 'ephemeral-storage') usage.set(k, v);
    }
    for (const [k, v] of podLimits(obj)) usage.set(`limits.${k}`, v);
  }
  if (!type.group && type.resource === 'persistentvolumeclaims') {
    const storage = ((obj.spec as { resources?: { requests?: Record<string, string> } } | undefined)?.resources?.requests ?? {}).storage;
    usage.set('requests.storage', resourceAmount('storage', storage));
  }
  if (!type.group && type.resource === 'services') {
    const t = (obj.spec as { type?: string } | undefined)?.type;
    if (t === 'LoadBalancer') usage.set('services.loadbalancers', 1);
    if (t === 'NodePort' || t === 'LoadBalancer') usage.set('services.nodeports', 1);
  }
  return usage;
}

/** Which resource type a quota resource name counts, if it is an object count. */
function typeForName(ctx: ControllerContext, name: string): ResourceType | undefined {
  let n = name.startsWith('count/') ? name.slice(6) : name;
  if (name.startsWith('requests.') || name.startsWith('limits.') || name === 'cpu' || name === 'memory') n = 'pods';
  if (name === 'requests.storage') n = 'persistentvolumeclaims';
  if (name.startsWith('services.')) n = 'services';
  const dot = n.indexOf('.');
  const resource = dot < 0 ? n : n.slice(0, dot);
  const group = dot < 0 ? '' : n.slice(dot + 1);
  return ctx.registry.all().find((t) => t.resource === resource && t.group === group);
}

function counts(type: ResourceType, obj: KubeObject): boolean {
  return !(type.resource === 'pods' && !type.group && isTerminal(obj));
}

/** Current usage in a namespace of the resource names `hard` constrains. */
function usageIn(ctx: ControllerContext, namespace: string, hard: Record<string, string>): Record<string, number> {
  const used: Record<string, number> = {};
  for (const name of Object.keys(hard)) {
    used[name] = 0;
    const type = typeForName(ctx, name);
    if (!type) continue;
    for (const obj of ctx.informers.for(type).list(namespace)) {
      if (!counts(type, obj)) continue;
      used[name] += objectUsage(type, obj).get(name) ?? 0;
    }
  }
  return used;
}

function amountName(name: string): string {
  return name.replace(/^(requests|limits)\./, '');
}

/** Quota admission for creating `object` in `namespace`. */
export function checkQuota(ctx: ControllerContext, namespace: string, object: KubeObject): QuotaCheck {
  if (!ctx.kinds.resourceQuotas) return { allowed: true };
  const type = ctx.registry.byKind(object.apiVersion, object.kind);
  if (!type) return { allowed: true };
  const delta = objectUsage(type, object);
  for (const quota of ctx.informers.for(ctx.kinds.resourceQuotas).list(namespace)) {
    const hard = ((quota.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<string, string>;
    const relevant = Object.keys(hard).filter((n) => (delta.get(n) ?? 0) > 0).sort();
    if (relevant.length === 0) continue;
    const used = usageIn(ctx, namespace, Object.fromEntries(relevant.map((n) => [n, hard[n]!])));
    const exceeded = relevant.filter((n) => (used[n] ?? 0) + (delta.get(n) ?? 0) > resourceAmount(amountName(n), hard[n]));
    if (exceeded.length === 0) continue;
    const fmt = (f: (n: string) => number) => exceeded.map((n) => `${n}=${formatAmount(amountName(n), f(n))}`).join(',');
    const message = `exceeded quota: ${quota.metadata.name}, requested: ${fmt((n) => delta.get(n) ?? 0)}, used: ${fmt((n) => used[n] ?? 0)}, limited: ${exceeded.map((n) => `${n}=${hard[n]}`).join(',')}`;
    return { allowed: false, message };
  }
  return { allowed: true };
}

/** Keeps ResourceQuota status (hard, used) up to date. */
export class QuotaController {
  private readonly queue: WorkQueue;
  private readonly watched = new Set<string>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ name: 'resourcequota', clock: ctx.clock, reconcile: (ns) => this.sync(ns), onError: ctx.onError });
  }

  start(): void {
    const quotas = this.ctx.informers.for(this.ctx.kinds.resourceQuotas!);
    quotas.onChange((type, q) => {
      if (type !== 'DELETED') {
        this.watchTypes(q);
        this.queue.add(q.metadata.namespace ?? '');
      }
    });
    for (const q of quotas.list()) {
      this.watchTypes(q);
      this.queue.add(q.metadata.namespace ?? '');
    }
  }

  stop(): void {
    this.queue.stop();
  }

  private watchTypes(quota: KubeObject): void {
    const hard = ((quota.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<string, string>;
    for (const name of Object.keys(hard)) {
      const type = typeForName(this.ctx, name);
      if (!type) continue;
      const id = `${type.group}/${type.resource}`;
      if (this.watched.has(id)) continue;
      this.watched.add(id);
      this.ctx.informers.for(type).onChange((_t, obj) => {
        const ns = obj.metadata.namespace;
        if (ns && this.ctx.informers.for(this.ctx.kinds.resourceQuotas!).countByIndex('namespace', ns) > 0) this.queue.add(ns);
      });
    }
  }

  private sync(namespace: string): void {
    const { informers, kinds, store } = this.ctx;
    for (const quota of informers.for(kinds.resourceQuotas!).list(namespace)) {
      const hard = ((quota.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<string, string>;
      const used = usageIn(this.ctx, namespace, hard);
      const status = { hard: { ...hard }, used: Object.fromEntries(Object.entries(used).map(([k, v]) => [k, formatAmount(amountName(k), v)])) };
      if (jsonEqual(status, quota.status)) continue;
      try {
        store.updateStatus(kinds.resourceQuotas!, { ...quota, status });
      } catch (e) {
        if (isConflict(e)) this.queue.addAfter(namespace, 10);
        else if (!isNotFound(e)) throw e;
      }
    }
  }
}
