import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoggerOptions } from 'pino';

/** Fields never written to a log, at any depth pino can address. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.kubeconfig',
  '*.secret',
  '*.masterKey',
  '*.oidcClientSecret',
  '*.clientSecret',
  '*.metricsToken',
  '*.authorization',
  '*.cookie',
  'password',
  'token',
  'kubeconfig',
  'masterKey',
  'metricsToken',
];

/** pino options for the control plane: level, redaction of credentials. */
export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id: the caller's `x-request-id` when it is sane, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}
