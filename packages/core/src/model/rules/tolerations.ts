import type { Finding } from '../finding.js';
import { finding, has, itemsOf, textOf, type Rule } from './view.js';

/** Tolerations follow Kubernetes: Exists takes no value; an empty key needs Exists; tolerationSeconds needs NoExecute. */
export const tolerationRule: Rule = {
  id: 'tolerations',
  description:
    'operator Exists forbids a value; a toleration without key must use Exists; tolerationSeconds only with effect NoExecute.',
  check(app) {
    const findings: Finding[] = [];
    for (const component of app.components) {
      for (const toleration of itemsOf(component.traits.tolerations, [
        ...component.path,
        'traits',
        'tolerations',
      ])) {
        const operator = textOf(toleration.value.operator) ?? 'Equal';
        const value = textOf(toleration.value.value);
        if (operator === 'Exists' && value !== undefined && value !== '') {
          findings.push(
            finding(
              [...toleration.path, 'value'],
              'toleration-value',
              'operator Exists matches any value of the taint; remove `value` or use operator Equal',
            ),
          );
        }
        const key = textOf(toleration.value.key);
        if ((key === undefined || key === '') && operator !== 'Exists') {
          findings.push(
            finding(
              toleration.path,
              'toleration-key',
              'a toleration without `key` matches every taint and must use `operator: Exists`; add a key or set operator Exists',
            ),
          );
        }
        if (has(toleration.value, 'tolerationSeconds') && textOf(toleration.value.effect) !== 'NoExecute') {
          findings.push(
            finding(
              [...toleration.path, 'tolerationSeconds'],
              'toleration-seconds',
              'tolerationSeconds applies only to `effect: NoExecute`; set that effect or remove tolerationSeconds',
            ),
          );
        }
      }
    }
    return findings;
  },
};
