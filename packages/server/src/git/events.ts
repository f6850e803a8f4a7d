import type { Logger } from 'pino';
import type { GitEvent } from './github/webhooks.js';

/** Something that reacts to what a git host reports (GitOps delivery: a merge, a push). */
export type GitEventListener = (
  event: GitEvent & { provider: 'github' | 'embedded'; owner?: string },
) => Promise<void> | void;

/**
 * Fan-out of git host events to listeners. One hub is created by the wiring and passed to the
 * git capability (which publishes webhook events) and to whoever listens (GitOps delivery).
 */
export class GitEventHub {
  readonly #listeners: GitEventListener[] = [];

  constructor(private readonly logger?: Logger) {}

  /** Adds a listener; returns a function that removes it. */
  subscribe(listener: GitEventListener): () => void {
    this.#listeners.push(listener);
    return () => {
      const index = this.#listeners.indexOf(listener);
      if (index >= 0) this.#listeners.splice(index, 1);
    };
  }

  /** Calls every listener in turn; a failing listener is logged, the others still run. */
  async publish(event: Parameters<GitEventListener>[0]): Promise<void> {
    for (const listener of [...this.#listeners]) {
      try {
        await listener(event);
      } catch (error) {
        this.logger?.error(
          { err: error, event: event.type, repository: event.repository },
          'a git event listener failed',
        );
      }
    }
  }
}
