/** The wizard's steps, in order. */
export const WIZARD_STEPS = ['basics', 'components', 'traits', 'policies', 'environments', 'review'] as const;
/** One of {@link WIZARD_STEPS}. */
export type WizardStep = (typeof WIZARD_STEPS)[number];

/**
 * The step whose form holds the field at `path` (a problem's path); `review` for the rest
 * (workflow, the document). A component's environment variables and resources are traits in
 * the model but are edited with its ports, in the components step.
 */
export function stepOfPath(path: string): WizardStep {
  if (/^metadata\b/.test(path)) return 'basics';
  if (/^spec\.components\[\d+\]\.traits\.(envs|resources)\b/.test(path)) return 'components';
  if (/^spec\.components\[\d+\]\.traits\b/.test(path)) return 'traits';
  if (/^spec\.components\b/.test(path)) return 'components';
  if (/^spec\.policies\b/.test(path)) return 'policies';
  if (/^spec\.environments\b/.test(path)) return 'environments';
  return 'review';
}

const within = (path: string, at: string) =>
  path === at || path.startsWith(`${at}.`) || path.startsWith(`${at}[`);

/**
 * Problems at `at` or below it that no field shows: all of them except those at a `placed`
 * field path and those inside a `subtree` (a part with a form of its own, e.g. the traits).
 */
export function unplacedProblems<P extends { path: string }>(
  problems: readonly P[],
  at: string,
  placed: readonly string[],
  subtrees: readonly string[] = [],
): P[] {
  return problems.filter(
    (p) => within(p.path, at) && !placed.includes(p.path) && !subtrees.some((s) => within(p.path, s)),
  );
}
