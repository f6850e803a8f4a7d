/** The watcher Lease durations in the server's configuration: client-go's defaults, overrides, and client-go's rules. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('leader election settings', () => {
  it('GIVEN nothing THEN client-go defaults: 15 s lease, 10 s renew deadline, 2 s retry', () => {
    expect(loadConfig({})).toMatchObject({ leaderLeaseSeconds: 15, leaderRenewDeadlineSeconds: 10, leaderRetrySeconds: 2 });
  });

  it('GIVEN short test values THEN they are used, fractions allowed for renew and retry', () => {
    const config = loadConfig({ BERTH_LEADER_LEASE_SECONDS: '2', BERTH_LEADER_RENEW_DEADLINE_SECONDS: '1.5', BERTH_LEADER_RETRY_SECONDS: '0.25' });
    expect(config).toMatchObject({ leaderLeaseSeconds: 2, leaderRenewDeadlineSeconds: 1.5, leaderRetrySeconds: 0.25 });
  });

  it('GIVEN a fractional or zero lease THEN the setting is named', () => {
    expect(problemsOf({ BERTH_LEADER_LEASE_SECONDS: '2.5' })).toEqual([expect.stringMatching(/^BERTH_LEADER_LEASE_SECONDS must be a whole number/)]);
    expect(problemsOf({ BERTH_LEADER_LEASE_SECONDS: '0' })[0]).toMatch(/^BERTH_LEADER_LEASE_SECONDS/);
  });

  it('GIVEN a renew deadline not below the lease, or not above 1.2 × retry THEN both rules are reported', () => {
    expect(problemsOf({ BERTH_LEADER_LEASE_SECONDS: '5', BERTH_LEADER_RENEW_DEADLINE_SECONDS: '5' })).toEqual([
      'BERTH_LEADER_RENEW_DEADLINE_SECONDS (5) must be less than BERTH_LEADER_LEASE_SECONDS (5)',
    ]);
    expect(problemsOf({ BERTH_LEADER_RETRY_SECONDS: '9' })).toEqual([
      'BERTH_LEADER_RENEW_DEADLINE_SECONDS (10) must be more than 1.2 × BERTH_LEADER_RETRY_SECONDS (9)',
    ]);
  });
});
