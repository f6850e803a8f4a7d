import { describe, expect, it } from 'vitest';
import { createResourceRegistry } from './registry.js';

describe('resource registry', () => {
  it('knows the built-in kinds with their discovery details', () => {
    const reg = createResourceRegistry();
    expect(reg.byKind('apps/v1', 'Deployment')).toMatchObject({
      resource: 'deployments',
      singular: 'deployment',
      shortNames: ['deploy'],
      namespaced: true,
      subresources: ['status', 'scale'],
      categories: ['all'],
    });
    expect(reg.byResource('', 'v1', 'nodes')).toMatchObject({ kind: 'Node', namespaced: false, shortNames: ['no'] });
    expect(reg.byResource('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews')?.verbs).toEqual(['create']);
    expect(reg.resolve('po').map((t) => t.kind)).toEqual(['Pod']);
    expect(reg.resolve('ev').map((t) => `${t.group}/${t.kind}`).sort()).toEqual(['/Event', 'events.k8s.io/Event']);
    expect(reg.byResource('batch', 'v1', 'jobs')?.defaultPropagationPolicy).toBe('Orphan');
  });

  it('serves and withdraws the versions of a CRD', () => {
    const reg = createResourceRegistry();
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Cluster',
        names: { plural: 'widgets', kind: 'Widget', shortNames: ['wd'] },
        versions: [
          { name: 'v1', served: true, storage: true, subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } },
          { name: 'v2alpha1', served: false, storage: false },
        ],
      },
    };
    reg.serveCrd(crd);
    expect(reg.byKind('example.com/v1', 'Widget')).toMatchObject({ resource: 'widgets', namespaced: false, subresources: ['status', 'scale'], shortNames: ['wd'] });
    expect(reg.byResource('example.com', 'v2alpha1', 'widgets')).toBeUndefined();
    reg.withdrawCrd(crd);
    expect(reg.byKind('example.com/v1', 'Widget')).toBeUndefined();
  });
});
