import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ConflictError, PreconditionRequiredError } from './errors.js';

/** The opaque version every mutable resource carries; compare as text, never parse. */
export const resourceVersionSchema = z
  .string()
  .min(1)
  .describe('Opaque version of the resource; send it back to update');

/** A strong ETag for a resource version. */
export function etagOf(resourceVersion: string): string {
  return `"${resourceVersion}"`;
}

/** Sets the `ETag` header of a response to the resource's version. */
export function setEtag(reply: FastifyReply, resourceVersion: string): void {
  reply.header('etag', etagOf(resourceVersion));
}

/**
 * The version an update is based on: the `If-Match` header (an ETag) or the body's
 * `resourceVersion`; when both are given they must agree. Without either the update is refused
 * with 428, so no client can overwrite a change it has not seen.
 */
export function expectedVersion(request: FastifyRequest, bodyVersion?: string): string {
  const header = request.headers['if-match'];
  const fromHeader =
    typeof header === 'string'
      ? header
          .trim()
          .replace(/^W\//, '')
          .replace(/^"(.*)"$/, '$1')
      : undefined;
  if (fromHeader === '*') {
    if (bodyVersion) return bodyVersion;
    throw new PreconditionRequiredError('If-Match: * is not enough; send the resourceVersion you read');
  }
  if (fromHeader && bodyVersion && fromHeader !== bodyVersion) {
    throw new ConflictError('If-Match and resourceVersion disagree', [
      { path: 'resourceVersion', message: 'differs from If-Match' },
    ]);
  }
  const version = fromHeader || bodyVersion;
  if (!version) {
    throw new PreconditionRequiredError(
      'send If-Match with the ETag you read, or resourceVersion in the body',
      [{ path: 'resourceVersion', message: 'is required for an update' }],
    );
  }
  return version;
}

/** The error for an update based on an old version. */
export function staleVersion(kind: string, name: string): ConflictError {
  return new ConflictError(`${kind} ${name} was changed by someone else; read it again and retry`, [
    { path: 'resourceVersion', message: 'is stale' },
  ]);
}
