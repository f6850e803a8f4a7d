/**
 * Semantic checks of apps/v1 workloads (pkg/apis/apps/validation): Deployment strategy and
 * history, StatefulSet pod management policy, and the pod template restart policy.
 */
import type { FieldError } from '../errors.js';
import { asObject, isInt, isValidPercent, NON_NEGATIVE } from './syntax.js';

type Obj = Record<string, unknown>;

/** Template rules of ReplicaSet-like workloads: restartPolicy Always, no activeDeadlineSeconds (`kindWord` names the kind in the message). */
export function validateWorkloadTemplate(spec: Obj | undefined, errors: FieldError[], kindWord: string): void {
  const podSpec = asObject(asObject(spec?.template)?.spec);
  if (!podSpec) return;
  if (typeof podSpec.restartPolicy === 'string' && podSpec.restartPolicy !== 'Always') {
    errors.push({ reason: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', value: podSpec.restartPolicy, supported: ['Always'] });
  }
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errors.push({ reason: 'FieldValueForbidden', field: 'spec.template.spec.activeDeadlineSeconds', detail: `activeDeadlineSeconds in ${kindWord} is not Supported` });
  }
}

function nonNegative(spec: Obj | undefined, key: string, errors: FieldError[]): void {
  const v = spec?.[key];
  if (isInt(v) && v < 0) errors.push({ reason: 'FieldValueInvalid', field: `spec.${key}`, value: v, detail: NON_NEGATIVE });
}

/** An int-or-percent value: its amount and whether it was a percent. */
function intOrPercent(v: unknown): { amount: number; percent: boolean } | undefined {
  if (isInt(v)) return { amount: v, percent: false };
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return { amount: Number(v.slice(0, -1)), percent: true };
  return undefined;
}

function validatePositiveIntOrPercent(v: unknown, field: string, errors: FieldError[]): void {
  if (typeof v === 'string') {
    for (const m of isValidPercent(v)) errors.push({ reason: 'FieldValueInvalid', field, rawValue: v, detail: m });
  } else if (isInt(v) && v < 0) errors.push({ reason: 'FieldValueInvalid', field, value: v, detail: NON_NEGATIVE });
}

/** Deployment: strategy (rolling update bounds), revisionHistoryLimit, minReadySeconds, progressDeadlineSeconds. */
export function validateDeploymentSpec(spec: Obj | undefined, errors: FieldError[]): void {
  const strategy = asObject(spec?.strategy);
  const ru = asObject(strategy?.rollingUpdate);
  if (strategy?.type === 'Recreate' && ru) {
    errors.push({ reason: 'FieldValueForbidden', field: 'spec.strategy.rollingUpdate', detail: "may not be specified when strategy `type` is 'Recreate'" });
  } else if (strategy?.type === 'RollingUpdate' && ru) {
    const base = 'spec.strategy.rollingUpdate';
    validatePositiveIntOrPercent(ru.maxUnavailable, `${base}.maxUnavailable`, errors);
    validatePositiveIntOrPercent(ru.maxSurge, `${base}.maxSurge`, errors);
    const mu = intOrPercent(ru.maxUnavailable);
    const ms = intOrPercent(ru.maxSurge);
    if (mu?.amount === 0 && ms?.amount === 0) {
      errors.push({ reason: 'FieldValueInvalid', field: `${base}.maxUnavailable`, rawValue: String(ru.maxUnavailable), detail: 'may not be 0 when `maxSurge` is 0' });
    }
    if (mu?.percent && mu.amount > 100) {
      errors.push({ reason: 'FieldValueInvalid', field: `${base}.maxUnavailable`, rawValue: String(ru.maxUnavailable), detail: 'must not be greater than 100%' });
    }
  } else if (typeof strategy?.type === 'string' && strategy.type !== 'Recreate' && strategy.type !== 'RollingUpdate') {
    errors.push({ reason: 'FieldValueNotSupported', field: 'spec.strategy.type', value: strategy.type, supported: ['Recreate', 'RollingUpdate'] });
  }
  nonNegative(spec, 'revisionHistoryLimit', errors);
  nonNegative(spec, 'minReadySeconds', errors);
  const pds = spec?.progressDeadlineSeconds;
  if (isInt(pds)) {
    if (pds < 0) errors.push({ reason: 'FieldValueInvalid', field: 'spec.progressDeadlineSeconds', value: pds, detail: NON_NEGATIVE });
    else if (isInt(spec?.minReadySeconds) && pds <= spec.minReadySeconds) {
      errors.push({ reason: 'FieldValueInvalid', field: 'spec.progressDeadlineSeconds', value: pds, detail: 'must be greater than minReadySeconds' });
    }
  }
}

/** StatefulSet: podManagementPolicy values, revisionHistoryLimit, minReadySeconds. */
export function validateStatefulSetSpec(spec: Obj | undefined, errors: FieldError[]): void {
  const pmp = spec?.podManagementPolicy;
  if (typeof pmp === 'string' && pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    errors.push({ reason: 'FieldValueInvalid', field: 'spec.podManagementPolicy', value: pmp, detail: 'must be \'OrderedReady\' or \'Parallel\'' });
  }
  nonNegative(spec, 'revisionHistoryLimit', errors);
  nonNegative(spec, 'minReadySeconds', errors);
}
