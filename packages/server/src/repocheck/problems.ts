import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

/** One problem found in a repository, where a person can fix it. */
export interface RepoProblem {
  /** Path of the file from the repository root. */
  file: string;
  /** 1-based line and column, when the problem is at a place in the file. */
  line?: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

/** A parsed YAML file with what is needed to point at its keys. */
export interface YamlFile {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

/** A place in a file. */
export interface Position {
  line: number;
  column: number;
}

/** Parses YAML; syntax errors become problems with their line, and `undefined` is returned. */
export function parseYamlFile(file: string, text: string, problems: RepoProblem[]): YamlFile | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const at = lines.linePos(error.pos[0]);
      problems.push({
        file,
        line: at.line,
        column: at.col,
        message: `YAML syntax error: ${error.message.split('\n')[0]}`,
        severity: 'error',
      });
    }
    return undefined;
  }
  return { file, doc, lines };
}

/**
 * The position of the deepest node along `segments` (map keys and sequence indexes): the key
 * of a map entry (the line a person looks for), the item of a sequence. Segments that do not
 * exist stop the walk at their parent; the result says how far it got.
 */
export function positionOf(yaml: YamlFile, segments: readonly string[]): Position & { found: boolean } {
  let node: unknown = yaml.doc.contents;
  let at: Position = { line: 1, column: 1 };
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === segment,
      );
      if (!pair) return { ...at, found: false };
      at = start(yaml, (pair.key as Node | null) ?? (pair.value as Node | null)) ?? at;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (!/^\d+$/.test(segment) || item === undefined) return { ...at, found: false };
      at = start(yaml, item as Node) ?? at;
      node = item;
    } else {
      return { ...at, found: false };
    }
  }
  return { ...at, found: true };
}

/** The position of a node's value (for messages about a value, not its key). */
export function valuePositionOf(yaml: YamlFile, segments: readonly string[]): Position | undefined {
  let node: unknown = yaml.doc.contents;
  for (const segment of segments) {
    if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment)?.value;
    else if (isSeq(node)) node = node.items[Number(segment)];
    else return undefined;
  }
  return start(yaml, node as Node | undefined);
}

function start(yaml: YamlFile, node: Node | null | undefined): Position | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const at = yaml.lines.linePos(offset);
  return { line: at.line, column: at.col };
}

/** Joins repository paths (`a/b` + `../c` → `a/c`); `undefined` when the result leaves the repository. */
export function joinRepoPath(...parts: string[]): string | undefined {
  const out: string[] = [];
  for (const part of parts.join('/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}
