import type { StepExecutor } from './executor.js';

/**
 * The executors the engine runs steps with, one per job type. The workflow capability registers
 * approval, delay and webhook; delivery registers deploy, job, apply, wait-healthy, gpu-precheck
 * and rollback. A step whose type has no executor fails with a message that says so.
 *
 * @example
 * registry.register(new DeployExecutor(deps));
 */
export class ExecutorRegistry {
  readonly #executors = new Map<string, StepExecutor>();

  constructor(executors: readonly StepExecutor[] = []) {
    for (const executor of executors) this.register(executor);
  }

  /** Adds the executor of a job type; a second one for the same type is refused. */
  register(executor: StepExecutor): this {
    if (this.#executors.has(executor.type))
      throw new Error(`an executor for job type ${executor.type} is already registered`);
    this.#executors.set(executor.type, executor);
    return this;
  }

  /** The executor of a job type, if registered. */
  get(type: string): StepExecutor | undefined {
    return this.#executors.get(type);
  }

  /** Job types that have an executor. */
  types(): string[] {
    return [...this.#executors.keys()].sort();
  }
}
