import type { Finding } from '../finding.js';
import { dnsLabelError, dnsServiceNameError, portNameError } from '../names.js';
import type { DocumentPath } from '../parse.js';
import { finding, itemsOf, textOf, type Rule } from './view.js';

/** Longest CronJob name: the Jobs it creates append 11 characters (`-<minutes since epoch>`). */
export const CRONJOB_NAME_MAX = 52;

/** Limits of the kind a component renders to, beyond a DNS-1123 label: Service names, CronJob length. */
function kindNameFindings(name: string | undefined, type: string | undefined, path: DocumentPath): Finding[] {
  if (name === undefined || dnsLabelError(name) !== undefined) return [];
  if (type === 'webservice' || type === 'store') {
    const error = dnsServiceNameError(name);
    if (error !== undefined)
      return [finding(path, 'invalid-name', `component name \`${name}\` ${error} (e.g. \`svc-${name}\`)`)];
  }
  if (type === 'cronjob' && name.length > CRONJOB_NAME_MAX)
    return [
      finding(
        path,
        'invalid-name',
        `a cronjob name must be at most ${CRONJOB_NAME_MAX} characters (it has ${name.length}): its Jobs are named \`<name>-<timestamp>\``,
      ),
    ];
  return [];
}

/** Names that become Kubernetes object, container, volume or port names must be valid there. */
export const nameRule: Rule = {
  id: 'names',
  description:
    'Application, workspace, component, container, volume, environment, namespace and step names are DNS-1123 labels; webservice and store names start with a letter (they name a Service); cronjob names have at most 52 characters; port names are IANA service names.',
  check(app) {
    const findings: Finding[] = [];
    const label = (value: unknown, path: DocumentPath, what: string): void => {
      const name = textOf(value);
      if (name === undefined) return;
      const error = dnsLabelError(name);
      if (error !== undefined) findings.push(finding(path, 'invalid-name', `${what} \`${name}\` ${error}`));
    };
    label(app.metadata.name, ['metadata', 'name'], 'application name');
    label(app.metadata.workspace, ['metadata', 'workspace'], 'workspace name');
    for (const component of app.components) {
      label(component.value.name, [...component.path, 'name'], 'component name');
      findings.push(...kindNameFindings(component.name, component.type, [...component.path, 'name']));
      for (const container of component.containers) {
        if (container.kind !== 'main')
          label(container.name, [...container.path, 'name'], `${container.kind} container name`);
        for (const port of itemsOf(container.ports, container.portsPath)) {
          const name = textOf(port.value.name);
          if (name === undefined) continue;
          const error = portNameError(name);
          if (error !== undefined)
            findings.push(finding([...port.path, 'name'], 'invalid-name', `port name \`${name}\` ${error}`));
        }
        for (const storage of itemsOf(container.storage, container.storagePath))
          label(storage.value.name, [...storage.path, 'name'], 'volume name');
      }
    }
    for (const environment of app.environments) {
      label(environment.value.name, [...environment.path, 'name'], 'environment name');
      label(environment.value.namespace, [...environment.path, 'namespace'], 'namespace');
    }
    for (const step of app.steps) label(step.value.name, [...step.path, 'name'], 'step name');
    return findings;
  },
};
