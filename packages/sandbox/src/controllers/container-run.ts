/**
 * The simulated life of one container, as a small state machine advanced in time: pulling
 * (or failing to pull, with ErrImagePull / ImagePullBackOff back-off), running, becoming ready,
 * exiting (completion, crash, OOM kill) and restarting with the kubelet's crash back-off
 * (10s doubling to 5 minutes). Pure: the kubelet drives it and turns it into pod status.
 */
import type { PodFaultRule } from '../sim/faults.js';

/** Where a container is. */
export type ContainerPhase = 'creating' | 'pullError' | 'pullBackOff' | 'running' | 'crashBackOff' | 'terminated';

/** Termination record (state.terminated / lastState.terminated). */
export interface Termination {
  exitCode: number;
  reason: 'Completed' | 'Error' | 'OOMKilled';
  startedAt: number;
  finishedAt: number;
}

/** A kubelet event produced by a transition. */
export interface ContainerEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  at: number;
}

/** What the container does, decided once when the pod is admitted. */
export interface ContainerPlan {
  name: string;
  image: string;
  /** When pulling completes (or first fails). */
  pullDoneAt: number;
  /** Delay from start to ready; undefined = never ready. */
  readyAfterMs: number | undefined;
  /** Run time before exiting; undefined = runs forever. */
  runForMs: number | undefined;
  exitCode: number;
  exitReason: Termination['reason'];
  /** Whether an exit leads to a restart (restartPolicy Always, or OnFailure with exit ≠ 0). */
  restarts: boolean;
  pullFails: boolean;
  /** `pod_namespace(uid)` as kubelet messages print it. */
  podRef: string;
}

/** Mutable state of a container instance. */
export interface ContainerRun {
  plan: ContainerPlan;
  phase: ContainerPhase;
  /** When the current phase ends (next transition), if it does. */
  until: number | undefined;
  startedAt?: number;
  readyAt?: number;
  restartCount: number;
  current?: Termination;
  last?: Termination;
  pullAttempts: number;
  backOffMs?: number;
  events: ContainerEvent[];
}

const MAX_BACKOFF_MS = 300_000;
const BASE_BACKOFF_MS = 10_000;
/** How long ErrImagePull shows before the kubelet backs off. */
const PULL_ERROR_MS = 1_000;

function backOff(n: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, n));
}

