/**
 * Where agents reach Berth's smart HTTP when no public URL is configured: the address the server
 * actually listens on (learned from `lifecycle.started`, so `BERTH_PORT=0` names the real port),
 * with an unspecified host (`0.0.0.0`, `::`) replaced by loopback. Until the server has started,
 * the configured host and port.
 */
import type { Config } from '../config.js';
import type { Lifecycle } from '../lifecycle.js';

/** A base URL (`http://127.0.0.1:8080`) read when agent objects are written, not when wired. */
export type CloneBase = () => string;

/** The reachable form of a listen URL: an unspecified host becomes loopback, no trailing slash. */
export function reachableBase(listenUrl: string): string {
  const url = new URL(listenUrl);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  else if (url.hostname === '[::]') url.hostname = '[::1]';
  return url.href.replace(/\/+$/, '');
}

/** The {@link CloneBase} of a platform: the listen address once started, else the configuration. */
export function listenCloneBase(config: Pick<Config, 'host' | 'port'>, lifecycle: Lifecycle): CloneBase {
  let listening: string | undefined;
  lifecycle.onStarted('gitops clone base', ({ url }) => {
    listening = reachableBase(url);
  });
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const configured = reachableBase(`http://${host}:${config.port}`);
  return () => listening ?? configured;
}
