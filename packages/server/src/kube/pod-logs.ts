/**
 * Pod logs as an async iterable of lines. The stock `Log` helper of the client pipes into a
 * stream and loses the server's error Status for most codes; this keeps the client's
 * authentication (`applySecurityAuthentication`) and reads the response itself.
 */
import { HttpMethod, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import { fetch } from 'undici';
import type { PodLogOptions } from './cluster-connection.js';
import { errorFromStatus, toClusterError } from './errors.js';

/** Stream the log lines of `namespace/pod` (without trailing newlines). */
export async function* streamPodLogs(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  options: PodLogOptions,
  timeoutMs: number,
): AsyncGenerator<string> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('The kubeconfig has no current cluster');
  const url = new URL(
    `${cluster.server.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`,
  );
  if (options.container) url.searchParams.set('container', options.container);
  if (options.tailLines !== undefined) url.searchParams.set('tailLines', String(options.tailLines));
  if (options.sinceSeconds !== undefined) url.searchParams.set('sinceSeconds', String(options.sinceSeconds));
  if (options.follow) url.searchParams.set('follow', 'true');
  if (options.previous) url.searchParams.set('previous', 'true');

  const context = new RequestContext(url.toString(), HttpMethod.GET);
  await kc.applySecurityAuthentication(context);
  // Following has no end: only the caller's signal stops it. Otherwise the whole read is bounded.
  const signals = [options.signal, options.follow ? undefined : AbortSignal.timeout(timeoutMs)].filter(
    (s): s is AbortSignal => !!s,
  );
  const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
  const what = `logs of pod ${namespace}/${pod}`;
  let response;
  try {
    response = await fetch(url, {
      method: 'GET',
      headers: context.getHeaders(),
      dispatcher: context.getDispatcher(),
      signal,
    });
  } catch (err) {
    throw toClusterError(err, what);
  }
  if (response.status !== 200 || !response.body) {
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    throw errorFromStatus(response.status, body, Object.fromEntries(response.headers), what);
  }
  const decoder = new TextDecoder();
  let pending = '';
  try {
    for await (const chunk of response.body) {
      pending += decoder.decode(chunk as Uint8Array, { stream: true });
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        yield pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    }
    pending += decoder.decode();
    if (pending) yield pending;
  } catch (err) {
    if (options.signal?.aborted) return;
    throw toClusterError(err, what);
  } finally {
    await response.body.cancel().catch(() => undefined);
  }
}
