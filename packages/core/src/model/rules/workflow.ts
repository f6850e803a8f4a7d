import type { Finding } from '../finding.js';
import { STEP_TYPES } from '../schema.js';
import { formatPath } from '../problem.js';
import { listNames, suggestOrList } from '../suggest.js';
import { checkDependsOn } from './dependencies.js';
import { componentNames, finding, has, stringsOf, textOf, type Rule } from './view.js';

/** Workflow steps: unique names, known types, existing components, environments and steps, no cycles. */
export const workflowRule: Rule = {
  id: 'workflow',
  description:
    'Step names are unique and types known; components, environments and dependsOn name existing ones without cycles; job steps name a job component; gpu-precheck names a component with a gpu trait.',
  check(app) {
    const findings: Finding[] = [];
    const components = componentNames(app);
    const byName = new Map(app.components.map((component) => [component.name, component]));
    const environments = app.environments.flatMap((environment) => environment.name ?? []);
    const names = new Map<string, string>();
    const componentRef = (value: string, path: ReadonlyArray<string | number>): boolean => {
      if (byName.has(value)) return true;
      findings.push(
        finding(
          path,
          'unknown-component',
          `no component named \`${value}\`${suggestOrList(value, components, 'components')}`,
        ),
      );
      return false;
    };
    for (const step of app.steps) {
      const { value, path } = step;
      if (step.name !== undefined) {
        const first = names.get(step.name);
        if (first !== undefined)
          findings.push(
            finding(
              [...path, 'name'],
              'duplicate-name',
              `step name \`${step.name}\` is already used at ${first}; step names must be unique`,
            ),
          );
        else names.set(step.name, formatPath(path));
      }
      const type = textOf(value.type);
      if (type !== undefined && !(STEP_TYPES as ReadonlyArray<string>).includes(type)) {
        findings.push(
          finding(
            [...path, 'type'],
            'unknown-step-type',
            `unknown step type \`${type}\`${suggestOrList(type, STEP_TYPES, 'step types')}`,
          ),
        );
      }
      for (const { index, value: name } of stringsOf(value.components))
        componentRef(name, [...path, 'components', index]);
      const component = textOf(value.component);
      const componentOk = component !== undefined && componentRef(component, [...path, 'component']);
      if ((type === 'job' || type === 'gpu-precheck') && !has(value, 'component')) {
        findings.push(
          finding(
            path,
            'step-component-required',
            `a ${type} step needs \`component\`: the ${type === 'job' ? 'job component to run' : 'component whose GPU request to check'}`,
          ),
        );
      }
      if (type === 'job' && componentOk) {
        const target = byName.get(component);
        if (target?.type !== undefined && target.type !== 'job') {
          const jobs = app.components.filter((c) => c.type === 'job').flatMap((c) => c.name ?? []);
          findings.push(
            finding(
              [...path, 'component'],
              'step-component-type',
              `a job step runs a job component, and ${component} is a ${target.type}; job components are ${listNames(jobs)}`,
            ),
          );
        }
      }
      if (type === 'gpu-precheck' && componentOk) {
        const target = byName.get(component);
        if (target !== undefined && !has(target.traits, 'gpu')) {
          findings.push(
            finding(
              [...path, 'component'],
              'step-component-type',
              `${component} requests no GPU (it has no \`gpu\` trait), so there is nothing to precheck`,
            ),
          );
        }
      }
      for (const { index, value: name } of stringsOf(value.environments)) {
        if (!environments.includes(name)) {
          findings.push(
            finding(
              [...path, 'environments', index],
              'unknown-environment',
              `no environment named \`${name}\`${suggestOrList(name, environments, 'environments')}`,
            ),
          );
        }
      }
    }
    findings.push(...checkDependsOn(app.steps, 'step'));
    return findings;
  },
};
