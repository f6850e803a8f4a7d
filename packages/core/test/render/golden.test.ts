import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadApplication } from '../../src/model/index.js';
import { render, toYaml } from '../../src/render/index.js';
import { goldenCases } from './golden-cases.js';
import { validateKubeObject } from './kube-models.js';

const update = process.env.UPDATE_GOLDEN === '1';
const cases = goldenCases();

describe('golden renders (UPDATE_GOLDEN=1 rewrites the expected files)', () => {
  it('has at least 12 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const goldenCase of cases) {
    for (const environment of goldenCase.environments) {
      it(`${goldenCase.name} / ${environment}`, () => {
        // GIVEN the application as a user wrote it, WHEN it is rendered for the environment
        const yaml = toYaml(render(goldenCase.app, environment).objects);
        const file = join(goldenCase.dir, `${environment}.yaml`);
        if (update || !existsSync(file)) writeFileSync(file, yaml);
        // THEN the output is byte-identical to the reviewed golden file
        expect(yaml).toBe(readFileSync(file, 'utf8'));
      });
    }
  }
});

describe('every golden input is an application Berth accepts', () => {
  for (const goldenCase of cases) {
    it(goldenCase.name, () => {
      const file = join(goldenCase.dir, 'app.yaml');
      const result = loadApplication(readFileSync(file, 'utf8'), { file: 'app.yaml' });
      expect(result.problems.map(formatProblem)).toEqual([]);
    });
  }
});

describe('every golden object is valid against the official schemas', () => {
  for (const goldenCase of cases) {
    for (const environment of goldenCase.environments) {
      it(`${goldenCase.name} / ${environment}`, () => {
        const { objects } = render(goldenCase.app, environment);
        expect(objects.length).toBeGreaterThan(0);
        for (const object of objects) validateKubeObject(object);
      });
    }
  }
});

describe('the schema check itself', () => {
  it('rejects a Deployment without a selector and a Service with a bad port', () => {
    const metadata = { name: 'x', namespace: 'y' };
    expect(() =>
      validateKubeObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { template: {} } }),
    ).toThrow(/selector/);
    expect(() =>
      validateKubeObject({
        apiVersion: 'v1',
        kind: 'Service',
        metadata,
        spec: { ports: [{ port: 'http' }] },
      }),
    ).toThrow(/invalid/);
    expect(() =>
      validateKubeObject({
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata,
        spec: { chart: { spec: { chart: 'c' } } },
      }),
    ).toThrow(/invalid/);
  });
});
