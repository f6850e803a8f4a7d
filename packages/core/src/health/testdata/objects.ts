/**
 * Objects shaped as a real kube-apiserver returns them (status written by the real
 * controllers, kubelet and scheduler), trimmed of managedFields. Tests change one field at a
 * time from these.
 */
import type { LiveObject } from '../object.js';

/** A deep copy with `patch` applied at the top level of each given section. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are edited freely, field by field
export function tweak(obj: LiveObject, patch: (o: any) => void): LiveObject {
  const copy = structuredClone(obj);
  patch(copy);
  return copy;
}

export const deploymentAvailable: LiveObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop-dev',
    uid: '6c1e8a4e-5b7a-4f7e-9f3c-0a1b2c3d4e5f',
    resourceVersion: '18342',
    generation: 2,
    creationTimestamp: '2025-03-01T10:00:00Z',
    labels: { 'berth.dev/app': 'shop', 'berth.dev/component': 'web' },
    annotations: { 'deployment.kubernetes.io/revision': '2' },
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { 'berth.dev/app': 'shop', 'berth.dev/component': 'web' } },
    template: {
      metadata: { labels: { 'berth.dev/app': 'shop', 'berth.dev/component': 'web' } },
      spec: { containers: [{ name: 'web', image: 'ghcr.io/acme/shop:1.4.0' }] },
    },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  },
  status: {
    observedGeneration: 2,
    replicas: 2,
    updatedReplicas: 2,
    readyReplicas: 2,
    availableReplicas: 2,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        lastUpdateTime: '2025-03-01T10:00:20Z',
        lastTransitionTime: '2025-03-01T10:00:20Z',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      },
      {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: '2025-03-01T10:05:31Z',
        lastTransitionTime: '2025-03-01T10:00:00Z',
        reason: 'NewReplicaSetAvailable',
        message: 'ReplicaSet "web-7d9f8b6c5d" has successfully progressed.',
      },
    ],
  },
};

/** Mid rolling update: one new pod up, one old pod still running. */
export const deploymentRolling = tweak(deploymentAvailable, (d) => {
  d.metadata.generation = 3;
  d.spec.template.spec.containers[0].image = 'ghcr.io/acme/shop:1.5.0';
  d.status = {
    observedGeneration: 3,
    replicas: 3,
    updatedReplicas: 1,
    readyReplicas: 2,
    availableReplicas: 2,
    unavailableReplicas: 1,
    conditions: [
      d.status.conditions[0],
      {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: '2025-03-01T11:00:02Z',
        lastTransitionTime: '2025-03-01T10:00:00Z',
        reason: 'ReplicaSetUpdated',
        message: 'ReplicaSet "web-5f6d7c8b9a" is progressing.',
      },
    ],
  };
});

export const deploymentDeadlineExceeded = tweak(deploymentRolling, (d) => {
  d.status.conditions[1] = {
    type: 'Progressing',
    status: 'False',
    lastUpdateTime: '2025-03-01T11:10:02Z',
    lastTransitionTime: '2025-03-01T11:10:02Z',
    reason: 'ProgressDeadlineExceeded',
    message: 'ReplicaSet "web-5f6d7c8b9a" has timed out progressing.',
  };
});

export const statefulSetReady: LiveObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: {
    name: 'redis',
    namespace: 'shop-dev',
    generation: 1,
    uid: 'a1',
    labels: { 'berth.dev/component': 'redis' },
  },
  spec: {
    replicas: 3,
    serviceName: 'redis',
    podManagementPolicy: 'OrderedReady',
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    selector: { matchLabels: { 'berth.dev/component': 'redis' } },
    template: { metadata: { labels: {} }, spec: { containers: [{ name: 'redis', image: 'redis:7' }] } },
  },
  status: {
    observedGeneration: 1,
    replicas: 3,
    readyReplicas: 3,
    currentReplicas: 3,
    updatedReplicas: 3,
    availableReplicas: 3,
    currentRevision: 'redis-6b8f9c7d4',
    updateRevision: 'redis-6b8f9c7d4',
    collisionCount: 0,
  },
};

