import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Problem } from './problem.js';
import { loadApplications, validateApplication } from './validate.js';

const shopYaml = readFileSync(new URL('../../test/model/shop.yaml', import.meta.url), 'utf8');

function wellFormed(problems: Problem[]): boolean {
  return problems.every(
    (problem) =>
      typeof problem.path === 'string' &&
      typeof problem.message === 'string' &&
      problem.message.length > 0 &&
      typeof problem.code === 'string' &&
      (problem.severity === 'error' || problem.severity === 'warning'),
  );
}

/** Values shaped like an application, with random parts: they reach deep into the rules. */
const appLike = fc.record({
  apiVersion: fc.oneof(fc.constant('berth.dev/v1alpha1'), fc.anything()),
  kind: fc.oneof(fc.constant('Application'), fc.anything()),
  metadata: fc.oneof(fc.record({ name: fc.string() }), fc.anything()),
  spec: fc.record({
    components: fc.array(
      fc.record(
        {
          name: fc.oneof(fc.constantFrom('web', 'db', 'job'), fc.anything()),
          type: fc.oneof(
            fc.constantFrom('webservice', 'worker', 'store', 'daemon', 'job', 'cronjob', 'helm', 'manifests'),
            fc.anything(),
          ),
          image: fc.anything(),
          replicas: fc.anything(),
          ports: fc.oneof(
            fc.array(fc.record({ port: fc.anything(), name: fc.anything(), expose: fc.anything() })),
            fc.anything(),
          ),
          dependsOn: fc.oneof(fc.array(fc.constantFrom('web', 'db', 'job', 'x')), fc.anything()),
          traits: fc.dictionary(
            fc.constantFrom(
              'storage',
              'envs',
              'init',
              'sidecar',
              'ingress',
              'resources',
              'probes',
              'autoscale',
              'tolerations',
              'gpu',
            ),
            fc.anything(),
          ),
          manifests: fc.anything(),
          cron: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    ),
    environments: fc.anything(),
    workflow: fc.oneof(
      fc.record({
        steps: fc.array(
          fc.dictionary(
            fc.constantFrom('name', 'type', 'component', 'components', 'dependsOn', 'environments'),
            fc.anything(),
          ),
        ),
      }),
      fc.anything(),
    ),
  }),
});

/** YAML-ish text: fragments of a real application cut, repeated and mixed with YAML punctuation. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(...shopYaml.split('\n')),
      fc.constantFrom(
        '---',
        '- ',
        ': ',
        '{',
        '}',
        '[',
        ']',
        '&a',
        '*a',
        '!!str',
        '? ',
        '|',
        '>',
        '"',
        "'",
        '#',
        '\t',
        '  ',
        '~',
        'null',
      ),
      fc.string(),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join('\n'));

describe('validation never throws and always explains itself', () => {
  it('on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (value) => {
        const result = validateApplication(value);
        expect(wellFormed(result.problems)).toBe(true);
        expect(result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('on values shaped like an application', () => {
    fc.assert(
      fc.property(appLike, (value) => {
        const result = validateApplication(value);
        expect(wellFormed(result.problems)).toBe(true);
        if (result.application !== undefined)
          expect(result.problems.every((problem) => problem.severity === 'warning')).toBe(true);
      }),
      { numRuns: 120 },
    );
  });

  it('on arbitrary strings and YAML-ish text, with positions inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), yamlish), (text) => {
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const entry of loadApplications(text, { file: 'x.yaml' })) {
          expect(wellFormed(entry.problems)).toBe(true);
          for (const problem of entry.problems) {
            if (problem.position === undefined) continue;
            expect(problem.position.line).toBeGreaterThanOrEqual(1);
            expect(problem.position.line).toBeLessThanOrEqual(lines + 1);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on JSON text of arbitrary values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const entry of loadApplications(JSON.stringify(value) ?? 'null'))
          expect(wellFormed(entry.problems)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
