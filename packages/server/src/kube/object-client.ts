/**
 * The generic, discovery-based client: @kubernetes/client-node's `KubernetesObjectApi`,
 * adjusted so objects stay plain JSON as the server sent them (the stock client turns
 * built-in kinds into model classes, dates into `Date`s and drops fields its models do not
 * know), every request has a timeout, and errors become {@link KubeApiError}s.
 */
import {
  HttpMethod,
  KubernetesObjectApi,
  type Configuration,
  type KubeConfig,
  type KubernetesObject,
  type RequestContext,
  type ResponseContext,
  type V1APIResource,
} from '@kubernetes/client-node';
import { errorFromStatus, KubeApiError } from './errors.js';
import type { ObjectKind } from './cluster-connection.js';

/** The parts of an object that locate it. */
export interface Locator {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string };
}

/** One raw request. */
export interface RawRequest {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
}

/** KubernetesObjectApi returning plain JSON, with request timeouts and typed errors. */
export class RawObjectApi extends KubernetesObjectApi {
  private timeoutMs = 30_000;

  /** A client for the current context of `kc`, each request limited to `timeoutMs`. */
  static forConfig(kc: KubeConfig, timeoutMs: number): RawObjectApi {
    const api = kc.makeApiClient(RawObjectApi);
    api.timeoutMs = timeoutMs;
    api.setDefaultNamespace(kc);
    return api;
  }

  protected override async requestPromise<T extends KubernetesObject>(
    context: RequestContext,
    type?: string,
    options?: Configuration,
  ): Promise<T> {
    if (!context.getSignal()) context.setSignal(AbortSignal.timeout(this.timeoutMs));
    return super.requestPromise<T>(context, type, options);
  }

  protected override async processResponse<T extends KubernetesObject>(
    response: ResponseContext,
  ): Promise<T> {
    const text = await response.body.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = undefined;
    }
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
      if (body === undefined)
        throw new KubeApiError(
          response.httpStatusCode,
          'InternalError',
          'The cluster answered with a body that is not JSON',
        );
      return body as T;
    }
    throw errorFromStatus(response.httpStatusCode, body, response.headers);
  }

  /** The API resource serving a kind (from discovery, cached), or undefined when the cluster does not serve it. */
  async resourceOf(kind: ObjectKind): Promise<V1APIResource | undefined> {
    try {
      return await this.resource(kind.apiVersion, kind.kind);
    } catch (err) {
      if (err instanceof KubeApiError && err.code === 404) return undefined;
      throw err;
    }
  }

  /**
   * The URL path of an object (`read`/`patch`/`delete`) or of its collection (`list`/`create`),
   * from discovery. (The stock `specUriPath` lower-cases the whole path, names included, which
   * turns an invalid name into a misleading "name does not match the URL" error.)
   */
  async pathOf(target: Locator, action: 'read' | 'patch' | 'delete' | 'list' | 'create'): Promise<string> {
    const resource = await this.resourceOf(target);
    if (!resource) {
      throw new KubeApiError(
        404,
        'NotFound',
        `The cluster does not serve ${target.kind} in ${target.apiVersion}`,
      );
    }
    const parts = [target.apiVersion.includes('/') ? '/apis' : '/api', target.apiVersion];
    const namespace = resource.namespaced
      ? (target.metadata.namespace ?? (action === 'list' ? undefined : this.defaultNamespace))
      : undefined;
    if (namespace) parts.push('namespaces', encodeURIComponent(namespace));
    parts.push(resource.name);
    if (action !== 'list' && action !== 'create') {
      if (!target.metadata.name)
        throw new KubeApiError(422, 'Invalid', `${target.kind}: metadata.name is required`);
      parts.push(encodeURIComponent(target.metadata.name));
    }
    return parts.join('/');
  }

  /** Send one request to `path` (absolute, e.g. `/version`) and return the JSON answer. */
  async send<T>(method: HttpMethod, path: string, request: RawRequest = {}): Promise<T> {
    const context = this.configuration.baseServer.makeRequestContext(path, method);
    context.setHeaderParam('Accept', 'application/json');
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) context.setQueryParam(key, String(value));
    }
    if (request.body !== undefined) {
      context.setHeaderParam('Content-Type', request.contentType ?? 'application/json');
      context.setBody(JSON.stringify(request.body));
    }
    return (await this.requestPromise(context)) as T;
  }

  /** Server-side apply (`PATCH` with `application/apply-patch+yaml`; JSON is YAML). */
  async applyObject<T>(
    obj: KubernetesObject & Locator,
    fieldManager: string,
    force: boolean,
    dryRun: boolean,
  ): Promise<T> {
    const path = await this.pathOf(obj, 'patch');
    return this.send<T>(HttpMethod.PATCH, path, {
      query: { fieldManager, force, dryRun: dryRun ? 'All' : undefined },
      body: obj,
      contentType: 'application/apply-patch+yaml',
    });
  }
}
