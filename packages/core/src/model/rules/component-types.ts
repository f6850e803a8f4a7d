import { parseAllDocuments } from 'yaml';
import { isRecord, type Finding } from '../finding.js';
import type { DocumentPath } from '../parse.js';
import { finding, has, itemsOf, recordOf, textOf, type RawComponent, type Rule } from './view.js';

const SOURCE_TYPES = new Set(['helm', 'manifests']);
const RUN_TO_COMPLETION = new Set(['job', 'cronjob']);
const NO_REPLICAS = new Set(['daemon', 'job', 'cronjob']);
const CRON_MACROS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

/** What each component type needs and forbids: image, helm, manifests, cron, job, replicas, ports. */
export const componentTypeRule: Rule = {
  id: 'component-types',
  description:
    'image is required except for helm and manifests (and forbidden there); helm needs `helm`, manifests needs `manifests`, cronjob needs `cron.schedule`; job/cron settings only on job/cronjob; replicas not on daemon/job/cronjob; a store needs a port.',
  check(app) {
    return app.components.flatMap((component) =>
      component.type === undefined ? [] : checkComponent(component, component.type),
    );
  },
};

function checkComponent(component: RawComponent, type: string): Finding[] {
  const findings: Finding[] = [];
  const { value, path } = component;
  const name = component.name ?? 'this component';
  const image = value.image;
  if (SOURCE_TYPES.has(type)) {
    if (has(value, 'image'))
      findings.push(
        finding(
          [...path, 'image'],
          'image-not-allowed',
          `a ${type} component runs no image of its own; remove \`image\` (set images in the ${type === 'helm' ? 'chart values' : 'manifests'})`,
        ),
      );
  } else if (!has(value, 'image') || (typeof image === 'string' && image.trim() === '')) {
    findings.push(
      finding(
        has(value, 'image') ? [...path, 'image'] : path,
        'image-required',
        `add \`image\`: the container image ${name} runs, e.g. ghcr.io/acme/${component.name ?? 'app'}:1.0.0`,
      ),
    );
  }
  if (type === 'helm' && !has(value, 'helm'))
    findings.push(finding(path, 'helm-required', 'add `helm`: the chart to install (repoURL and path)'));
  if (type !== 'helm' && has(value, 'helm'))
    findings.push(
      finding(
        [...path, 'helm'],
        'setting-not-applicable',
        `\`helm\` applies only to helm components, and ${name} is a ${type}`,
      ),
    );
  if (type === 'manifests') findings.push(...checkManifests(value, path));
  if (type !== 'manifests' && has(value, 'manifests'))
    findings.push(
      finding(
        [...path, 'manifests'],
        'setting-not-applicable',
        `\`manifests\` applies only to manifests components, and ${name} is a ${type}`,
      ),
    );

  if (type === 'cronjob') findings.push(...checkCron(value, path));
  if (type !== 'cronjob' && has(value, 'cron'))
    findings.push(
      finding(
        [...path, 'cron'],
        'setting-not-applicable',
        `\`cron\` applies only to cronjob components, and ${name} is a ${type}; change the type to cronjob or remove \`cron\``,
      ),
    );
  if (!RUN_TO_COMPLETION.has(type) && has(value, 'job'))
    findings.push(
      finding(
        [...path, 'job'],
        'setting-not-applicable',
        `\`job\` settings apply only to job and cronjob components, and ${name} is a ${type}`,
      ),
    );
  if (NO_REPLICAS.has(type) && has(value, 'replicas')) {
    const why =
      type === 'daemon'
        ? 'a daemon runs one pod per node'
        : `a ${type} runs pods to completion; use job.parallelism instead`;
    findings.push(finding([...path, 'replicas'], 'setting-not-applicable', `remove \`replicas\`: ${why}`));
  }
  if (type === 'store' && itemsOf(value.ports, [...path, 'ports']).length === 0) {
    findings.push(
      finding(
        has(value, 'ports') ? [...path, 'ports'] : path,
        'store-needs-port',
        'a store needs at least one port: its headless Service gives each replica a stable DNS name; add `ports: [{ port: … }]`',
      ),
    );
  }
  return findings;
}

