/**
 * API faults at the HTTP layer: applying the simulation's {@link FaultSet} decision to a request
 * (error, latency, dropped or expired watch), and the admin endpoint `/sandbox/v1/faults`
 * (GET the declared faults, PUT to replace them).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../machinery/errors.js';
import type { FaultSet, FaultSpec, ApiFaultDecision } from '../sim/faults.js';
import { decodeBody, readBody, sendJson } from './body.js';
import type { RequestInfo } from './request-info.js';

/** The admin path of the fault table. */
export const faultsPath = '/sandbox/v1/faults';

/** Ask the fault set what to do with this request; never throws. */
export function apiFaultFor(faults: FaultSet | undefined, info: RequestInfo): ApiFaultDecision | undefined {
  if (!faults) return undefined;
  return faults.apiFault({
    verb: info.verb,
    group: info.apiGroup,
    resource: info.resource,
    namespace: info.namespace,
    name: info.name,
    path: info.path,
    watch: info.verb === 'watch',
  });
}

/** The Status error of an injected API fault. */
export function faultError(decision: ApiFaultDecision): ApiError | undefined {
  const e = decision.error;
  if (!e) return undefined;
  if (e.code === 429) return ApiError.tooManyRequests(e.message, e.retryAfterSeconds ?? 1);
  const error = ApiError.internal(e.message);
  const status = { ...error.status, code: e.code };
  if (e.code === 503) Object.assign(status, { reason: 'ServiceUnavailable', message: e.message });
  if (e.code === 500 && !e.message.startsWith('Internal error occurred')) status.message = e.message;
  if (e.retryAfterSeconds !== undefined) status.details = { ...(status.details ?? {}), retryAfterSeconds: e.retryAfterSeconds };
  return new ApiError(status);
}

/** Serve `GET|PUT /sandbox/v1/faults`. */
export async function serveFaultsAdmin(req: IncomingMessage, res: ServerResponse, faults: FaultSet | undefined): Promise<void> {
  if (!faults) throw ApiError.badRequest('this sandbox was started without a fault set');
  if (req.method === 'GET') {
    sendJson(res, 200, faults.get(), true);
    return;
  }
  if (req.method === 'PUT' || req.method === 'POST') {
    const spec = decodeBody(await readBody(req), req.headers['content-type']) as FaultSpec;
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw ApiError.badRequest('the body must be a fault spec object');
    faults.set(spec);
    sendJson(res, 200, faults.get(), true);
    return;
  }
  throw ApiError.methodNotAllowedHere();
}
