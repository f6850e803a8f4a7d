import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Application } from '@berth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepExecution } from '../../src/workflow/executor.js';
import { AddressGuard } from '../../src/workflow/executors/address-guard.js';
import { WebhookExecutor } from '../../src/workflow/executors/webhook.js';
import { silent } from './support.js';

function execution(properties: Record<string, unknown>): StepExecution {
  return {
    runId: 'r1',
    step: 'notify',
    properties,
    attempt: 1,
    poll: 0,
    startedAt: Date.now(),
    state: undefined,
    target: { workspace: 'retail', application: 'shop', revision: 1, spec: {} as Application, environment: 'dev', cluster: 'c', namespace: 'shop' },
    logger: silent,
    signal: new AbortController().signal,
    now: () => Date.now(),
  };
}

describe('webhook executor', () => {
  let dir: string;
  let server: Server;
  let port: number;
  let cert: string;
  const received: Array<{ method: string; url: string; headers: Record<string, unknown>; body: string }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'berth-webhook-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    server = createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert }, (req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.url === '/slow') return setTimeout(() => res.end('late'), 2_000);
        res.statusCode = req.url === '/broken' ? 503 : req.url === '/missing' ? 404 : 202;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN the default guard THEN loopback, private, link-local and metadata addresses are refused, also behind a name', async () => {
    const executor = new WebhookExecutor();
    for (const url of [
      `https://127.0.0.1:${port}/hook`,
      'https://10.1.2.3/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[fd00:ec2::254]/hook',
      `https://localhost:${port}/hook`,
    ]) {
      const report = await executor.execute(execution({ url }));
      expect(report, url).toMatchObject({ status: 'failed', retryable: false });
      expect((report as { message: string }).message, url).toMatch(/refused to call/);
    }
    expect(received).toHaveLength(0);
    const guard = new AddressGuard();
    expect(guard.refusal('100.100.100.200')).toBeDefined();
    expect(guard.refusal('8.8.8.8')).toBeUndefined();
    expect(guard.refusal('2606:4700::1111')).toBeUndefined();
  });

  it('GIVEN an allowlisted address THEN it calls with the body and reports the status, never the query string', async () => {
    const executor = new WebhookExecutor({ guard: new AddressGuard(['127.0.0.0/8']), ca: cert });
    const ok = await executor.execute(execution({ url: `https://localhost:${port}/hook?token=abc`, body: { run: 'r1' }, headers: { 'x-team': 'web' } }));
    expect(ok).toMatchObject({ status: 'succeeded', output: { status: 202 } });
    expect(JSON.stringify(ok)).not.toContain('abc');
    expect(received.at(-1)).toMatchObject({ method: 'POST', url: '/hook?token=abc', body: '{"run":"r1"}', headers: { 'content-type': 'application/json', 'x-team': 'web' } });

    expect(await executor.execute(execution({ url: `https://localhost:${port}/broken` }))).toMatchObject({ status: 'failed', retryable: true });
    expect(await executor.execute(execution({ url: `https://localhost:${port}/missing` }))).toMatchObject({ status: 'failed', retryable: false });
    expect(await executor.execute(execution({ url: `https://localhost:${port}/missing`, expectStatus: 404 }))).toMatchObject({ status: 'succeeded' });
  });

  it('GIVEN a slow endpoint THEN the call times out as a retryable failure', async () => {
    const executor = new WebhookExecutor({ guard: new AddressGuard(['127.0.0.1']), ca: cert, timeoutMs: 200 });
    const report = await executor.execute(execution({ url: `https://127.0.0.1:${port}/slow` }));
    expect(report).toMatchObject({ status: 'failed', retryable: true });
    expect((report as { message: string }).message).toContain('no answer within 200 ms');
  });

  it('GIVEN a header from a Secret and no secret source THEN the step fails without calling', async () => {
    const executor = new WebhookExecutor({ guard: new AddressGuard(['127.0.0.1']), ca: cert });
    const before = received.length;
    const report = await executor.execute(execution({ url: `https://127.0.0.1:${port}/hook`, headers: { authorization: { secret: { name: 'hook', key: 'token' } } } }));
    expect(report).toMatchObject({ status: 'failed' });
    expect(received).toHaveLength(before);
  });
});