/** Formats a duration as Go's time.Duration prints whole seconds (`10s`, `1m20s`, `5m0s`). */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m${s % 60}s`;
}

/** The registry-qualified image reference, as containerd reports it (`nginx` → `docker.io/library/nginx:latest`). */
export function qualifiedImage(image: string): string {
  let ref = image;
  const lastSlash = ref.lastIndexOf('/');
  if (!ref.slice(lastSlash + 1).includes(':') && !ref.includes('@')) ref += ':latest';
  const first = ref.split('/')[0]!;
  if (!ref.includes('/')) return `docker.io/library/${ref}`;
  if (!first.includes('.') && !first.includes(':') && first !== 'localhost') return `docker.io/${ref}`;
  return ref;
}

/** A new container run that starts pulling at `at`. */
export function newContainerRun(plan: ContainerPlan, at: number): ContainerRun {
  return { plan, phase: 'creating', until: plan.pullDoneAt, restartCount: 0, pullAttempts: 0, events: [{ type: 'Normal', reason: 'Pulling', message: `Pulling image "${plan.image}"`, at }] };
}

/** Builds the plan for a container from the pod's settings and the matching fault. */
export function planContainer(args: {
  name: string;
  image: string;
  pullDoneAt: number;
  readyAfterMs: number;
  runToCompletion: boolean;
  restartPolicy: string;
  defaultRunForMs: number;
  fault: PodFaultRule | undefined;
  podRef: string;
}): ContainerPlan {
  const { fault } = args;
  let runForMs = args.runToCompletion ? args.defaultRunForMs : undefined;
  let exitCode = 0;
  let exitReason: Termination['reason'] = 'Completed';
  let readyAfterMs: number | undefined = args.readyAfterMs;
  if (fault?.fault === 'CrashLoopBackOff' || fault?.fault === 'Fail') {
    runForMs = fault.runForMs ?? (fault.fault === 'Fail' ? args.defaultRunForMs : 1000);
    exitCode = 1;
    exitReason = 'Error';
  } else if (fault?.fault === 'OOMKilled') {
    runForMs = fault.runForMs ?? 1000;
    exitCode = 137;
    exitReason = 'OOMKilled';
  } else if (fault?.fault === 'NeverReady') {
    readyAfterMs = undefined;
  }
  if (exitCode !== 0 && !args.runToCompletion) readyAfterMs = readyAfterMs !== undefined && readyAfterMs < (runForMs ?? 0) ? readyAfterMs : undefined;
  const restarts = args.restartPolicy === 'Always' || (args.restartPolicy === 'OnFailure' && exitCode !== 0);
  const pullDoneAt = args.pullDoneAt + (fault?.fault === 'SlowStart' ? (fault.delayMs ?? 60_000) : 0);
  return { name: args.name, image: args.image, pullDoneAt, readyAfterMs, runForMs, exitCode, exitReason, restarts, pullFails: fault?.fault === 'ErrImagePull', podRef: args.podRef };
}

function start(run: ContainerRun, at: number, pullMs: number | undefined): void {
  const { plan } = run;
  if (pullMs !== undefined) {
    run.events.push({ type: 'Normal', reason: 'Pulled', message: `Successfully pulled image "${plan.image}" in ${pullMs}ms (${pullMs}ms including waiting). Image size: 41943040 bytes.`, at });
  } else {
    run.events.push({ type: 'Normal', reason: 'Pulled', message: `Container image "${plan.image}" already present on machine`, at });
  }
  run.events.push({ type: 'Normal', reason: 'Created', message: `Created container ${plan.name}`, at });
  run.events.push({ type: 'Normal', reason: 'Started', message: `Started container ${plan.name}`, at });
  run.phase = 'running';
  run.startedAt = at;
  run.readyAt = plan.readyAfterMs === undefined ? undefined : at + plan.readyAfterMs;
  run.current = undefined;
  const ends = plan.runForMs === undefined ? undefined : at + plan.runForMs;
  run.until = ends;
}

/** Advances a container to time `now`, applying every transition that falls due; returns the run. */
export function advanceContainer(run: ContainerRun, now: number): ContainerRun {
  const { plan } = run;
  for (let guard = 0; guard < 1000 && run.until !== undefined && run.until <= now; guard++) {
    const at = run.until;
    switch (run.phase) {
      case 'creating':
      case 'pullBackOff':
        if (plan.pullFails) {
          run.pullAttempts++;
          if (run.phase === 'pullBackOff') run.events.push({ type: 'Normal', reason: 'Pulling', message: `Pulling image "${plan.image}"`, at });
          const msg = `rpc error: code = NotFound desc = failed to pull and unpack image "${qualifiedImage(plan.image)}": failed to resolve reference "${qualifiedImage(plan.image)}": ${qualifiedImage(plan.image)}: not found`;
          run.events.push({ type: 'Warning', reason: 'Failed', message: `Failed to pull image "${plan.image}": ${msg}`, at });
          run.events.push({ type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull', at });
          run.phase = 'pullError';
          run.until = at + PULL_ERROR_MS;
        } else {
          start(run, at, run.restartCount === 0 && run.phase === 'creating' ? Math.max(1, at - (run.events[0]?.at ?? at)) : undefined);
        }
        break;
      case 'pullError':
        run.backOffMs = backOff(run.pullAttempts - 1);
        run.events.push({ type: 'Normal', reason: 'BackOff', message: `Back-off pulling image "${plan.image}"`, at });
        run.events.push({ type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff', at });
        run.phase = 'pullBackOff';
        run.until = at + run.backOffMs;
        break;
      case 'running': {
        const term: Termination = { exitCode: plan.exitCode, reason: plan.exitReason, startedAt: run.startedAt ?? at, finishedAt: at };
        run.readyAt = undefined;
        if (!plan.restarts) {
          run.phase = 'terminated';
          run.current = term;
          run.until = undefined;
          break;
        }
        run.last = term;
        if (run.restartCount === 0) {
          // The first restart is immediate; later ones back off.
          run.restartCount++;
          start(run, at, undefined);
          break;
        }
        run.backOffMs = backOff(run.restartCount - 1);
        run.phase = 'crashBackOff';
        run.until = at + run.backOffMs;
        run.events.push({ type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container ${plan.name} in pod ${plan.podRef}`, at });
        break;
      }
      case 'crashBackOff':
        run.restartCount++;
        start(run, at, undefined);
        break;
      default:
        run.until = undefined;
    }
  }
  return run;
}

/** Whether the container is ready at `now`. */
export function isReady(run: ContainerRun, now: number): boolean {
  return run.phase === 'running' && run.readyAt !== undefined && run.readyAt <= now;
}

/** The next time something changes for this container (a transition or becoming ready). */
export function nextChange(run: ContainerRun, now: number): number | undefined {
  const times = [run.until, run.phase === 'running' && run.readyAt !== undefined && run.readyAt > now ? run.readyAt : undefined].filter((t): t is number => t !== undefined);
  return times.length ? Math.min(...times) : undefined;
}
