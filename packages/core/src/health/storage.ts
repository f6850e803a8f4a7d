/** Health of PersistentVolumeClaims. */
import type { HealthAssessment } from './types.js';
import { field, str, type LiveObject } from './object.js';

/** A PVC: Bound → Healthy, Pending → Progressing, Lost → Degraded. */
export function assessPersistentVolumeClaim(obj: LiveObject): HealthAssessment {
  const phase = str(field(obj, 'status'), 'phase');
  switch (phase) {
    case 'Bound':
      return { status: 'Healthy' };
    case 'Lost':
      return {
        status: 'Degraded',
        reason: 'ClaimLost',
        message: 'The bound persistent volume no longer exists',
      };
    default:
      return { status: 'Progressing', reason: 'Pending', message: 'Waiting for the claim to be bound' };
  }
}
