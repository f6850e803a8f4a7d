/**
 * Turns the kubelet's simulated container runs into a PodStatus: phase, conditions (with the
 * kubelet's reasons and messages), container statuses and their states.
 */
import type { KubeObject } from '../store/types.js';
import { isReady, qualifiedImage, type ContainerPlan, type ContainerRun, type Termination } from './container-run.js';
import { iso, setCondition, type Condition } from './objects.js';
import { qosClass } from './pod-spec.js';

/** The kubelet's in-memory record of one pod. */
export interface PodRun {
  uid: string;
  admittedAt: number;
  sandboxAt: number;
  podIP?: string;
  hostIP: string;
  init: ContainerRun[];
  /** Index of the init container running now; init.length when all are done. */
  initIndex: number;
  app: ContainerRun[];
  appStarted: boolean;
  restartPolicy: string;
  initPlans: ContainerPlan[];
  appPlans: ContainerPlan[];
  /** Sandbox creation + image pull time of each container. */
  startDelayMs: number;
}

function hash(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    h1 = Math.imul(h1 ^ s.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 ^ s.charCodeAt(i), 2246822519) >>> 0;
  }
  return (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(4);
}

function termination(t: Termination, id: string): Record<string, unknown> {
  return { exitCode: t.exitCode, reason: t.reason, startedAt: iso(t.startedAt), finishedAt: iso(t.finishedAt), containerID: id };
}

function containerStatus(run: ContainerRun, podUid: string, now: number, waitingReason: string): Record<string, unknown> {
  const { plan } = run;
  const image = qualifiedImage(plan.image);
  const id = `containerd://${hash(`${podUid}/${plan.name}/${run.restartCount}`)}`;
  const started = run.phase === 'running';
  const s: Record<string, unknown> = { name: plan.name, image, imageID: '', ready: isReady(run, now), restartCount: run.restartCount, started };
  if (run.startedAt !== undefined || run.current) {
    s.imageID = `${image.replace(/:[^:/]*$/, '')}@sha256:${hash(image)}`;
    s.containerID = id;
  }
  let state: Record<string, unknown>;
  switch (run.phase) {
    case 'creating':
      state = { waiting: { reason: waitingReason } };
      break;
    case 'pullError':
      state = { waiting: { reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found` } };
      break;
    case 'pullBackOff':
      state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${plan.image}"` } };
      break;
    case 'running':
      state = { running: { startedAt: iso(run.startedAt ?? now) } };
      break;
    case 'crashBackOff':
      state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${Math.round((run.backOffMs ?? 10_000) / 1000)}s restarting failed container=${plan.name} pod=${plan.podRef}` } };
      break;
    case 'terminated':
      state = { terminated: termination(run.current!, id) };
      break;
  }
  s.state = state;
  s.lastState = run.last ? { terminated: termination(run.last, `containerd://${hash(`${podUid}/${plan.name}/${run.restartCount - 1}`)}`) } : {};
  return s;
}

function phaseOf(run: PodRun): string {
  if (run.initIndex < run.initPlans.length) {
    const failed = run.init.some((c) => c.phase === 'terminated' && c.current && c.current.exitCode !== 0);
    return failed ? 'Failed' : 'Pending';
  }
  const app = run.app;
  if (app.some((c) => c.phase === 'creating' || c.phase === 'pullError' || c.phase === 'pullBackOff') && !app.some((c) => c.startedAt !== undefined)) return 'Pending';
  if (app.every((c) => c.phase === 'terminated')) return app.every((c) => c.current?.exitCode === 0) ? 'Succeeded' : 'Failed';
  return 'Running';
}

/** The status the kubelet reports for `pod` at `now`. */
export function buildPodStatus(pod: KubeObject, run: PodRun, now: number): Record<string, unknown> {
  const nowIso = iso(now);
  const old = (pod.status ?? {}) as { conditions?: Condition[]; startTime?: string };
  const phase = phaseOf(run);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const initDone = run.initIndex >= run.initPlans.length;
  const pendingInit = run.initPlans.slice(run.initIndex).map((c) => c.name).join(' ');
  let conditions: Condition[] = (old.conditions ?? []).filter((c) => c.type === 'PodScheduled' || !['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'].includes(c.type));
  const prior = (type: string) => (old.conditions ?? []).find((c) => c.type === type);
  const set = (c: Condition) => {
    const p = prior(c.type);
    const base = p ? [p] : [];
    const next = setCondition(base, c, nowIso)[0]!;
    conditions = [...conditions.filter((x) => x.type !== c.type), next];
  };
  set({ type: 'PodReadyToStartContainers', status: now >= run.sandboxAt && !terminal ? 'True' : 'False', lastProbeTime: null });
  if (initDone) set({ type: 'Initialized', status: 'True', lastProbeTime: null });
  else {
    set({ type: 'Initialized', status: 'False', lastProbeTime: null, reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${pendingInit}]` });
  }
  const unready = run.appPlans.filter((p, i) => { const c = run.app[i]; return !c || !isReady(c, now); }).map((p) => p.name);
  if (terminal) {
    set({ type: 'Ready', status: 'False', lastProbeTime: null, reason: 'PodCompleted' });
    set({ type: 'ContainersReady', status: 'False', lastProbeTime: null, reason: 'PodCompleted' });
  } else if (unready.length === 0 && initDone) {
    set({ type: 'Ready', status: 'True', lastProbeTime: null });
    set({ type: 'ContainersReady', status: 'True', lastProbeTime: null });
  } else {
    const message = `containers with unready status: [${unready.join(' ')}]`;
    const reason = initDone ? 'ContainersNotReady' : 'ContainersNotInitialized';
    set({ type: 'Ready', status: 'False', lastProbeTime: null, reason, message: initDone ? message : `containers with incomplete status: [${pendingInit}]` });
    set({ type: 'ContainersReady', status: 'False', lastProbeTime: null, reason: 'ContainersNotReady', message });
  }
  const order = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
  conditions.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  const status: Record<string, unknown> = {
    phase,
    conditions,
    hostIP: run.hostIP,
    hostIPs: [{ ip: run.hostIP }],
    startTime: old.startTime ?? iso(run.admittedAt),
    qosClass: qosClass(pod),
  };
  if (run.podIP && now >= run.sandboxAt) {
    status.podIP = run.podIP;
    status.podIPs = [{ ip: run.podIP }];
  }
  const waiting = (plan: ContainerPlan, reason: string): Record<string, unknown> => ({
    name: plan.name,
    image: qualifiedImage(plan.image),
    imageID: '',
    ready: false,
    restartCount: 0,
    started: false,
    state: { waiting: { reason } },
    lastState: {},
  });
  if (run.initPlans.length) {
    status.initContainerStatuses = run.initPlans.map((p, i) => {
      const c = run.init[i];
      return c ? containerStatus(c, run.uid, now, 'PodInitializing') : waiting(p, 'PodInitializing');
    });
  }
  const appWaiting = run.initPlans.length ? 'PodInitializing' : 'ContainerCreating';
  status.containerStatuses = run.appPlans.map((p, i) => {
    const c = run.app[i];
    return c ? containerStatus(c, run.uid, now, 'ContainerCreating') : waiting(p, appWaiting);
  });
  return status;
}
