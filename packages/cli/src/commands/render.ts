import { render, RenderError, toJson, toYaml } from '@berth/core';
import { EXIT_INVALID, EXIT_OK, UsageError, type CliIO } from '../io.js';
import { loadApplicationFile, reportProblems } from '../source.js';

/** Output formats of `berth render`. */
export const RENDER_FORMATS = ['yaml', 'json'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

/** `berth render -f app.yaml --env dev -o yaml`: print the Kubernetes objects of one environment. */
export async function renderCommand(options: { file: string; env: string; output: string }, io: CliIO): Promise<number> {
  if (!(RENDER_FORMATS as readonly string[]).includes(options.output)) {
    throw new UsageError(`unknown output format "${options.output}"; use one of: ${RENDER_FORMATS.join(', ')}`);
  }
  const loaded = await loadApplicationFile(options.file, io);
  reportProblems(loaded, io);
  if (!loaded.application || loaded.problems.some((p) => p.severity === 'error')) return EXIT_INVALID;
  try {
    const result = render(loaded.application, options.env);
    io.stdout(options.output === 'json' ? `${toJson(result.objects)}\n` : toYaml(result.objects));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof RenderError) {
      io.stderr(`${loaded.file}: ${error.message}\n`);
      return EXIT_INVALID;
    }
    throw error;
  }
}
