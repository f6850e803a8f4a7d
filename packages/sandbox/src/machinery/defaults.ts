/**
 * The defaults the apiserver fills in when it decodes a body (SetDefaults_* of the built-in
 * types, plus the ServiceAccount and namespace-label admission), so stored objects look like a
 * real cluster's: `spec.replicas: 1`, rolling-update strategy, pod restart and DNS policy,
 * container pull policy, service type and cluster IP...
 */
import type { KubeObject, ResourceType } from '../store/types.js';

/** State a defaulting pass may need. */
export interface DefaultingContext {
  /** Allocates a free ClusterIP for a new Service. */
  allocateClusterIP(): string;
}

type Obj = Record<string, unknown>;

function obj(parent: Obj, key: string): Obj {
  const v = parent[key];
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  const created: Obj = {};
  parent[key] = created;
  return created;
}

function def(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = value;
}

/** Applies the kind's defaults to `o` in place. */
export function applyDefaults(type: ResourceType, o: KubeObject, ctx: DefaultingContext): void {
  const spec = (o.spec && typeof o.spec === 'object' ? o.spec : undefined) as Obj | undefined;
  switch (`${type.group}/${type.kind}`) {
    case '/Namespace':
      o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name ?? '' };
      break;
    case '/Pod':
      if (spec) podSpec(spec);
      break;
    case '/Secret':
      def(o as Obj, 'type', 'Opaque');
      mergeStringData(o as Obj);
      break;
    case '/Service':
      if (spec) service(spec, ctx);
      break;
    case '/PersistentVolumeClaim':
      if (spec) def(spec, 'volumeMode', 'Filesystem');
      break;
    case 'apps/Deployment':
      if (!spec) break;
      def(spec, 'replicas', 1);
      def(spec, 'revisionHistoryLimit', 10);
      def(spec, 'progressDeadlineSeconds', 600);
      {
        const strategy = obj(spec, 'strategy');
        def(strategy, 'type', 'RollingUpdate');
        if (strategy.type === 'RollingUpdate') {
          const ru = obj(strategy, 'rollingUpdate');
          def(ru, 'maxUnavailable', '25%');
          def(ru, 'maxSurge', '25%');
        }
      }
      template(spec);
      break;
    case 'apps/ReplicaSet':
      if (!spec) break;
      def(spec, 'replicas', 1);
      template(spec);
      break;
    case 'apps/StatefulSet':
      if (!spec) break;
      def(spec, 'replicas', 1);
      def(spec, 'podManagementPolicy', 'OrderedReady');
      def(spec, 'revisionHistoryLimit', 10);
      {
        const us = obj(spec, 'updateStrategy');
        def(us, 'type', 'RollingUpdate');
        if (us.type === 'RollingUpdate') def(obj(us, 'rollingUpdate'), 'partition', 0);
        const retention = obj(spec, 'persistentVolumeClaimRetentionPolicy');
        def(retention, 'whenDeleted', 'Retain');
        def(retention, 'whenScaled', 'Retain');
      }
      template(spec);
      break;
    case 'apps/DaemonSet':
      if (!spec) break;
      def(spec, 'revisionHistoryLimit', 10);
      {
        const us = obj(spec, 'updateStrategy');
        def(us, 'type', 'RollingUpdate');
        if (us.type === 'RollingUpdate') {
          const ru = obj(us, 'rollingUpdate');
          def(ru, 'maxUnavailable', 1);
          def(ru, 'maxSurge', 0);
        }
      }
      template(spec);
      break;
    case 'batch/Job':
      if (!spec) break;
      def(spec, 'parallelism', 1);
      def(spec, 'completions', 1);
      def(spec, 'backoffLimit', 6);
      def(spec, 'completionMode', 'NonIndexed');
      def(spec, 'suspend', false);
      template(spec);
      break;
    case 'batch/CronJob':
      if (!spec) break;
      def(spec, 'concurrencyPolicy', 'Allow');
      def(spec, 'suspend', false);
      def(spec, 'successfulJobsHistoryLimit', 3);
      def(spec, 'failedJobsHistoryLimit', 1);
      {
        const jt = obj(spec, 'jobTemplate');
        const js = jt.spec as Obj | undefined;
        if (js) template(js);
      }
      break;
  }
}

function template(spec: Obj): void {
  const t = spec.template as Obj | undefined;
  const ps = t?.spec as Obj | undefined;
  if (ps && typeof ps === 'object') podSpec(ps);
}

function podSpec(spec: Obj): void {
  def(spec, 'restartPolicy', 'Always');
  def(spec, 'dnsPolicy', 'ClusterFirst');
  def(spec, 'schedulerName', 'default-scheduler');
  def(spec, 'terminationGracePeriodSeconds', 30);
  def(spec, 'securityContext', {});
  def(spec, 'enableServiceLinks', true);
  if (spec.serviceAccountName === undefined && spec.serviceAccount === undefined) spec.serviceAccountName = 'default';
  if (spec.serviceAccount === undefined) spec.serviceAccount = spec.serviceAccountName;
  for (const field of ['initContainers', 'containers']) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    for (const c of list as Obj[]) {
      if (!c || typeof c !== 'object') continue;
      def(c, 'terminationMessagePath', '/dev/termination-log');
      def(c, 'terminationMessagePolicy', 'File');
      if (c.imagePullPolicy === undefined && typeof c.image === 'string') c.imagePullPolicy = pullPolicy(c.image);
      def(c, 'resources', {});
      if (Array.isArray(c.ports)) for (const p of c.ports as Obj[]) if (p && typeof p === 'object') def(p, 'protocol', 'TCP');
    }
  }
}

/** `Always` for `:latest` or untagged images, otherwise `IfNotPresent`. */
export function pullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.split('/').pop() ?? image;
  const tag = last.includes(':') ? last.split(':').pop() : undefined;
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function service(spec: Obj, ctx: DefaultingContext): void {
  def(spec, 'type', 'ClusterIP');
  def(spec, 'sessionAffinity', 'None');
  if (spec.type !== 'ExternalName') {
    def(spec, 'internalTrafficPolicy', 'Cluster');
    if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = ctx.allocateClusterIP();
    def(spec, 'clusterIPs', [spec.clusterIP]);
    def(spec, 'ipFamilies', ['IPv4']);
    def(spec, 'ipFamilyPolicy', 'SingleStack');
  }
  if (Array.isArray(spec.ports)) {
    for (const p of spec.ports as Obj[]) {
      if (!p || typeof p !== 'object') continue;
      def(p, 'protocol', 'TCP');
      def(p, 'targetPort', p.port);
    }
  }
}

/**
 * `stringData` is write-only: the apiserver merges it into `data` (base64, winning over the same
 * key in `data`) and never stores or returns it.
 */
function mergeStringData(secret: Obj): void {
  const plain = secret.stringData;
  if (plain === undefined || plain === null) return;
  delete secret.stringData;
  if (typeof plain !== 'object') return;
  const data = (secret.data && typeof secret.data === 'object' ? secret.data : {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(plain as Record<string, unknown>)) {
    data[key] = Buffer.from(String(value), 'utf8').toString('base64');
  }
  secret.data = data;
}
