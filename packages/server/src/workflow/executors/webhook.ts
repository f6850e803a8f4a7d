import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { DeliveryTarget, StepExecution, StepExecutor, StepReport } from '../executor.js';
import { AddressGuard, AddressRefusedError } from './address-guard.js';

/** Reads a key of a Kubernetes Secret in the target's namespace (implemented by delivery, over the cluster port). */
export interface SecretValueSource {
  read(target: DeliveryTarget, ref: { name: string; key: string }, signal: AbortSignal): Promise<string>;
}

/** Options of {@link WebhookExecutor}. */
export interface WebhookExecutorOptions {
  /** Which addresses may be called (default: public ones only). */
  guard?: AddressGuard;
  /** Where `{ secret: { name, key } }` header values come from; without it such steps fail. */
  secrets?: SecretValueSource;
  /** Longest time one call may take (default 10 s), besides the step's own timeout. */
  timeoutMs?: number;
  /** Extra trusted CA certificates (PEM), e.g. a private CA; tests use it for a local server. */
  ca?: string | Buffer;
}

type HeaderValue = string | { secret: { name: string; key: string } };
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * `webhook`: calls an HTTPS endpoint and checks the response status. Only `https:`; the host is
 * resolved and refused when any address is loopback, private, link-local or a metadata address
 * (unless allowlisted), and the connection goes to the address that was checked. Redirects are
 * not followed. Header values (secrets) and query strings are never logged or reported.
 */
export class WebhookExecutor implements StepExecutor {
  readonly type = 'webhook';
  readonly #guard: AddressGuard;

  constructor(private readonly options: WebhookExecutorOptions = {}) {
    this.#guard = options.guard ?? new AddressGuard();
  }

  async execute(context: StepExecution): Promise<StepReport> {
    const props = context.properties;
    let url: URL;
    try {
      url = new URL(String(props.url));
    } catch {
      return { status: 'failed', retryable: false, message: 'the webhook url is not a URL' };
    }
    const where = `${url.origin}${url.pathname}`;
    if (url.protocol !== 'https:') return { status: 'failed', retryable: false, message: `${where}: only https:// is allowed` };
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host)) {
      const refused = this.#guard.refusal(host);
      if (refused) return { status: 'failed', retryable: false, message: new AddressRefusedError(host, refused).message };
    }
    let headers: Record<string, string>;
    try {
      headers = await this.#headers(props.headers as Record<string, HeaderValue> | undefined, context);
    } catch (error) {
      return { status: 'failed', retryable: true, message: `could not read a header from a Secret: ${(error as Error).message}` };
    }
    let body: string | undefined;
    if (typeof props.body === 'string') body = props.body;
    else if (props.body !== undefined) {
      body = JSON.stringify(props.body);
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    const method = typeof props.method === 'string' ? props.method : 'POST';
    const expected = props.expectStatus === undefined ? undefined : [props.expectStatus].flat().map(Number);
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    try {
      const status = await this.#call(url, host, method, headers, body, timeoutMs, context.signal);
      const ok = expected ? expected.includes(status) : status >= 200 && status < 300;
      if (ok) return { status: 'succeeded', message: `${method} ${where} answered ${status}`, output: { status } };
      const retryable = status >= 500 || status === 408 || status === 429;
      const wanted = expected ? expected.join(' or ') : '2xx';
      return { status: 'failed', retryable, message: `${method} ${where} answered ${status}, expected ${wanted}` };
    } catch (error) {
      if (error instanceof AddressRefusedError) return { status: 'failed', retryable: false, message: error.message };
      const text = (error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : (error as { code?: string }).code ?? (error as Error).message;
      context.logger.warn({ url: where, reason: text }, 'webhook call failed');
      return { status: 'failed', retryable: true, message: `${method} ${where} failed: ${text}` };
    }
  }

  async #headers(given: Record<string, HeaderValue> | undefined, context: StepExecution): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(given ?? {})) {
      if (typeof value === 'string') out[name] = value;
      else {
        if (!this.options.secrets) throw new Error(`no secret source is configured to read ${value.secret.name}/${value.secret.key}`);
        out[name] = await this.options.secrets.read(context.target, value.secret, context.signal);
      }
    }
    return out;
  }

  #call(
    url: URL,
    host: string,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = httpsRequest(
        {
          protocol: 'https:',
          hostname: host,
          port: url.port === '' ? 443 : Number(url.port),
          path: `${url.pathname}${url.search}`,
          method,
          headers: { 'user-agent': 'berth-webhook/1', ...headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) },
          lookup: this.#guard.lookup(),
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
          ...(isIP(host) ? {} : { servername: host }),
          ...(this.options.ca ? { ca: this.options.ca } : {}),
          agent: false,
        },
        (response) => {
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) response.destroy();
          });
          response.on('close', () => resolve(response.statusCode ?? 0));
          response.on('error', () => resolve(response.statusCode ?? 0));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}
