import type { HelmSource } from '../../model/schema.js';
import type { KubeObject } from '../kube.js';
import { valueFiles } from './chart.js';
import type { ComponentContext } from './types.js';
import { objectMeta } from './workload.js';

/** How often Flux checks the chart repository and reconciles the release. */
export const FLUX_SOURCE_INTERVAL = '5m';
export const FLUX_RELEASE_INTERVAL = '10m';

/**
 * The `spec.ref` of a Flux GitRepository for an Argo-style target revision: a 40-hex
 * commit → `commit`; `refs/...` → `name`; a version such as v1.2.3 → `tag`; undefined or
 * HEAD → branch `main`; anything else → that `branch`.
 */
export function gitRef(revision: string | undefined): Record<string, string> {
  if (revision === undefined || revision === 'HEAD') return { branch: 'main' };
  if (/^[0-9a-f]{40}$/.test(revision)) return { commit: revision };
  if (revision.startsWith('refs/')) return { name: revision };
  if (/^v?\d+\.\d+\.\d+([-+].*)?$/.test(revision)) return { tag: revision };
  return { branch: revision };
}

function joinPath(dir: string, file: string): string {
  const base = dir.replace(/^\.\//, '').replace(/\/+$/, '');
  return base === '' || base === '.' ? file : `${base}/${file}`;
}

/**
 * A Flux GitRepository (source.toolkit.fluxcd.io/v1) for the chart's repository and a
 * HelmRelease (helm.toolkit.fluxcd.io/v2) in the environment's namespace, both named after
 * the component. Value files are relative to the chart in Berth but to the repository root
 * in Flux, so they are prefixed with the chart path; `reconcileStrategy: Revision` makes
 * every new commit a new chart version, as charts in git rarely bump their version.
 */
export function fluxHelmRelease(ctx: ComponentContext, helm: HelmSource): KubeObject[] {
  const name = ctx.component.name;
  const files = valueFiles(helm, ctx.environment.name);
  const source: KubeObject = {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: objectMeta(ctx),
    spec: { interval: FLUX_SOURCE_INTERVAL, url: helm.repoURL, ref: gitRef(helm.targetRevision) },
  };
  const release: KubeObject = {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: objectMeta(ctx),
    spec: {
      interval: FLUX_RELEASE_INTERVAL,
      releaseName: helm.releaseName ?? name,
      chart: {
        spec: {
          chart: helm.path.replace(/^\.\//, '').replace(/\/+$/, ''),
          reconcileStrategy: 'Revision',
          sourceRef: { kind: 'GitRepository', name },
          valuesFiles: files.map((file) => joinPath(helm.path, file)),
        },
      },
      ...(helm.values && Object.keys(helm.values).length > 0 ? { values: helm.values } : {}),
    },
  };
  return [source, release];
}
