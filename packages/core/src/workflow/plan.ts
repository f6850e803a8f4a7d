import type { DocumentPath } from '../model/parse.js';
import { formatPath, type Problem } from '../model/problem.js';
import { findCycles } from '../model/rules/dependencies.js';
import type { Application, Component, Workflow } from '../model/schema.js';
import { didYouMean, listNames } from '../model/suggest.js';
import { RenderError } from '../render/errors.js';
import { resolveEnvironment } from '../render/environment.js';
import { parseDuration } from './duration.js';
import { bridgeDependencies, stableTopologicalOrder } from './graph.js';
import { getJobType, stepProperties, validateStepProperties } from './job-types.js';
import type { Backoff } from './job-types/definition.js';

/** One step of a workflow as it will run in one environment, every default filled in. */
export interface PlannedStep {
  name: string;
  /** A job type of `JOB_TYPES`. */
  type: string;
  /** Validated against the job type's schema; step-level `component(s)` included. */
  properties: Record<string, unknown>;
  /** Steps that must succeed before this one starts. */
  dependsOn: string[];
  timeoutMs: number;
  /** Further attempts after a retryable failure or a timeout. */
  retries: number;
  backoff: Backoff;
}

/** The steps a run of an application in one environment executes, dependencies before dependents. */
export interface WorkflowPlan {
  application: string;
  environment: string;
  /** `workflow` when planned from `spec.workflow`, `components` when derived from their dependsOn. */
  source: 'workflow' | 'components';
  steps: PlannedStep[];
  /** Problems that do not stop the run, e.g. a GPU precheck of a component without GPUs. */
  warnings: Problem[];
}

/** A workflow cannot be planned; `problems` says every reason, each with its document path. */
export class PlanError extends Error {
  override readonly name = 'PlanError';
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(
      problems
        .map((problem) => (problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`))
        .join('\n'),
    );
    this.problems = problems;
  }
}

/**
 * Plan a run of `app` in `environment`: from `spec.workflow` when present, otherwise one step
 * per component ordered by the components' `dependsOn`.
 *
 * - Explicit workflow: steps whose `environments` leave this one out are dropped, and their
 *   dependents wait for the dropped step's own dependencies instead. In `serial` mode (the
 *   default) a step without `dependsOn` depends on the step before it; in `dag` mode only on
 *   what it names.
 * - Derived: a `job` component becomes a `job` step, any other a `deploy` step named after the
 *   component; a component with a gpu trait gets a `<name>-gpu-precheck` step before it.
 *   Components without dependencies run in parallel.
 *
 * @throws PlanError listing every problem: unknown environment, job type, component or
 * dependency, invalid properties or timeouts, and dependency cycles (named, e.g. `a → b → a`).
 */
export function planWorkflow(app: Application, environment: string): WorkflowPlan {
  let components: Component[];
  try {
    components = resolveEnvironment(app, environment).components;
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    const prefix = `${error.path}: `;
    const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    throw new PlanError([{ path: error.path, code: error.code, message, severity: 'error' }]);
  }
  const problems: Problem[] = [];
  const planned = app.spec.workflow
    ? fromWorkflow(app.spec.workflow, environment, components, declaredEnvironments(app), problems)
    : fromComponents(components, problems);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new PlanError(errors);
  return {
    application: app.metadata.name,
    environment,
    source: app.spec.workflow ? 'workflow' : 'components',
    steps: stableTopologicalOrder(planned),
    warnings: problems.filter((problem) => problem.severity === 'warning'),
  };
}

function declaredEnvironments(app: Application): string[] | undefined {
  const declared = app.spec.environments ?? [];
  return declared.length === 0 ? undefined : declared.map((env) => env.name);
}

function problem(path: DocumentPath, code: string, message: string): Problem {
  return { path: formatPath(path), code, message, severity: 'error' };
}

function fromWorkflow(
  workflow: Workflow,
  environment: string,
  components: ReadonlyArray<Component>,
  environments: string[] | undefined,
  problems: Problem[],
): PlannedStep[] {
  const names = workflow.steps.map((step) => step.name);
  const known = new Set<string>();
  const dependsOn = new Map<string, string[]>();
  const firstPath = new Map<string, DocumentPath>();
  workflow.steps.forEach((step, index) => {
    const path: DocumentPath = ['spec', 'workflow', 'steps', index];
    if (known.has(step.name))
      problems.push(
        problem(
          [...path, 'name'],
          'duplicate-name',
          `another step is already named \`${step.name}\`; step names must be unique`,
        ),
      );
    known.add(step.name);
    problems.push(...validateStepProperties(step, { path, components }));
    step.environments?.forEach((name, at) => {
      if (environments !== undefined && !environments.includes(name)) {
        problems.push(
          problem(
            [...path, 'environments', at],
            'unknown-environment',
            `no environment named \`${name}\`${didYouMean(name, environments)}; environments are ${listNames(environments)}`,
          ),
        );
      }
    });
    const deps = checkedDependencies(
      step.dependsOn,
      step.name,
      names,
      [...path, 'dependsOn'],
      'step',
      problems,
    );
    const previous = workflow.steps[index - 1];
    const implicit =
      step.dependsOn === undefined && workflow.mode !== 'dag' && previous !== undefined
        ? [previous.name]
        : [];
    if (!dependsOn.has(step.name)) {
      dependsOn.set(step.name, step.dependsOn === undefined ? implicit : deps);
      firstPath.set(step.name, [...path, 'dependsOn']);
    }
  });
  reportCycles(names, dependsOn, firstPath, 'step', problems);
  if (problems.some((found) => found.severity === 'error')) return [];
  const included = new Set(
    workflow.steps
      .filter((step) => step.environments === undefined || step.environments.includes(environment))
      .map((step) => step.name),
  );
  const bridged = bridgeDependencies(dependsOn, (name) => included.has(name));
  return workflow.steps
    .filter((step) => included.has(step.name))
    .map((step) => {
      const properties = stepProperties(step);
      const definition = getJobType(step.type)!;
      const timeout = step.timeout === undefined ? undefined : parseDuration(step.timeout);
      return {
        name: step.name,
        type: step.type,
        properties,
        dependsOn: bridged.get(step.name) ?? [],
        timeoutMs: timeout ?? definition.timeoutMs?.(properties) ?? definition.defaults.timeoutMs,
        retries: step.retries ?? definition.defaults.retries,
        backoff: { ...definition.defaults.backoff },
      };
    });
}

