/**
 * A minimal Kubernetes REST client over `fetch` for the GitOps agent SIMULATION: discovery of
 * plural names, list, get, server-side apply, merge patch (of the object or its status) and
 * delete. Generic: it talks to any API server given a URL and a bearer token.
 */

/** A Kubernetes object as JSON. */
export interface KubeJson {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    deletionTimestamp?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A failed request: the HTTP status and the API server's message. */
export class KubeRestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'KubeRestError';
  }
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/** Where the API server is and how to authenticate. */
export interface KubeRestOptions {
  url: string;
  token?: string;
}

/** The REST client (see file comment). */
export class KubeRest {
  readonly #resources = new Map<string, Promise<ApiResource[]>>();

  constructor(private readonly options: KubeRestOptions) {}

  async #request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await fetch(this.options.url.replace(/\/$/, '') + path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) throw new KubeRestError(response.status, String(json.message ?? `${method} ${path}: ${response.status}`));
    return json;
  }

  /** The resources of an API group version (cached; refreshed when a kind is not found). */
  async #resource(apiVersion: string, kind: string): Promise<ApiResource | undefined> {
    for (let attempt = 0; attempt < 2; attempt++) {
      let pending = this.#resources.get(apiVersion);
      if (!pending || attempt === 1) {
        const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
        pending = (this.#request('GET', path) as Promise<{ resources?: ApiResource[] }>).then(
          (list) => (list.resources ?? []).filter((r) => !r.name.includes('/')),
          (error: unknown) => {
            if (error instanceof KubeRestError && error.status === 404) return [];
            throw error;
          },
        );
        this.#resources.set(apiVersion, pending);
      }
      const found = (await pending).find((r) => r.kind === kind);
      if (found) return found;
    }
    return undefined;
  }

  /** The URL path of a collection (no name) or an object. */
  async pathOf(apiVersion: string, kind: string, namespace?: string, name?: string): Promise<string> {
    const resource = await this.#resource(apiVersion, kind);
    if (!resource) throw new KubeRestError(404, `the cluster does not serve ${kind} in ${apiVersion}`);
    const parts = [apiVersion.includes('/') ? '/apis' : '/api', apiVersion];
    if (resource.namespaced && namespace) parts.push('namespaces', encodeURIComponent(namespace));
    parts.push(resource.name);
    if (name) parts.push(encodeURIComponent(name));
    return parts.join('/');
  }

  /** True when the kind is namespaced (undefined when the cluster does not serve it). */
  async isNamespaced(apiVersion: string, kind: string): Promise<boolean | undefined> {
    return (await this.#resource(apiVersion, kind))?.namespaced;
  }

  /** Every object of a kind (all namespaces unless given); empty when the kind is not served. */
  async list(apiVersion: string, kind: string, namespace?: string): Promise<KubeJson[]> {
    if (!(await this.#resource(apiVersion, kind))) return [];
    const list = (await this.#request('GET', await this.pathOf(apiVersion, kind, namespace))) as { items?: KubeJson[] };
    return (list.items ?? []).map((item) => ({ ...item, apiVersion, kind }));
  }

  /** One object, or undefined. */
  async get(apiVersion: string, kind: string, name: string, namespace?: string): Promise<KubeJson | undefined> {
    try {
      return (await this.#request('GET', await this.pathOf(apiVersion, kind, namespace, name))) as KubeJson;
    } catch (error) {
      if (error instanceof KubeRestError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Server-side apply with `fieldManager`, forcing conflicts. */
  async apply(obj: KubeJson, fieldManager: string): Promise<KubeJson> {
    const path = await this.pathOf(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
    const query = `?fieldManager=${encodeURIComponent(fieldManager)}&force=true`;
    return (await this.#request('PATCH', path + query, obj, 'application/apply-patch+yaml')) as KubeJson;
  }

  /** JSON merge patch of the object (or of its `status` subresource). */
  async mergePatch(obj: KubeJson, patch: unknown, subresource?: 'status'): Promise<KubeJson> {
    const path = await this.pathOf(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
    return (await this.#request(
      'PATCH',
      subresource ? `${path}/${subresource}` : path,
      patch,
      'application/merge-patch+json',
    )) as KubeJson;
  }

  /** Delete (background propagation); false when it did not exist. */
  async delete(apiVersion: string, kind: string, name: string, namespace?: string): Promise<boolean> {
    try {
      await this.#request('DELETE', await this.pathOf(apiVersion, kind, namespace, name), {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        propagationPolicy: 'Background',
      });
      return true;
    } catch (error) {
      if (error instanceof KubeRestError && error.status === 404) return false;
      throw error;
    }
  }
}
