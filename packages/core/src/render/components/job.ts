import type { Component } from '../../model/schema.js';
import type { PodTemplate } from '../kube.js';
import type { ComponentRenderer } from './types.js';
import { buildPod, workloadObject } from './workload.js';

/** The Job spec of a job or cronjob component: completion settings, then the pod template. */
export function jobSpec(component: Component, template: PodTemplate): Record<string, unknown> {
  const settings = component.job ?? {};
  const spec: Record<string, unknown> = {};
  for (const field of [
    'completions',
    'parallelism',
    'backoffLimit',
    'activeDeadlineSeconds',
    'ttlSecondsAfterFinished',
  ] as const) {
    if (settings[field] !== undefined) spec[field] = settings[field];
  }
  spec.template = template;
  return spec;
}

/**
 * `job`: a Job run to completion (a workflow gate such as a schema migration). The Job's
 * selector is left to Kubernetes. A Job's pod template is immutable: the workflow engine
 * replaces (deletes and re-creates) a Job whose content hash changed.
 */
export const jobRenderer: ComponentRenderer = {
  type: 'job',
  render: (ctx) => {
    const applied = buildPod(ctx, 'Job');
    return [
      workloadObject(ctx, 'Job', jobSpec(ctx.component, applied.template)),
      ...applied.additionalObjects,
    ];
  },
};
