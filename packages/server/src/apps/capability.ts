import type { Capability, PlatformDeps } from '../app.js';
import { clustersOf } from '../clusters/capability.js';
import { AppService } from './app-service.js';
import { type AppDb, AppStore } from './app-store.js';
import { appsHealthMigration } from './health-migration.js';
import { AppHealthStore } from './health-store.js';
import { appsMigration } from './migration.js';
import { registerAppRoutes } from './routes.js';

/** The apps capability's services, shared through {@link appsOf}. */
export interface Apps {
  service: AppService;
  store: AppStore;
  /** The last known health the list shows; the status capability's recorder writes it. */
  health: AppHealthStore;
}

const byPlatform = new WeakMap<PlatformDeps, Apps>();

/**
 * The application services of a platform, created on first use. Workflow and delivery use
 * `service.onDeletionRequested` / `service.finalizeDeletion` and read revisions through it.
 */
export function appsOf(deps: PlatformDeps): Apps {
  let found = byPlatform.get(deps);
  if (!found) {
    const db = deps.store.db as unknown as AppDb;
    const store = new AppStore(db);
    const clusters = clustersOf(deps);
    const service = new AppService({
      apps: store,
      workspaces: deps.workspaces,
      authorizer: deps.authorizer,
      clusterExists: (name) => clusters.store.exists(name),
      logger: deps.logger,
      now: deps.now,
    });
    found = { service, store, health: new AppHealthStore(db, deps.now) };
    byPlatform.set(deps, found);
  }
  return found;
}

/**
 * Applications: CRUD of the spec (YAML or JSON) with revisions, diffs and rendering. Depends on
 * the clusters capability (list it first). The sample workspace `demo` with the shop application
 * is seeded (and deployed) on the first start with a fresh sandbox by `wiring/`.
 */
export const appsCapability: Capability = {
  name: 'apps',
  migrations: [appsMigration, appsHealthMigration],
  async register(app, deps) {
    const apps = appsOf(deps);
    await registerAppRoutes(app, { apps: apps.service });
  },
};
