import type { Port } from '../../model/schema.js';
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
 * The ClusterIP Service of a webservice, named after the component, on its exposed ports
 * (`servicePort`, default the container port). Undefined when no port is exposed: a
 * Service without ports would be rejected by the API server.
 */
export function clusterService(ctx: ComponentContext): KubeObject | undefined {
  const exposed = (ctx.component.ports ?? []).filter((port) => port.expose === true);
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
 * stable DNS name `<component>-<ordinal>.<component>` and lists all the component's ports.
 */
export function headlessService(ctx: ComponentContext): KubeObject {
  const ports = (ctx.component.ports ?? []).map(servicePort);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(ctx),
    spec: { clusterIP: 'None', selector: ctx.selector, ...(ports.length > 0 ? { ports } : {}) },
  };
}
