import type { Application } from '@berth/core';

/** One revision of an application, as a run delivers it. */
export interface SourceRevision {
  revision: number;
  spec: Application;
}

/**
 * Where runs find what they deliver: implemented by the apps capability over its revision store.
 * `revision` absent means the latest; `undefined` means no such application or revision (404).
 */
export interface RunSource {
  loadRevision(workspace: string, application: string, revision?: number): Promise<SourceRevision | undefined>;
}
