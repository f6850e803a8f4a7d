/**
 * The core/v1 defaults of a pod spec (SetDefaults_PodSpec, _Container, _Probe, _HTTPGetAction,
 * the volume sources and _ObjectFieldSelector), shared by pods and every pod template, and the
 * ones only a Pod gets (SetDefaults_Pod: `enableServiceLinks`, requests from limits, host ports
 * under `hostNetwork`). `serviceAccountName: default` is the ServiceAccount admission's (pods only).
 */

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

function def(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = value;
}

/** File mode of configMap, secret, downwardAPI and projected volumes (0644). */
const DEFAULT_MODE = 420;
const VOLUME_SOURCES_WITH_MODE = ['configMap', 'secret', 'downwardAPI', 'projected'];

/** Defaults of a pod spec; `pod` adds the ones SetDefaults_Pod gives a Pod but not a template. */
export function defaultPodSpec(spec: Obj, pod: boolean): void {
  def(spec, 'restartPolicy', 'Always');
  def(spec, 'dnsPolicy', 'ClusterFirst');
  def(spec, 'schedulerName', 'default-scheduler');
  def(spec, 'terminationGracePeriodSeconds', 30);
  def(spec, 'securityContext', {});
  // v1 conversion: the deprecated `serviceAccount` mirrors `serviceAccountName`.
  if (spec.serviceAccountName === undefined && typeof spec.serviceAccount === 'string' && spec.serviceAccount)
    spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName !== undefined) spec.serviceAccount = spec.serviceAccountName;
  const containers = [
    ...objects(spec.initContainers),
    ...objects(spec.containers),
    ...objects(spec.ephemeralContainers),
  ];
  for (const c of containers) defaultContainer(c);
  for (const v of objects(spec.volumes)) defaultVolume(v);
  if (!pod) return;
  def(spec, 'enableServiceLinks', true);
  for (const c of [...objects(spec.initContainers), ...objects(spec.containers)]) {
    requestsFromLimits(c);
    if (spec.hostNetwork === true)
      for (const p of objects(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
  }
}

function defaultContainer(c: Obj): void {
  def(c, 'terminationMessagePath', '/dev/termination-log');
  def(c, 'terminationMessagePolicy', 'File');
  if (c.imagePullPolicy === undefined && typeof c.image === 'string') c.imagePullPolicy = pullPolicy(c.image);
  def(c, 'resources', {});
  for (const p of objects(c.ports)) def(p, 'protocol', 'TCP');
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = c[probe];
    if (!isObj(p)) continue;
    def(p, 'timeoutSeconds', 1);
    def(p, 'periodSeconds', 10);
    def(p, 'successThreshold', 1);
    def(p, 'failureThreshold', 3);
    httpGet(p.httpGet);
  }
  if (isObj(c.lifecycle))
    for (const hook of [c.lifecycle.postStart, c.lifecycle.preStop]) if (isObj(hook)) httpGet(hook.httpGet);
  for (const e of objects(c.env)) if (isObj(e.valueFrom)) fieldRef(e.valueFrom.fieldRef);
}

function httpGet(action: unknown): void {
  if (!isObj(action)) return;
  def(action, 'path', '/');
  def(action, 'scheme', 'HTTP');
}

function fieldRef(ref: unknown): void {
  if (isObj(ref)) def(ref, 'apiVersion', 'v1');
}

function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== undefined && v[k] !== null);
  if (sources.length === 0) v.emptyDir = {};
  for (const key of VOLUME_SOURCES_WITH_MODE)
    if (isObj(v[key])) def(v[key] as Obj, 'defaultMode', DEFAULT_MODE);
  if (isObj(v.hostPath)) def(v.hostPath, 'type', '');
  if (isObj(v.downwardAPI)) for (const item of objects(v.downwardAPI.items)) fieldRef(item.fieldRef);
  if (isObj(v.projected)) {
    for (const s of objects(v.projected.sources)) {
      if (isObj(s.serviceAccountToken)) def(s.serviceAccountToken, 'expirationSeconds', 3600);
      if (isObj(s.downwardAPI)) for (const item of objects(s.downwardAPI.items)) fieldRef(item.fieldRef);
    }
  }
  if (
    isObj(v.ephemeral) &&
    isObj(v.ephemeral.volumeClaimTemplate) &&
    isObj(v.ephemeral.volumeClaimTemplate.spec)
  ) {
    def(v.ephemeral.volumeClaimTemplate.spec, 'volumeMode', 'Filesystem');
  }
}

/** A limit without a request makes the request equal to the limit (Pods only, not templates). */
function requestsFromLimits(c: Obj): void {
  const resources = c.resources;
  if (!isObj(resources) || !isObj(resources.limits)) return;
  const requests = isObj(resources.requests) ? resources.requests : {};
  for (const [name, value] of Object.entries(resources.limits)) def(requests, name, value);
  resources.requests = requests;
}

/** `Always` for `:latest` or untagged images, otherwise `IfNotPresent`. */
export function pullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.split('/').pop() ?? image;
  const tag = last.includes(':') ? last.split(':').pop() : undefined;
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}
