/**
 * `meta.k8s.io/v1 Table` responses, which `kubectl get` asks for: NAME, the usual columns of
 * common kinds (pods: READY STATUS RESTARTS AGE; deployments: READY UP-TO-DATE AVAILABLE AGE...)
 * and AGE, with `-o wide` columns at priority 1.
 */
import type { IncomingMessage } from 'node:http';
import type { KubeObject, ResourceType } from '../store/types.js';

/** True when the Accept header asks for a Table. */
export function acceptsTable(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.split(',').some((part) => /as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}

interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority: number;
  cell: (o: KubeObject, now: number) => unknown;
}

type Obj = Record<string, unknown>;
const get = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Obj)[k] : undefined), o);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const str = (v: unknown, dflt = '<none>'): string => (typeof v === 'string' && v !== '' ? v : dflt);

/** Human age like kubectl's: 5s, 3m, 2m30s, 4h, 3d... */
export function humanAge(fromIso: string | undefined, now: number): string {
  if (!fromIso) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 ? `${minutes}m${seconds % 60}s` : `${minutes}m`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 ? `${hours}h${minutes % 60}m` : `${hours}h`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) return hours % 24 ? `${days}d${hours % 24}h` : `${days}d`;
  if (days < 365 * 2) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
  cell: (o) => o.metadata.name,
};
const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
  cell: (o, now) => humanAge(o.metadata.creationTimestamp, now),
};
const col = (name: string, cell: Column['cell'], priority = 0, type = 'string'): Column => ({ name, type, description: name, priority, cell });

function podStatus(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  let reason = str(get(pod, 'status.reason'), '') || str(get(pod, 'status.phase'), 'Pending');
  const init = (get(pod, 'status.initContainerStatuses') as Obj[] | undefined) ?? [];
  for (const s of init) {
    const waiting = str(get(s, 'state.waiting.reason'), '');
    if (waiting && waiting !== 'PodInitializing') return `Init:${waiting}`;
  }
  for (const s of (get(pod, 'status.containerStatuses') as Obj[] | undefined) ?? []) {
    const waiting = str(get(s, 'state.waiting.reason'), '');
    const terminated = str(get(s, 'state.terminated.reason'), '');
    if (waiting) reason = waiting;
    else if (terminated) reason = terminated;
  }
  return reason;
}

function podReady(pod: KubeObject): string {
  const total = ((get(pod, 'spec.containers') as unknown[]) ?? []).length;
  const ready = ((get(pod, 'status.containerStatuses') as Obj[]) ?? []).filter((s) => s.ready === true).length;
  return `${ready}/${total}`;
}

function podRestarts(pod: KubeObject): number {
  return ((get(pod, 'status.containerStatuses') as Obj[]) ?? []).reduce((n, s) => n + num(s.restartCount), 0);
}

function containersOf(o: KubeObject, path: string, field: 'name' | 'image'): string {
  const list = (get(o, path) as Obj[] | undefined) ?? [];
  return list.map((c) => String(c[field] ?? '')).join(',') || '<none>';
}

function selectorText(sel: unknown): string {
  const labels = (get(sel, 'matchLabels') as Record<string, string> | undefined) ?? (sel as Record<string, string> | undefined);
  if (!labels || typeof labels !== 'object') return '<none>';
  const parts = Object.entries(labels).filter(([, v]) => typeof v === 'string').map(([k, v]) => `${k}=${v}`);
  return parts.join(',') || '<none>';
}

