/**
 * A render failed because the application cannot be turned into Kubernetes objects
 * (an unknown environment, a component missing what its type needs, unparsable manifests).
 * `path` points into the application document, e.g. `spec.components[2].cron.schedule`.
 */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  readonly path: string;
  readonly code: string;

  constructor(message: string, options: { path?: string; code: string }) {
    super(options.path ? `${options.path}: ${message}` : message);
    this.path = options.path ?? '';
    this.code = options.code;
  }
}
