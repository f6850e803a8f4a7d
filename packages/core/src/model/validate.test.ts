import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { app, problemsOf, withCode } from '../../test/model/support.js';
import { formatProblem } from './problem.js';
import { loadApplication, loadApplications, validateApplication } from './validate.js';

const shopYaml = readFileSync(new URL('../../test/model/shop.yaml', import.meta.url), 'utf8');

describe('validateApplication', () => {
  it('accepts the shop application of ARCHITECTURE.md with no problem at all', () => {
    const result = loadApplication(shopYaml, { file: 'shop.yaml' });
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.application?.spec.components.map((component) => component.name)).toEqual([
      'redis',
      'migrate',
      'web',
    ]);
  });

  it('reports an unknown field with a did-you-mean by edit distance', () => {
    const yaml = app(`
  components:
    - { name: web, type: webservice, image: nginx }
  policies:
    imagePullPolcy: Always
`);
    expect(withCode(yaml, 'unknown-field')).toEqual([
      {
        path: 'spec.policies.imagePullPolcy',
        line: 8,
        severity: 'error',
        message: 'unknown field `imagePullPolcy`; did you mean `imagePullPolicy`?',
      },
    ]);
  });

  it('says where a field belongs when it is written at the wrong level', () => {
    const yaml = app(`
  components:
    - name: web
      type: webservice
      image: nginx
      storage: [{ type: ephemeral, mountPath: /tmp }]
`);
    expect(withCode(yaml, 'unknown-field')[0]).toMatchObject({
      path: 'spec.components[0].storage',
      line: 9,
      message: 'unknown field `storage`; `storage` belongs under the component’s `traits`',
    });
  });

  it('explains a wrong type and how to write it', () => {
    const yaml = app(`
  components:
    - name: web
      type: webservice
      image: nginx
      replicas: "3"
`);
    expect(withCode(yaml, 'wrong-type')).toEqual([
      {
        path: 'spec.components[0].replicas',
        line: 9,
        severity: 'error',
        message: 'must be a number, got a string "3"; write 3 without quotes',
      },
    ]);
  });

  it('names a missing required field and what it is for', () => {
    const yaml = app(`
  components:
    - name: web
      image: nginx
`);
    const [missing] = withCode(yaml, 'missing-field');
    expect(missing).toMatchObject({ path: 'spec.components[0].type', line: 6 });
    expect(missing!.message).toBe(
      'add `type`: what to run: webservice, worker, store, daemon, job, cronjob, helm or manifests',
    );
  });

  it('keeps the example of a missing field whole: "e.g." does not end its sentence', () => {
    const yaml = app(`
  components:
    - name: web
      type: webservice
      image: nginx
      traits:
        ingress: { path: /shop }
`);
    const [missing] = withCode(yaml, 'missing-field');
    expect(missing).toMatchObject({ path: 'spec.components[0].traits.ingress.host' });
    expect(missing!.message).toBe('add `host`: the public host name, e.g. shop.example.com');
  });

  it('lists the allowed values of an enum and suggests the closest', () => {
    const yaml = app(`
  components:
    - { name: web, type: webserver, image: nginx }
`);
    expect(withCode(yaml, 'invalid-value')[0]!.message).toBe(
      'must be one of webservice, worker, store, daemon, job, cronjob, helm, manifests; got a string "webserver"; did you mean `webservice`?',
    );
  });

  it('reports a wrong apiVersion and kind', () => {
    const problems = problemsOf(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec: { components: [{ name: web, type: worker, image: x }] }\n',
    );
    expect(problems.map((problem) => [problem.code, problem.path, problem.position?.line])).toEqual([
      ['api-version', 'apiVersion', 1],
      ['kind', 'kind', 2],
    ]);
    expect(problems[0]!.message).toMatch(/must be `berth\.dev\/v1alpha1`, got a string "apps\/v1"/);
  });

  it('reports every problem in one pass, sorted by position, schema and rules together', () => {
    const yaml = app(`
  components:
    - name: Web
      type: webservice
      image: nginx
      replicas: many
      dependsOn: [db]
`);
    const problems = problemsOf(yaml);
    expect(problems.map((problem) => `${problem.position?.line} ${problem.code}`)).toEqual([
      '6 invalid-name',
      '9 wrong-type',
      '10 unknown-dependency',
    ]);
    expect(problems.every((problem) => problem.file === 'app.yaml' && problem.document === 0)).toBe(true);
  });

  it('gives no application while an error remains, but keeps it when only warnings are left', () => {
    expect(validateApplication({}).application).toBeUndefined();
    const warned = loadApplication(
      app(`
  components:
    - { name: web, type: webservice, image: nginx, replicas: 1, traits: { autoscale: { min: 2, max: 3 } } }
`),
    );
    expect(warned.problems.map((problem) => problem.severity)).toEqual(['warning']);
    expect(warned.application).toBeDefined();
  });

  it('validates a plain value without a source: paths but no positions', () => {
    const result = validateApplication({
      apiVersion: 'berth.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: 'x' },
      spec: { components: [] },
    });
    expect(result.problems).toEqual([
      {
        path: 'spec.components',
        code: 'too-small',
        severity: 'error',
        message: 'add at least one component',
      },
    ]);
  });

  it('stops at 500 problems and says how many more there are', () => {
    const metadata: Record<string, string> = { name: 'shop' };
    for (let i = 0; i < 600; i++) metadata[`extra${i}`] = 'x';
    const { problems } = validateApplication({
      apiVersion: 'berth.dev/v1alpha1',
      kind: 'Application',
      metadata,
      spec: { components: [{ name: 'web', type: 'worker', image: 'x' }] },
    });
    expect(problems).toHaveLength(501);
    expect(problems[500]).toMatchObject({
      code: 'too-many-problems',
      message: '100 more problems not shown; fix the ones above first',
    });
  });
});

describe('loadApplications', () => {
  it('validates each document of a multi-document file on its own', () => {
    const second =
      'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata: { name: two }\nspec:\n  components:\n    - { name: api, type: worker }\n';
    const loaded = loadApplications(`${shopYaml}---\n${second}`, { file: 'apps.yaml' });
    expect(loaded.map((entry) => entry.document)).toEqual([0, 1]);
    expect(loaded[0]!.problems).toEqual([]);
    const shopLines = shopYaml.split('\n').length;
    expect(
      loaded[1]!.problems.map((problem) => [problem.code, problem.document, problem.position?.line]),
    ).toEqual([['image-required', 1, shopLines + 6]]);
  });

  it('reads JSON, with positions', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'berth.dev/v1alpha1',
        kind: 'Application',
        metadata: { name: 'shop' },
        spec: { components: [{ name: 'web', type: 'webservice', image: 'nginx', replica: 2 }] },
      },
      null,
      2,
    );
    const [entry] = loadApplications(json);
    expect(entry!.problems.map((problem) => [problem.path, problem.position?.line, problem.message])).toEqual(
      [['spec.components[0].replica', 13, 'unknown field `replica`; did you mean `replicas`?']],
    );
  });

  it('a single-application file with two documents is a problem', () => {
    const result = loadApplication(`${shopYaml}---\n${shopYaml}`);
    expect(result.application).toBeUndefined();
    expect(result.problems.find((problem) => problem.code === 'multiple-documents')).toMatchObject({
      document: 1,
      position: { line: shopYaml.split('\n').length + 2 },
    }); // after `---` and the leading comment
  });

  it('an empty file is a problem', () => {
    expect(loadApplication('# nothing here\n').problems).toMatchObject([{ code: 'empty' }]);
  });
});
