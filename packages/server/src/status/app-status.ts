/**
 * An application's status in one environment, from its live objects: health per object,
 * component and application (core's rules) with the reason a person can act on, its pods,
 * recent warning events and the revision deployed there. Pure.
 */
import { assessApplication, assessComponent, LABELS, type ClusterEvent, type HealthAssessment, type HealthStatus, type KubeObject } from '@berth/core';
import { z } from 'zod';
import type { Deployment } from '../delivery/deployments.js';

const healthSchema = z.enum(['Healthy', 'Suspended', 'Progressing', 'Unknown', 'Missing', 'Degraded']);

/** The status document of `GET …/apps/:app/status`. */
export const appStatusSchema = z.object({
  application: z.string(),
  environment: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  health: healthSchema,
  reason: z.string().optional(),
  deployedRevision: z.number().int(),
  renderHash: z.string(),
  deployedAt: z.string(),
  components: z.array(
    z.object({
      name: z.string(),
      health: healthSchema,
      reason: z.string().optional(),
      objects: z.array(z.object({ kind: z.string(), name: z.string(), health: healthSchema, reason: z.string().optional() })),
      pods: z.array(
        z.object({
          name: z.string(),
          phase: z.string(),
          ready: z.boolean(),
          restarts: z.number().int(),
          node: z.string().optional(),
          health: healthSchema,
          reason: z.string().optional(),
        }),
      ),
    }),
  ),
  events: z.array(
    z.object({ reason: z.string(), message: z.string(), object: z.string(), count: z.number().int(), lastSeen: z.string().optional() }),
  ),
});

/** An application's live status in one environment. */
export type AppStatus = z.infer<typeof appStatusSchema>;

function reasonOf(h: HealthAssessment): string | undefined {
  if (h.status === 'Healthy') return undefined;
  return h.message ?? h.reason;
}

function withReason<T extends object>(base: T, reason: string | undefined): T & { reason?: string } {
  return reason === undefined ? base : { ...base, reason };
}

interface PodStatusView {
  phase?: string;
  conditions?: Array<{ type?: string; status?: string }>;
  containerStatuses?: Array<{ restartCount?: number }>;
}

/** Build the status of `deployment`'s application from its live objects and the namespace's warning events. */
export function buildAppStatus(deployment: Deployment, live: readonly KubeObject[], events: readonly ClusterEvent[], now: Date): AppStatus {
  const byComponent = new Map<string, { objects: KubeObject[]; pods: KubeObject[] }>();
  for (const name of deployment.components) byComponent.set(name, { objects: [], pods: [] });
  for (const obj of live) {
    const name = obj.metadata.labels?.[LABELS.componentName];
    if (!name) continue;
    const group = byComponent.get(name) ?? { objects: [], pods: [] };
    (obj.kind === 'Pod' ? group.pods : group.objects).push(obj);
    byComponent.set(name, group);
  }
  const names = new Set(live.map((o) => `${o.kind}/${o.metadata.name}`));
  const appEvents = events.filter((e) => e.type === 'Warning' && names.has(`${e.involvedObject?.kind}/${e.involvedObject?.name}`));
  const components: AppStatus['components'] = [];
  const verdicts: Record<string, HealthAssessment> = {};
  for (const [name, group] of [...byComponent.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const own = new Set([...group.objects, ...group.pods].map((o) => o.metadata.name));
    const health = assessComponent(group.objects, group.pods, appEvents.filter((e) => own.has(e.involvedObject?.name ?? '')), { now });
    verdicts[name] = health;
    const podHealth = new Map(health.pods.map((p) => [p.ref.name, p.health]));
    components.push(
      withReason(
        {
          name,
          health: health.status,
          objects: health.objects.map((o) => withReason({ kind: o.ref.kind, name: o.ref.name, health: o.health.status }, reasonOf(o.health))),
          pods: group.pods
            .map((p) => {
              const status = (p.status ?? {}) as PodStatusView;
              const h = podHealth.get(p.metadata.name) ?? { status: 'Unknown' as HealthStatus };
              const node = (p.spec as { nodeName?: string } | undefined)?.nodeName;
              return withReason(
                {
                  name: p.metadata.name,
                  phase: status.phase ?? 'Pending',
                  ready: (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
                  restarts: (status.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0),
                  ...(node ? { node } : {}),
                  health: h.status,
                },
                reasonOf(h),
              );
            })
            .sort((a, b) => a.name.localeCompare(b.name)),
        },
        reasonOf(health),
      ),
    );
  }
  const app = assessApplication(verdicts);
  return withReason(
    {
      application: deployment.app,
      environment: deployment.environment,
      cluster: deployment.cluster,
      namespace: deployment.namespace,
      health: app.status,
      deployedRevision: deployment.revision,
      renderHash: deployment.renderHash,
      deployedAt: deployment.deployedAt,
      components,
      events: [...appEvents]
        .sort((a, b) => (b.lastTimestamp ?? b.eventTime ?? '').localeCompare(a.lastTimestamp ?? a.eventTime ?? ''))
        .slice(0, 20)
        .map((e) => {
          const lastSeen = e.lastTimestamp ?? e.eventTime ?? undefined;
          return {
            reason: e.reason ?? '',
            message: e.message ?? '',
            object: `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
            count: Number((e as { count?: number }).count ?? 1),
            ...(lastSeen ? { lastSeen } : {}),
          };
        }),
    },
    app.status === 'Healthy' ? undefined : (app.message ?? app.reason),
  );
}

/** What the stream compares: health and reasons only, so a pod's restart count or a new event alone sends nothing. */
export function assessmentOf(status: AppStatus): string {
  return JSON.stringify([
    status.health,
    status.reason,
    status.deployedRevision,
    status.components.map((c) => [c.name, c.health, c.reason, c.objects.map((o) => [o.kind, o.name, o.health, o.reason]), c.pods.map((p) => [p.name, p.health, p.reason])]),
  ]);
}
