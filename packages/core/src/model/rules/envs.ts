import { isRecord, type Finding } from '../finding.js';
import { dnsSubdomainError, envNameError } from '../names.js';
import { formatPath } from '../problem.js';
import { closestMatch, didYouMean } from '../suggest.js';
import { finding, has, itemsOf, recordOf, textOf, type Rule } from './view.js';

/** Pod fields an environment variable can read (`fieldRef.fieldPath`), as Kubernetes accepts them. */
export const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
] as const;

/** Container resources an environment variable can read (`resourceFieldRef.resource`). */
export const ENV_RESOURCE_FIELDS = [
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
] as const;

const LABEL_OR_ANNOTATION = /^metadata\.(labels|annotations)\['[^']+'\]$/;
const VALUE_SOURCES = ['secret', 'config', 'field', 'resource'] as const;

/** Environment variables: valid and unique names, one value source, fields Kubernetes supports. */
export const envRule: Rule = {
  id: 'envs',
  description:
    'Environment variable names are valid and unique per container; value and valueFrom exclude each other; valueFrom has exactly one source; field and resource references are ones Kubernetes supports; envFrom names a source.',
  check(app) {
    const findings: Finding[] = [];
    for (const component of app.components) {
      for (const container of component.containers) {
        const seen = new Map<string, string>();
        for (const env of itemsOf(container.env, container.envPath)) {
          const name = textOf(env.value.name);
          if (name !== undefined) {
            const error = envNameError(name);
            if (error !== undefined)
              findings.push(
                finding(
                  [...env.path, 'name'],
                  'invalid-env-name',
                  `environment variable name \`${name}\` ${error}`,
                ),
              );
            const first = seen.get(name);
            if (first !== undefined)
              findings.push(
                finding(
                  [...env.path, 'name'],
                  'duplicate-env',
                  `environment variable \`${name}\` is already set at ${first}; the later one would silently win`,
                ),
              );
            else seen.set(name, formatPath(env.path));
          }
          findings.push(...checkValueFrom(env.value, env.path));
        }
      }
      for (const source of itemsOf(component.traits.envFrom, [...component.path, 'traits', 'envFrom'])) {
        const name = textOf(source.value.sourceName);
        if (name === undefined) continue;
        const error = name.trim() === '' ? 'must not be empty' : dnsSubdomainError(name);
        const kind = source.value.type === 'secret' ? 'Secret' : 'ConfigMap';
        if (error !== undefined)
          findings.push(
            finding(
              [...source.path, 'sourceName'],
              'invalid-source-name',
              `sourceName \`${name}\` ${error}; name the ${kind} to read variables from`,
            ),
          );
      }
    }
    return findings;
  },
};

function checkValueFrom(env: Record<string, unknown>, path: ReadonlyArray<string | number>): Finding[] {
  const findings: Finding[] = [];
  if (!has(env, 'valueFrom')) return findings;
  const valueFromPath = [...path, 'valueFrom'];
  if (has(env, 'value')) {
    findings.push(
      finding([...path, 'value'], 'env-value-conflict', 'set either `value` or `valueFrom`, not both'),
    );
  }
  if (!isRecord(env.valueFrom)) return findings;
  const valueFrom = env.valueFrom;
  const sources = VALUE_SOURCES.filter((source) => has(valueFrom, source));
  if (sources.length === 0) {
    findings.push(
      finding(
        valueFromPath,
        'env-value-source',
        'valueFrom needs one source: `secret`, `config`, `field` or `resource`',
      ),
    );
  } else if (sources.length > 1) {
    findings.push(
      finding(
        valueFromPath,
        'env-value-source',
        `valueFrom has ${sources.map((s) => `\`${s}\``).join(' and ')}; keep exactly one source`,
      ),
    );
  }
  for (const kind of ['secret', 'config'] as const) {
    const name = textOf(recordOf(valueFrom[kind]).name);
    if (name === undefined) continue;
    const error = dnsSubdomainError(name);
    if (error !== undefined)
      findings.push(
        finding(
          [...valueFromPath, kind, 'name'],
          'invalid-source-name',
          `${kind === 'secret' ? 'Secret' : 'ConfigMap'} name \`${name}\` ${error}`,
        ),
      );
  }
  const field = textOf(valueFrom.field);
  if (
    field !== undefined &&
    !(ENV_FIELD_PATHS as ReadonlyArray<string>).includes(field) &&
    !LABEL_OR_ANNOTATION.test(field)
  ) {
    const hint = didYouMean(field, ENV_FIELD_PATHS);
    const labels = /^metadata\.(labels|annotations)$/.test(field)
      ? `; an environment variable holds one value: write ${field}['key']`
      : '';
    const choices = `; use one of ${ENV_FIELD_PATHS.join(', ')}, metadata.labels['key'] or metadata.annotations['key']`;
    findings.push(
      finding(
        [...valueFromPath, 'field'],
        'invalid-field-ref',
        `\`${field}\` is not a Pod field Kubernetes can put in an environment variable${hint || labels || choices}`,
      ),
    );
  }
  const resource = textOf(recordOf(valueFrom.resource).resource);
  if (
    resource !== undefined &&
    !(ENV_RESOURCE_FIELDS as ReadonlyArray<string>).includes(resource) &&
    !/^(limits|requests)\.hugepages-/.test(resource)
  ) {
    const match = closestMatch(resource, ENV_RESOURCE_FIELDS);
    const hint =
      match === undefined ? `; use one of ${ENV_RESOURCE_FIELDS.join(', ')}` : `; did you mean \`${match}\`?`;
    findings.push(
      finding(
        [...valueFromPath, 'resource', 'resource'],
        'invalid-resource-ref',
        `\`${resource}\` is not a container resource${hint}`,
      ),
    );
  }
  return findings;
}