const columnsByKind: Record<string, Column[]> = {
  '/Pod': [
    col('Ready', podReady),
    col('Status', podStatus),
    col('Restarts', podRestarts, 0, 'string'),
    ageColumn,
    col('IP', (o) => str(get(o, 'status.podIP')), 1),
    col('Node', (o) => str(get(o, 'spec.nodeName')), 1),
    col('Nominated Node', (o) => str(get(o, 'status.nominatedNodeName')), 1),
    col('Readiness Gates', () => '<none>', 1),
  ],
  'apps/Deployment': [
    col('Ready', (o) => `${num(get(o, 'status.readyReplicas'))}/${num(get(o, 'spec.replicas'))}`),
    col('Up-to-date', (o) => num(get(o, 'status.updatedReplicas')), 0, 'integer'),
    col('Available', (o) => num(get(o, 'status.availableReplicas')), 0, 'integer'),
    ageColumn,
    col('Containers', (o) => containersOf(o, 'spec.template.spec.containers', 'name'), 1),
    col('Images', (o) => containersOf(o, 'spec.template.spec.containers', 'image'), 1),
    col('Selector', (o) => selectorText(get(o, 'spec.selector')), 1),
  ],
  'apps/ReplicaSet': [
    col('Desired', (o) => num(get(o, 'spec.replicas')), 0, 'integer'),
    col('Current', (o) => num(get(o, 'status.replicas')), 0, 'integer'),
    col('Ready', (o) => num(get(o, 'status.readyReplicas')), 0, 'integer'),
    ageColumn,
  ],
  'apps/StatefulSet': [col('Ready', (o) => `${num(get(o, 'status.readyReplicas'))}/${num(get(o, 'spec.replicas'))}`), ageColumn],
  'apps/DaemonSet': [
    col('Desired', (o) => num(get(o, 'status.desiredNumberScheduled')), 0, 'integer'),
    col('Current', (o) => num(get(o, 'status.currentNumberScheduled')), 0, 'integer'),
    col('Ready', (o) => num(get(o, 'status.numberReady')), 0, 'integer'),
    col('Up-to-date', (o) => num(get(o, 'status.updatedNumberScheduled')), 0, 'integer'),
    col('Available', (o) => num(get(o, 'status.numberAvailable')), 0, 'integer'),
    col('Node Selector', (o) => selectorText(get(o, 'spec.template.spec.nodeSelector'))),
    ageColumn,
  ],
  'batch/Job': [
    col('Status', (o) => jobStatus(o)),
    col('Completions', (o) => `${num(get(o, 'status.succeeded'))}/${get(o, 'spec.completions') ?? 1}`),
    col('Duration', (o, now) => {
      const start = str(get(o, 'status.startTime'), '');
      if (!start) return '';
      const end = str(get(o, 'status.completionTime'), '');
      return humanAge(start, end ? Date.parse(end) : now);
    }),
    ageColumn,
  ],
  '/Service': [
    col('Type', (o) => str(get(o, 'spec.type'), 'ClusterIP')),
    col('Cluster-IP', (o) => str(get(o, 'spec.clusterIP'))),
    col('External-IP', () => '<none>'),
    col('Port(s)', (o) => ((get(o, 'spec.ports') as Obj[] | undefined) ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') || '<none>'),
    ageColumn,
    col('Selector', (o) => selectorText(get(o, 'spec.selector')), 1),
  ],
  'policy/PodDisruptionBudget': [
    col('Min Available', (o) => String(get(o, 'spec.minAvailable') ?? 'N/A')),
    col('Max Unavailable', (o) => String(get(o, 'spec.maxUnavailable') ?? 'N/A')),
    col('Allowed Disruptions', (o) => num(get(o, 'status.disruptionsAllowed')), 0, 'integer'),
    ageColumn,
  ],
  'scheduling.k8s.io/PriorityClass': [col('Value', (o) => num(o.value), 0, 'integer'), col('Global-Default', (o) => o.globalDefault === true, 0, 'boolean'), ageColumn],
  '/Namespace': [col('Status', (o) => str(get(o, 'status.phase'), 'Active')), ageColumn],
  '/Node': [
    col('Status', (o) => {
      const ready = ((get(o, 'status.conditions') as Obj[]) ?? []).find((c) => c.type === 'Ready');
      const s = ready?.status === 'True' ? 'Ready' : 'NotReady';
      return get(o, 'spec.unschedulable') ? `${s},SchedulingDisabled` : s;
    }),
    col('Roles', (o) =>
      Object.keys(o.metadata.labels ?? {})
        .filter((k) => k.startsWith('node-role.kubernetes.io/'))
        .map((k) => k.slice('node-role.kubernetes.io/'.length))
        .join(',') || '<none>',
    ),
    ageColumn,
    col('Version', (o) => str(get(o, 'status.nodeInfo.kubeletVersion'), '')),
  ],
  '/ConfigMap': [col('Data', (o) => Object.keys((o.data as Obj) ?? {}).length + Object.keys((o.binaryData as Obj) ?? {}).length, 0, 'integer'), ageColumn],
  '/Secret': [col('Type', (o) => str(o.type, 'Opaque')), col('Data', (o) => Object.keys((o.data as Obj) ?? {}).length, 0, 'integer'), ageColumn],
  '/PersistentVolumeClaim': [
    col('Status', (o) => str(get(o, 'status.phase'), 'Pending')),
    col('Volume', (o) => str(get(o, 'spec.volumeName'), '')),
    col('Capacity', (o) => str(get(o, 'status.capacity.storage'), '')),
    col('Access Modes', (o) => ((get(o, 'spec.accessModes') as string[]) ?? []).map((m) => m.replace(/[a-z]/g, '')).join(',')),
    col('StorageClass', (o) => str(get(o, 'spec.storageClassName'), '')),
    ageColumn,
  ],
};

function jobStatus(o: KubeObject): string {
  const conditions = (get(o, 'status.conditions') as Obj[] | undefined) ?? [];
  const on = (t: string) => conditions.some((c) => c.type === t && c.status === 'True');
  if (on('Complete')) return 'Complete';
  if (on('Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (on('Suspended')) return 'Suspended';
  return 'Running';
}

/** Events print without a NAME column (it is at priority 1), like the apiserver's event printer. */
const eventColumns: Column[] = [
  col('Last Seen', (o, now) => humanAge(str(o.lastTimestamp, '') || str(o.eventTime, '') || o.metadata.creationTimestamp, now)),
  col('Type', (o) => str(o.type, '')),
  col('Reason', (o) => str(o.reason, '')),
  col('Object', (o) => `${String(get(o, 'involvedObject.kind') ?? '').toLowerCase()}/${String(get(o, 'involvedObject.name') ?? '')}`),
  col('Subobject', (o) => str(get(o, 'involvedObject.fieldPath'), ''), 1),
  col('Source', (o) => [str(get(o, 'source.component'), ''), str(get(o, 'source.host'), '')].filter(Boolean).join(', '), 1),
  col('Message', (o) => str(o.message, '')),
  col('First Seen', (o, now) => humanAge(str(o.firstTimestamp, '') || o.metadata.creationTimestamp, now), 1),
  col('Count', (o) => num(o.count), 1, 'integer'),
  { ...nameColumn, priority: 1 },
];

function columnsFor(type: ResourceType): Column[] {
  if (type.group === '' && type.kind === 'Event') return eventColumns;
  return [nameColumn, ...(columnsByKind[`${type.group}/${type.kind}`] ?? [ageColumn])];
}

function partialMetadata(o: KubeObject): unknown {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/** A Table of `items` (already typed); `includeObject` is None, Metadata (default) or Object. */
export function listTable(type: ResourceType, items: KubeObject[], resourceVersion: string, query: URLSearchParams, now: number): unknown {
  const columns = columnsFor(type);
  const include = query.get('includeObject') ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map(({ name, type: t, format, description, priority }) => ({ name, type: t, format: format ?? '', description, priority })),
    rows: items.map((o) => ({
      cells: columns.map((c) => c.cell(o, now)),
      object: include === 'None' ? undefined : include === 'Object' ? o : partialMetadata(o),
    })),
  };
}