export const daemonSetReady: LiveObject = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'shop-dev', generation: 1, uid: 'd1' },
  spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } } },
  status: {
    currentNumberScheduled: 3,
    numberMisscheduled: 0,
    desiredNumberScheduled: 3,
    numberReady: 3,
    observedGeneration: 1,
    updatedNumberScheduled: 3,
    numberAvailable: 3,
  },
};

export const replicaSetReady: LiveObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-7d9f8b6c5d', namespace: 'shop-dev', generation: 1, uid: 'r1' },
  spec: { replicas: 2 },
  status: {
    replicas: 2,
    fullyLabeledReplicas: 2,
    readyReplicas: 2,
    availableReplicas: 2,
    observedGeneration: 1,
  },
};

export const jobRunning: LiveObject = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {
    name: 'migrate',
    namespace: 'shop-dev',
    generation: 1,
    uid: 'j1',
    creationTimestamp: '2025-03-01T10:00:00Z',
  },
  spec: { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false },
  status: {
    startTime: '2025-03-01T10:00:00Z',
    active: 1,
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
  },
};

export const jobComplete = tweak(jobRunning, (j) => {
  j.status = {
    startTime: '2025-03-01T10:00:00Z',
    completionTime: '2025-03-01T10:00:42Z',
    succeeded: 1,
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
    conditions: [
      {
        type: 'SuccessCriteriaMet',
        status: 'True',
        reason: 'CompletionsReached',
        message: 'Reached expected number of succeeded pods',
        lastProbeTime: '2025-03-01T10:00:42Z',
        lastTransitionTime: '2025-03-01T10:00:42Z',
      },
      {
        type: 'Complete',
        status: 'True',
        reason: 'CompletionsReached',
        message: 'Reached expected number of succeeded pods',
        lastProbeTime: '2025-03-01T10:00:42Z',
        lastTransitionTime: '2025-03-01T10:00:42Z',
      },
    ],
  };
});

export const jobFailed = tweak(jobRunning, (j) => {
  j.status = {
    startTime: '2025-03-01T10:00:00Z',
    failed: 7,
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
    conditions: [
      {
        type: 'FailureTarget',
        status: 'True',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
        lastProbeTime: '2025-03-01T10:06:00Z',
        lastTransitionTime: '2025-03-01T10:06:00Z',
      },
      {
        type: 'Failed',
        status: 'True',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
        lastProbeTime: '2025-03-01T10:06:00Z',
        lastTransitionTime: '2025-03-01T10:06:00Z',
      },
    ],
  };
});

export const podRunning: LiveObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-7d9f8b6c5d-x2k4p',
    namespace: 'shop-dev',
    uid: 'p1',
    labels: { 'berth.dev/app': 'shop', 'berth.dev/component': 'web', 'pod-template-hash': '7d9f8b6c5d' },
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f8b6c5d', uid: 'r1', controller: true },
    ],
  },
  spec: {
    nodeName: 'node-1',
    restartPolicy: 'Always',
    containers: [{ name: 'web', image: 'ghcr.io/acme/shop:1.4.0' }],
  },
  status: {
    phase: 'Running',
    conditions: [
      {
        type: 'PodReadyToStartContainers',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2025-03-01T10:00:03Z',
      },
      {
        type: 'Initialized',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2025-03-01T10:00:01Z',
      },
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-03-01T10:00:09Z' },
      {
        type: 'ContainersReady',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2025-03-01T10:00:09Z',
      },
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2025-03-01T10:00:01Z',
      },
    ],
    hostIP: '10.0.0.11',
    podIP: '10.244.1.7',
    startTime: '2025-03-01T10:00:01Z',
    qosClass: 'Burstable',
    containerStatuses: [
      {
        name: 'web',
        state: { running: { startedAt: '2025-03-01T10:00:03Z' } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image: 'ghcr.io/acme/shop:1.4.0',
        imageID: 'ghcr.io/acme/shop@sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
        containerID: 'containerd://4b3f0c2a9e',
        started: true,
      },
    ],
  },
};

