import { type FleetSpec, type Sandbox, type SandboxOptions, startSandbox } from '@berth/sandbox';

type Simulation = NonNullable<SandboxOptions['simulation']>;

/**
 * A minimal simulation for tests: registers the fleet's nodes as Ready Node objects (no
 * kubelet, no scheduler), enough for node summaries.
 */
export const staticFleet: Simulation = ({ store, registry, nodes }) => {
  const type = registry.byKind('v1', 'Node')!;
  const fleet: FleetSpec = typeof nodes === 'object' ? nodes : { pools: [{ name: 'node', count: nodes ?? 3 }] };
  for (const pool of fleet.pools) {
    for (let i = 1; i <= pool.count; i++) {
      const name = `${pool.namePrefix ?? pool.name}-${i}`;
      if (store.get(type, undefined, name)) continue;
      const capacity = Object.fromEntries(
        Object.entries({ cpu: '4', memory: '16Gi', pods: 110, ...pool.capacity }).map(([k, v]) => [k, String(v)]),
      );
      const node = {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { 'kubernetes.io/hostname': name, ...pool.labels } },
        spec: { ...(pool.taints ? { taints: pool.taints } : {}) },
        status: {
          capacity,
          allocatable: capacity,
          conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
          nodeInfo: {
            machineID: name,
            systemUUID: name,
            bootID: name,
            kernelVersion: '6.1.0',
            osImage: 'Sandbox',
            containerRuntimeVersion: 'sandbox://1.0',
            kubeletVersion: 'v1.31.0',
            kubeProxyVersion: 'v1.31.0',
            operatingSystem: 'linux',
            architecture: 'amd64',
          },
        },
      };
      const created = store.create(type, node);
      store.updateStatus(type, { ...created, status: node.status });
    }
  }
  return { stop() {} };
};

/** A sandbox with the test fleet's nodes registered. */
export function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ simulation: staticFleet, ...options });
}
