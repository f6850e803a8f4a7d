/**
 * What the HTTP handlers are given: the store and registry, the patch and validation machinery,
 * authentication, authorization, faults and the kubelet's log source.
 */
import type { FaultSet } from '../sim/faults.js';
import type { KubeObject, ObjectStore, ResourceRegistry } from '../store/types.js';
import type { Authenticator, UserInfo } from './authn.js';
import type { Authorizer } from './rbac.js';

/** Options of a pod log request (`/log`). */
export interface LogRequest {
  container: string;
  follow: boolean;
  previous: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps: boolean;
  limitBytes?: number;
}

/** A log read: the text so far, or the reason there is none (answered 400 BadRequest, like the kubelet's). */
export type LogRead = { ok: true; text: string } | { ok: false; message: string };

/** The kubelet's log source (the simulation's synthetic container logs). */
export interface PodLogSource {
  /** The text a container printed so far (honouring tailLines, sinceSeconds, previous, timestamps). */
  read(pod: KubeObject, request: LogRequest): LogRead;
  /** Follows a container: the current lines then new ones, each ending in `\n`, until it stops or `signal` aborts. */
  follow?(pod: KubeObject, request: LogRequest, signal: AbortSignal): AsyncIterable<string>;
}

/** Dependencies of the API handlers. */
export interface ApiContext {
  store: ObjectStore;
  registry: ResourceRegistry;
  authenticator: Authenticator;
  authorizer: Authorizer;
  /** When true, requests without credentials get 401. */
  requireAuthentication: boolean;
  faults?: FaultSet;
  logs?: PodLogSource;
  /** Milliseconds since the epoch (the sandbox clock). */
  now: () => number;
  /** The address clients use (for `/api` serverAddressByClientCIDRs). */
  serverAddress: () => string;
  /** OpenAPI documents, built lazily. */
  openapi: OpenApiSource;
  /** Log each request to stderr. */
  logRequests: boolean;
}

/** The OpenAPI documents the server publishes. */
export interface OpenApiSource {
  v2(): unknown;
  v3Index(): unknown;
  /** `/openapi/v3/api/v1` or `/openapi/v3/apis/<g>/<v>`; undefined when not served. */
  v3(groupVersion: string): unknown;
}

/** The user a handler acts for. */
export interface RequestUser {
  user: UserInfo;
}
