import type { Capability } from '../../src/app.js';
import { appsOf } from '../../src/apps/capability.js';
import { capabilities } from '../../src/capabilities.js';
import { appRunSource } from '../../src/wiring/run-source.js';
import { workflowCapability } from '../../src/workflow/capability.js';

/**
 * The server's capabilities as `capabilities.ts` lists them, with the workflow engine reading
 * revisions from the apps capability (the shipped list registers it without a run source, so
 * starting a run answers 503 — reported).
 */
export const wiredCapabilities: readonly Capability[] = capabilities.map((capability) =>
  capability.name === 'workflow' ? workflowCapability({ sourceFor: (deps) => appRunSource(appsOf(deps).store) }) : capability,
);
