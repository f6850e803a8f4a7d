/**
 * What "Validate repo" sends for a helm component: its chart repository (an https URL, or the
 * name of an embedded repository of the workspace) at its revision, the chart's path, and the
 * application's environments (each needs its values overlay).
 */
import type { RepoCheckInput } from '../../api/types.js';

/** The helm source fields the wizard edits (kept in the component's `extra.helm`). */
export interface HelmFields {
  repoURL?: string | undefined;
  path?: string | undefined;
  targetRevision?: string | undefined;
}

/** The request for a helm source; undefined while its repository or path is not set. */
export function repoCheckInput(
  helm: HelmFields | undefined,
  environments: readonly string[],
): RepoCheckInput | undefined {
  const repoURL = helm?.repoURL?.trim();
  const path = helm?.path?.trim();
  if (!repoURL || !path) return undefined;
  const ref = helm?.targetRevision?.trim() || undefined;
  const repo = /^[a-z][a-z0-9+.-]*:\/\//i.test(repoURL)
    ? { url: repoURL, ...(ref ? { ref } : {}) }
    : { embedded: repoURL, ...(ref ? { ref } : {}) };
  return { repo, chartPath: path, environments: [...new Set(environments.filter(Boolean))] };
}

/** `file:line:column` of a problem (as far as it is known). */
export function problemPlace(problem: {
  file: string;
  line?: number | undefined;
  column?: number | undefined;
}): string {
  return [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined]
    .filter((part) => part !== undefined)
    .join(':');
}
