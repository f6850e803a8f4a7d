/** Health of Services and Ingresses. */
import type { HealthAssessment } from './types.js';
import { field, list, str, type LiveObject } from './object.js';

/** A Service: a LoadBalancer without an address yet is Progressing; every other Service is Healthy. */
export function assessService(obj: LiveObject): HealthAssessment {
  if (str(field(obj, 'spec'), 'type') !== 'LoadBalancer') return { status: 'Healthy' };
  const ingress = list(field(field(obj, 'status'), 'loadBalancer'), 'ingress');
  if (ingress.length === 0) {
    return {
      status: 'Progressing',
      reason: 'LoadBalancerPending',
      message: 'Waiting for the load balancer to get an address',
    };
  }
  return { status: 'Healthy' };
}

/**
 * An Ingress: Healthy. Many ingress controllers never write `status.loadBalancer`, so a
 * missing address is reported in the message rather than held as Progressing forever.
 */
export function assessIngress(obj: LiveObject): HealthAssessment {
  const ingress = list(field(field(obj, 'status'), 'loadBalancer'), 'ingress');
  if (ingress.length === 0)
    return { status: 'Healthy', message: 'No address assigned by the ingress controller yet' };
  return { status: 'Healthy' };
}
