import type { ExtraContainer, Port } from '../../model/schema.js';
import type { Container } from '../kube.js';
import { toEnvVar } from './envs.js';
import { toResourceRequirements } from './resources.js';
import { storageResult } from './storage.js';
import type { TraitContext, TraitResult } from './types.js';

/** A port's name: its own, or `<protocol>-<port>` lower-cased (e.g. "tcp-8080"). */
export function portName(port: Port): string {
  return port.name ?? `${(port.protocol ?? 'TCP').toLowerCase()}-${port.port}`;
}

/** Container ports of a list of Berth ports (all of them, exposed or not). */
export function containerPorts(ports: readonly Port[] | undefined): Container['ports'] {
  if (!ports || ports.length === 0) return undefined;
  return ports.map((port) => ({
    name: portName(port),
    containerPort: port.port,
    protocol: port.protocol ?? 'TCP',
  }));
}

/**
 * An init or sidecar container with its own volumes: `mounts` reference the component's
 * storage by name; `storage` adds volumes to the pod (volume names default to
 * `<container>-<type>-<index>`) mounted in this container only.
 */
export function extraContainerResult(
  ctx: TraitContext<unknown>,
  spec: ExtraContainer,
): { container: Container; result: TraitResult } {
  const own = storageResult(ctx, spec.storage ?? [], spec.name, `${spec.name}-`);
  const mounts = [
    ...(spec.mounts ?? []).map((m) => ({
      name: m.volume,
      mountPath: m.mountPath,
      ...(m.readOnly ? { readOnly: true } : {}),
      ...(m.subPath ? { subPath: m.subPath } : {}),
    })),
    ...(own.volumeMounts?.[spec.name] ?? []),
  ];
  const resources = spec.resources ? toResourceRequirements(spec.resources) : undefined;
  const container: Container = {
    name: spec.name,
    image: spec.image,
    ...(spec.command ? { command: spec.command } : {}),
    ...(spec.args ? { args: spec.args } : {}),
    ...(spec.ports?.length ? { ports: containerPorts(spec.ports) } : {}),
    ...(spec.env?.length ? { env: spec.env.map(toEnvVar) } : {}),
    ...(resources && Object.keys(resources).length > 0 ? { resources } : {}),
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
  };
  return { container, result: { ...own, volumeMounts: {} } };
}

/** Merge several trait results of the same trait (list fields concatenated). */
export function concatResults(results: readonly TraitResult[]): TraitResult {
  return {
    volumes: results.flatMap((r) => r.volumes ?? []),
    volumeClaimTemplates: results.flatMap((r) => r.volumeClaimTemplates ?? []),
    additionalObjects: results.flatMap((r) => r.additionalObjects ?? []),
  };
}
