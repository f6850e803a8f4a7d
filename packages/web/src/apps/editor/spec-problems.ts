import { loadApplications, parseSource, type Problem } from '@berth/core';
import type { FieldProblem } from '../../api/problem.js';
import { pathSegments } from '../../api/problem.js';

/** A problem of the text being edited, with the line it belongs to (when known). */
export interface EditorProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
  line?: number | undefined;
  source: 'browser' | 'server';
}

/** Validates the text in the browser with @berth/core: every problem with its line. */
export function validateInBrowser(text: string): EditorProblem[] {
  return loadApplications(text).flatMap((doc) =>
    doc.problems.map((p: Problem) => ({
      path: p.path,
      message: p.message,
      severity: p.severity,
      line: p.position?.line,
      source: 'browser' as const,
    })),
  );
}

/** Server problems placed on lines: their own line, else the line of their path in `text`. */
export function placeServerProblems(text: string, problems: readonly FieldProblem[]): EditorProblem[] {
  const document = parseSource(text).documents[0];
  return problems.map((p) => {
    const segments = pathSegments(p.path);
    return {
      path: p.path,
      message: p.message,
      severity: 'error' as const,
      line: p.line ?? document?.positionOf(segments)?.line,
      source: 'server' as const,
    };
  });
}
