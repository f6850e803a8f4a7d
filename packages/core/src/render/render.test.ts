import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ApplicationSchema } from '../model/schema.js';
import type { KubeObject } from './kube.js';
import { render } from './render.js';

/** Render a one-component application written as YAML (the component's lines). */
function renderComponent(component: string, policies = '{}'): KubeObject[] {
  const text = `apiVersion: berth.dev/v1alpha1
kind: Application
metadata: { name: demo }
spec:
  policies: ${policies}
  components:
${component}`;
  return render(ApplicationSchema.parse(parse(text)), 'default').objects;
}

function find(objects: KubeObject[], kind: string): Record<string, any> {
  const object = objects.find((o) => o.kind === kind);
  if (!object) throw new Error(`no ${kind} in ${objects.map((o) => o.kind).join(', ')}`);
  return object as Record<string, any>;
}

describe('render of realistic components', () => {
  it('routes an ingress of a store to its headless Service on the exposed port', () => {
    const objects = renderComponent(`
    - name: minio
      type: store
      image: minio/minio:RELEASE.2024-10-13T13-34-11Z
      ports: [{ name: api, port: 9000, expose: true }, { name: console, port: 9001, servicePort: 80, expose: true }]
      traits: { ingress: { host: console.example.com, port: console } }`);
    const service = find(objects, 'Service');
    const ingress = find(objects, 'Ingress');
    expect(service.spec.clusterIP).toBe('None');
    expect(ingress.spec.rules[0].http.paths[0].backend).toEqual({
      service: { name: service.metadata.name, port: { number: 80 } },
    });
    expect(service.spec.ports).toContainEqual(
      expect.objectContaining({ name: 'console', port: 80, targetPort: 9001 }),
    );
  });

  it('writes a GPU toleration once when the user also wrote it', () => {
    const objects = renderComponent(`
    - name: train
      type: job
      image: pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime
      traits:
        gpu: { count: 1 }
        tolerations: [{ key: nvidia.com/gpu, operator: Exists, effect: NoSchedule }]`);
    const tolerations = find(objects, 'Job').spec.template.spec.tolerations;
    expect(tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  it('gives a surging DaemonSet maxUnavailable 0, which the API server requires', () => {
    const objects = renderComponent(
      `
    - { name: agent, type: daemon, image: busybox:1.36 }`,
      '{ maxSurge: 1 }',
    );
    expect(find(objects, 'DaemonSet').spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
  });
});
