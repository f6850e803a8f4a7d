/**
 * Health of a Pod from its phase, conditions and container statuses — where the reasons a
 * person can act on live (`ImagePullBackOff`, `CrashLoopBackOff`, `OOMKilled`, `Unschedulable`).
 *
 * Decision on unschedulable pods: Degraded at once, with the scheduler's message, because the
 * scheduler's verdict (`0/3 nodes are available: 3 Insufficient nvidia.com/gpu.`) is the
 * answer a user is waiting for. A cluster with an autoscaler may add a node: pass
 * `unschedulableGraceMs` and `now` to treat a freshly unschedulable pod as Progressing for
 * that long (status then changes with time alone, so re-assess periodically).
 */
import type { AssessOptions, HealthAssessment } from './types.js';
import { condition, field, list, str, type LiveObject } from './object.js';

/** Waiting reasons that do not fix themselves: the pod needs a change (image, config, code). */
export const FAILING_WAITING_REASONS: ReadonlySet<string> = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'PreCreateHookError',
  'PostStartHookError',
]);

/** One container's status, with the spec's image when the status has none yet. */
interface ContainerView {
  name: string;
  image: string;
  init: boolean;
  status: Record<string, unknown>;
}

function containers(obj: LiveObject): ContainerView[] {
  const spec = field(obj, 'spec');
  const status = field(obj, 'status');
  const images = new Map<string, string>();
  for (const c of [...list(spec, 'initContainers'), ...list(spec, 'containers')]) {
    const name = str(c, 'name');
    if (name) images.set(name, str(c, 'image') ?? '');
  }
  const view =
    (init: boolean) =>
    (s: Record<string, unknown>): ContainerView => {
      const name = str(s, 'name') ?? '?';
      return { name, image: images.get(name) || str(s, 'image') || '', init, status: s };
    };
  return [
    ...list(status, 'initContainerStatuses').map(view(true)),
    ...list(status, 'containerStatuses').map(view(false)),
  ];
}

function label(c: ContainerView): string {
  return `${c.init ? 'init container' : 'container'} "${c.name}"${c.image ? ` (image ${c.image})` : ''}`;
}

/** A container that was (or is) killed for exceeding its memory limit. */
function oomKilled(c: ContainerView): boolean {
  const now = field(field(c.status, 'state'), 'terminated');
  const last = field(field(c.status, 'lastState'), 'terminated');
  return str(now, 'reason') === 'OOMKilled' || str(last, 'reason') === 'OOMKilled';
}

/** The first container problem that needs a person, most specific first. */
function containerProblem(views: ContainerView[]): HealthAssessment | undefined {
  for (const c of views) {
    if (oomKilled(c)) {
      const restarts =
        typeof c.status.restartCount === 'number' ? `, restarted ${c.status.restartCount} times` : '';
      return {
        status: 'Degraded',
        reason: 'OOMKilled',
        message: `OOMKilled: ${label(c)} was killed for exceeding its memory limit${restarts}`,
      };
    }
  }
  for (const c of views) {
    const waiting = field(field(c.status, 'state'), 'waiting');
    const reason = str(waiting, 'reason');
    if (reason && FAILING_WAITING_REASONS.has(reason)) {
      const detail = str(waiting, 'message');
      return { status: 'Degraded', reason, message: `${reason}: ${label(c)}${detail ? `: ${detail}` : ''}` };
    }
  }
  return undefined;
}

function unschedulable(obj: LiveObject, options: AssessOptions): HealthAssessment | undefined {
  const scheduled = condition(obj, 'PodScheduled');
  if (scheduled?.status !== 'False' || scheduled.reason !== 'Unschedulable') return undefined;
  const message = `Unschedulable: ${scheduled.message ?? 'no node can run this pod'}`;
  const grace = options.unschedulableGraceMs ?? 0;
  const since = scheduled.lastTransitionTime ? Date.parse(scheduled.lastTransitionTime) : NaN;
  if (grace > 0 && options.now && Number.isFinite(since) && options.now.getTime() - since < grace) {
    return { status: 'Progressing', reason: 'Unschedulable', message };
  }
  return { status: 'Degraded', reason: 'Unschedulable', message };
}

/** A Pod: container problems and scheduling failures first, then its phase and readiness. */
export function assessPod(obj: LiveObject, options: AssessOptions = {}): HealthAssessment {
  const status = field(obj, 'status');
  const phase = str(status, 'phase');
  if (obj.metadata?.deletionTimestamp)
    return { status: 'Progressing', reason: 'Terminating', message: 'Pod is terminating' };
  if (phase === 'Succeeded') return { status: 'Healthy', reason: 'Completed' };
  const views = containers(obj);
  if (phase === 'Failed') {
    const terminated = views
      .map((c) => ({ c, t: field(field(c.status, 'state'), 'terminated') }))
      .find(({ t }) => typeof t.exitCode === 'number' && t.exitCode !== 0);
    const reason =
      str(status, 'reason') ?? (terminated ? str(terminated.t, 'reason') : undefined) ?? 'Failed';
    const detail =
      str(status, 'message') ??
      (terminated
        ? `${label(terminated.c)} exited with code ${String(terminated.t.exitCode)}`
        : 'Pod failed');
    return { status: 'Degraded', reason, message: `${reason}: ${detail}` };
  }
  const problem = containerProblem(views) ?? unschedulable(obj, options);
  if (problem) return problem;
  if (phase === 'Unknown')
    return {
      status: 'Unknown',
      reason: 'NodeLost',
      message: str(status, 'message') ?? 'Pod state is unknown',
    };
  if (phase === 'Running') {
    if (condition(obj, 'Ready')?.status === 'True') return { status: 'Healthy' };
    const notReady = views.filter((c) => !c.init && c.status.ready !== true).map((c) => c.name);
    return {
      status: 'Progressing',
      reason: 'ContainersNotReady',
      message: notReady.length > 0 ? `Containers not ready: ${notReady.join(', ')}` : 'Pod is not ready',
    };
  }
  const waiting = views.map((c) => str(field(field(c.status, 'state'), 'waiting'), 'reason')).find(Boolean);
  return { status: 'Progressing', reason: waiting ?? 'Pending', message: `Pod is ${waiting ?? 'pending'}` };
}
