import { EXIT_INVALID, EXIT_OK, type CliIO } from '../io.js';
import { loadApplicationFile, reportProblems } from '../source.js';

/** `berth validate -f app.yaml`: report every problem of the file; exit 1 when there is an error. */
export async function validateCommand(options: { file: string }, io: CliIO): Promise<number> {
  const loaded = await loadApplicationFile(options.file, io);
  reportProblems(loaded, io);
  if (!loaded.application || loaded.problems.some((p) => p.severity === 'error')) return EXIT_INVALID;
  const app = loaded.application;
  io.stdout(`${loaded.file}: application ${app.metadata.name} is valid (${app.spec.components.length} components)\n`);
  return EXIT_OK;
}
