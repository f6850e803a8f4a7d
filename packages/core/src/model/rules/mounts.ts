import type { Finding } from '../finding.js';
import { storageName } from '../names.js';
import type { DocumentPath } from '../parse.js';
import { formatPath } from '../problem.js';
import { suggestOrList } from '../suggest.js';
import { finding, itemsOf, textOf, type RawComponent, type Rule } from './view.js';

/** Mount paths are absolute and unique per container; mounts name volumes of the pod. */
export const mountRule: Rule = {
  id: 'mounts',
  description:
    'mountPath is absolute and unique per container; subPath is relative without ".."; a container mount names a volume of the component.',
  check(app) {
    return app.components.flatMap(checkComponent);
  },
};

function checkComponent(component: RawComponent): Finding[] {
  const findings: Finding[] = [];
  const volumes = component.containers.flatMap((container) =>
    itemsOf(container.storage, container.storagePath).map((storage) =>
      storageName(storage.value, storage.index, container.kind === 'main' ? undefined : container.name),
    ),
  );
  for (const container of component.containers) {
    const seen = new Map<string, DocumentPath>();
    const mount = (record: Record<string, unknown>, path: DocumentPath): void => {
      const subPath = textOf(record.subPath);
      if (subPath !== undefined && (subPath.startsWith('/') || subPath.split('/').includes('..'))) {
        findings.push(
          finding(
            [...path, 'subPath'],
            'invalid-sub-path',
            `subPath \`${subPath}\` must be a relative path inside the volume, without ".."`,
          ),
        );
      }
      const mountPath = textOf(record.mountPath);
      if (mountPath === undefined) return;
      if (!mountPath.startsWith('/')) {
        findings.push(
          finding(
            [...path, 'mountPath'],
            'mount-path-absolute',
            `mountPath \`${mountPath}\` must be an absolute path in the container, e.g. /${mountPath.replace(/^\.?\/*/, '')}`,
          ),
        );
        return;
      }
      const normalized = mountPath.length > 1 ? mountPath.replace(/\/+$/, '') : mountPath;
      const first = seen.get(normalized);
      const who = container.kind === 'main' ? 'the main container' : `container \`${container.name ?? '?'}\``;
      if (first !== undefined)
        findings.push(
          finding(
            [...path, 'mountPath'],
            'duplicate-mount-path',
            `${who} already mounts a volume at ${mountPath} (${formatPath(first)}); use another path`,
          ),
        );
      else seen.set(normalized, path);
    };
    for (const storage of itemsOf(container.storage, container.storagePath))
      mount(storage.value, storage.path);
    for (const entry of itemsOf(container.mounts, [...container.path, 'mounts'])) {
      const volume = textOf(entry.value.volume);
      if (volume !== undefined && !volumes.includes(volume)) {
        findings.push(
          finding(
            [...entry.path, 'volume'],
            'unknown-volume',
            `no volume named \`${volume}\` in this component${suggestOrList(volume, volumes, 'its volumes')}`,
          ),
        );
      }
      mount(entry.value, entry.path);
    }
  }
  return findings;
}
