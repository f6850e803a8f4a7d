import type { Finding } from '../finding.js';
import { formatPath } from '../problem.js';
import { suggestOrList } from '../suggest.js';
import { componentNames, finding, has, recordOf, textOf, type Rule } from './view.js';

/** Environments: unique names and targets, gitops settings only for gitops, overrides of existing components. */
export const environmentRule: Rule = {
  id: 'environments',
  description:
    'Environment names are unique; gitops settings need delivery gitops; overrides name existing components; two environments do not share a cluster namespace.',
  check(app) {
    const findings: Finding[] = [];
    const names = new Map<string, string>();
    const targets = new Map<string, string>();
    const components = componentNames(app);
    const byName = new Map(app.components.map((component) => [component.name, component]));
    for (const environment of app.environments) {
      const { value, path } = environment;
      const name = environment.name;
      if (name !== undefined) {
        const first = names.get(name);
        if (first !== undefined)
          findings.push(
            finding(
              [...path, 'name'],
              'duplicate-name',
              `environment name \`${name}\` is already used at ${first}; environment names must be unique`,
            ),
          );
        else names.set(name, formatPath(path));
      }
      const cluster = textOf(value.cluster);
      const namespace = textOf(value.namespace);
      if (cluster !== undefined && namespace !== undefined) {
        const key = `${cluster}/${namespace}`;
        const first = targets.get(key);
        if (first !== undefined)
          findings.push(
            finding(
              [...path, 'namespace'],
              'shared-namespace',
              `environment ${first} already deploys to namespace ${namespace} on cluster ${cluster}; the two would overwrite each other`,
              'warning',
            ),
          );
        else targets.set(key, `\`${name ?? formatPath(path)}\``);
      }
      const delivery = textOf(value.delivery) ?? 'direct';
      if (has(value, 'gitops') && delivery !== 'gitops') {
        findings.push(
          finding(
            [...path, 'gitops'],
            'gitops-settings',
            `gitops settings apply only with \`delivery: gitops\`, and this environment delivers ${delivery}; set delivery: gitops or remove \`gitops\``,
          ),
        );
      }
      const overrides = recordOf(recordOf(value.overrides).components);
      for (const key of Object.keys(overrides)) {
        const overridePath = [...path, 'overrides', 'components', key];
        const component = byName.get(key);
        if (component === undefined) {
          findings.push(
            finding(
              overridePath,
              'unknown-component',
              `no component named \`${key}\`${suggestOrList(key, components, 'components')}`,
            ),
          );
          continue;
        }
        const override = recordOf(overrides[key]);
        if (has(override, 'image') && (component.type === 'helm' || component.type === 'manifests')) {
          findings.push(
            finding(
              [...overridePath, 'image'],
              'image-not-allowed',
              `${key} is a ${component.type} component and runs no image of its own; remove the image override`,
            ),
          );
        }
        if (
          has(override, 'replicas') &&
          (component.type === 'daemon' || component.type === 'job' || component.type === 'cronjob')
        ) {
          findings.push(
            finding(
              [...overridePath, 'replicas'],
              'setting-not-applicable',
              `${key} is a ${component.type} component and has no replicas; remove the override`,
            ),
          );
        }
        if (has(override, 'helm') && component.type !== 'helm') {
          findings.push(
            finding(
              [...overridePath, 'helm'],
              'setting-not-applicable',
              `${key} is a ${component.type ?? 'non-helm'} component; a helm override applies only to helm components`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
