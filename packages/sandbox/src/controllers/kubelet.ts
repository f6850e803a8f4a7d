/**
 * The simulated kubelets of every node: admit pods bound to their node, move them through
 * ContainerCreating → Running → Ready (or Succeeded/Failed for run-to-completion pods, or the
 * faults' ImagePullBackOff / CrashLoopBackOff / OOMKilled), assign pod IPs from the node's CIDR,
 * record the kubelet's events, and finish graceful deletions by removing the pod.
 *
 * Per-pod timing knobs (annotations): `sandbox.berth.dev/ready-after` (e.g. `5s`),
 * `sandbox.berth.dev/run-for` (run-to-completion pods), `sandbox.berth.dev/start-delay`.
 */
import { POOL_LABEL } from '../sim/fleet.js';
import type { KubeObject } from '../store/types.js';
import { advanceContainer, nextChange, newContainerRun, planContainer, type ContainerPlan, type ContainerRun } from './container-run.js';
import type { ControllerContext } from './context.js';
import { objectKey } from './informer.js';
import { isConflict, isNotFound, jsonEqual, parseTime } from './objects.js';
import { isTerminal, podSpec, type ContainerSpec } from './pod-spec.js';
import { buildPodStatus, type PodRun } from './pod-status.js';
import { WorkQueue } from './queue.js';

/** Annotation: delay from a container's start to its readiness (`5s`, `500ms`, `1m`). */
export const READY_AFTER_ANNOTATION = 'sandbox.berth.dev/ready-after';
/** Annotation: run time of a run-to-completion pod's containers. */
export const RUN_FOR_ANNOTATION = 'sandbox.berth.dev/run-for';
/** Annotation: time spent creating the sandbox and pulling images. */
export const START_DELAY_ANNOTATION = 'sandbox.berth.dev/start-delay';
const STOP_MS = 1000;

/** Parses a Go-style duration (`1m30s`, `500ms`, `5s`, a bare number = seconds). */
export function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let matched = '';
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const unit = m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 3_600_000;
    total += Number(m[1]) * unit;
    matched += m[0];
  }
  return matched === t && matched !== '' ? total : undefined;
}

function startContainer(plan: ContainerPlan, at: number, delay: number): ContainerRun {
  return newContainerRun({ ...plan, pullDoneAt: plan.pullDoneAt + at + delay }, at);
}

