/** Where a problem sits in the user's source file (1-based line and column). */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * One thing wrong with a user's document: where (path and source position) and what to do.
 * `path` uses the form `spec.components[2].traits.storage[0].size`.
 */
export interface Problem {
  /** Path into the document, e.g. `spec.components[1].image`; '' for the document itself. */
  path: string;
  /** A sentence a person can act on. */
  message: string;
  severity: 'error' | 'warning';
  /** A stable machine-readable code, e.g. `unknown-field`, `dependency-cycle`. */
  code: string;
  file?: string;
  /** Index of the YAML document in a multi-document file (0-based). */
  document?: number;
  position?: SourcePosition;
}

/** Render a problem the way a compiler does: `app.yaml:14:7 spec.components[1].image: message`. */
export function formatProblem(problem: Problem): string {
  const where = [problem.file ?? '<input>', problem.position?.line, problem.position?.column]
    .filter((part) => part !== undefined)
    .join(':');
  const path = problem.path === '' ? '' : `${problem.path}: `;
  const level = problem.severity === 'warning' ? 'warning: ' : '';
  return `${where} ${level}${path}${problem.message}`;
}

/** Format a path of keys and indexes as `spec.components[2].traits`. */
export function formatPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
