/** One problem with one field of the input; `path` is dotted, e.g. `spec.components[2].image`. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Base of the errors a service throws on purpose; the HTTP layer maps each to one status. */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  constructor(
    message: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is wrong; `errors` say where (400). */
export class InputError extends DomainError {
  readonly status = 400;
  readonly title = 'Invalid input';
}

/** The resource does not exist, or the caller may not know that it does (404). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly title = 'Not found';
}

/** The request conflicts with the current state: duplicate name, stale resourceVersion (409). */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly title = 'Conflict';
}

/** The caller is known but may not do this (403). */
export class NotAllowedError extends DomainError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

/** The caller is not signed in, or the credentials are wrong (401). */
export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  readonly title = 'Unauthenticated';
}

/** Too many attempts; try again after `retryAfterSeconds` (429). */
export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly title = 'Too many requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The required `If-Match` / `resourceVersion` is missing (428). */
export class PreconditionRequiredError extends DomainError {
  readonly status = 428;
  readonly title = 'Precondition required';
}
