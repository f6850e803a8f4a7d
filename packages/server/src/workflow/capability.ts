import type { Capability, PlatformDeps } from '../app.js';
import type { StepExecutor } from './executor.js';
import { type Clock, systemClock } from './clock.js';
import type { StreamTiming } from './event-stream.js';
import { ExecutorRegistry } from './executor-registry.js';
import { AddressGuard } from './executors/address-guard.js';
import { ApprovalExecutor } from './executors/approval.js';
import { DelayExecutor } from './executors/delay.js';
import { type SecretValueSource, WebhookExecutor } from './executors/webhook.js';
import { WorkflowMetrics, recordRunChange } from './metrics.js';
import { workflowMigration, workflowRecentRunsMigration } from './migration.js';
import { registerWorkflowRoutes } from './routes.js';
import { RunCatalog } from './run-catalog.js';
import { RunService } from './run-service.js';
import type { RunSource } from './run-source.js';
import { RunStore } from './run-store.js';
import { type WorkflowRunnerOptions, WorkflowRunner } from './runner.js';
import { StepQueue } from './step-queue.js';

/** Options of {@link workflowCapability}. */
export interface WorkflowCapabilityOptions {
  /** Shared with delivery, which registers its executors in it; approval, delay and webhook are added here. */
  executors?: ExecutorRegistry;
  /** Where runs find application revisions (the apps capability). */
  source?: RunSource;
  /** The same, built from the platform's services at registration (e.g. over `appsOf(deps)`). */
  sourceFor?(deps: PlatformDeps): RunSource;
  clock?: Clock;
  /** Runner tuning: concurrency, lease and poll intervals. */
  runner?: Pick<WorkflowRunnerOptions, 'concurrency' | 'leaseMs' | 'pollIntervalMs' | 'holder' | 'shutdownGraceMs'>;
  /** Private addresses or CIDRs webhooks may call (e.g. an in-cluster test service); default `deps.config.webhookAllow`. */
  webhookAllow?: readonly string[];
  /** Where webhook header secrets are read (delivery, over the cluster port). */
  secrets?: SecretValueSource;
  /** The same, built from the platform's services at registration. */
  secretsFor?(deps: PlatformDeps): SecretValueSource;
  stream?: StreamTiming;
  /** Executors built from the platform's services at registration, e.g. delivery's `deliveryExecutors(...)`. */
  executorsFor?(deps: PlatformDeps): readonly StepExecutor[];
  /** Called with the runner once it exists (tests, and delivery if it needs to wake it). */
  onRunner?(runner: WorkflowRunner): void;
}

/** What other capabilities reach of a registered workflow engine, through {@link workflowOf}. */
export interface Workflow {
  service: RunService;
  runs: RunStore;
  runner: WorkflowRunner;
}

const byPlatform = new WeakMap<PlatformDeps, Workflow>();

/**
 * The workflow engine registered for a platform (runs of deletions, rollbacks, the first deploy
 * of the sample). Capabilities listed after `workflow` may call it in their `register`.
 */
export function workflowOf(deps: PlatformDeps): Workflow {
  const found = byPlatform.get(deps);
  if (!found) throw new Error('the workflow capability is not registered (list it before the capabilities that use it)');
  return found;
}

/**
 * The durable workflow engine as a capability: its tables, the run API, and a runner that starts
 * with the server and releases its in-flight steps on shutdown. Each registration builds its own
 * executor registry (the shared `executors`, then `executorsFor(deps)`, then approval, delay and
 * a webhook executor allowed to call `webhookAllow ?? deps.config.webhookAllow`), so one
 * capability may serve several platforms (tests).
 */
export function workflowCapability(options: WorkflowCapabilityOptions = {}): Capability {
  return {
    name: 'workflow',
    migrations: [workflowMigration, workflowRecentRunsMigration],
    register(app, deps) {
      const executors = new ExecutorRegistry();
      for (const type of options.executors?.types() ?? []) executors.register(options.executors!.get(type)!);
      for (const executor of options.executorsFor?.(deps) ?? []) executors.register(executor);
      const webhookAllow = options.webhookAllow ?? deps.config.webhookAllow;
      const secrets = options.secrets ?? options.secretsFor?.(deps);
      for (const executor of [
        new ApprovalExecutor(),
        new DelayExecutor(),
        new WebhookExecutor({ guard: new AddressGuard(webhookAllow), ...(secrets ? { secrets } : {}) }),
      ]) {
        if (!executors.get(executor.type)) executors.register(executor);
      }
      const clock = options.clock ?? systemClock;
      const runs = new RunStore({ db: deps.store.db, dialect: deps.store.dialect });
      const metrics = new WorkflowMetrics(deps.metrics);
      runs.onChange((change) => recordRunChange(metrics, change));
      const runner = new WorkflowRunner({
        runs,
        queue: new StepQueue(runs),
        executors,
        logger: deps.logger.child({ component: 'workflow' }),
        clock,
        ...options.runner,
      });
      options.onRunner?.(runner);
      const service = new RunService({
        runs,
        source: options.source ?? options.sourceFor?.(deps),
        clock,
        requireWorkspace: (name) => deps.workspaces.require(name),
        wake: () => runner.wake(),
        catalog: new RunCatalog(deps.store.db),
        authorizer: deps.authorizer,
      });
      byPlatform.set(deps, { service, runs, runner });
      registerWorkflowRoutes(app, { service, runs, executors, ...(options.stream ? { stream: options.stream } : {}) });
      deps.lifecycle.onStarted('workflow-runner', () => runner.start());
      deps.lifecycle.onShutdown('workflow-runner', () => runner.stop());
    },
  };
}
