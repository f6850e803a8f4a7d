import { describe, expect, it } from 'vitest';
import type { Application } from '../../src/model/index.js';
import { CONTENT_HASH_ANNOTATION, render, RenderError, toYaml } from '../../src/render/index.js';
import { goldenCases } from './golden-cases.js';

const shop = goldenCases().find((c) => c.name === 'shop')!.app;

function clone(app: Application): Application {
  return structuredClone(app);
}

describe('determinism', () => {
  it('renders byte-identical YAML twice, from equal but distinct inputs', () => {
    expect(toYaml(render(shop, 'prod').objects)).toBe(toYaml(render(clone(shop), 'prod').objects));
  });

  it('starts every document with apiVersion, kind, metadata', () => {
    for (const doc of toYaml(render(shop, 'dev').objects).split('---\n')) {
      expect(
        doc
          .split('\n')
          .slice(0, 3)
          .map((line) => line.split(':')[0]),
      ).toEqual(['apiVersion', 'kind', 'metadata']);
    }
  });

  it('does not depend on the key order of the input', () => {
    const reordered = JSON.parse(
      JSON.stringify(shop, (_key, value: unknown) =>
        value && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse())
          : value,
      ),
    ) as Application;
    expect(render(reordered, 'prod').hash).toBe(render(shop, 'prod').hash);
  });
});

describe('content hashes', () => {
  const base = render(shop, 'prod');
  const hashOf = (result: typeof base, kind: string, name: string) =>
    result.objects.find((o) => o.kind === kind && o.metadata.name === name)?.metadata.annotations?.[
      CONTENT_HASH_ANNOTATION
    ];

  it('annotates every object with a sha256', () => {
    for (const object of base.objects)
      expect(object.metadata.annotations?.[CONTENT_HASH_ANNOTATION]).toMatch(/^[0-9a-f]{64}$/);
    expect(base.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('change for the changed object, the component and the render, and nothing else', () => {
    const changed = clone(shop);
    changed.spec.components[2]!.image = 'ghcr.io/acme/shop:1.5.0';
    const after = render(changed, 'prod');
    expect(after.hash).not.toBe(base.hash);
    expect(hashOf(after, 'Deployment', 'web')).not.toBe(hashOf(base, 'Deployment', 'web'));
    expect(hashOf(after, 'Service', 'web')).toBe(hashOf(base, 'Service', 'web'));
    expect(
      after.components.map((c) => c.hash === base.components.find((b) => b.name === c.name)?.hash),
    ).toEqual([true, true, false]);
  });

  it('stay the same when only the workflow changes (it renders nothing)', () => {
    const changed = clone(shop);
    changed.spec.workflow = {
      steps: [{ name: 'all', type: 'deploy', components: ['redis', 'migrate', 'web'] }],
    };
    expect(render(changed, 'prod').hash).toBe(base.hash);
  });
});

describe('render result', () => {
  it('groups objects by component in spec order, for a workflow engine', () => {
    const result = render(shop, 'dev');
    expect(result.components.map((c) => [c.name, c.dependsOn])).toEqual([
      ['redis', []],
      ['migrate', ['redis']],
      ['web', ['migrate']],
    ]);
    expect(Object.keys(result.objectsByComponent)).toEqual(['redis', 'migrate', 'web']);
    expect(result.objectsByComponent.web?.map((o) => o.kind)).toEqual([
      'Service',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Ingress',
    ]);
    expect(result.objects).toEqual(result.components.flatMap((c) => c.objects));
  });

  it('omits replicas when the component autoscales', () => {
    const web = render(shop, 'prod').objectsByComponent.web?.find((o) => o.kind === 'Deployment');
    expect(web?.spec).not.toHaveProperty('replicas');
  });

  it('reports a component missing what its type needs, with a path', () => {
    const broken = clone(shop);
    delete broken.spec.components[1]!.image;
    expect(() => render(broken, 'dev')).toThrow(RenderError);
    expect(() => render(broken, 'dev')).toThrow(/spec\.components\[1\]\.image/);
  });

  it('reports two components rendering the same object', () => {
    const twice = clone(shop);
    twice.spec.components.push({ ...twice.spec.components[2]!, type: 'worker' });
    expect(() => render(twice, 'dev')).toThrow(/both render Deployment web/);
  });
});
