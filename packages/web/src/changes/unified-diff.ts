/**
 * Reading a `git diff` chunk of one file (as the change-request detail sends it) into lines a
 * person reads: hunk headers, context, additions and deletions with their old and new line
 * numbers. The `diff --git`, `index`, `---`/`+++` and mode lines are dropped (the file header
 * says the same).
 */

/** One displayed line of a file diff. */
export interface DiffLine {
  kind: 'hunk' | 'context' | 'add' | 'del' | 'note';
  text: string;
  /** Line number in the old file (context and deletions). */
  oldLine?: number;
  /** Line number in the new file (context and additions). */
  newLine?: number;
}

/** A file diff read for display. */
export interface ParsedDiff {
  lines: DiffLine[];
  additions: number;
  deletions: number;
  /** True for `Binary files … differ`. */
  binary: boolean;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;

/** Parses one file's patch (see file comment). */
export function parseFilePatch(patch: string): ParsedDiff {
  const lines: DiffLine[] = [];
  let additions = 0;
  let deletions = 0;
  let binary = false;
  let inHunk = false;
  let oldLine = 0;
  let newLine = 0;
  const raw = patch.endsWith('\n') ? patch.slice(0, -1) : patch;
  for (const line of raw === '' ? [] : raw.split('\n')) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      inHunk = true;
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      lines.push({ kind: 'hunk', text: line });
      continue;
    }
    if (!inHunk) {
      if (line.startsWith('Binary files ')) {
        binary = true;
        lines.push({ kind: 'note', text: line });
      }
      continue;
    }
    if (line.startsWith('+')) {
      additions++;
      lines.push({ kind: 'add', text: line.slice(1), newLine: newLine++ });
    } else if (line.startsWith('-')) {
      deletions++;
      lines.push({ kind: 'del', text: line.slice(1), oldLine: oldLine++ });
    } else if (line.startsWith('\\')) {
      lines.push({ kind: 'note', text: line.slice(1).trim() });
    } else {
      lines.push({ kind: 'context', text: line.slice(1), oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return { lines, additions, deletions, binary };
}
