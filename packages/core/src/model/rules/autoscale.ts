import type { Finding } from '../finding.js';
import { finding, has, numberOf, recordOf, type Rule } from './view.js';

const NO_AUTOSCALE = new Set(['daemon', 'job', 'cronjob', 'helm', 'manifests']);

/** Autoscaling: min ≤ max, only on scalable workloads, and replicas within the range. */
export const autoscaleRule: Rule = {
  id: 'autoscale',
  description:
    'autoscale.min is not above autoscale.max; autoscale applies to webservice, worker and store; replicas (also in environment overrides) lies within the autoscale range.',
  check(app) {
    const findings: Finding[] = [];
    for (const component of app.components) {
      if (!has(component.traits, 'autoscale')) continue;
      const path = [...component.path, 'traits', 'autoscale'];
      const name = component.name ?? 'this component';
      if (component.type !== undefined && NO_AUTOSCALE.has(component.type)) {
        findings.push(
          finding(
            path,
            'trait-not-applicable',
            `autoscale applies to webservice, worker and store components, and ${name} is a ${component.type}; remove it`,
          ),
        );
        continue;
      }
      const autoscale = recordOf(component.traits.autoscale);
      const min = numberOf(autoscale.min);
      const max = numberOf(autoscale.max);
      if (min !== undefined && max !== undefined && min > max) {
        findings.push(
          finding(
            [...path, 'min'],
            'autoscale-range',
            `autoscale.min (${min}) is above autoscale.max (${max}); min must be at most max`,
          ),
        );
      }
      if (min === undefined || max === undefined || min > max) continue;
      const outside = (
        replicas: unknown,
        replicasPath: ReadonlyArray<string | number>,
        where: string,
      ): void => {
        const count = numberOf(replicas);
        if (count !== undefined && (count < min || count > max))
          findings.push(
            finding(
              replicasPath,
              'replicas-with-autoscale',
              `replicas ${count}${where} is outside the autoscale range ${min}–${max}, so the autoscaler will change it to ${count < min ? min : max} at once; set replicas within the range or remove it`,
              'warning',
            ),
          );
      };
      outside(component.value.replicas, [...component.path, 'replicas'], '');
      for (const environment of app.environments) {
        const override = recordOf(
          recordOf(recordOf(environment.value.overrides).components)[component.name ?? ''],
        );
        const where =
          environment.name === undefined ? ' (environment override)' : ` in environment ${environment.name}`;
        outside(
          override.replicas,
          [...environment.path, 'overrides', 'components', component.name ?? '', 'replicas'],
          where,
        );
      }
    }
    return findings;
  },
};
