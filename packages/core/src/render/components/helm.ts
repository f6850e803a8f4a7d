import type { HelmSource } from '../../model/schema.js';
import type { KubeObject } from '../kube.js';
import { fitName } from '../labels.js';
import { helmSource, valueFiles } from './chart.js';
import { fluxHelmRelease } from './helm-flux.js';
import type { ComponentContext, ComponentRenderer } from './types.js';

/**
 * An Argo CD Application (argoproj.io/v1alpha1) in Argo CD's namespace, named
 * `<app>-<component>-<env>` (Applications of every app and environment share that
 * namespace), rendering the chart with the environment's value files into the
 * environment's namespace; automated sync with prune and self-heal, namespace created on
 * sync, and the resources finalizer so deleting the Application deletes what it deployed.
 */
export function argoApplication(ctx: ComponentContext, helm: HelmSource): KubeObject {
  const { component, environment, options } = ctx;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: fitName(`${ctx.app.metadata.name}-${component.name}-${environment.name}`),
      namespace: options.argocdNamespace,
      labels: ctx.labels,
      ...(ctx.annotations ? { annotations: ctx.annotations } : {}),
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: options.argocdProject,
      source: {
        repoURL: helm.repoURL,
        path: helm.path,
        targetRevision: helm.targetRevision ?? 'HEAD',
        helm: {
          releaseName: helm.releaseName ?? component.name,
          valueFiles: valueFiles(helm, environment.name),
          ...(helm.values && Object.keys(helm.values).length > 0 ? { valuesObject: helm.values } : {}),
        },
      },
      destination: { server: options.argocdDestinationServer, namespace: environment.namespace },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
    },
  };
}

/** `helm`: a chart from a git repository, rendered by Argo CD (default) or Flux (`agent: flux`). */
export const helmRenderer: ComponentRenderer = {
  type: 'helm',
  render: (ctx) => {
    const helm = helmSource(ctx);
    return helm.agent === 'flux' ? fluxHelmRelease(ctx, helm) : [argoApplication(ctx, helm)];
  },
};
