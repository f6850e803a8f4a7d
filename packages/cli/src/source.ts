import { loadApplication, formatProblem, type Application, type Problem } from '@berth/core';
import { UsageError, type CliIO } from './io.js';

/** An application file loaded and validated, or the problems found in it. */
export interface LoadedApplication {
  file: string;
  application?: Application;
  problems: Problem[];
}

/** Read `-f <file>` (or `-` for standard input) and validate it as a Berth application. */
export async function loadApplicationFile(file: string, io: CliIO): Promise<LoadedApplication> {
  const display = file === '-' ? '<stdin>' : file;
  let text: string;
  try {
    text = file === '-' ? await io.readStdin() : await io.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : 'unreadable';
    throw new UsageError(`cannot read ${display}: ${why}`);
  }
  const result = loadApplication(text, { file: display });
  return { file: display, application: result.application, problems: result.problems };
}

/** Print problems like a compiler, errors and warnings, with a summary line. */
export function reportProblems(loaded: LoadedApplication, io: CliIO): void {
  for (const problem of loaded.problems) io.stderr(`${formatProblem({ ...problem, file: problem.file ?? loaded.file })}\n`);
  const errors = loaded.problems.filter((p) => p.severity === 'error').length;
  const warnings = loaded.problems.length - errors;
  if (errors > 0) io.stderr(`${loaded.file}: ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}\n`);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
