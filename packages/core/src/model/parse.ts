import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
  type ScalarTag,
} from 'yaml';
import type { Problem, SourcePosition } from './problem.js';

/** A path into a document: object keys and array indexes, e.g. `['spec', 'components', 2, 'image']`. */
export type DocumentPath = ReadonlyArray<string | number>;

/** Largest text Berth parses (1 MiB of UTF-8): larger input is a problem, not a stalled server. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** Aliases a document may expand (guards against "billion laughs" YAML). */
const MAX_ALIAS_COUNT = 100;

/**
 * `0644` read as the octal number 420, as Kubernetes' YAML reader (YAML 1.1) reads it. YAML
 * 1.2 would read the decimal 644, so a file mode copied from the Kubernetes docs
 * (`defaultMode: 0440`) would silently become another mode (440 = 0o670).
 */
export const LEGACY_OCTAL_INT: ScalarTag = {
  identify: () => false,
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  test: /^[-+]?0[0-7]+$/,
  resolve: (text) => (text.startsWith('-') ? -1 : 1) * Number.parseInt(text.replace(/^[-+]/, ''), 8),
};

/**
 * One YAML (or JSON) document of a source text, with its plain value and what it needs to
 * map a path back to a line and column.
 */
export interface ParsedDocument {
  /** Position of the document in the stream (0-based). */
  index: number;
  /** The plain JavaScript value (`undefined` when the document could not be read). */
  value: unknown;
  /** Syntax problems and duplicate keys of this document. */
  problems: Problem[];
  /** Line and column of the node at `path`; for a missing key, of the closest existing parent. */
  positionOf(path: DocumentPath): SourcePosition | undefined;
}

/** The result of {@link parseSource}: every document plus problems about the text as a whole. */
export interface ParsedSource {
  documents: ParsedDocument[];
  /** Problems that belong to no document (input too large). */
  problems: Problem[];
}

/** Options of {@link parseSource}. */
export interface ParseOptions {
  /** File name copied into every problem. */
  file?: string;
  /** Byte limit; {@link MAX_SOURCE_BYTES} by default. */
  maxBytes?: number;
}

/**
 * Parse a YAML stream (one or more `---` separated documents) or JSON text, keeping source
 * positions. Never throws: syntax errors and duplicate keys become problems with a line and a
 * column. Documents that hold nothing (a trailing `---`, only comments, an explicit null) are
 * left out, but the remaining ones keep their stream index.
 */
export function parseSource(text: string, options: ParseOptions = {}): ParsedSource {
  const file = options.file;
  const maxBytes = options.maxBytes ?? MAX_SOURCE_BYTES;
  const size = utf8Length(text, maxBytes);
  if (size > maxBytes) {
    const problem: Problem = {
      path: '',
      code: 'too-large',
      severity: 'error',
      message: `the input is larger than ${formatBytes(maxBytes)}; split it into several files`,
      position: { line: 1, column: 1 },
    };
    if (file !== undefined) problem.file = file;
    return { documents: [], problems: [problem] };
  }
  const lineCounter = new LineCounter();
  const documents: ParsedDocument[] = [];
  let raw: Document.Parsed[];
  try {
    raw = parseAllDocuments(text, {
      lineCounter,
      prettyErrors: true,
      uniqueKeys: true,
      logLevel: 'error',
      customTags: (tags) => [LEGACY_OCTAL_INT, ...tags],
    }) as Document.Parsed[];
  } catch (error) {
    return {
      documents: [],
      problems: [
        withFile(
          {
            path: '',
            code: 'syntax',
            severity: 'error',
            message: `cannot read the input: ${describe(error)}`,
          },
          file,
        ),
      ],
    };
  }
  raw.forEach((doc, index) => {
    const problems: Problem[] = [];
    for (const error of doc.errors) problems.push(yamlProblem(error, 'error', index, lineCounter, file));
    for (const warning of doc.warnings)
      problems.push(yamlProblem(warning, 'warning', index, lineCounter, file));
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      value = undefined;
      if (doc.errors.length === 0) {
        problems.push(
          withFile(
            {
              path: '',
              code: 'syntax',
              severity: 'error',
              message: `cannot read the document: ${describe(error)}`,
              document: index,
              position: startOf(doc.contents, lineCounter) ?? { line: 1, column: 1 },
            },
            file,
          ),
        );
      }
    }
    // A document of nothing (a trailing `---`, only comments) is no document.
    if (value === null && problems.length === 0) return;
    documents.push({ index, value, problems, positionOf: (path) => locate(doc, path, lineCounter) });
  });
  return { documents, problems: [] };
}

interface YamlIssue {
  code: string;
  message: string;
  linePos?: [{ line: number; col: number }] | [{ line: number; col: number }, { line: number; col: number }];
  pos: [number, number];
}

function yamlProblem(
  issue: YamlIssue,
  severity: Problem['severity'],
  document: number,
  lineCounter: LineCounter,
  file: string | undefined,
): Problem {
  const start = issue.linePos?.[0] ?? lineCounter.linePos(issue.pos[0]);
  const duplicate = issue.code === 'DUPLICATE_KEY';
  // yaml's pretty messages append " at line L, column C:" and a source excerpt; keep the sentence.
  const sentence = issue.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const message = duplicate
    ? 'duplicate key: a key may appear only once in a mapping; remove or rename one of them'
    : lowerFirst(sentence);
  return withFile(
    {
      path: '',
      code: duplicate ? 'duplicate-key' : 'syntax',
      severity,
      message,
      document,
      position: { line: start.line, column: start.col },
    },
    file,
  );
}

/** Walk the node tree along `path`; stop at the deepest node that exists. */
function locate(
  doc: Document.Parsed,
  path: DocumentPath,
  lineCounter: LineCounter,
): SourcePosition | undefined {
  let node: unknown = doc.contents;
  let position = startOf(node, lineCounter);
  for (const segment of path) {
    node = resolveAlias(node, doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (pair === undefined) return position;
      position = startOf(pair.key, lineCounter) ?? startOf(pair.value, lineCounter) ?? position;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return position;
      position = startOf(item, lineCounter) ?? position;
      node = item;
    } else {
      return position;
    }
  }
  return position;
}

function resolveAlias(node: unknown, doc: Document.Parsed): unknown {
  if (!isAlias(node)) return node;
  try {
    return node.resolve(doc);
  } catch {
    return undefined;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

function startOf(node: unknown, lineCounter: LineCounter): SourcePosition | undefined {
  const range = (node as Node | null | undefined)?.range;
  if (!Array.isArray(range)) return undefined;
  const { line, col } = lineCounter.linePos(range[0]);
  return { line, column: col };
}

/** UTF-8 byte length, without encoding when the answer is clear from the UTF-16 length. */
function utf8Length(text: string, limit: number): number {
  if (text.length > limit) return text.length;
  if (text.length * 3 <= limit) return text.length;
  return new TextEncoder().encode(text).length;
}

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function withFile(problem: Problem, file: string | undefined): Problem {
  return file === undefined ? problem : { ...problem, file };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function describe(error: unknown): string {
  return error instanceof Error ? lowerFirst(error.message) : String(error);
}
