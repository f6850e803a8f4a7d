import type { Logger } from 'pino';

/** What `onStarted` hooks learn about the running server. */
export interface StartedInfo {
  /** The base URL the API listens at, e.g. `http://127.0.0.1:8080`. */
  url: string;
}

type StartedHook = (info: StartedInfo) => void | Promise<void>;
type ShutdownHook = () => void | Promise<void>;

/**
 * Start and stop hooks of the process. `onStarted` hooks run once the server listens (register
 * the sandbox cluster, seed sample data, start the workflow engine); `onShutdown` hooks run in
 * reverse order of registration when the process stops (release in-flight workflow steps, stop
 * informers), each bounded by a timeout.
 */
export class Lifecycle {
  readonly #started: { name: string; hook: StartedHook }[] = [];
  readonly #shutdown: { name: string; hook: ShutdownHook }[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly shutdownTimeoutMs = 10_000,
  ) {}

  /** Adds a hook that runs after the server started listening. */
  onStarted(name: string, hook: StartedHook): void {
    this.#started.push({ name, hook });
  }

  /** Adds a hook that runs when the process shuts down. */
  onShutdown(name: string, hook: ShutdownHook): void {
    this.#shutdown.push({ name, hook });
  }

  /** Runs the `onStarted` hooks in order; a failing hook is logged and the others still run. */
  async started(info: StartedInfo): Promise<void> {
    for (const { name, hook } of this.#started) {
      try {
        await hook(info);
      } catch (error) {
        this.logger.error({ err: error, hook: name }, 'start-up hook failed');
      }
    }
  }

  /** Runs the `onShutdown` hooks, newest first, each at most `shutdownTimeoutMs`. */
  async shutdown(): Promise<void> {
    for (const { name, hook } of [...this.#shutdown].reverse()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(hook),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`timed out after ${this.shutdownTimeoutMs} ms`)),
              this.shutdownTimeoutMs,
            );
          }),
        ]);
      } catch (error) {
        this.logger.error({ err: error, hook: name }, 'shutdown hook failed');
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