function fromComponents(components: ReadonlyArray<Component>, problems: Problem[]): PlannedStep[] {
  const names = components.map((component) => component.name);
  const dependsOn = new Map<string, string[]>();
  const firstPath = new Map<string, DocumentPath>();
  components.forEach((component, index) => {
    const path: DocumentPath = ['spec', 'components', index, 'dependsOn'];
    const deps = checkedDependencies(component.dependsOn, component.name, names, path, 'component', problems);
    if (!dependsOn.has(component.name)) {
      dependsOn.set(component.name, deps);
      firstPath.set(component.name, path);
    }
  });
  reportCycles(names, dependsOn, firstPath, 'component', problems);
  const steps: PlannedStep[] = [];
  components.forEach((component, index) => {
    const deps = [...(dependsOn.get(component.name) ?? [])];
    if (component.traits?.gpu !== undefined) {
      const name = `${component.name}-gpu-precheck`;
      if (names.includes(name)) {
        problems.push(
          problem(
            ['spec', 'components', index, 'name'],
            'duplicate-name',
            `the GPU precheck step of this component would be named \`${name}\`, like another component; rename one of them`,
          ),
        );
      }
      steps.push(plannedStep(name, 'gpu-precheck', { component: component.name }, []));
      deps.push(name);
    }
    const type = component.type === 'job' ? 'job' : 'deploy';
    steps.push(
      plannedStep(
        component.name,
        type,
        type === 'job' ? { component: component.name } : { components: [component.name] },
        deps,
      ),
    );
  });
  return steps;
}

function plannedStep(
  name: string,
  type: string,
  properties: Record<string, unknown>,
  dependsOn: string[],
): PlannedStep {
  const defaults = getJobType(type)!.defaults;
  return {
    name,
    type,
    properties,
    dependsOn,
    timeoutMs: defaults.timeoutMs,
    retries: defaults.retries,
    backoff: { ...defaults.backoff },
  };
}

function checkedDependencies(
  listed: ReadonlyArray<string> | undefined,
  self: string,
  names: ReadonlyArray<string>,
  path: DocumentPath,
  what: 'step' | 'component',
  problems: Problem[],
): string[] {
  const out: string[] = [];
  (listed ?? []).forEach((dep, index) => {
    if (dep === self)
      problems.push(
        problem(
          [...path, index],
          'depends-on-self',
          `${what} \`${dep}\` cannot depend on itself; remove it from dependsOn`,
        ),
      );
    else if (!names.includes(dep))
      problems.push(
        problem(
          [...path, index],
          'unknown-dependency',
          `no ${what} named \`${dep}\`${didYouMean(dep, names)}; ${what}s are ${listNames(names)}`,
        ),
      );
    else if (!out.includes(dep)) out.push(dep);
  });
  return out;
}

function reportCycles(
  names: ReadonlyArray<string>,
  dependsOn: ReadonlyMap<string, ReadonlyArray<string>>,
  firstPath: ReadonlyMap<string, DocumentPath>,
  what: 'step' | 'component',
  problems: Problem[],
): void {
  for (const cycle of findCycles(names, dependsOn)) {
    problems.push(
      problem(
        firstPath.get(cycle[0]!) ?? [],
        'dependency-cycle',
        `${what}s depend on each other in a cycle: ${cycle.join(' → ')}; remove one of these dependsOn entries`,
      ),
    );
  }
}
