/**
 * Semantic checks of batch/v1 Job and CronJob (pkg/apis/batch/validation): counts, backoff
 * limit, CronJob name length, schedule and time zone.
 */
import type { FieldError } from '../errors.js';
import { CronSyntaxError, parseCronSchedule, timeZoneError } from '../../controllers/cron-schedule.js';
import { asObject, isInt, NON_NEGATIVE } from './syntax.js';

/** robfig/cron's error for `schedule`, or undefined when it parses. */
function scheduleError(schedule: string): string | undefined {
  try {
    parseCronSchedule(schedule);
    return undefined;
  } catch (e) {
    if (e instanceof CronSyntaxError) return e.message;
    throw e;
  }
}

type Obj = Record<string, unknown>;

/** Job spec counters at `path` (`spec` or `spec.jobTemplate.spec`). */
export function validateJobSpec(spec: Obj | undefined, path: string, errors: FieldError[]): void {
  for (const key of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    const v = spec?.[key];
    if (isInt(v) && v < 0) errors.push({ reason: 'FieldValueInvalid', field: `${path}.${key}`, value: v, detail: NON_NEGATIVE });
  }
  const podSpec = asObject(asObject(spec?.template)?.spec);
  const rp = podSpec?.restartPolicy;
  if (rp !== 'OnFailure' && rp !== 'Never') {
    errors.push({ reason: 'FieldValueNotSupported', field: `${path}.template.spec.restartPolicy`, value: rp ?? '', supported: ['OnFailure', 'Never'] });
  }
}

const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function timeZoneDetail(tz: string): string | undefined {
  if (tz === '') return 'timeZone must be nil or non-empty string';
  if (tz.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !TZ_PART.test(p))) return `unknown time zone ${tz}`;
  if (tz.toLowerCase() === 'local') return 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones';
  return timeZoneError(tz);
}

/**
 * CronJob (validateCronJobSpec): schedule (robfig/cron syntax, no TZ prefix unless the stored
 * one had it), timeZone, non-negative limits; on create, name ≤ 52 characters. `old` is the
 * stored CronJob on update.
 */
export function validateCronJob(name: string | undefined, spec: Obj | undefined, errors: FieldError[], old?: Obj): void {
  const schedule = spec?.schedule;
  if (typeof schedule !== 'string' || schedule.length === 0) errors.push({ reason: 'FieldValueRequired', field: 'spec.schedule' });
  else {
    const why = scheduleError(schedule);
    if (why) errors.push({ reason: 'FieldValueInvalid', field: 'spec.schedule', value: schedule, detail: why });
    const oldSchedule = asObject(old?.spec)?.schedule;
    const allowTZ = typeof oldSchedule === 'string' && oldSchedule.includes('TZ');
    if (allowTZ && schedule.includes('TZ') && typeof spec?.timeZone === 'string') {
      errors.push({ reason: 'FieldValueInvalid', field: 'spec.schedule', value: schedule, detail: 'cannot use both timeZone field and TZ or CRON_TZ in schedule' });
    } else if (!allowTZ && schedule.includes('TZ')) {
      errors.push({ reason: 'FieldValueInvalid', field: 'spec.schedule', value: schedule, detail: 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead' });
    }
  }
  const tz = spec?.timeZone;
  const oldTz = asObject(old?.spec)?.timeZone;
  if (typeof tz === 'string' && (!old || tz !== oldTz)) {
    const detail = timeZoneDetail(tz);
    if (detail) errors.push({ reason: 'FieldValueInvalid', field: 'spec.timeZone', value: tz, detail });
  }
  for (const key of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    const v = spec?.[key];
    if (isInt(v) && v < 0) errors.push({ reason: 'FieldValueInvalid', field: `spec.${key}`, value: v, detail: NON_NEGATIVE });
  }
  if (!old && name && name.length > 52) {
    errors.push({ reason: 'FieldValueInvalid', field: 'metadata.name', value: name, detail: 'must be no more than 52 characters' });
  }
}
