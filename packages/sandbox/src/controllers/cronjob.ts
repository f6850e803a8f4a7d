/**
 * The CronJob controller, as kube-controller-manager's (cronjob_controllerv2): at each scheduled
 * time it creates a Job `<cronjob>-<scheduled minutes since the epoch>` from the job template,
 * honouring `suspend`, `startingDeadlineSeconds`, `timeZone` and `concurrencyPolicy`
 * (Allow / Forbid / Replace); keeps `status.active`, `lastScheduleTime` and `lastSuccessfulTime`;
 * deletes finished Jobs beyond the history limits; records the same events (SuccessfulCreate,
 * SawCompletedJob, SuccessfulDelete, JobAlreadyActive, MissSchedule, ...). Runs on the cluster
 * clock, requeueing each CronJob for its next scheduled time.
 */
import type { KubeObject } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { CronSyntaxError, parseCronSchedule, timeZoneError, type CronSchedule } from './cron-schedule.js';
import { objectKey } from './informer.js';
import { clone, controllerOf, controllerRef, iso, isConflict, isNotFound, jsonEqual, parseTime } from './objects.js';
import { jobOutcome } from './job.js';
import { WorkQueue } from './queue.js';

const COMPONENT = 'cronjob-controller';
/** Annotation with the scheduled time a Job was created for (RFC 3339, in the CronJob's zone). */
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** The controller requeues slightly after the scheduled time, as the real one (nextScheduleDelta). */
const NEXT_SCHEDULE_DELTA_MS = 100;
const TOO_MANY_MISSED = 100;

interface CronJobSpec {
  schedule?: string;
  timeZone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  suspend?: boolean;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown };
}

/** A core/v1 ObjectReference as in `status.active`. */
interface JobRef {
  kind: string;
  namespace?: string;
  name: string;
  uid: string;
  apiVersion: string;
  resourceVersion?: string;
}

