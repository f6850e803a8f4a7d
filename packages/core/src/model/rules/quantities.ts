import type { Finding } from '../finding.js';
import type { DocumentPath } from '../parse.js';
import { parseQuantity, quantityError } from '../quantity.js';
import { finding, has, itemsOf, recordOf, type Rule } from './view.js';

/** Resource amounts and storage sizes are Kubernetes quantities, and limits are not below requests. */
export const quantityRule: Rule = {
  id: 'quantities',
  description:
    'cpu, memory, limits, storage sizes and env resource divisors are Kubernetes quantities (500m, 0.5, 512Mi, 1Gi); a limit is not below its request.',
  check(app) {
    const findings: Finding[] = [];
    const check = (record: Record<string, unknown>, key: string, path: DocumentPath): number | undefined => {
      if (!has(record, key)) return undefined;
      const value = record[key];
      // Wrong types (a list, a boolean) are the schema's to report.
      if (typeof value !== 'string' && typeof value !== 'number') return undefined;
      const error = quantityError(value);
      if (error !== undefined) {
        findings.push(finding([...path, key], 'invalid-quantity', error));
        return undefined;
      }
      return parseQuantity(value);
    };
    for (const component of app.components) {
      for (const container of component.containers) {
        const resources = recordOf(container.resources);
        const path = container.resourcesPath;
        const requests = { cpu: check(resources, 'cpu', path), memory: check(resources, 'memory', path) };
        const limits = recordOf(resources.limits);
        const limitsPath = [...path, 'limits'];
        for (const key of ['cpu', 'memory'] as const) {
          const limit = check(limits, key, limitsPath);
          const request = requests[key];
          if (limit !== undefined && request !== undefined && limit < request) {
            findings.push(
              finding(
                [...limitsPath, key],
                'limit-below-request',
                `the ${key} limit ${String(limits[key])} is below the ${key} request ${String(resources[key])}; raise the limit or lower the request`,
              ),
            );
          }
        }
        for (const storage of itemsOf(container.storage, container.storagePath)) {
          const size = check(storage.value, 'size', storage.path);
          if (size === 0)
            findings.push(
              finding([...storage.path, 'size'], 'invalid-quantity', 'size must be greater than 0'),
            );
        }
        for (const env of itemsOf(container.env, container.envPath)) {
          const resource = recordOf(recordOf(env.value.valueFrom).resource);
          check(resource, 'divisor', [...env.path, 'valueFrom', 'resource']);
        }
      }
    }
    return findings;
  },
};
