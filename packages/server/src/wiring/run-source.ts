/** Workflow ↔ apps: runs read the application revisions they deliver from the apps capability. */
import type { AppStore } from '../apps/app-store.js';
import { applicationOf } from '../apps/revision-diff.js';
import { ConflictError } from '../http/errors.js';
import type { RunSource } from '../workflow/run-source.js';

/**
 * A {@link RunSource} over the apps store: the latest revision (or the one asked for) of an
 * application, as a typed spec. An application being deleted is not delivered any more (409).
 */
export function appRunSource(apps: Pick<AppStore, 'find' | 'revision'>): RunSource {
  return {
    async loadRevision(workspace, application, revision) {
      const app = await apps.find(workspace, application);
      if (!app) return undefined;
      if (app.row.status === 'deleting') throw new ConflictError(`application ${application} is being deleted`);
      const row = revision === undefined || revision === app.current.revision ? app.current : await apps.revision(app.row.id, revision);
      return row ? { revision: row.revision, spec: applicationOf(row) } : undefined;
    },
  };
}
