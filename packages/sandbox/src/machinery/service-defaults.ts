/**
 * A Service's defaults (core/v1 SetDefaults_Service) and what the service registry allocates on
 * a single-stack IPv4 cluster: cluster IP, `clusterIPs`, IP families and policy, node ports.
 */

type Obj = Record<string, unknown>;

/** The allocators a Service's defaults need. */
export interface ServiceAllocators {
  allocateClusterIP(): string;
  allocateNodePort(): number;
}

function def(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = value;
}

const ports = (spec: Obj): Obj[] =>
  Array.isArray(spec.ports) ? (spec.ports as Obj[]).filter((p) => p && typeof p === 'object') : [];

/** Applies Service defaults and allocations to `spec` in place. */
export function defaultServiceSpec(spec: Obj, alloc: ServiceAllocators): void {
  def(spec, 'type', 'ClusterIP');
  def(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const timeout = ((spec.sessionAffinityConfig as Obj | undefined)?.clientIP as Obj | undefined)
      ?.timeoutSeconds;
    if (timeout === undefined || timeout === null)
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  for (const p of ports(spec)) {
    def(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  const type = spec.type;
  const external =
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  if (external) def(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer')
    def(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') def(spec, 'allocateLoadBalancerNodePorts', true);
  if (type === 'ExternalName') return;
  if (spec.clusterIP === undefined || spec.clusterIP === '') {
    spec.clusterIP =
      Array.isArray(spec.clusterIPs) && typeof spec.clusterIPs[0] === 'string'
        ? spec.clusterIPs[0]
        : alloc.allocateClusterIP();
  }
  def(spec, 'clusterIPs', [spec.clusterIP]);
  const headlessWithoutSelector =
    spec.clusterIP === 'None' && (!spec.selector || Object.keys(spec.selector as Obj).length === 0);
  def(
    spec,
    'ipFamilyPolicy',
    headlessWithoutSelector && spec.ipFamilies === undefined ? 'RequireDualStack' : 'SingleStack',
  );
  def(spec, 'ipFamilies', ['IPv4']);
  const wantsNodePorts =
    type === 'NodePort' || (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
  if (wantsNodePorts) for (const p of ports(spec)) if (!p.nodePort) p.nodePort = alloc.allocateNodePort();
  if (type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !spec.healthCheckNodePort)
    spec.healthCheckNodePort = alloc.allocateNodePort();
}

/** On update, a Service keeps the cluster IPs and node ports it was given when the new spec omits them. */
export function keepServiceAllocations(next: Obj | undefined, old: Obj | undefined): void {
  if (!next || !old) return;
  const ns = next as { clusterIP?: string; clusterIPs?: string[]; type?: string };
  const os = old as { clusterIP?: string; clusterIPs?: string[]; type?: string };
  if (os.clusterIP) {
    if (!ns.clusterIP) ns.clusterIP = os.clusterIP;
    if (!ns.clusterIPs && ns.clusterIP === os.clusterIP && os.clusterIPs) ns.clusterIPs = [...os.clusterIPs];
  }
  if (next.type !== 'NodePort' && next.type !== 'LoadBalancer') return;
  const oldPorts = ports(old);
  for (const p of ports(next)) {
    if (p.nodePort) continue;
    const same = oldPorts.find(
      (o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP') && o.nodePort,
    );
    if (same) p.nodePort = same.nodePort;
  }
  if (
    !next.healthCheckNodePort &&
    old.healthCheckNodePort &&
    next.externalTrafficPolicy === old.externalTrafficPolicy
  )
    next.healthCheckNodePort = old.healthCheckNodePort;
}
