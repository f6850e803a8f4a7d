import type { Finding } from '../finding.js';
import { labelValueError, qualifiedNameError } from '../names.js';
import type { DocumentPath } from '../parse.js';
import { finding, recordOf, type Rule } from './view.js';

/**
 * Labels, annotations and node selectors end up on Kubernetes objects, whose API server
 * refuses keys that are not qualified names and label values that are not label values.
 */
export const labelRule: Rule = {
  id: 'labels',
  description:
    'Label, annotation and nodeSelector keys are qualified names (`prefix/name`); label and nodeSelector values are at most 63 letters, digits, "-", "_" and ".".',
  check(app) {
    const findings: Finding[] = [];
    const keys = (map: unknown, path: DocumentPath, what: string, values: boolean): void => {
      for (const [key, value] of Object.entries(recordOf(map))) {
        const keyError = qualifiedNameError(key);
        if (keyError !== undefined)
          findings.push(finding([...path, key], 'invalid-label', `${what} key \`${key}\` ${keyError}`));
        if (!values || typeof value !== 'string') continue;
        const valueError = labelValueError(value);
        if (valueError !== undefined)
          findings.push(
            finding(
              [...path, key],
              'invalid-label',
              `${what} value \`${value}\` of \`${key}\` ${valueError}`,
            ),
          );
      }
    };
    const workload = (record: Record<string, unknown>, path: DocumentPath): void => {
      keys(record.labels, [...path, 'labels'], 'label', true);
      keys(record.annotations, [...path, 'annotations'], 'annotation', false);
      const traits = recordOf(record.traits);
      keys(traits.nodeSelector, [...path, 'traits', 'nodeSelector'], 'nodeSelector', true);
      keys(
        recordOf(traits.ingress).annotations,
        [...path, 'traits', 'ingress', 'annotations'],
        'annotation',
        false,
      );
    };
    keys(app.metadata.labels, ['metadata', 'labels'], 'label', true);
    keys(app.metadata.annotations, ['metadata', 'annotations'], 'annotation', false);
    for (const component of app.components) workload(component.value, component.path);
    for (const environment of app.environments) {
      const overrides = recordOf(recordOf(environment.value.overrides).components);
      for (const [name, override] of Object.entries(overrides))
        workload(recordOf(override), [...environment.path, 'overrides', 'components', name]);
    }
    return findings;
  },
};
