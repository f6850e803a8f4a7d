/**
 * The optional controllers, each started when the kinds it needs are served.
 */
import type { ControllerContext } from './context.js';
import { DaemonSetController } from './daemonset.js';
import { DisruptionController } from './disruption.js';
import { EndpointsController } from './endpoints.js';
import { JobController } from './job.js';
import { QuotaController } from './quota.js';
import { StatefulSetController } from './statefulset.js';
import { VolumeController } from './volumes.js';

/** A startable controller. */
export interface Controller {
  start(): void;
  stop(): void;
}

/** Controllers beyond the core (nodes, scheduler, kubelet, ReplicaSet, Deployment). */
export function extraControllers(ctx: ControllerContext): Controller[] {
  const k = ctx.kinds;
  const out: Controller[] = [];
  if (!k.pods) return out;
  if (k.jobs) out.push(new JobController(ctx));
  if (k.statefulSets) out.push(new StatefulSetController(ctx));
  if (k.daemonSets && k.nodes) out.push(new DaemonSetController(ctx));
  if (k.services) out.push(new EndpointsController(ctx));
  if (k.pvcs) out.push(new VolumeController(ctx));
  if (k.resourceQuotas) out.push(new QuotaController(ctx));
  if (ctx.registry.byKind('policy/v1', 'PodDisruptionBudget')) out.push(new DisruptionController(ctx));
  return out;
}
