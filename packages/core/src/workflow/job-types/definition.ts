import type { z } from 'zod';
import type { DocumentPath } from '../../model/parse.js';
import type { Component, ComponentType } from '../../model/schema.js';

/** How long to wait before retry n: `min(maxMs, initialMs × factor^(n-1))`. */
export interface Backoff {
  initialMs: number;
  factor: number;
  maxMs: number;
}

/** Timeout, retries and backoff a step of a type gets when the workflow does not say. */
export interface JobTypeDefaults {
  timeoutMs: number;
  retries: number;
  backoff: Backoff;
}

/** Something a job type's own check found in a step's properties; `path` is relative to the properties. */
export interface PropertyFinding {
  path: DocumentPath;
  code: string;
  message: string;
  severity?: 'error' | 'warning';
}

/** What a job type's check may look at besides the properties: the application's components. */
export interface StepContext {
  components: ReadonlyArray<Component>;
}

/**
 * One kind of workflow step (a "job type"): its property schema, the component types it may
 * target, and its defaults. Adding a type is one file exporting a definition and one line in
 * `JOB_TYPES`.
 */
export interface JobTypeDefinition<P extends Record<string, unknown> = Record<string, unknown>> {
  /** The `type` written on a workflow step, e.g. `deploy`. */
  type: string;
  /** One sentence for people choosing a type in the editor. */
  description: string;
  /** The step's properties; also the source of the editor's form (JSON Schema). */
  properties: z.ZodType<P>;
  /**
   * Berth plans steps of this type itself (e.g. `undeploy` when an application is deleted):
   * a workflow may not name it and the editor's catalog leaves it out.
   */
  internal?: boolean;
  /** Component types the step's `component`/`components` may name; any type when absent. */
  appliesTo?: ReadonlyArray<ComponentType>;
  defaults: JobTypeDefaults;
  /** A timeout that depends on the properties (a delay must outlast its duration). */
  timeoutMs?: (properties: P) => number | undefined;
  /** Checks that need the application, e.g. that a GPU precheck targets a component with a gpu trait. */
  check?: (properties: P, context: StepContext) => PropertyFinding[];
}

/** The backoff every type uses unless it says otherwise: 5s, 10s, 20s … capped at 5 minutes. */
export const DEFAULT_BACKOFF: Backoff = { initialMs: 5_000, factor: 2, maxMs: 300_000 };

/** Declare a job type with its property type inferred from the schema. */
export function defineJobType<P extends Record<string, unknown>>(
  definition: JobTypeDefinition<P>,
): JobTypeDefinition<P> {
  return definition;
}
