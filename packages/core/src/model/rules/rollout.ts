import type { Finding } from '../finding.js';
import type { DocumentPath } from '../parse.js';
import { finding, has, recordOf, type Rule } from './view.js';

/** The amount an IntOrString rollout setting stands for (a count or a percentage), or undefined when invalid. */
function amount(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+)%$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/**
 * maxSurge and maxUnavailable as the API server checks them: a count or a percentage up to
 * 100%, not both zero; and, when the application has a daemon, exactly one of them non-zero
 * (a DaemonSet defaults maxUnavailable to 1 and maxSurge to 0).
 */
export const rolloutRule: Rule = {
  id: 'rollout',
  description:
    'maxSurge and maxUnavailable are counts or percentages up to 100%, not both 0; with a daemon component exactly one of them is non-zero.',
  check(app) {
    const findings: Finding[] = [];
    const daemon = app.components.some((component) => component.type === 'daemon');
    const scaled = app.components.some(
      (c) => c.type === 'webservice' || c.type === 'worker' || c.type === 'daemon',
    );
    const base = recordOf(app.spec.policies);
    const check = (policies: Record<string, unknown>, path: DocumentPath, where: string): void => {
      const values: Record<'maxSurge' | 'maxUnavailable', number | undefined> = {
        maxSurge: undefined,
        maxUnavailable: undefined,
      };
      for (const key of ['maxSurge', 'maxUnavailable'] as const) {
        if (!has(policies, key)) continue;
        const value = policies[key];
        const parsed = amount(value);
        if (typeof value === 'string' && parsed === undefined)
          findings.push(
            finding(
              [...path, key],
              'invalid-rollout',
              `${key} \`${value}\` must be a count such as 1 or a percentage such as 25%`,
            ),
          );
        else if (typeof value === 'string' && parsed !== undefined && parsed > 100)
          findings.push(
            finding([...path, key], 'invalid-rollout', `${key} ${value} must not be more than 100%`),
          );
        else values[key] = parsed;
      }
      const { maxSurge, maxUnavailable } = values;
      if (!scaled) return;
      if (maxSurge === 0 && maxUnavailable === 0)
        findings.push(
          finding(
            [...path, 'maxUnavailable'],
            'invalid-rollout',
            `maxSurge and maxUnavailable are both 0${where}, so a rollout could never replace a pod; raise one of them`,
          ),
        );
      else if (
        daemon &&
        maxUnavailable !== undefined &&
        maxUnavailable !== 0 &&
        maxSurge !== undefined &&
        maxSurge !== 0
      )
        findings.push(
          finding(
            [...path, 'maxSurge'],
            'invalid-rollout',
            `a DaemonSet takes either maxSurge or maxUnavailable, not both non-zero${where}; set one of them to 0`,
          ),
        );
      else if (daemon && maxUnavailable === 0 && maxSurge === undefined)
        findings.push(
          finding(
            [...path, 'maxUnavailable'],
            'invalid-rollout',
            `maxUnavailable is 0 and maxSurge unset${where}, and a DaemonSet surges no pods by default, so it could never roll out; set maxSurge (e.g. 1)`,
          ),
        );
    };
    check(base, ['spec', 'policies'], '');
    for (const environment of app.environments) {
      const override = recordOf(recordOf(environment.value.overrides).policies);
      if (!has(override, 'maxSurge') && !has(override, 'maxUnavailable')) continue;
      const where = environment.name === undefined ? '' : ` in environment ${environment.name}`;
      check({ ...base, ...override }, [...environment.path, 'overrides', 'policies'], where);
    }
    return findings;
  },
};
