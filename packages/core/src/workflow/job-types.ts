import { z } from 'zod';
import { issuesToFindings } from '../model/issues.js';
import type { DocumentPath } from '../model/parse.js';
import { formatPath, type Problem } from '../model/problem.js';
import type { Component, WorkflowStep } from '../model/schema.js';
import { didYouMean, listNames } from '../model/suggest.js';
import { formatDuration, parseDuration } from './duration.js';
import { applyJobType } from './job-types/apply.js';
import { approvalJobType } from './job-types/approval.js';
import type { Backoff, JobTypeDefinition } from './job-types/definition.js';
import { delayJobType } from './job-types/delay.js';
import { deployJobType } from './job-types/deploy.js';
import { finalizeJobType } from './job-types/finalize.js';
import { gpuPrecheckJobType } from './job-types/gpu-precheck.js';
import { jobJobType } from './job-types/job.js';
import { rollbackJobType } from './job-types/rollback.js';
import { undeployJobType } from './job-types/undeploy.js';
import { waitHealthyJobType } from './job-types/wait-healthy.js';
import { webhookJobType } from './job-types/webhook.js';

/** Every job type Berth knows, by name. A new type is one file and one line here. */
export const JOB_TYPES: ReadonlyMap<string, JobTypeDefinition> = new Map([
  entry(deployJobType),
  entry(jobJobType),
  entry(applyJobType),
  entry(waitHealthyJobType),
  entry(approvalJobType),
  entry(webhookJobType),
  entry(delayJobType),
  entry(gpuPrecheckJobType),
  entry(rollbackJobType),
  entry(undeployJobType),
  entry(finalizeJobType),
]);

/** A definition keyed by its type; its functions only ever receive properties its schema parsed. */
function entry<P extends Record<string, unknown>>(
  definition: JobTypeDefinition<P>,
): [string, JobTypeDefinition] {
  return [definition.type, definition as unknown as JobTypeDefinition];
}

/** The definition of a job type, or `undefined` when no type has that name. */
export function getJobType(type: string): JobTypeDefinition | undefined {
  return JOB_TYPES.get(type);
}

/** Step fields that may be written on the step itself instead of under `properties`. */
const STEP_LEVEL_PROPERTIES = ['components', 'component'] as const;

/**
 * The properties of a step as its job type sees them: `properties` plus the step-level
 * `components` / `component` shorthands.
 */
export function stepProperties(step: WorkflowStep): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(step.properties ?? {}) };
  for (const key of STEP_LEVEL_PROPERTIES) if (step[key] !== undefined) merged[key] = step[key];
  return merged;
}

/** Options of {@link validateStepProperties}. */
export interface StepValidationOptions {
  /** Where the step sits in the document, e.g. `['spec', 'workflow', 'steps', 2]`; problem paths start here. */
  path?: DocumentPath;
  /** The application's components, to check the names a step refers to; skipped when absent. */
  components?: ReadonlyArray<Component>;
}

/**
 * Check one workflow step against its job type: a known type, properties matching the type's
 * schema, components that exist and have a type the job type accepts, a readable timeout.
 * Every problem is reported, each with a path such as `spec.workflow.steps[2].properties.url`.
 */
export function validateStepProperties(step: WorkflowStep, options: StepValidationOptions = {}): Problem[] {
  const base = options.path ?? [];
  const at = (segments: DocumentPath): string => formatPath([...base, ...segments]);
  const problems: Problem[] = [];
  const error = (
    segments: DocumentPath,
    code: string,
    message: string,
    severity: Problem['severity'] = 'error',
  ): void => {
    problems.push({ path: at(segments), code, message, severity });
  };
  if (step.timeout !== undefined && !((parseDuration(step.timeout) ?? 0) > 0)) {
    error(
      ['timeout'],
      'invalid-duration',
      `must be a duration such as 30s, 10m or 1h30m, got "${step.timeout}"`,
    );
  }
  const definition = getJobType(step.type);
  if (definition === undefined || definition.internal) {
    const names = [...JOB_TYPES.values()].filter((d) => !d.internal).map((d) => d.type);
    error(
      ['type'],
      'unknown-job-type',
      `no job type named \`${step.type}\`${didYouMean(step.type, names)}; job types are ${listNames(names)}`,
    );
    return problems;
  }
  const lifted = new Set<string>(STEP_LEVEL_PROPERTIES.filter((key) => step[key] !== undefined));
  // A field on the step lives at `steps[i].components`, one under properties at `steps[i].properties.components`.
  const located = (path: DocumentPath): DocumentPath =>
    lifted.has(String(path[0])) ? path : ['properties', ...path];
  for (const key of lifted) {
    if (step.properties?.[key] !== undefined) {
      error(
        ['properties', key],
        'duplicate-property',
        `\`${key}\` is also set on the step; write it in one place only`,
      );
    }
  }
  const properties = stepProperties(step);
  const parsed = definition.properties.safeParse(properties);
  if (!parsed.success) {
    for (const finding of issuesToFindings(parsed.error.issues, properties, definition.properties)) {
      error(located(finding.path), finding.code, finding.message, finding.severity);
    }
    return problems;
  }
  if (options.components !== undefined) {
    const components = options.components;
    const names = components.map((component) => component.name);
    const refs: Array<{ path: DocumentPath; name: string }> = [];
    if (typeof parsed.data.component === 'string')
      refs.push({ path: ['component'], name: parsed.data.component });
    if (Array.isArray(parsed.data.components)) {
      parsed.data.components.forEach((name, index) =>
        refs.push({ path: ['components', index], name: String(name) }),
      );
    }
    for (const ref of refs) {
      const component = components.find((candidate) => candidate.name === ref.name);
      if (component === undefined) {
        error(
          located(ref.path),
          'unknown-component',
          `no component named \`${ref.name}\`${didYouMean(ref.name, names)}; components are ${listNames(names)}`,
        );
      } else if (definition.appliesTo !== undefined && !definition.appliesTo.includes(component.type)) {
        error(
          located(ref.path),
          'wrong-component-type',
          `a ${definition.type} step runs components of type ${listNames(definition.appliesTo)}, but \`${ref.name}\` is a ${component.type}`,
        );
      }
    }
    for (const finding of definition.check?.(parsed.data, { components }) ?? []) {
      error(located(finding.path), finding.code, finding.message, finding.severity);
    }
  }
  return problems;
}

/** One job type as the workflow editor shows it: a form generated from `schema`. */
export interface JobTypeEntry {
  type: string;
  description: string;
  appliesTo?: ReadonlyArray<string>;
  defaults: { timeout: string; retries: number; backoff: Backoff };
  /** JSON Schema (draft 2020-12) of the step's properties. */
  schema: Record<string, unknown>;
}

/** Every job type a workflow may name, with the JSON Schema of its properties, for the web workflow editor. */
export function jobTypeCatalog(): JobTypeEntry[] {
  return [...JOB_TYPES.values()]
    .filter((definition) => !definition.internal)
    .map((definition) => ({
      type: definition.type,
      description: definition.description,
      ...(definition.appliesTo === undefined ? {} : { appliesTo: [...definition.appliesTo] }),
      defaults: {
        timeout: formatDuration(definition.defaults.timeoutMs),
        retries: definition.defaults.retries,
        backoff: { ...definition.defaults.backoff },
      },
      schema: z.toJSONSchema(definition.properties, { io: 'input' }) as Record<string, unknown>,
    }));
}