interface CronJobStatus {
  active?: JobRef[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

/** The CronJob controller. */
export class CronJobController {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ name: 'cronjob', clock: ctx.clock, reconcile: (k) => this.sync(k), onError: ctx.onError });
  }

  start(): void {
    const { informers, kinds } = this.ctx;
    const cronJobs = informers.for(kinds.cronJobs!);
    cronJobs.addIndex('uid', (o) => [o.metadata.uid ?? '']);
    cronJobs.onChange((type, cj) => type !== 'DELETED' && this.queue.add(objectKey(cj)));
    informers.for(kinds.jobs!).onChange((_t, job) => {
      const ref = controllerOf(job);
      if (ref?.kind !== 'CronJob') return;
      const cj = cronJobs.byIndex('uid', ref.uid)[0];
      if (cj) this.queue.add(objectKey(cj));
    });
    for (const cj of cronJobs.list()) this.queue.add(objectKey(cj));
  }

  stop(): void {
    this.queue.stop();
  }

  private sync(key: string): void {
    const { informers, kinds, store } = this.ctx;
    const cj = informers.for(kinds.cronJobs!).getByKey(key);
    if (!cj) return;
    const jobs = informers.for(kinds.jobs!).byIndex('owner', cj.metadata.uid ?? '').filter((j) => controllerOf(j)?.uid === cj.metadata.uid);
    const status = clone((cj.status ?? {}) as CronJobStatus);
    const before = clone(status);
    const requeueMs = this.reconcile(cj, status, jobs);
    this.cleanupFinishedJobs(cj, status, jobs);
    if (!status.active?.length) delete status.active;
    if (!jsonEqual(status, before)) {
      try {
        store.updateStatus(kinds.cronJobs!, { ...cj, status });
      } catch (e) {
        if (isConflict(e)) return this.queue.addAfter(key, 10);
        if (!isNotFound(e)) throw e;
      }
    }
    if (requeueMs !== undefined) this.queue.addAfter(key, requeueMs);
  }

  /** One pass of the real controller's syncCronJob; mutates `status`, returns when to look again (ms). */
  private reconcile(cj: KubeObject, status: CronJobStatus, jobs: KubeObject[]): number | undefined {
    const { events, clock } = this.ctx;
    const spec = (cj.spec ?? {}) as CronJobSpec;
    const now = clock.now();
    status.active ??= [];
    for (const job of jobs) {
      const uid = job.metadata.uid ?? '';
      const tracked = status.active.some((r) => r.uid === uid);
      const outcome = jobOutcome(job);
      if (!tracked && !outcome) {
        events.record(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata.name}`, COMPONENT);
      } else if (outcome) {
        if (tracked) {
          status.active = status.active.filter((r) => r.uid !== uid);
          events.record(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${outcome}`, COMPONENT);
        }
        const completed = (job.status as { completionTime?: string } | undefined)?.completionTime;
        if (outcome === 'Complete' && completed && (!status.lastSuccessfulTime || (parseTime(completed) ?? 0) > (parseTime(status.lastSuccessfulTime) ?? 0))) {
          status.lastSuccessfulTime = completed;
        }
      }
    }
    for (const ref of [...status.active]) {
      if (jobs.some((j) => j.metadata.uid === ref.uid)) continue;
      if (this.ctx.store.get(this.ctx.kinds.jobs!, ref.namespace, ref.name)) continue;
      events.record(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`, COMPONENT);
      status.active = status.active.filter((r) => r.uid !== ref.uid);
    }
    if (cj.metadata.deletionTimestamp) return undefined;
    if (spec.timeZone !== undefined) {
      const err = timeZoneError(spec.timeZone);
      if (err) {
        events.record(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(spec.timeZone)}: ${err}`, COMPONENT);
        return undefined;
      }
    }
    if (spec.suspend) return undefined;
    const scheduleText = spec.schedule ?? '';
    if (scheduleText.includes('TZ')) {
      events.record(cj, 'Warning', 'UnsupportedSchedule', `CRON_TZ or TZ used in schedule ${JSON.stringify(scheduleText)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`, COMPONENT);
    }
    let schedule: CronSchedule;
    try {
      schedule = parseCronSchedule(scheduleText, scheduleText.includes('TZ') ? undefined : spec.timeZone);
    } catch (e) {
      if (!(e instanceof CronSyntaxError)) throw e;
      events.record(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(scheduleText)} : ${e.message}`, COMPONENT);
      return undefined;
    }
    const recent = mostRecentScheduleTime(cj, status, now, schedule, true);
    if (recent.missed > TOO_MANY_MISSED) {
      events.record(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${recent.missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`, COMPONENT);
    }
    const untilNext = (): number | undefined => nextScheduleDelay(cj, status, now, schedule);
    const scheduled = recent.mostRecent;
    if (scheduled === undefined) return untilNext();
    if (spec.startingDeadlineSeconds !== undefined && scheduled + spec.startingDeadlineSeconds * 1000 < now) {
      events.record(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`, COMPONENT);
      return untilNext();
    }
    const jobName = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
    if (status.active.some((r) => r.name === jobName) || parseTime(status.lastScheduleTime) === scheduled) return untilNext();
    if (spec.concurrencyPolicy === 'Forbid' && status.active.length > 0) {
      events.record(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', COMPONENT);
      return untilNext();
    }
    if (spec.concurrencyPolicy === 'Replace') {
      for (const ref of [...status.active]) this.deleteJob(cj, status, ref.namespace, ref.name, ref.uid);
    }
    const created = this.createJob(cj, spec, jobName, scheduled);
    if (!created) return undefined;
    if (!status.active.some((r) => r.uid === created.metadata.uid)) status.active.push(jobRef(created));
    status.lastScheduleTime = iso(scheduled);
    return untilNext();
  }

  private createJob(cj: KubeObject, spec: CronJobSpec, name: string, scheduled: number): KubeObject | undefined {
    const { store, kinds, events } = this.ctx;
    const template = spec.jobTemplate ?? {};
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        labels: { ...template.metadata?.labels },
        annotations: { ...template.metadata?.annotations, [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(scheduled, spec.timeZone) },
        ownerReferences: [controllerRef(cj)],
      },
      spec: clone(template.spec ?? {}),
    };
    try {
      const created = store.create(kinds.jobs!, job, { fieldManager: 'kube-controller-manager' });
      events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`, COMPONENT);
      return created;
    } catch (e) {
      if (isConflict(e)) {
        // Created on an earlier pass whose status update was lost: adopt it if it is ours.
        const existing = store.get(kinds.jobs!, cj.metadata.namespace, name);
        return existing && controllerOf(existing)?.uid === cj.metadata.uid ? existing : undefined;
      }
      events.record(cj, 'Warning', 'FailedCreate', `Error creating job: ${(e as Error).message}`, COMPONENT);
      return undefined;
    }
  }

  private deleteJob(cj: KubeObject, status: CronJobStatus, namespace: string | undefined, name: string, uid: string | undefined): boolean {
    try {
      this.ctx.store.delete(this.ctx.kinds.jobs!, namespace, name, { propagationPolicy: 'Background' });
    } catch (e) {
      if (!isNotFound(e)) {
        this.ctx.events.record(cj, 'Warning', 'FailedDelete', `Deleted job: ${(e as Error).message}`, COMPONENT);
        return false;
      }
    }
    if (uid) status.active = (status.active ?? []).filter((r) => r.uid !== uid);
    this.ctx.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`, COMPONENT);
    return true;
  }

  /** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit. */
  private cleanupFinishedJobs(cj: KubeObject, status: CronJobStatus, jobs: KubeObject[]): void {
    const spec = (cj.spec ?? {}) as CronJobSpec;
    const limits = { Complete: spec.successfulJobsHistoryLimit ?? 3, Failed: spec.failedJobsHistoryLimit ?? 1 };
    for (const outcome of ['Complete', 'Failed'] as const) {
      const finished = jobs.filter((j) => jobOutcome(j) === outcome && !j.metadata.deletionTimestamp).sort(byStartTime);
      for (const job of finished.slice(0, Math.max(0, finished.length - limits[outcome]))) {
        this.deleteJob(cj, status, job.metadata.namespace, job.metadata.name ?? '', job.metadata.uid);
      }
    }
  }
}

/** Jobs by `status.startTime` (unset last), then name — the order the real controller deletes in. */
function byStartTime(a: KubeObject, b: KubeObject): number {
  const ta = parseTime((a.status as { startTime?: string } | undefined)?.startTime);
  const tb = parseTime((b.status as { startTime?: string } | undefined)?.startTime);
  if (ta === undefined || tb === undefined) return ta === tb ? 0 : ta === undefined ? 1 : -1;
  return ta === tb ? (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '') : ta - tb;
}

/**
 * The most recent scheduled time in (earliest, now] — earliest being lastScheduleTime or the
 * creation time, moved up to `now - startingDeadlineSeconds` when set — and an estimate of how
 * many were missed.
 */
function mostRecentScheduleTime(cj: KubeObject, status: CronJobStatus, now: number, schedule: CronSchedule, withDeadline: boolean): { earliest: number; mostRecent?: number; missed: number } {
  let earliest = parseTime(status.lastScheduleTime) ?? parseTime(cj.metadata.creationTimestamp) ?? now;
  const deadline = ((cj.spec ?? {}) as CronJobSpec).startingDeadlineSeconds;
  if (withDeadline && deadline !== undefined) earliest = Math.max(earliest, now - deadline * 1000);
  const t1 = schedule.next(earliest);
  if (t1 === undefined || t1 > now) return { earliest, missed: 0 };
  const t2 = schedule.next(t1);
  if (t2 === undefined || t2 > now) return { earliest, mostRecent: t1, missed: 1 };
  const interval = Math.max(1000, t2 - t1);
  const missed = Math.floor((now - t1) / interval) + 1;
  // Jump close to now (as the real controller does) instead of walking every missed time.
  let t: number | undefined = schedule.next(t1 + Math.max(0, missed - 2) * interval - 1) ?? t1;
  let mostRecent = t1;
  while (t !== undefined && t <= now) {
    mostRecent = t;
    t = schedule.next(t);
  }
  return { earliest, mostRecent, missed };
}

/** Time from `now` until the next scheduled time, plus the controller's small delta. */
function nextScheduleDelay(cj: KubeObject, status: CronJobStatus, now: number, schedule: CronSchedule): number | undefined {
  const r = mostRecentScheduleTime(cj, status, now, schedule, false);
  const next = schedule.next(r.mostRecent ?? r.earliest);
  return next === undefined ? undefined : Math.max(0, next - now) + NEXT_SCHEDULE_DELTA_MS;
}

function jobRef(job: KubeObject): JobRef {
  const ref: JobRef = { kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name ?? '', uid: job.metadata.uid ?? '', apiVersion: 'batch/v1', resourceVersion: job.metadata.resourceVersion };
  if (!ref.namespace) delete ref.namespace;
  return ref;
}

/** Go's time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. */
function rfc1123z(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** RFC 3339 of `ms` in `zone` (UTC: `...Z`; otherwise with the zone's offset, e.g. `+01:00`). */
function rfc3339In(ms: number, zone: string | undefined): string {
  if (!zone || zone === 'UTC' || timeZoneError(zone)) return iso(ms);
  const parts: Record<string, string> = {};
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  for (const p of fmt.formatToParts(new Date(ms))) parts[p.type] = p.value;
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMin = Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  if (offsetMin === 0) return iso(ms);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${off}`;
}
