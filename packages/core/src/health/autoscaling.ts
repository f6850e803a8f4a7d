/** Health of HorizontalPodAutoscalers. */
import type { HealthAssessment } from './types.js';
import { conditions, type LiveObject } from './object.js';

/**
 * An HPA from its conditions: `AbleToScale=False` or `ScalingActive=False` (metrics missing,
 * target not found) → Degraded with the reason; `ScalingActive=False ScalingDisabled` (target
 * scaled to zero) → Suspended. An HPA without conditions yet is Healthy: it does not hold
 * the application back, and some clusters run no autoscaler at all.
 */
export function assessHorizontalPodAutoscaler(obj: LiveObject): HealthAssessment {
  const all = conditions(obj);
  if (all.length === 0) return { status: 'Healthy', message: 'No autoscaler status reported yet' };
  for (const c of all) {
    if (c.type === 'ScalingActive' && c.status === 'False' && c.reason === 'ScalingDisabled') {
      return { status: 'Suspended', reason: c.reason, message: c.message };
    }
    if ((c.type === 'AbleToScale' || c.type === 'ScalingActive') && c.status === 'False') {
      return { status: 'Degraded', reason: c.reason ?? c.type, message: c.message };
    }
  }
  const limited = all.find((c) => c.type === 'ScalingLimited' && c.status === 'True');
  return limited
    ? { status: 'Healthy', reason: limited.reason, message: limited.message }
    : { status: 'Healthy' };
}
