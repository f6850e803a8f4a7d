/** What the CLI needs from the outside world; injected so commands are testable without spawning. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
}

/** Exit codes: 0 everything fine, 1 the input is invalid, 2 the command was used wrongly. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/** A problem with how the command was called (unreadable file, unknown option...). */
export class UsageError extends Error {}
