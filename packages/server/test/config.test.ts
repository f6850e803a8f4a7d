import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function problemsOf(env: Record<string, string>, cwd?: string): string[] {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('GIVEN no settings THEN it uses the documented defaults', () => {
    const config = loadConfig({}, '/srv');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/srv/data',
      sandbox: 'auto',
      logLevel: 'info',
      maxBodyBytes: 1048576,
    });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('GIVEN invalid values THEN every problem names its variable and what it expects', () => {
    const problems = problemsOf({
      BERTH_PORT: 'eighty',
      BERTH_SANDBOX: 'maybe',
      BERTH_LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://x',
      BERTH_MASTER_KEY: 'short',
    });
    expect(problems).toHaveLength(5);
    expect(problems.find((p) => p.startsWith('BERTH_PORT'))).toMatch(/integer port.*"eighty"/);
    expect(problems.find((p) => p.startsWith('BERTH_SANDBOX'))).toMatch(/auto or off/);
    expect(problems.find((p) => p.startsWith('BERTH_LOG_LEVEL'))).toMatch(/one of fatal, error/);
    expect(problems.find((p) => p.startsWith('DATABASE_URL'))).toMatch(/postgres:\/\//);
    const key = problems.find((p) => p.startsWith('BERTH_MASTER_KEY'))!;
    expect(key).toMatch(/32 bytes/);
    expect(key).not.toContain('short'); // secrets are not echoed
  });

  it('GIVEN the error THEN its message lists the problems without a stack-trace-like noise', () => {
    try {
      loadConfig({ BERTH_MAX_BODY_BYTES: '-1' });
    } catch (error) {
      expect((error as Error).message).toBe(
        'invalid configuration:\n  - BERTH_MAX_BODY_BYTES must be a positive integer number of bytes (got "-1")',
      );
    }
  });

  it('GIVEN BERTH_METRICS_TOKEN THEN a long token is kept; a short or spaced one stops start-up naming it, without echoing it', () => {
    const token = 'a1'.repeat(32);
    expect(loadConfig({ BERTH_METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(loadConfig({}).metricsToken).toBeUndefined();
    for (const bad of ['short-token', `${'x'.repeat(20)} ${'y'.repeat(20)}`]) {
      const problems = problemsOf({ BERTH_METRICS_TOKEN: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^BERTH_METRICS_TOKEN must be a scrape token of 32 to 512/);
      expect(problems[0]).not.toContain(bad);
    }
  });

  it('GIVEN a YAML config file THEN its values apply and environment variables win', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-config-'));
    writeFileSync(
      path.join(dir, 'berth.yaml'),
      'port: 9000\nhost: 0.0.0.0\npublicUrl: https://berth.example.com\n',
    );
    const config = loadConfig({ BERTH_CONFIG: 'berth.yaml', BERTH_HOST: '10.0.0.1' }, dir);
    expect(config).toMatchObject({ port: 9000, host: '10.0.0.1', publicUrl: 'https://berth.example.com' });
  });

  it('GIVEN a config file with a bad or unknown key THEN the message names the key and the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-config-'));
    writeFileSync(path.join(dir, 'berth.json'), JSON.stringify({ port: 'x', colour: 'blue' }));
    const problems = problemsOf({ BERTH_CONFIG: 'berth.json' }, dir);
    expect(problems).toContain('berth.json: unknown setting "colour"');
    expect(
      problems.some((p) => p.startsWith('port in berth.json (or BERTH_PORT) must be an integer port')),
    ).toBe(true);
  });

  it('GIVEN BERTH_TRUST_PROXY THEN a list of proxy IPs/CIDRs is kept; unset or false trusts no proxy', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ BERTH_TRUST_PROXY: 'false' }).trustProxy).toEqual([]);
    expect(
      loadConfig({ BERTH_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,fd00::/8,::1,loopback' }).trustProxy,
    ).toEqual(['10.0.0.0/8', '127.0.0.1', 'fd00::/8', '::1', 'loopback']);
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-config-'));
    writeFileSync(path.join(dir, 'berth.yaml'), 'trustProxy: [10.1.0.0/16, 10.2.0.1]\n');
    expect(loadConfig({ BERTH_CONFIG: 'berth.yaml' }, dir).trustProxy).toEqual(['10.1.0.0/16', '10.2.0.1']);
    writeFileSync(path.join(dir, 'off.yaml'), 'trustProxy: false\n');
    expect(loadConfig({ BERTH_CONFIG: 'off.yaml' }, dir).trustProxy).toEqual([]);
  });

  it('GIVEN BERTH_TRUST_PROXY as true, a hop count, a host name or a bad CIDR THEN start-up stops naming the variable', () => {
    for (const bad of ['true', '2', 'proxy.internal', '10.0.0.0/33', '0.0.0.0/0', '10.0.0.1,10.0.0.0/8/1']) {
      const problems = problemsOf({ BERTH_TRUST_PROXY: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        /^BERTH_TRUST_PROXY must be false, or a comma-separated list of the reverse proxies' IP/,
      );
      expect(problems[0]).toContain(`(got ${JSON.stringify(bad)})`);
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-config-'));
    writeFileSync(path.join(dir, 'berth.yaml'), 'trustProxy: 1\n');
    expect(problemsOf({ BERTH_CONFIG: 'berth.yaml' }, dir)[0]).toMatch(
      /^trustProxy in berth.yaml \(or BERTH_TRUST_PROXY\) must be false, or a comma-separated list/,
    );
  });

  it('GIVEN BERTH_CONFIG naming a missing file THEN it says so', () => {
    expect(problemsOf({ BERTH_CONFIG: '/nonexistent/berth.yaml' })[0]).toMatch(
      /BERTH_CONFIG names .* cannot be read \(ENOENT\)/,
    );
  });
});
