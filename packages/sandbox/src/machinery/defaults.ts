/**
 * The defaults the apiserver fills in when it decodes a body (SetDefaults_* of the built-in
 * types and the namespace name label), so stored objects look like a
 * real cluster's: `spec.replicas: 1`, rolling-update strategy, pod restart and DNS policy,
 * container pull policy, service type and cluster IP...
 */
import type { KubeObject, ResourceType } from '../store/types.js';
import { defaultPodSpec } from './pod-defaults.js';
import { defaultServiceSpec } from './service-defaults.js';


/** State a defaulting pass may need. */
export interface DefaultingContext {
  /** Allocates a free ClusterIP for a new Service. */
  allocateClusterIP(): string;
  /** Allocates a free port of the NodePort range (30000-32767). */
  allocateNodePort(): number;
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
      if (spec) defaultPodSpec(spec, true);
      break;
    case '/Secret':
      def(o as Obj, 'type', 'Opaque');
      mergeStringData(o as Obj);
      break;
    case '/Service':
      if (spec) defaultServiceSpec(spec, ctx);
      break;
    case '/PersistentVolumeClaim':
      if (spec) def(spec, 'volumeMode', 'Filesystem');
      break;
    case '/PersistentVolume':
      if (!spec) break;
      def(spec, 'persistentVolumeReclaimPolicy', 'Retain');
      def(spec, 'volumeMode', 'Filesystem');
      break;
    case '/Endpoints':
      for (const subset of list((o as Obj).subsets)) for (const p of list(subset.ports)) def(p, 'protocol', 'TCP');
      break;
    case '/LimitRange':
      for (const item of list(spec?.limits)) limitRangeItem(item);
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
      for (const claim of Array.isArray(spec.volumeClaimTemplates) ? (spec.volumeClaimTemplates as Obj[]) : []) {
        if (!claim || typeof claim !== 'object') continue;
        def(obj(claim, 'spec'), 'volumeMode', 'Filesystem');
        def(obj(claim, 'status'), 'phase', 'Pending');
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
      // Both unset: a non-parallel job (1 and 1); completions alone stay as they are.
      if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
      def(spec, 'parallelism', 1);
      def(spec, 'backoffLimit', spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? 2147483647 : 6);
      def(spec, 'completionMode', 'NonIndexed');
      def(spec, 'suspend', false);
      def(spec, 'podReplacementPolicy', spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed');
      jobLabelsFromTemplate(o as Obj, spec);
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
    case 'autoscaling/HorizontalPodAutoscaler':
      if (spec && type.version === 'v2') hpaV2(spec);
      break;
    case 'networking.k8s.io/NetworkPolicy':
      if (spec) networkPolicy(spec);
      break;
    case 'scheduling.k8s.io/PriorityClass':
      def(o as Obj, 'preemptionPolicy', 'PreemptLowerPriority');
      break;
  }
}

const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as unknown[]).filter((x): x is Obj => !!x && typeof x === 'object' && !Array.isArray(x)) : []);

/** SetDefaults_LimitRangeItem: a Container item's default from max, its defaultRequest from default, then min. */
function limitRangeItem(item: Obj): void {
  if (item.type !== 'Container') return;
  const resources = (key: string): Obj => (item[key] && typeof item[key] === 'object' ? (item[key] as Obj) : {});
  const dflt = resources('default');
  const request = resources('defaultRequest');
  for (const [name, value] of Object.entries(resources('max'))) def(dflt, name, value);
  for (const [name, value] of Object.entries(dflt)) def(request, name, value);
  for (const [name, value] of Object.entries(resources('min'))) def(request, name, value);
  // Empty maps are omitted from the JSON (omitempty).
  if (Object.keys(dflt).length) item.default = dflt;
  if (Object.keys(request).length) item.defaultRequest = request;
}

/** SetDefaults_Job: a Job without labels takes its template's (the generated selector labels included). */
export function jobLabelsFromTemplate(job: Obj, spec: Obj): void {
  const labels = (spec.template as Obj | undefined)?.metadata as Obj | undefined;
  const meta = job.metadata as Obj;
  const own = meta.labels as Record<string, string> | undefined;
  if (labels?.labels && typeof labels.labels === 'object' && (!own || Object.keys(own).length === 0)) {
    meta.labels = { ...(labels.labels as Record<string, string>) };
  }
}

const scaleUpRules = () => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});
const scaleDownRules = () => ({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });

/** autoscaling/v2 SetDefaults_HorizontalPodAutoscaler: minReplicas, CPU 80%, and a given behavior filled in. */
function hpaV2(spec: Obj): void {
  def(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  const behavior = spec.behavior as Obj | undefined;
  if (!behavior || typeof behavior !== 'object') return;
  behavior.scaleUp = { ...scaleUpRules(), ...definedOf(behavior.scaleUp) };
  behavior.scaleDown = { ...scaleDownRules(), ...definedOf(behavior.scaleDown) };
}

function definedOf(rules: unknown): Obj {
  if (!rules || typeof rules !== 'object') return {};
  return Object.fromEntries(Object.entries(rules as Obj).filter(([, v]) => v !== undefined && v !== null));
}

/** networking/v1: port protocol TCP; policyTypes Ingress, plus Egress when egress rules are given. */
function networkPolicy(spec: Obj): void {
  for (const dir of ['ingress', 'egress']) {
    for (const rule of Array.isArray(spec[dir]) ? (spec[dir] as Obj[]) : []) {
      if (!rule || typeof rule !== 'object') continue;
      for (const p of Array.isArray(rule.ports) ? (rule.ports as Obj[]) : []) if (p && typeof p === 'object') def(p, 'protocol', 'TCP');
    }
  }
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

function template(spec: Obj): void {
  const t = spec.template as Obj | undefined;
  const ps = t?.spec as Obj | undefined;
  if (ps && typeof ps === 'object') defaultPodSpec(ps, false);
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
