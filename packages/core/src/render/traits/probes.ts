import type { Probe } from '../../model/schema.js';
import type { TraitProcessor } from './types.js';

const PROBE_FIELDS = [
  'exec',
  'grpc',
  'httpGet',
  'tcpSocket',
  'initialDelaySeconds',
  'periodSeconds',
  'timeoutSeconds',
  'failureThreshold',
  'successThreshold',
] as const;

/** A Berth probe as a Kubernetes Probe: the same field names, unset fields left out. */
export function toProbe(probe: Probe): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of PROBE_FIELDS) if (probe[field] !== undefined) out[field] = probe[field];
  return out;
}

/** `probes`: liveness, readiness and startup probes of the main container. */
export const probesTrait: TraitProcessor<'probes'> = {
  name: 'probes',
  appliesTo: ['webservice', 'worker', 'store', 'daemon', 'job', 'cronjob'],
  process: ({ data }) => ({
    containerPatches: {
      ...(data.liveness ? { livenessProbe: toProbe(data.liveness) } : {}),
      ...(data.readiness ? { readinessProbe: toProbe(data.readiness) } : {}),
      ...(data.startup ? { startupProbe: toProbe(data.startup) } : {}),
    },
  }),
};
