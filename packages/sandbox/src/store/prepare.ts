/**
 * Per-kind adjustments the apiserver's registry strategies make on create and on delete
 * (PrepareForCreate): initial status of pods, namespaces, volumes and claims, and the status a
 * new workload, Service or Ingress is read back with (its non-omitempty fields); the namespace
 * `kubernetes` finalizer; CRD status and cleanup finalizer.
 */
import type { KubeObject, ResourceType } from './types.js';

/** The finalizer that keeps a CRD until its custom resources are deleted. */
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/** Mutates a new object the way the kind's create strategy does. */
export function prepareForCreate(type: ResourceType, obj: KubeObject, now: string): void {
  const key = `${type.group}/${type.resource}`;
  const hasStatus = (type.subresources ?? []).includes('status');
  switch (key) {
    case '/pods':
      obj.status = { phase: 'Pending', qosClass: qosClass(obj) };
      return;
    case '/namespaces': {
      const spec = (obj.spec ?? {}) as { finalizers?: string[] };
      if (!spec.finalizers?.includes('kubernetes')) spec.finalizers = [...(spec.finalizers ?? []), 'kubernetes'];
      obj.spec = spec;
      obj.status = { phase: 'Active' };
      return;
    }
    case '/services':
      obj.status = { loadBalancer: {} };
      return;
    case 'networking.k8s.io/ingresses':
      obj.status = { loadBalancer: {} };
      return;
    case 'apps/deployments':
    case 'batch/cronjobs':
      obj.status = {};
      return;
    case 'apps/replicasets':
      obj.status = { replicas: 0 };
      return;
    case 'apps/statefulsets':
      obj.status = { replicas: 0, availableReplicas: 0 };
      return;
    case 'apps/daemonsets':
      obj.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
      return;
    case 'batch/jobs':
      obj.status = {};
      if ((obj.spec as { manualSelector?: boolean } | undefined)?.manualSelector !== true) generateJobSelector(obj);
      return;
    case 'policy/poddisruptionbudgets':
      obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
      return;
    case '/nodes':
      // Nodes may be created with their status, like the kubelet registering itself.
      return;
    case '/persistentvolumes':
    case '/persistentvolumeclaims':
      obj.status = { phase: 'Pending' };
      return;
    case 'apiextensions.k8s.io/customresourcedefinitions':
      obj.status = crdStatus(obj, now);
      if (!obj.metadata.finalizers?.includes(CRD_CLEANUP_FINALIZER)) {
        obj.metadata.finalizers = [...(obj.metadata.finalizers ?? []), CRD_CLEANUP_FINALIZER];
      }
      return;
    default:
      if (hasStatus) delete obj.status;
  }
}

/**
 * The Job strategy's generated selector: `batch.kubernetes.io/controller-uid` in
 * `spec.selector`, the legacy and prefixed job-name and controller-uid labels on the template;
 * a Job without labels of its own gets the template's, generated ones included (SetDefaults_Job).
 */
function generateJobSelector(job: KubeObject): void {
  const spec = job.spec as { template?: { metadata?: { labels?: Record<string, string> } }; selector?: { matchLabels?: Record<string, string> } } | undefined;
  if (!spec || typeof spec !== 'object') return;
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  const template = (spec.template ??= {});
  const meta = (template.metadata ??= {});
  const labels = (meta.labels ??= {});
  // Defaulting gave a Job without labels its template's label map itself, which the strategy then fills.
  const own = job.metadata.labels ?? {};
  const shared = Object.keys(own).length === 0 || JSON.stringify(own) === JSON.stringify(labels);
  for (const key of ['job-name', 'batch.kubernetes.io/job-name']) labels[key] ??= name;
  for (const key of ['controller-uid', 'batch.kubernetes.io/controller-uid']) labels[key] ??= uid;
  const selector = (spec.selector ??= {});
  const matchLabels = (selector.matchLabels ??= {});
  matchLabels['batch.kubernetes.io/controller-uid'] ??= uid;
  if (shared) job.metadata.labels = { ...labels };
}

/** The status the apiextensions controllers give an accepted CRD. */
export function crdStatus(crd: KubeObject, now: string): Record<string, unknown> {
  const spec = (crd.spec ?? {}) as { names?: unknown; versions?: { name: string; storage?: boolean }[] };
  const storage = (spec.versions ?? []).filter((v) => v.storage).map((v) => v.name);
  const cond = (type: string, reason: string, message: string) => ({
    type,
    status: 'True',
    lastTransitionTime: now,
    reason,
    message,
  });
  return {
    conditions: [
      cond('NamesAccepted', 'NoConflicts', 'no conflicts found'),
      cond('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
    ],
    acceptedNames: spec.names ?? {},
    storedVersions: storage,
  };
}

/** Pod QoS class from container requests/limits (BestEffort, Burstable, Guaranteed). */
export function qosClass(pod: KubeObject): string {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

interface Container {
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}
