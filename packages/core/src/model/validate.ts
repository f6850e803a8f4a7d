import type { Finding } from './finding.js';
import { issuesToFindings } from './issues.js';
import { parseSource, type ParsedDocument, type ParseOptions } from './parse.js';
import { formatPath, type Problem } from './problem.js';
import { checkRules } from './rules/index.js';
import { ApplicationSchema, type Application } from './schema.js';

/** Most problems reported for one document: beyond that, a user needs to fix the first ones. */
const MAX_PROBLEMS = 500;

/** Options of {@link validateApplication}. */
export interface ValidateOptions {
  /** The parsed document `input` came from: gives every problem a line and column. */
  source?: ParsedDocument;
  /** File name copied into every problem. */
  file?: string;
}

/** The outcome of validating one application document. */
export interface ValidationResult {
  /** The typed application, present only when there is no error (warnings allowed). */
  application?: Application;
  /** Every problem found, sorted by position. */
  problems: Problem[];
}

/** One document of a multi-document file, validated. */
export interface LoadedDocument extends ValidationResult {
  /** Index of the document in the file (0-based). */
  document: number;
}

/**
 * Validate a plain value (parsed YAML/JSON, a request body) as a Berth application: the schema
 * (types, required and unknown fields) and every semantic rule, all in one pass, so the user
 * sees every problem at once. Never throws.
 */
export function validateApplication(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const parsed = ApplicationSchema.safeParse(input);
  const issues = parsed.success ? [] : parsed.error.issues.slice(0, MAX_PROBLEMS);
  const findings: Finding[] = issuesToFindings(issues, input, ApplicationSchema);
  findings.push(...checkRules(input));
  const unique = dedupe(findings);
  const dropped = parsed.success ? 0 : parsed.error.issues.length - issues.length;
  const omitted = Math.max(0, unique.length - MAX_PROBLEMS) + dropped;
  const problems = sortProblems(unique.map((finding) => toProblem(finding, options))).slice(0, MAX_PROBLEMS);
  if (omitted > 0) {
    problems.push(
      toProblem(
        {
          path: [],
          code: 'too-many-problems',
          message: `${omitted} more problems not shown; fix the ones above first`,
        },
        options,
      ),
    );
  }
  const result: ValidationResult = { problems };
  if (parsed.success && !problems.some((problem) => problem.severity === 'error'))
    result.application = parsed.data;
  return result;
}

/**
 * Parse YAML or JSON text holding one or more application documents and validate each.
 * Returns one entry per non-empty document; text that is not even readable (too large) gives a
 * single entry with document 0 and no application.
 */
export function loadApplications(text: string, options: ParseOptions = {}): LoadedDocument[] {
  return loadSource(text, options).loaded;
}

function loadSource(
  text: string,
  options: ParseOptions,
): { loaded: LoadedDocument[]; documents: ParsedDocument[] } {
  const source = parseSource(text, options);
  if (source.problems.length > 0)
    return { loaded: [{ document: 0, problems: source.problems }], documents: [] };
  return {
    loaded: source.documents.map((document) => loadDocument(document, options.file)),
    documents: source.documents,
  };
}

/**
 * Parse and validate a file that must hold exactly one application document. A file with no
 * document, or with several, is a problem.
 */
export function loadApplication(text: string, options: ParseOptions = {}): ValidationResult {
  const { loaded, documents } = loadSource(text, options);
  const file = options.file;
  if (loaded.length === 0) {
    return {
      problems: [
        withFile(
          {
            path: '',
            code: 'empty',
            severity: 'error',
            message: 'the input holds no document; write an Application (apiVersion, kind, metadata, spec)',
            position: { line: 1, column: 1 },
          },
          file,
        ),
      ],
    };
  }
  if (loaded.length > 1) {
    const second = loaded[1]!;
    const problems = loaded.flatMap((entry) => entry.problems);
    const start = documents[1]?.positionOf([]);
    const extra: Problem = {
      path: '',
      code: 'multiple-documents',
      severity: 'error',
      message: `expected one application, found ${loaded.length} documents; keep one per file or load them as a list`,
      document: second.document,
    };
    if (start !== undefined) extra.position = start;
    return { problems: sortProblems([...problems, withFile(extra, file)]) };
  }
  const only = loaded[0]!;
  const result: ValidationResult = { problems: only.problems };
  if (only.application !== undefined) result.application = only.application;
  return result;
}

function loadDocument(document: ParsedDocument, file: string | undefined): LoadedDocument {
  const syntaxErrors = document.problems.filter((problem) => problem.severity === 'error');
  if (syntaxErrors.length > 0 || document.value === undefined) {
    return { document: document.index, problems: sortProblems(document.problems) };
  }
  const options: ValidateOptions = { source: document };
  if (file !== undefined) options.file = file;
  const result = validateApplication(document.value, options);
  const problems = sortProblems([...document.problems, ...result.problems]);
  const loaded: LoadedDocument = { document: document.index, problems };
  if (result.application !== undefined) loaded.application = result.application;
  return loaded;
}

function toProblem(finding: Finding, options: ValidateOptions): Problem {
  const problem: Problem = {
    path: formatPath(finding.path),
    message: finding.message,
    severity: finding.severity ?? 'error',
    code: finding.code,
  };
  if (options.file !== undefined) problem.file = options.file;
  if (options.source !== undefined) {
    problem.document = options.source.index;
    const position = options.source.positionOf(finding.path);
    if (position !== undefined) problem.position = position;
  }
  return problem;
}

/** Drop exact repeats (same path, code and message), which overlapping rules could produce. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${formatPath(finding.path)}\u0000${finding.code}\u0000${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Order problems as a reader meets them: by document, line and column; problems without a
 * position keep their relative order after those with one.
 */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => {
      const byDocument = (a.problem.document ?? 0) - (b.problem.document ?? 0);
      if (byDocument !== 0) return byDocument;
      const pa = a.problem.position;
      const pb = b.problem.position;
      if (pa === undefined || pb === undefined)
        return pa === pb ? a.order - b.order : pa === undefined ? 1 : -1;
      return pa.line - pb.line || pa.column - pb.column || a.order - b.order;
    })
    .map(({ problem }) => problem);
}

function withFile(problem: Problem, file: string | undefined): Problem {
  return file === undefined ? problem : { ...problem, file };
}
