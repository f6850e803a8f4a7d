import type { DeliveredApp, FileDiff } from './provider.js';

/** GitOps' directory of an application environment (`gitops/layout.ts` `appPath`), with a file below it. */
const APP_FILE = /^apps\/([a-z0-9-]+)\/([a-z0-9-]+)\/([a-z0-9-]+)\/./;

/**
 * The application environment whose directory holds every changed file (old and new paths), or
 * undefined when a file lies elsewhere, the files span directories, or nothing changed.
 */
export function deliveredAppOf(
  diff: readonly Pick<FileDiff, 'path' | 'oldPath'>[],
): DeliveredApp | undefined {
  let found: DeliveredApp | undefined;
  for (const path of diff.flatMap((f) => (f.oldPath ? [f.path, f.oldPath] : [f.path]))) {
    const match = APP_FILE.exec(path);
    if (!match) return undefined;
    const [, workspace = '', name = '', environment = ''] = match;
    if (found && (found.workspace !== workspace || found.name !== name || found.environment !== environment))
      return undefined;
    found = { workspace, name, environment };
  }
  return found;
}
