import { Command, CommanderError, Option } from 'commander';
import { renderCommand, RENDER_FORMATS } from './commands/render.js';
import { validateCommand } from './commands/validate.js';
import { EXIT_USAGE, UsageError, type CliIO } from './io.js';

/**
 * Run the `berth` command with the given arguments (without `node berth`) and return its exit code:
 * 0 ok, 1 invalid input, 2 usage error.
 */
export async function main(argv: string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  const program = new Command('berth')
    .description('Berth: describe an application once, validate it, render it, deliver it to Kubernetes.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run "berth --help" for usage)');

  program
    .command('validate')
    .description('Validate an application file and print every problem with its file:line:column and path.')
    .requiredOption('-f, --file <file>', 'application file (YAML or JSON); "-" reads standard input')
    .action(async (options: { file: string }) => {
      exitCode = await validateCommand(options, io);
    });

  program
    .command('render')
    .description('Render the Kubernetes objects of one environment of an application.')
    .requiredOption('-f, --file <file>', 'application file (YAML or JSON); "-" reads standard input')
    .requiredOption('-e, --env <environment>', 'environment to render (one of spec.environments)')
    .addOption(new Option('-o, --output <format>', 'output format').choices([...RENDER_FORMATS]).default('yaml'))
    .action(async (options: { file: string; env: string; output: string }) => {
      exitCode = await renderCommand(options, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; everything else is a usage error.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
