/**
 * ClusterRole aggregation, as kube-controller-manager's clusterrole-aggregation controller: a
 * ClusterRole with `aggregationRule.clusterRoleSelectors` gets, as its `rules`, the rules of every
 * other ClusterRole whose labels match one of the selectors (roles in name order, duplicate rules
 * dropped). Any ClusterRole change re-evaluates every aggregated role.
 */
import type { KubeObject } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { isConflict, isNotFound, jsonEqual, matchesSelector, type LabelSelector } from './objects.js';
import { WorkQueue } from './queue.js';

const FIELD_MANAGER = 'clusterrole-aggregation-controller';

interface AggregationRule {
  clusterRoleSelectors?: LabelSelector[];
}

/** The ClusterRole aggregation controller. */
export class ClusterRoleAggregationController {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ name: 'clusterrole-aggregation', clock: ctx.clock, reconcile: (k) => this.sync(k), onError: ctx.onError });
  }

  start(): void {
    const roles = this.ctx.informers.for(this.ctx.kinds.clusterRoles!);
    roles.onChange(() => this.enqueueAggregated());
    this.enqueueAggregated();
  }

  stop(): void {
    this.queue.stop();
  }

  private enqueueAggregated(): void {
    for (const role of this.ctx.informers.for(this.ctx.kinds.clusterRoles!).list()) {
      if (role.aggregationRule) this.queue.add(role.metadata.name ?? '');
    }
  }

  private sync(name: string): void {
    const { informers, kinds, store } = this.ctx;
    const roles = informers.for(kinds.clusterRoles!);
    const role = roles.get(undefined, name);
    const selectors = (role?.aggregationRule as AggregationRule | undefined)?.clusterRoleSelectors;
    if (!role || !selectors) return;
    const sources = roles
      .list()
      .filter((r) => r.metadata.name !== name && selectors.some((s) => matchesSelector(s, r.metadata.labels)))
      .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
    const rules: unknown[] = [];
    for (const source of sources) {
      for (const rule of (source.rules as unknown[] | undefined) ?? []) if (!rules.some((r) => jsonEqual(r, rule))) rules.push(rule);
    }
    if (jsonEqual(rules, (role.rules as unknown[] | undefined) ?? [])) return;
    const next: KubeObject = { ...structuredClone(role), rules };
    try {
      store.update(kinds.clusterRoles!, next, { fieldManager: FIELD_MANAGER });
    } catch (e) {
      if (isConflict(e)) return this.queue.addAfter(name, 10);
      if (!isNotFound(e)) throw e;
    }
  }
}
