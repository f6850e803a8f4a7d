import type { Capability } from './app.js';
import { appsCapability, appsOf } from './apps/capability.js';
import { clustersCapability } from './clusters/capability.js';
import { deliveryCapability } from './delivery/capability.js';
import { createGitCapability } from './git/capability.js';
import { gitopsCapability, gitopsOf } from './gitops/capability.js';
import { gitopsExecutors } from './gitops/executors.js';
import { DeploymentHistory } from './delivery/deployments.js';
import { createStatusCapability, type StatusCapabilityOptions } from './status/capability.js';
import { clustersOf } from './clusters/capability.js';
import { deliveryExecutorsFor, runSourceFor, wiringCapability, type WiringOptions } from './wiring/capability.js';
import { clusterSecretSource } from './wiring/webhook-secrets.js';
import { workflowCapability, type WorkflowCapabilityOptions } from './workflow/capability.js';

/** Options of {@link createCapabilities}, for tests: faster timings, a gitops seam. */
export interface CapabilityOptions extends WiringOptions {
  runner?: WorkflowCapabilityOptions['runner'];
  status?: Pick<StatusCapabilityOptions, 'debounceMs' | 'health'>;
}

/**
 * The capabilities the server runs besides the platform's own (iam, workspaces, audit), wired
 * together: workflow reads revisions from apps and delivers through delivery's executors (per
 * environment delivery mode) over the clusters' connections; status watches those clusters and
 * records the last known health the apps list shows; deletion and rollback are runs. Order
 * matters: clusters → apps → … → workflow → wiring.
 */
export function createCapabilities(options: CapabilityOptions = {}): Capability[] {
  options = {
    gitopsExecutorsFor: (deps) => {
      const gitops = gitopsOf(deps);
      return gitopsExecutors({ service: gitops.service, deps: gitops.deps, deployments: new DeploymentHistory(deps) });
    },
    ...options,
  };
  return [
    clustersCapability,
    appsCapability,
    deliveryCapability,
    createStatusCapability({ healthFor: (deps) => appsOf(deps).health, ...options.status }),
    createGitCapability(),
    gitopsCapability,
    workflowCapability({
      sourceFor: runSourceFor,
      executorsFor: (deps) => deliveryExecutorsFor(deps, options),
      secretsFor: (deps) => clusterSecretSource(clustersOf(deps).connections),
      ...(options.runner ? { runner: options.runner } : {}),
    }),
    wiringCapability(),
  ];
}

/** The capabilities of `npm start`. */
export const capabilities: readonly Capability[] = createCapabilities();
