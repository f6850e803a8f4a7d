/**
 * A submitted application spec → a validated application with everything a revision records.
 * Accepted bodies: YAML text (`application/yaml`, `text/yaml`, `text/plain`), a JSON application
 * document, or a JSON envelope `{ spec: <YAML text | document>, message?, resourceVersion? }`.
 */
import {
  type Application,
  canonicalJson,
  loadApplication,
  parseSource,
  type Problem,
  render,
  RenderError,
  validateApplication,
} from '@berth/core';
import { stringify } from 'yaml';
import { DomainError, type FieldProblem, InputError } from '../http/errors.js';

/** The spec is not a valid application — 422 with each problem's path, line and column. */
export class InvalidSpecError extends DomainError {
  readonly status = 422;
  readonly title = 'Invalid application';
}

/** A problem of the spec as the API reports it. */
export interface SpecProblem extends FieldProblem {
  code: string;
  line?: number;
  column?: number;
}

/** What a request submitted, before validation. */
export interface Submission {
  /** YAML or JSON text as submitted, or the document to validate. */
  source: { format: 'yaml'; text: string } | { format: 'json'; value: unknown };
  message?: string;
  resourceVersion?: string;
}

/** A validated spec, ready to become a revision. */
export interface ValidatedSpec {
  application: Application;
  format: 'yaml' | 'json';
  /** The text as submitted (a JSON document is pretty-printed). */
  text: string;
  /** Canonical JSON of the validated application. */
  normalized: string;
  /** Environment → render hash. */
  renderHashes: Record<string, string>;
}

const MAX_MESSAGE = 2000;

/** Reads a request body into a {@link Submission}; `headerMessage` comes from `X-Berth-Message`. */
export function readSubmission(body: unknown, headerMessage?: string): Submission {
  const message = headerMessage === undefined ? undefined : decodeMessage(headerMessage);
  if (typeof body === 'string') return { source: { format: 'yaml', text: body }, ...opt('message', message) };
  if (isEnvelope(body)) {
    const { spec, message: bodyMessage, resourceVersion } = body;
    if (bodyMessage !== undefined && (typeof bodyMessage !== 'string' || bodyMessage.length > MAX_MESSAGE))
      throw new InputError('message must be text of at most 2000 characters', [{ path: 'message', message: 'is invalid' }]);
    if (resourceVersion !== undefined && (typeof resourceVersion !== 'string' || resourceVersion === ''))
      throw new InputError('resourceVersion must be the text you read', [{ path: 'resourceVersion', message: 'is invalid' }]);
    return {
      source: typeof spec === 'string' ? { format: 'yaml', text: spec } : { format: 'json', value: spec },
      ...opt('message', (bodyMessage as string | undefined) ?? message),
      ...opt('resourceVersion', resourceVersion as string | undefined),
    };
  }
  return { source: { format: 'json', value: body }, ...opt('message', message) };
}

/**
 * Validates a submission for `workspace` (and, on update, the application `name`): every problem
 * at once, with positions for YAML; a missing `metadata.workspace` is filled in; every declared
 * environment is rendered to get its hash.
 */
export function validateSubmission(submission: Submission, target: { workspace: string; name?: string }): ValidatedSpec {
  const { source } = submission;
  let value: unknown;
  let problems: Problem[];
  let positionOf: ((path: Array<string | number>) => { line: number; column: number } | undefined) | undefined;
  if (source.format === 'yaml') {
    const parsed = parseSource(source.text);
    const only = parsed.documents.length === 1 && parsed.problems.length === 0 ? parsed.documents[0]! : undefined;
    if (!only || only.problems.some((p) => p.severity === 'error')) {
      throw invalid(loadApplication(source.text).problems);
    }
    value = fillWorkspace(only.value, target.workspace);
    problems = [...only.problems, ...validateApplication(value, { source: only }).problems];
    positionOf = (path) => only.positionOf(path);
  } else {
    value = fillWorkspace(source.value, target.workspace);
    problems = validateApplication(value).problems;
  }
  const extra: Problem[] = [];
  const metadata = (value as { metadata?: { workspace?: unknown; name?: unknown } } | undefined)?.metadata;
  if (metadata && typeof metadata.workspace === 'string' && metadata.workspace !== target.workspace)
    extra.push(mismatch('metadata.workspace', `is ${metadata.workspace}, but the application is submitted to workspace ${target.workspace}; remove it or change it`, positionOf?.(['metadata', 'workspace'])));
  if (target.name !== undefined && metadata && typeof metadata.name === 'string' && metadata.name !== target.name)
    extra.push(mismatch('metadata.name', `is ${metadata.name}, but this is application ${target.name}; an application cannot be renamed`, positionOf?.(['metadata', 'name'])));
  const errors = [...problems, ...extra].filter((p) => p.severity === 'error');
  if (errors.length > 0) throw invalid(errors);
  const application = validateApplication(value).application!;
  const renderHashes: Record<string, string> = {};
  for (const env of application.spec.environments ?? []) {
    try {
      renderHashes[env.name] = render(application, env.name).hash;
    } catch (error) {
      if (error instanceof RenderError)
        throw invalid([mismatch(error.path, error.message, positionOf?.(pathSegments(error.path)))]);
      throw error;
    }
  }
  return {
    application,
    format: source.format,
    text: source.format === 'yaml' ? source.text : `${JSON.stringify(source.value, null, 2)}\n`,
    normalized: canonicalJson(application),
    renderHashes,
  };
}

/** The spec as YAML, for diffs: YAML as submitted, JSON converted. */
export function specYaml(format: string, text: string): string {
  if (format === 'yaml') return text.endsWith('\n') ? text : `${text}\n`;
  return stringify(JSON.parse(text), { lineWidth: 0 });
}

/** Problems → the 422 error, each with path, message, code, line and column. */
export function invalid(problems: readonly Problem[]): InvalidSpecError {
  const errors: SpecProblem[] = problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({
      path: p.path,
      message: p.message,
      code: p.code,
      ...(p.position ? { line: p.position.line, column: p.position.column } : {}),
    }));
  const count = errors.length;
  const listed = errors.slice(0, MAX_LISTED_PROBLEMS);
  const more = count > listed.length ? `; the first ${listed.length} are listed, fix them and submit again` : '';
  return new InvalidSpecError(`the application has ${count} problem${count === 1 ? '' : 's'}${more}`, listed);
}

/** A document with thousands of problems (e.g. repeated keys) gets a bounded answer. */
const MAX_LISTED_PROBLEMS = 200;

function mismatch(path: string, message: string, position?: { line: number; column: number }): Problem {
  return { path, message, code: 'invalid', severity: 'error', ...(position ? { position } : {}) };
}

function fillWorkspace(value: unknown, workspace: string): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const doc = value as Record<string, unknown>;
  const metadata = doc.metadata;
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return value;
  if ((metadata as Record<string, unknown>).workspace !== undefined) return value;
  return { ...doc, metadata: { ...metadata, workspace } };
}

function isEnvelope(body: unknown): body is Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const o = body as Record<string, unknown>;
  return 'spec' in o && !('apiVersion' in o) && !('kind' in o) && !('metadata' in o);
}

function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

function decodeMessage(header: string): string {
  let text = header;
  try {
    text = decodeURIComponent(header);
  } catch {
    // keep as sent
  }
  return text.slice(0, MAX_MESSAGE);
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
