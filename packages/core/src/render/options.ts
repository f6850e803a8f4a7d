/** Settings of a render that are not part of the application. */
export interface RenderOptions {
  /** Namespace of Argo CD, where helm components' `Application` objects live. Default `argocd`. */
  argocdNamespace?: string;
  /** Argo CD project of those Applications. Default `default`. */
  argocdProject?: string;
  /**
   * Argo CD destination server of helm components. Default `https://kubernetes.default.svc`:
   * the Application is delivered to the environment's cluster, whose own Argo CD syncs it.
   */
  argocdDestinationServer?: string;
}

/** Render options with every default filled in. */
export type ResolvedRenderOptions = Required<RenderOptions>;

/** Fill in the defaults of render options. */
export function resolveRenderOptions(options: RenderOptions = {}): ResolvedRenderOptions {
  return {
    argocdNamespace: options.argocdNamespace ?? 'argocd',
    argocdProject: options.argocdProject ?? 'default',
    argocdDestinationServer: options.argocdDestinationServer ?? 'https://kubernetes.default.svc',
  };
}