function checkManifests(value: Record<string, unknown>, path: DocumentPath): Finding[] {
  if (!has(value, 'manifests'))
    return [
      finding(
        path,
        'manifests-required',
        'add `manifests`: inline `objects`, a `yaml` string, or a kustomize `path`',
      ),
    ];
  if (!isRecord(value.manifests)) return [];
  const manifests = value.manifests;
  const manifestsPath = [...path, 'manifests'];
  const findings: Finding[] = [];
  if (!['objects', 'yaml', 'path'].some((key) => has(manifests, key))) {
    findings.push(
      finding(manifestsPath, 'manifests-required', 'manifests needs `objects`, `yaml` or `path`'),
    );
  }
  if (Array.isArray(manifests.objects)) {
    manifests.objects.forEach((object, index) => {
      findings.push(...checkObject(object, [...manifestsPath, 'objects', index], `object ${index}`));
    });
  }
  const yaml = textOf(manifests.yaml);
  if (yaml !== undefined) {
    try {
      const documents = parseAllDocuments(yaml, { uniqueKeys: true, logLevel: 'error' });
      const list = Array.isArray(documents) ? documents : [];
      list.forEach((document, index) => {
        const error = document.errors[0];
        if (error !== undefined) {
          findings.push(
            finding(
              [...manifestsPath, 'yaml'],
              'invalid-manifest',
              `document ${index + 1} of \`yaml\` is not valid YAML: ${error.message.split('\n')[0]}`,
            ),
          );
          return;
        }
        const object: unknown = document.toJS({ maxAliasCount: 100 });
        if (object !== null && object !== undefined)
          findings.push(
            ...checkObject(object, [...manifestsPath, 'yaml'], `document ${index + 1} of \`yaml\``),
          );
      });
    } catch (error) {
      findings.push(
        finding(
          [...manifestsPath, 'yaml'],
          'invalid-manifest',
          `\`yaml\` cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  }
  return findings;
}

function checkObject(object: unknown, path: DocumentPath, what: string): Finding[] {
  if (!isRecord(object))
    return [
      finding(
        path,
        'invalid-manifest',
        `${what} must be a Kubernetes object (a mapping with apiVersion, kind and metadata.name)`,
      ),
    ];
  const missing = [
    textOf(object.apiVersion) ? undefined : 'apiVersion',
    textOf(object.kind) ? undefined : 'kind',
    textOf(recordOf(object.metadata).name) ? undefined : 'metadata.name',
  ].filter((key): key is string => key !== undefined);
  if (missing.length === 0) return [];
  return [
    finding(
      path,
      'invalid-manifest',
      `${what} lacks ${missing.map((key) => `\`${key}\``).join(', ')}; every Kubernetes object needs apiVersion, kind and metadata.name`,
    ),
  ];
}

function checkCron(value: Record<string, unknown>, path: DocumentPath): Finding[] {
  const cron = recordOf(value.cron);
  if (!has(value, 'cron') || !has(cron, 'schedule')) {
    return [
      finding(
        has(value, 'cron') ? [...path, 'cron'] : path,
        'cron-required',
        'a cronjob needs `cron.schedule`, e.g. `cron: { schedule: "*/15 * * * *" }`',
      ),
    ];
  }
  const zone = textOf(cron.timeZone);
  const zoneProblem = zone === undefined ? undefined : timeZoneError(zone);
  const zoneFindings = zoneProblem
    ? [finding([...path, 'cron', 'timeZone'], 'invalid-time-zone', zoneProblem)]
    : [];
  return [...zoneFindings, ...checkSchedule(cron, path)];
}

/** Why `zone` is not a time zone Kubernetes accepts for a CronJob (an IANA name), or undefined. */
export function timeZoneError(zone: string): string | undefined {
  if (zone === '')
    return 'must be an IANA time zone such as `Europe/Berlin`, or left out for the controller’s zone';
  if (zone.toLowerCase() === 'local')
    return '`Local` is not allowed: name an IANA time zone such as `Europe/Berlin` or `Etc/UTC`';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return undefined;
  } catch {
    return `unknown time zone \`${zone}\`; use an IANA name such as \`Europe/Berlin\`, \`America/New_York\` or \`Etc/UTC\``;
  }
}

function checkSchedule(cron: Record<string, unknown>, path: DocumentPath): Finding[] {
  const schedule = textOf(cron.schedule);
  if (schedule === undefined) return [];
  const trimmed = schedule.trim();
  if (CRON_MACROS.has(trimmed)) return [];
  if (/^(CRON_)?TZ=/.test(trimmed)) {
    return [
      finding(
        [...path, 'cron', 'schedule'],
        'invalid-schedule',
        'Kubernetes does not accept TZ= in a schedule; set `cron.timeZone` instead',
      ),
    ];
  }
  const fields = trimmed.split(/\s+/).filter((field) => field !== '');
  const bad = fields.find((field) => !/^[\d*?/,A-Za-z-]+$/.test(field));
  if (fields.length !== 5 || bad !== undefined) {
    const detail =
      fields.length !== 5
        ? `it has ${fields.length} field${fields.length === 1 ? '' : 's'}`
        : `\`${bad}\` is not a cron field`;
    return [
      finding(
        [...path, 'cron', 'schedule'],
        'invalid-schedule',
        `\`${schedule}\` is not a cron schedule (${detail}); write five fields: minute hour day-of-month month day-of-week, e.g. "*/15 * * * *", or @hourly, @daily, @weekly, @monthly, @yearly`,
      ),
    ];
  }
  return [];
}
