/** One field the server named in a problem body: `spec.components[2].image` and what is wrong. */
export interface FieldProblem {
  path: string;
  message: string;
  /** Set by the server for spec problems: where in the submitted text (1-based). */
  line?: number;
  column?: number;
  code?: string;
}

/** An RFC 9457 problem body as the Berth API sends it. */
export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
}

/** A failed API call: the status, the server's sentence and the fields it named. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly fieldProblems: FieldProblem[];
  readonly requestId: string | undefined;
  readonly path: string;

  constructor(status: number, body: ProblemBody, path: string) {
    super(body.detail ?? body.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = body.title ?? `HTTP ${status}`;
    this.fieldProblems = Array.isArray(body.errors) ? body.errors.filter(isFieldProblem) : [];
    this.requestId = body.requestId;
    this.path = path;
  }

  /** True when the server has no such route yet (404 "no route …"), not a missing resource. */
  get isMissingRoute(): boolean {
    return this.status === 404 && /^no route /.test(this.message);
  }

  /** The problems of one field path (exact, or below it: `spec.components[0]` matches `…[0].image`). */
  problemsAt(path: string): FieldProblem[] {
    return this.fieldProblems.filter(
      (p) => p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`),
    );
  }
}

function isFieldProblem(value: unknown): value is FieldProblem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FieldProblem).path === 'string' &&
    typeof (value as FieldProblem).message === 'string'
  );
}

/**
 * Splits a field path into form name segments: `spec.components[2].image` →
 * `['spec', 'components', 2, 'image']`; a `body.`/`query.` prefix is dropped.
 */
export function pathSegments(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (const match of path.matchAll(re)) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(`"${match[3]}"`) as string);
    else if (match[1] !== undefined) segments.push(match[1]);
  }
  if (segments[0] === 'body' || segments[0] === 'query' || segments[0] === 'params') segments.shift();
  return segments;
}

/**
 * Turns an error into antd `Form.setFields` entries: each field problem next to the field it
 * names (fields the form does not have are left for the summary).
 */
export function formFieldErrors(
  error: unknown,
  known?: ReadonlyArray<string>,
): Array<{ name: Array<string | number>; errors: string[] }> {
  if (!(error instanceof ApiError)) return [];
  const byField = new Map<string, { name: Array<string | number>; errors: string[] }>();
  for (const problem of error.fieldProblems) {
    const name = pathSegments(problem.path);
    const key = name.join('.');
    if (known && !known.includes(key)) continue;
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(problem.message);
    byField.set(key, entry);
  }
  return [...byField.values()];
}

/** A sentence for any error, for a toast or an alert. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