/** The simulated kubelets. */
export class Kubelet {
  private readonly queue: WorkQueue;
  private readonly runs = new Map<string, PodRun>();
  private readonly ipsInUse = new Map<string, Set<number>>();
  private readonly killRequested = new Map<string, number>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ name: 'kubelet', clock: ctx.clock, reconcile: (k) => this.sync(k), onError: ctx.onError });
  }

  start(): void {
    const pods = this.ctx.informers.for(this.ctx.kinds.pods!);
    pods.onChange((type, pod) => {
      if (type === 'DELETED') {
        this.forget(pod);
        return;
      }
      if (podSpec(pod).nodeName) this.queue.add(objectKey(pod));
    });
    for (const pod of pods.list()) {
      const ip = (pod.status as { podIP?: string } | undefined)?.podIP;
      const node = podSpec(pod).nodeName;
      if (ip && node) this.reserveIp(node, ip);
      if (node) this.queue.add(objectKey(pod));
    }
    this.ctx.faults.onChange(() => {
      for (const pod of pods.list()) if (podSpec(pod).nodeName) this.queue.add(objectKey(pod));
    });
  }

  stop(): void {
    this.queue.stop();
  }

  private forget(pod: KubeObject): void {
    const uid = pod.metadata.uid ?? '';
    const run = this.runs.get(uid);
    const node = podSpec(pod).nodeName;
    if (run?.podIP && node) this.ipsInUse.get(node)?.delete(Number(run.podIP.split('.')[3]));
    this.runs.delete(uid);
    this.killRequested.delete(uid);
  }

  private reserveIp(node: string, ip: string): void {
    let used = this.ipsInUse.get(node);
    if (!used) this.ipsInUse.set(node, (used = new Set()));
    used.add(Number(ip.split('.')[3]));
  }

  private allocateIp(node: KubeObject): string {
    const cidr = (node.spec as { podCIDR?: string } | undefined)?.podCIDR ?? '10.244.0.0/24';
    const prefix = cidr.split('/')[0]!.split('.').slice(0, 3).join('.');
    const name = node.metadata.name ?? '';
    let used = this.ipsInUse.get(name);
    if (!used) this.ipsInUse.set(name, (used = new Set()));
    for (let host = 2; host < 255; host++) {
      if (!used.has(host)) {
        used.add(host);
        return `${prefix}.${host}`;
      }
    }
    return `${prefix}.254`;
  }

  private admit(pod: KubeObject, node: KubeObject, now: number): PodRun {
    const { timings, faults } = this.ctx;
    const spec = podSpec(pod);
    const annotations = pod.metadata.annotations ?? {};
    const restartPolicy = spec.restartPolicy ?? 'Always';
    const startDelay = parseDuration(annotations[START_DELAY_ANNOTATION]) ?? timings.startDelayMs;
    const readyAnno = parseDuration(annotations[READY_AFTER_ANNOTATION]);
    const runFor = parseDuration(annotations[RUN_FOR_ANNOTATION]) ?? timings.runForMs;
    const podRef = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
    const target = { namespace: pod.metadata.namespace, name: pod.metadata.name, labels: pod.metadata.labels };
    const addresses = ((node.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? []);
    const hostIP = addresses.find((a) => a.type === 'InternalIP')?.address ?? '172.18.0.2';
    const plans = (list: ContainerSpec[] | undefined, init: boolean) =>
      (list ?? []).map((c) => {
        const probeDelay = (c.readinessProbe?.initialDelaySeconds ?? 0) * 1000;
        const readyAfter = readyAnno ?? (c.readinessProbe ? Math.max(probeDelay, timings.readyAfterMs) : timings.readyAfterMs);
        return planContainer({
          name: c.name,
          image: c.image ?? '',
          pullDoneAt: 0,
          readyAfterMs: init ? 0 : readyAfter,
          runToCompletion: init || restartPolicy !== 'Always',
          restartPolicy: init ? (restartPolicy === 'Always' ? 'OnFailure' : restartPolicy) : restartPolicy,
          defaultRunForMs: init ? Math.min(runFor, timings.startDelayMs) : runFor,
          fault: faults.podFault(target, c),
          podRef,
        });
      });
    const sandboxAt = now + Math.floor(startDelay / 2);
    const run: PodRun = {
      uid: pod.metadata.uid ?? '',
      admittedAt: now,
      sandboxAt,
      hostIP,
      init: [],
      initIndex: 0,
      app: [],
      appStarted: false,
      restartPolicy,
      initPlans: plans(spec.initContainers, true),
      appPlans: plans(spec.containers, false),
      startDelayMs: startDelay,
    };
    run.podIP = (pod.status as { podIP?: string } | undefined)?.podIP ?? this.allocateIp(node);
    const first = run.initPlans[0];
    if (first) run.init = [startContainer(first, now, startDelay)];
    else this.startApp(run, now);
    return run;
  }

  private startApp(run: PodRun, at: number): void {
    // Later containers reuse the pulled sandbox: only the first phase pays the full start delay.
    const delay = run.initPlans.length ? Math.floor(run.startDelayMs / 2) : run.startDelayMs;
    run.app = run.appPlans.map((p) => startContainer(p, at, delay));
    run.appStarted = true;
  }

  /** Advances init containers in order, then the app containers, to `now`. */
  private advance(run: PodRun, now: number): void {
    while (run.initIndex < run.initPlans.length) {
      if (!run.init[run.initIndex]) break;
      const c = advanceContainer(run.init[run.initIndex]!, now);
      if (c.phase !== 'terminated') break;
      if (c.current && c.current.exitCode !== 0) return;
      const at = c.current?.finishedAt ?? now;
      run.initIndex++;
      const next = run.initPlans[run.initIndex];
      if (next) run.init.push(startContainer(next, at, Math.floor(run.startDelayMs / 2)));
      else this.startApp(run, at);
    }
    for (const c of run.app) advanceContainer(c, now);
  }

  private sync(key: string): void {
    const { informers, kinds, clock, faults, store, events } = this.ctx;
    const pod = informers.for(kinds.pods!).getByKey(key);
    if (!pod) return;
    const nodeName = podSpec(pod).nodeName;
    if (!nodeName) return;
    const node = informers.for(kinds.nodes!).get(undefined, nodeName);
    if (!node || faults.nodeNotReady(nodeName, node.metadata.labels?.[POOL_LABEL])) return;
    const now = clock.now();
    const uid = pod.metadata.uid ?? '';
    if (pod.metadata.deletionTimestamp) return this.terminate(pod, key, now);
    let run = this.runs.get(uid);
    if (!run) {
      if (isTerminal(pod)) return;
      run = this.admit(pod, node, now);
      this.runs.set(uid, run);
    }
    this.advance(run, now);
    for (const [i, c] of [...run.init, ...run.app].entries()) {
      const field = i < run.init.length ? `spec.initContainers{${c.plan.name}}` : `spec.containers{${c.plan.name}}`;
      for (const e of c.events.splice(0)) events.record(pod, e.type, e.reason, e.message, 'kubelet', { host: nodeName, fieldPath: field });
    }
    const status = buildPodStatus(pod, run, now);
    if (!jsonEqual(status, pod.status)) {
      try {
        store.updateStatus(kinds.pods!, { ...pod, status }, { fieldManager: 'kubelet' });
      } catch (e) {
        if (isConflict(e)) return this.queue.addAfter(key, 10);
        if (isNotFound(e)) return;
        throw e;
      }
    }
    const times = [...run.init, ...run.app].map((c) => nextChange(c, now)).filter((t): t is number => t !== undefined);
    if (now < run.sandboxAt) times.push(run.sandboxAt);
    if (times.length) this.queue.addAfter(key, Math.max(1, Math.min(...times) - now));
  }

  /** Graceful deletion: stop the containers, then remove the pod (grace period 0). */
  private terminate(pod: KubeObject, key: string, now: number): void {
    const uid = pod.metadata.uid ?? '';
    const run = this.runs.get(uid);
    let requested = this.killRequested.get(uid);
    if (requested === undefined) {
      requested = now;
      this.killRequested.set(uid, now);
      for (const c of run?.app ?? []) {
        if (c.phase !== 'running') continue;
        this.ctx.events.record(pod, 'Normal', 'Killing', `Stopping container ${c.plan.name}`, 'kubelet', { host: podSpec(pod).nodeName ?? '', fieldPath: `spec.containers{${c.plan.name}}` });
      }
    }
    const deadline = parseTime(pod.metadata.deletionTimestamp) ?? now;
    const running = !!run && run.app.some((c) => c.phase === 'running');
    const finishAt = running && !isTerminal(pod) ? Math.min(deadline, requested + STOP_MS) : now;
    if (now < finishAt) return this.queue.addAfter(key, finishAt - now);
    try {
      this.ctx.store.delete(this.ctx.kinds.pods!, pod.metadata.namespace, pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (e) {
      if (isNotFound(e) || isConflict(e)) return;
      throw e;
    }
  }
}
