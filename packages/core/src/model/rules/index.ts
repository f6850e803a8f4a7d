import type { Finding } from '../finding.js';
import { autoscaleRule } from './autoscale.js';
import { componentTypeRule } from './component-types.js';
import { componentDependencyRule } from './dependencies.js';
import { environmentRule } from './environments.js';
import { envRule } from './envs.js';
import { ingressRule } from './ingress.js';
import { labelRule } from './labels.js';
import { mountRule } from './mounts.js';
import { nameRule } from './names.js';
import { probeRule } from './probes.js';
import { quantityRule } from './quantities.js';
import { rolloutRule } from './rollout.js';
import { storageRule } from './storage.js';
import { tolerationRule } from './tolerations.js';
import { uniqueNamesRule } from './unique.js';
import { viewOf, type Rule } from './view.js';
import { workflowRule } from './workflow.js';

/** Every semantic rule of the application model. A new rule is one file and one line here. */
export const RULES: ReadonlyArray<Rule> = [
  nameRule,
  labelRule,
  uniqueNamesRule,
  componentTypeRule,
  componentDependencyRule,
  envRule,
  quantityRule,
  storageRule,
  mountRule,
  probeRule,
  tolerationRule,
  autoscaleRule,
  ingressRule,
  environmentRule,
  rolloutRule,
  workflowRule,
];

/**
 * Run every rule over a raw document (anything at all: the schema may have rejected it).
 * A rule that fails unexpectedly becomes an `internal` finding instead of an exception.
 */
export function checkRules(input: unknown, rules: ReadonlyArray<Rule> = RULES): Finding[] {
  const app = viewOf(input);
  return rules.flatMap((rule) => {
    try {
      return rule.check(app);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return [
        {
          path: [],
          code: 'internal',
          severity: 'warning' as const,
          message: `rule ${rule.id} could not run (${detail}); please report this`,
        },
      ];
    }
  });
}

export { findCycles, checkDependsOn } from './dependencies.js';
export { ENV_FIELD_PATHS, ENV_RESOURCE_FIELDS } from './envs.js';
export type { ApplicationView, RawComponent, RawContainer, RawItem, Rule } from './view.js';
export { viewOf } from './view.js';
