/**
 * The Job controller: runs pods (labels `job-name`, `controller-uid` and their
 * `batch.kubernetes.io/` forms) up to `parallelism` until `completions` succeed; counts failed
 * pods against `backoffLimit`; enforces `activeDeadlineSeconds`; sets the 1.31+ terminal
 * conditions (SuccessCriteriaMet then Complete, FailureTarget then Failed) and status counts.
 */
import type { KubeObject } from '../store/types.js';
import type { ControllerContext } from './context.js';
import { objectKey } from './informer.js';
import { controllerOf, getCondition, iso, isConflict, isNotFound, jsonEqual, parseTime, setCondition, type Condition } from './objects.js';
import { isTerminal } from './pod-spec.js';
import { WorkQueue } from './queue.js';
import { isPodReady, podFromTemplate } from './replicaset.js';

const COMPONENT = 'job-controller';

interface JobSpec {
  parallelism?: number;
  completions?: number | null;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  suspend?: boolean;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown };
}

/** The Job controller. */
export class JobController {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ name: 'job', clock: ctx.clock, reconcile: (k) => this.sync(k), onError: ctx.onError });
  }

  start(): void {
    const { informers, kinds } = this.ctx;
    const jobs = informers.for(kinds.jobs!);
    jobs.addIndex('uid', (o) => [o.metadata.uid ?? '']);
    jobs.onChange((type, j) => type !== 'DELETED' && this.queue.add(objectKey(j)));
    informers.for(kinds.pods!).onChange((_t, pod) => {
      const ref = controllerOf(pod);
      if (ref?.kind !== 'Job') return;
      const job = jobs.byIndex('uid', ref.uid)[0];
      if (job) this.queue.add(objectKey(job));
    });
    for (const j of jobs.list()) this.queue.add(objectKey(j));
  }

  stop(): void {
    this.queue.stop();
  }

  private sync(key: string): void {
    const { informers, kinds, store, clock, events } = this.ctx;
    const job = informers.for(kinds.jobs!).getByKey(key);
    if (!job || job.metadata.deletionTimestamp) return;
    const spec = (job.spec ?? {}) as JobSpec;
    const old = (job.status ?? {}) as Record<string, unknown> & { conditions?: Condition[] };
    const finished = (old.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    const now = clock.now();
    const nowIso = iso(now);
    const pods = informers.for(kinds.pods!).byIndex('owner', job.metadata.uid ?? '').filter((p) => controllerOf(p)?.uid === job.metadata.uid);
    const succeeded = pods.filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Succeeded').length;
    const restarts = pods.reduce((n, p) => n + ((p.status as { containerStatuses?: { restartCount?: number }[] } | undefined)?.containerStatuses ?? []).reduce((m, c) => m + (c.restartCount ?? 0), 0), 0);
    const failed = pods.filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Failed').length;
    const active = pods.filter((p) => !isTerminal(p) && !p.metadata.deletionTimestamp);
    const completions = spec.completions === null ? undefined : (spec.completions ?? 1);
    const parallelism = spec.parallelism ?? 1;
    const backoffLimit = spec.backoffLimit ?? 6;
    const startTime = (old.startTime as string | undefined) ?? (spec.suspend ? undefined : nowIso);
    let conditions = old.conditions ?? [];
    const status: Record<string, unknown> = { ...old };
    if (!finished) {
      let failure: { reason: string; message: string } | undefined;
      const started = parseTime(startTime);
      if (failed + restarts > backoffLimit) failure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
      else if (spec.activeDeadlineSeconds !== undefined && started !== undefined && now - started >= spec.activeDeadlineSeconds * 1000) {
        failure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
      }
      const complete = completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
      if (failure) {
        for (const p of active) this.deletePod(p);
        conditions = setCondition(conditions, { type: 'FailureTarget', status: 'True', lastProbeTime: nowIso, ...failure }, nowIso);
        conditions = setCondition(conditions, { type: 'Failed', status: 'True', lastProbeTime: nowIso, ...failure }, nowIso);
        events.record(job, 'Warning', failure.reason, failure.message, COMPONENT);
      } else if (complete) {
        const msg = { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
        conditions = setCondition(conditions, { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: nowIso, ...msg }, nowIso);
        conditions = setCondition(conditions, { type: 'Complete', status: 'True', lastProbeTime: nowIso, ...msg }, nowIso);
        status.completionTime = nowIso;
        events.record(job, 'Normal', 'Completed', 'Job completed', COMPONENT);
      } else if (!spec.suspend) {
        const remaining = completions === undefined ? parallelism : completions - succeeded;
        const want = Math.min(parallelism, remaining);
        for (let i = active.length; i < want; i++) this.createPod(job, spec);
        if (spec.activeDeadlineSeconds !== undefined && started !== undefined) this.queue.addAfter(key, started + spec.activeDeadlineSeconds * 1000 - now);
      }
    }
    const current = informers.for(kinds.pods!).byIndex('owner', job.metadata.uid ?? '').filter((p) => !isTerminal(p) && !p.metadata.deletionTimestamp);
    Object.assign(status, { active: current.length, succeeded, failed, ready: current.filter(isPodReady).length, terminating: pods.filter((p) => p.metadata.deletionTimestamp && !isTerminal(p)).length });
    if (startTime) status.startTime = startTime;
    if (conditions.length) status.conditions = conditions;
    status.uncountedTerminatedPods = {};
    for (const k of ['active', 'succeeded', 'failed']) if (status[k] === 0) delete status[k];
    if (!jsonEqual(status, job.status)) {
      try {
        store.updateStatus(kinds.jobs!, { ...job, status });
      } catch (e) {
        if (isConflict(e)) return this.queue.addAfter(key, 10);
        if (!isNotFound(e)) throw e;
      }
    }
  }

  private createPod(job: KubeObject, spec: JobSpec): void {
    const uid = job.metadata.uid ?? '';
    const name = job.metadata.name ?? '';
    const labels = { ...spec.template?.metadata?.labels, 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name };
    const pod = podFromTemplate(job, { ...spec.template, metadata: { ...spec.template?.metadata, labels } }, { generateName: `${name}-` });
    try {
      const created = this.ctx.store.create(this.ctx.kinds.pods!, pod);
      this.ctx.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
    } catch (e) {
      this.ctx.events.record(job, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`, COMPONENT);
    }
  }

  private deletePod(pod: KubeObject): void {
    try {
      this.ctx.store.delete(this.ctx.kinds.pods!, pod.metadata.namespace, pod.metadata.name ?? '');
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

/** Whether a Job has finished, and how. */
export function jobOutcome(job: KubeObject): 'Complete' | 'Failed' | undefined {
  const conds = (job.status as { conditions?: unknown } | undefined)?.conditions;
  if (getCondition(conds, 'Complete')?.status === 'True') return 'Complete';
  if (getCondition(conds, 'Failed')?.status === 'True') return 'Failed';
  return undefined;
}
