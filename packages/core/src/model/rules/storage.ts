import type { Finding } from '../finding.js';
import { dnsSubdomainError } from '../names.js';
import { finding, has, itemsOf, textOf, type RawItem, type Rule } from './view.js';

/** Fields that mean something only for some storage types. */
const FIELD_TYPES: Record<string, ReadonlyArray<string>> = {
  size: ['persistent', 'ephemeral'],
  storageClass: ['persistent'],
  accessModes: ['persistent'],
  medium: ['ephemeral'],
  hostPath: ['host-mounted'],
  hostPathType: ['host-mounted'],
  sourceName: ['config', 'secret'],
  defaultMode: ['config', 'secret'],
  items: ['config', 'secret'],
};

/** Each storage type has what it needs: size, mountPath, hostPath, a source name. */
export const storageRule: Rule = {
  id: 'storage',
  description:
    'persistent storage needs size and mountPath; ephemeral and host-mounted need mountPath; host-mounted needs an absolute hostPath; config/secret need sourceName or name; fields of other storage types are rejected.',
  check(app) {
    const findings: Finding[] = [];
    for (const component of app.components) {
      for (const container of component.containers) {
        for (const storage of itemsOf(container.storage, container.storagePath)) {
          findings.push(...checkStorage(storage, container.kind !== 'main'));
        }
      }
    }
    return findings;
  },
};

function checkStorage(storage: RawItem, ownedByContainer: boolean): Finding[] {
  const type = textOf(storage.value.type);
  if (type === undefined) return [];
  const findings: Finding[] = [];
  const { value, path } = storage;
  const source = type === 'config' || type === 'secret';
  if (type === 'persistent' && !has(value, 'size')) {
    findings.push(
      finding(
        path,
        'storage-size-required',
        'persistent storage needs `size`, the capacity to claim, e.g. `size: 10Gi`',
      ),
    );
  }
  if ((!source || ownedByContainer) && !has(value, 'mountPath')) {
    const why = source
      ? 'a volume owned by an init or sidecar container is mounted there'
      : `${type} storage is mounted into the container`;
    findings.push(
      finding(path, 'mount-path-required', `add \`mountPath\`, an absolute path such as /data: ${why}`),
    );
  }
  if (type === 'host-mounted') {
    const hostPath = textOf(value.hostPath);
    if (!has(value, 'hostPath'))
      findings.push(
        finding(
          path,
          'host-path-required',
          'host-mounted storage needs `hostPath`, the directory on the node, e.g. /var/log',
        ),
      );
    else if (hostPath !== undefined && !hostPath.startsWith('/'))
      findings.push(
        finding(
          [...path, 'hostPath'],
          'host-path-absolute',
          `hostPath \`${hostPath}\` must be an absolute path on the node (start with /)`,
        ),
      );
  }
  if (source) {
    const kind = type === 'config' ? 'ConfigMap' : 'Secret';
    const sourceName = textOf(value.sourceName);
    if (!has(value, 'sourceName') && !has(value, 'name')) {
      findings.push(
        finding(
          path,
          'source-name-required',
          `add \`sourceName\`: the ${kind} to mount (or a \`name\`, which is then used as the ${kind} name)`,
        ),
      );
    } else if (sourceName !== undefined) {
      const error = dnsSubdomainError(sourceName);
      if (error !== undefined)
        findings.push(
          finding([...path, 'sourceName'], 'invalid-source-name', `${kind} name \`${sourceName}\` ${error}`),
        );
    }
  }
  for (const [field, types] of Object.entries(FIELD_TYPES)) {
    if (has(value, field) && !types.includes(type)) {
      findings.push(
        finding(
          [...path, field],
          'storage-field-not-applicable',
          `\`${field}\` applies only to ${types.join(' and ')} storage, and this one is ${type}; remove it`,
        ),
      );
    }
  }
  return findings;
}
