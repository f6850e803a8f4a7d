/**
 * Semantic checks of autoscaling/v2 HorizontalPodAutoscaler (pkg/apis/autoscaling/validation):
 * replica bounds and metric target types.
 */
import type { FieldError } from '../errors.js';
import { asObject, isInt, objectsOf } from './syntax.js';

type Obj = Record<string, unknown>;

const SOURCES = ['containerResource', 'external', 'object', 'pods', 'resource'] as const;
const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue'];

/** Checks an HPA spec, appending to `errors`. */
export function validateHpaSpec(spec: Obj | undefined, errors: FieldError[]): void {
  const min = spec?.minReplicas;
  const max = spec?.maxReplicas;
  if (isInt(min) && min < 1) errors.push({ reason: 'FieldValueInvalid', field: 'spec.minReplicas', value: min, detail: 'must be greater than or equal to 1' });
  if (isInt(max) && max < 1) errors.push({ reason: 'FieldValueInvalid', field: 'spec.maxReplicas', value: max, detail: 'must be greater than 0' });
  if (isInt(min) && isInt(max) && max < min) {
    errors.push({ reason: 'FieldValueInvalid', field: 'spec.maxReplicas', value: max, detail: 'must be greater than or equal to `minReplicas`' });
  }
  for (const [i, metric] of objectsOf(spec?.metrics)) {
    const source = SOURCES.find((s) => s.toLowerCase() === String(metric.type ?? '').toLowerCase());
    const target = source ? asObject(asObject(metric[source])?.target) : undefined;
    if (!source || !target) continue;
    const path = `spec.metrics[${i}].${source}.target`;
    const type = target.type;
    if (typeof type !== 'string' || type === '') errors.push({ reason: 'FieldValueRequired', field: `${path}.type`, detail: 'must specify a metric target type' });
    else if (!TARGET_TYPES.includes(type)) {
      errors.push({ reason: 'FieldValueInvalid', field: `${path}.type`, value: type, detail: 'must be either Utilization, Value, or AverageValue' });
    }
    const util = target.averageUtilization;
    if (isInt(util) && util < 1) errors.push({ reason: 'FieldValueInvalid', field: `${path}.averageUtilization`, value: util, detail: 'must be greater than 0' });
  }
}
