import type { Storage } from '../../model/schema.js';
import type { KubeObject, Volume, VolumeMount } from '../kube.js';
import { fitName, LABELS } from '../labels.js';
import { storageSize } from '../quantity.js';
import type { TraitContext, TraitProcessor, TraitResult } from './types.js';

/** Size of a persistent volume whose `size` is omitted. */
export const DEFAULT_PERSISTENT_SIZE = '1Gi';
/** File mode of config and secret volumes whose `defaultMode` is omitted (0644). */
export const DEFAULT_FILE_MODE = 420;

/** One storage entry turned into Kubernetes pieces. */
export interface StorageParts {
  name: string;
  volume?: Volume;
  mount?: VolumeMount;
  /** A PersistentVolumeClaim to create beside the workload. */
  claim?: KubeObject;
  /** A StatefulSet volume claim template (instead of `claim` and `volume`). */
  claimTemplate?: KubeObject;
}

/** The volume name of a storage entry: its `name`, or `<type>-<index>` (prefixed for extra containers). */
export function storageName(storage: Storage, index: number, prefix = ''): string {
  return storage.name ?? `${prefix}${storage.type}-${index}`;
}

function claimSpec(storage: Storage): Record<string, unknown> {
  return {
    accessModes: storage.accessModes ?? ['ReadWriteOnce'],
    resources: { requests: { storage: storageSize(storage.size ?? DEFAULT_PERSISTENT_SIZE) } },
    ...(storage.storageClass !== undefined ? { storageClassName: storage.storageClass } : {}),
  };
}

function volumeSource(storage: Storage, name: string): Record<string, unknown> {
  const items = storage.items
    ? { items: storage.items.map((item) => ({ key: item.key, path: item.path })) }
    : {};
  switch (storage.type) {
    case 'ephemeral':
      return {
        emptyDir: {
          ...(storage.medium ? { medium: storage.medium } : {}),
          ...(storage.size !== undefined ? { sizeLimit: storageSize(storage.size) } : {}),
        },
      };
    case 'host-mounted':
      return {
        hostPath: {
          path: storage.hostPath ?? storage.mountPath ?? '/',
          ...(storage.hostPathType ? { type: storage.hostPathType } : {}),
        },
      };
    case 'config':
      return {
        configMap: {
          name: storage.sourceName ?? name,
          defaultMode: storage.defaultMode ?? DEFAULT_FILE_MODE,
          ...items,
        },
      };
    case 'secret':
      return {
        secret: {
          secretName: storage.sourceName ?? name,
          defaultMode: storage.defaultMode ?? DEFAULT_FILE_MODE,
          ...items,
        },
      };
    case 'persistent':
      return {};
  }
}

/**
 * Turn one storage entry into a volume (or claim template) and a mount. Persistent storage
 * becomes a PVC named `<component>-<name>`, or a volume claim template on a StatefulSet so
 * each replica gets its own claim. config and secret mount read-only unless `readOnly: false`.
 */
export function storageParts(ctx: TraitContext<unknown>, storage: Storage, name: string): StorageParts {
  const readOnly = storage.readOnly ?? (storage.type === 'config' || storage.type === 'secret');
  const mount: VolumeMount | undefined = storage.mountPath
    ? {
        name,
        mountPath: storage.mountPath,
        ...(readOnly ? { readOnly: true } : {}),
        ...(storage.subPath ? { subPath: storage.subPath } : {}),
      }
    : undefined;
  const withMount = mount ? { mount } : {};
  if (storage.type !== 'persistent')
    return { name, volume: { name, ...volumeSource(storage, name) }, ...withMount };
  if (ctx.workload.kind === 'StatefulSet') {
    // Claim templates are immutable: only the stable selector labels, never mutable ones.
    const labels = { [LABELS.app]: ctx.app.metadata.name, [LABELS.componentName]: ctx.component.name };
    return {
      name,
      claimTemplate: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name, labels },
        spec: claimSpec(storage),
      },
      ...withMount,
    };
  }
  const claimName = fitName(`${ctx.component.name}-${name}`, 253);
  const claim: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName,
      namespace: ctx.environment.namespace,
      labels: ctx.labels,
      ...(ctx.annotations ? { annotations: ctx.annotations } : {}),
    },
    spec: claimSpec(storage),
  };
  return { name, volume: { name, persistentVolumeClaim: { claimName } }, claim, ...withMount };
}

/** Collect the parts of several storage entries into a trait result, mounting into `container`. */
export function storageResult(
  ctx: TraitContext<unknown>,
  entries: readonly Storage[],
  container: string,
  prefix = '',
): TraitResult {
  const parts = entries.map((storage, index) =>
    storageParts(ctx, storage, storageName(storage, index, prefix)),
  );
  return {
    volumes: parts.flatMap((part) => (part.volume ? [part.volume] : [])),
    volumeMounts: { [container]: parts.flatMap((part) => (part.mount ? [part.mount] : [])) },
    volumeClaimTemplates: parts.flatMap((part) => (part.claimTemplate ? [part.claimTemplate] : [])),
    additionalObjects: parts.flatMap((part) => (part.claim ? [part.claim] : [])),
  };
}

/** `storage`: persistent → PVC, ephemeral → emptyDir, host-mounted → hostPath, config/secret → files. */
export const storageTrait: TraitProcessor<'storage'> = {
  name: 'storage',
  appliesTo: ['webservice', 'worker', 'store', 'daemon', 'job', 'cronjob'],
  process: (ctx) => storageResult(ctx, ctx.data, ctx.mainContainer),
};
