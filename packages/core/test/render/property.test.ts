import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { render, toYaml } from '../../src/render/index.js';
import { applicationArbitrary } from './arbitraries.js';
import { validateKubeObject } from './kube-models.js';

function environmentsOf(app: { spec: { environments?: Array<{ name: string }> } }): string[] {
  return app.spec.environments?.map((env) => env.name) ?? ['default'];
}

describe('render on arbitrary valid applications', () => {
  it('never throws, is deterministic, and every object passes the official schemas', () => {
    fc.assert(
      fc.property(applicationArbitrary, (app) => {
        for (const environment of environmentsOf(app)) {
          const first = render(app, environment);
          expect(toYaml(render(structuredClone(app), environment).objects)).toBe(toYaml(first.objects));
          for (const object of first.objects) validateKubeObject(object);
        }
      }),
      { numRuns: 150 },
    );
  });
});
