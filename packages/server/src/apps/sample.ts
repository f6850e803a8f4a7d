import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { parseDocument } from 'yaml';
import type { Subject } from '../iam/authorizer.js';
import type { WorkspaceService } from '../workspaces/workspace-service.js';
import type { AppService } from './app-service.js';
import type { App } from './schemas.js';

/** The sample workspace created on a first start with the sandbox. */
export const SAMPLE_WORKSPACE = 'demo';

/** The example application shipped in the repository (`examples/shop/berth.yaml`). */
export const SAMPLE_APPLICATION_FILE = fileURLToPath(new URL('../../../../examples/shop/berth.yaml', import.meta.url));

/** The author of seeded data. */
const BERTH: Subject = { userId: '', username: 'berth', platformAdmin: true, credential: 'token' };

/**
 * Creates the workspace `demo`, binds the example's namespaces to it and adds the example
 * application (its `metadata.workspace` set to `demo`), so the first screen is not empty.
 * Does nothing when `demo` exists already; a missing example file is logged, not fatal.
 * Returns the application when it was created now.
 */
export async function seedSampleApplication(deps: {
  workspaces: WorkspaceService;
  apps: AppService;
  logger: Logger;
  file?: string;
}): Promise<App | undefined> {
  const existing = await deps.workspaces.get(SAMPLE_WORKSPACE).catch(() => undefined);
  if (existing) return undefined;
  let text: string;
  try {
    text = await readFile(deps.file ?? SAMPLE_APPLICATION_FILE, 'utf8');
  } catch (error) {
    deps.logger.warn({ err: error }, 'the example application was not found; no sample application');
    return undefined;
  }
  await deps.workspaces.create({ name: SAMPLE_WORKSPACE, displayName: 'Demo', description: 'A sample workspace with the shop application' });
  const doc = parseDocument(text);
  doc.setIn(['metadata', 'workspace'], SAMPLE_WORKSPACE);
  const app = await deps.apps.create(BERTH, SAMPLE_WORKSPACE, {
    source: { format: 'yaml', text: doc.toString() },
    message: 'the sample application',
  });
  for (const env of app.environments)
    await deps.workspaces
      .bindNamespace(SAMPLE_WORKSPACE, { cluster: env.cluster, namespace: env.namespace })
      .catch((error: unknown) => deps.logger.warn({ err: error, env: env.name }, 'could not bind the sample namespace'));
  deps.logger.info({ workspace: SAMPLE_WORKSPACE, app: app.name }, 'created the sample application');
  return app;
}
