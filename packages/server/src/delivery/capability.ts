/**
 * The delivery capability: the `deployments` table and the direct-delivery executors. The
 * workflow engine registers `deliveryExecutors(...)` in its executor registry.
 */
import type { Capability } from '../app.js';
import { deploymentsMigration } from './deployments.js';

/** Migrations of direct delivery; its executors are handed to the workflow engine. */
export const deliveryCapability: Capability = {
  name: 'delivery',
  migrations: [deploymentsMigration],
  register() {
    // No routes of its own: runs, rollbacks and deletions start through apps/ and workflow/.
  },
};
