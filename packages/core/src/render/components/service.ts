import type { Component, Port } from '../../model/schema.js';
import type { KubeObject } from '../kube.js';
import { portName } from '../traits/extra-container.js';
import type { ComponentContext } from './types.js';
import { objectMeta } from './workload.js';

function servicePort(port: Port): Record<string, unknown> {
  return {
    name: portName(port),
    port: port.servicePort ?? port.port,
    targetPort: port.port,
    protocol: port.protocol ?? 'TCP',
  };
}

/**
 * The ports a component's Service carries: those with `expose: true` of the main container and
 * of its sidecars (a proxy sidecar in front of the app), main container first.
 */
export function exposedPorts(component: Component): Port[] {
  const sidecars = component.traits?.sidecar ?? [];
  return [...(component.ports ?? []), ...sidecars.flatMap((sidecar) => sidecar.ports ?? [])].filter(
    (port) => port.expose === true,
  );
}

/**
 * The ClusterIP Service of a webservice, named after the component, on its exposed ports
 * (`servicePort`, default the container port). Undefined when no port is exposed: a
 * Service without ports would be rejected by the API server.
 */
export function clusterService(ctx: ComponentContext): KubeObject | undefined {
  const exposed = exposedPorts(ctx.component);
  if (exposed.length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(ctx),
    spec: { type: 'ClusterIP', selector: ctx.selector, ports: exposed.map(servicePort) },
  };
}

/**
 * The headless Service (`clusterIP: None`) governing a StatefulSet: it gives each replica a
 * stable DNS name `<component>-<ordinal>.<component>` and lists all the main container's ports
 * and its sidecars' exposed ones.
 */
export function headlessService(ctx: ComponentContext): KubeObject {
  const sidecars = (ctx.component.traits?.sidecar ?? []).flatMap((sidecar) => sidecar.ports ?? []);
  const ports = [...(ctx.component.ports ?? []), ...sidecars.filter((port) => port.expose === true)].map(
    servicePort,
  );
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(ctx),
    spec: { clusterIP: 'None', selector: ctx.selector, ...(ports.length > 0 ? { ports } : {}) },
  };
}