function notReadyConditions(reason: string, message: string) {
  return [
    {
      type: 'PodReadyToStartContainers',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: '2025-03-01T11:00:03Z',
    },
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-03-01T11:00:01Z' },
    {
      type: 'Ready',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: '2025-03-01T11:00:01Z',
      reason,
      message,
    },
    {
      type: 'ContainersReady',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: '2025-03-01T11:00:01Z',
      reason,
      message,
    },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-03-01T11:00:01Z' },
  ];
}

/** A new pod of the rollout whose image does not exist. */
export const podImagePullBackOff = tweak(podRunning, (p) => {
  p.metadata.name = 'web-5f6d7c8b9a-q8w2z';
  p.spec.containers[0].image = 'ghcr.io/acme/shop:1.5.0-typo';
  p.status = {
    phase: 'Pending',
    conditions: notReadyConditions('ContainersNotReady', 'containers with unready status: [web]'),
    hostIP: '10.0.0.12',
    podIP: '10.244.2.9',
    startTime: '2025-03-01T11:00:01Z',
    qosClass: 'Burstable',
    containerStatuses: [
      {
        name: 'web',
        state: {
          waiting: {
            reason: 'ImagePullBackOff',
            message:
              'Back-off pulling image "ghcr.io/acme/shop:1.5.0-typo": ErrImagePull: failed to pull and unpack image "ghcr.io/acme/shop:1.5.0-typo": not found',
          },
        },
        lastState: {},
        ready: false,
        restartCount: 0,
        image: 'ghcr.io/acme/shop:1.5.0-typo',
        imageID: '',
        started: false,
      },
    ],
  };
});

export const podCrashLoop = tweak(podRunning, (p) => {
  p.status.phase = 'Running';
  p.status.conditions = notReadyConditions('ContainersNotReady', 'containers with unready status: [web]');
  p.status.containerStatuses = [
    {
      name: 'web',
      state: {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: 'back-off 40s restarting failed container=web pod=web-7d9f8b6c5d-x2k4p_shop-dev(p1)',
        },
      },
      lastState: {
        terminated: {
          exitCode: 1,
          reason: 'Error',
          startedAt: '2025-03-01T10:01:10Z',
          finishedAt: '2025-03-01T10:01:11Z',
          containerID: 'containerd://77aa',
        },
      },
      ready: false,
      restartCount: 3,
      image: 'ghcr.io/acme/shop:1.4.0',
      imageID: 'ghcr.io/acme/shop@sha256:0f1e',
      containerID: 'containerd://77aa',
      started: false,
    },
  ];
});

export const podOOMKilled = tweak(podCrashLoop, (p) => {
  p.status.containerStatuses[0].lastState.terminated = {
    exitCode: 137,
    reason: 'OOMKilled',
    startedAt: '2025-03-01T10:01:10Z',
    finishedAt: '2025-03-01T10:01:31Z',
    containerID: 'containerd://88bb',
  };
});

export const podUnschedulable: LiveObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'trainer-6c7d8e9f0a-abcde',
    namespace: 'ml',
    uid: 'p9',
    labels: { 'berth.dev/component': 'trainer' },
  },
  spec: {
    restartPolicy: 'Always',
    containers: [
      {
        name: 'trainer',
        image: 'ghcr.io/acme/trainer:2.0',
        resources: { limits: { 'nvidia.com/gpu': '1' } },
      },
    ],
  },
  status: {
    phase: 'Pending',
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: '2025-03-01T10:00:00Z',
        reason: 'Unschedulable',
        message: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
      },
    ],
    qosClass: 'BestEffort',
  },
};

export const podCreateContainerConfigError = tweak(podImagePullBackOff, (p) => {
  p.status.containerStatuses[0].state.waiting = {
    reason: 'CreateContainerConfigError',
    message: 'secret "db-credentials" not found',
  };
});
