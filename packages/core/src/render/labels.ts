import type { Component } from '../model/schema.js';
import { sha256Hex } from './sha256.js';

/** Label keys Berth owns. */
export const LABELS = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  app: 'berth.dev/app',
  componentName: 'berth.dev/component',
  environment: 'berth.dev/environment',
} as const;

/** The annotation holding an object's content hash. */
export const CONTENT_HASH_ANNOTATION = 'berth.dev/content-hash';

/**
 * Fit a name into `max` characters (63 for DNS labels and label values): names that fit are
 * unchanged; longer ones keep a prefix and end with 8 hex digits of their SHA-256, so two
 * long names stay distinct and the result is stable.
 */
export function fitName(name: string, max = 63): string {
  if (name.length <= max) return name;
  const prefix = name.slice(0, max - 9).replace(/[-.]+$/, '');
  return `${prefix}-${sha256Hex(name).slice(0, 8)}`;
}

/** What the labels of one component's objects are made of. */
export interface LabelContext {
  app: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  component: Pick<Component, 'name' | 'type' | 'labels' | 'annotations'>;
  environment: string;
}

/**
 * The stable selector of a component's pods: application and component name only.
 * Selectors of Deployments, StatefulSets and DaemonSets are immutable, so they must never
 * contain a label that can change (environment, type, user labels).
 */
export function selectorLabels(ctx: LabelContext): Record<string, string> {
  return { [LABELS.app]: ctx.app.name, [LABELS.componentName]: ctx.component.name };
}

/**
 * Labels of every object and pod template of a component: the application's labels, then
 * the component's, then Berth's standard labels (which win on a clash).
 */
export function objectLabels(ctx: LabelContext): Record<string, string> {
  return {
    ...ctx.app.labels,
    ...ctx.component.labels,
    [LABELS.name]: ctx.component.name,
    [LABELS.instance]: fitName(`${ctx.app.name}-${ctx.component.name}`),
    [LABELS.component]: ctx.component.type,
    [LABELS.partOf]: ctx.app.name,
    [LABELS.managedBy]: 'berth',
    ...selectorLabels(ctx),
    [LABELS.environment]: ctx.environment,
  };
}

/** Annotations of every object of a component (application's, then component's); undefined when none. */
export function objectAnnotations(ctx: LabelContext): Record<string, string> | undefined {
  const merged = { ...ctx.app.annotations, ...ctx.component.annotations };
  return Object.keys(merged).length > 0 ? merged : undefined;
}
