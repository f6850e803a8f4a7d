import type { HelmSource } from '../../model/schema.js';
import { RenderError } from '../errors.js';
import type { ComponentContext } from './types.js';

/** Value files of a chart for an environment: as given, or `values.yaml` then `overlays/<env>/values.yaml`. */
export function valueFiles(helm: HelmSource, environment: string): string[] {
  return helm.valueFiles ?? ['values.yaml', `overlays/${environment}/values.yaml`];
}

/** The chart source of a helm component. @throws RenderError when it is missing. */
export function helmSource(ctx: ComponentContext): HelmSource {
  const helm = ctx.component.helm;
  if (!helm?.repoURL || !helm.path) {
    throw new RenderError(`helm component ${ctx.component.name} needs helm.repoURL and helm.path.`, {
      path: `spec.components[${ctx.index}].helm`,
      code: 'missing-chart',
    });
  }
  return helm;
}
