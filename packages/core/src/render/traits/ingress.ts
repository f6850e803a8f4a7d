import type { Component, Port } from '../../model/schema.js';
import type { KubeObject } from '../kube.js';
import { exposedPorts } from '../components/service.js';
import type { TraitProcessor } from './types.js';

/** The exposed port an ingress routes to: `port` by name, container port or service port; else the first exposed. */
export function ingressPort(component: Component, wanted: number | string | undefined): Port | undefined {
  const exposed = exposedPorts(component);
  if (wanted === undefined) return exposed[0];
  const match = exposed.find((port) =>
    typeof wanted === 'number'
      ? port.port === wanted || port.servicePort === wanted
      : port.name === wanted || String(port.port) === wanted,
  );
  return match ?? exposed[0];
}

/**
 * `ingress`: a networking.k8s.io/v1 Ingress named after the component, routing
 * `host` + `path` (default "/", pathType Prefix) to the component Service on the chosen
 * exposed port; TLS from `tls.secretName`. A store routes through its headless Service
 * (ingress controllers send traffic to the endpoints, not the cluster IP), which carries
 * every port. A component without exposed ports gets no Ingress (the model validation
 * reports it).
 */
export const ingressTrait: TraitProcessor<'ingress'> = {
  name: 'ingress',
  appliesTo: ['webservice', 'store'],
  process: (ctx) => {
    const { data, component } = ctx;
    const port = ingressPort(component, data.port);
    if (!port) return {};
    const annotations = { ...ctx.annotations, ...data.annotations };
    const ingress: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: ctx.workload.name,
        namespace: ctx.environment.namespace,
        labels: ctx.labels,
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      spec: {
        ...(data.className !== undefined ? { ingressClassName: data.className } : {}),
        rules: [
          {
            host: data.host,
            http: {
              paths: [
                {
                  path: data.path ?? '/',
                  pathType: data.pathType ?? 'Prefix',
                  backend: {
                    service: { name: ctx.workload.name, port: { number: port.servicePort ?? port.port } },
                  },
                },
              ],
            },
          },
        ],
        ...(data.tls ? { tls: [{ hosts: [data.host], secretName: data.tls.secretName }] } : {}),
      },
    };
    return { additionalObjects: [ingress] };
  },
};
