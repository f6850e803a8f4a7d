import { describe, expect, it } from 'vitest';
import type { Deployment } from '../delivery/deployments.js';
import { environmentHealth, healthFingerprint } from './environment-health.js';

const deployment: Deployment = {
  workspace: 'retail',
  app: 'shop',
  environment: 'dev',
  cluster: 'sandbox',
  namespace: 'shop-dev',
  revision: 3,
  renderHash: 'h',
  runId: 'r1',
  components: ['web'],
  deployedAt: '2025-01-01T00:00:00.000Z',
};

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop-dev', labels: { 'berth.dev/app': 'shop', 'berth.dev/component': 'web', 'berth.dev/environment': 'dev' } },
  spec: { type: 'ClusterIP', ports: [{ port: 80 }] },
};

describe('environmentHealth', () => {
  const now = new Date('2025-01-01T00:01:00Z');

  it('GIVEN an unreachable cluster THEN Unknown with the reason, for the deployed revision', () => {
    expect(environmentHealth(deployment, { reachable: false, reason: 'cluster sandbox is unreachable' }, now)).toEqual({
      workspace: 'retail',
      app: 'shop',
      environment: 'dev',
      cluster: 'sandbox',
      revision: 3,
      health: 'Unknown',
      reason: 'cluster sandbox is unreachable',
    });
  });

  it('GIVEN a reachable cluster without the objects THEN Missing, with the reason core gives', () => {
    const report = environmentHealth(deployment, { reachable: true, objects: [], events: [] }, now);
    expect(report).toMatchObject({ health: 'Missing', revision: 3 });
    expect(report.reason).toMatch(/^component web: /);
  });

  it('GIVEN the objects present and healthy THEN Healthy without a reason; the fingerprint ignores everything but the verdict', () => {
    const report = environmentHealth(deployment, { reachable: true, objects: [service], events: [] }, now);
    expect(report.health).toBe('Healthy');
    expect(report.reason).toBeUndefined();
    const unreachable = environmentHealth(deployment, { reachable: false, reason: 'down' }, now);
    expect(healthFingerprint(report)).not.toBe(healthFingerprint(unreachable));
    expect(healthFingerprint(report)).toBe(healthFingerprint({ ...report }));
    expect(healthFingerprint(report)).not.toBe(healthFingerprint({ ...report, revision: 4 }));
  });
});
