import { loadApplication } from '../../src/model/validate.js';
import type { Problem } from '../../src/model/problem.js';

/** The first four lines of every fixture; the text given to {@link app} starts on line 5. */
const HEAD = 'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata: { name: shop }\nspec:\n';

/** A YAML application whose `spec:` body is `body` (written indented by two spaces, starting on line 5). */
export function app(body: string): string {
  return HEAD + body.replace(/^\n/, '');
}

/** Every problem of a YAML text. */
export function problemsOf(text: string): Problem[] {
  return loadApplication(text, { file: 'app.yaml' }).problems;
}

/** The problems with a given code, reduced to what a user sees: path, line and message. */
export function withCode(
  text: string,
  code: string,
): Array<{ path: string; line: number | undefined; message: string; severity: string }> {
  return problemsOf(text)
    .filter((problem) => problem.code === code)
    .map((problem) => ({
      path: problem.path,
      line: problem.position?.line,
      message: problem.message,
      severity: problem.severity,
    }));
}
