import { describe, expect, it } from 'vitest';
import { ClusterUnreachableError, errorFromStatus, KubeApiError, scrub, toClusterError } from './errors.js';
import { loadKubeconfig } from './kubeconfig.js';
import { KubeconfigError } from './errors.js';

describe('cluster errors', () => {
  it('keep the Kubernetes Status reason, message and causes', () => {
    const err = errorFromStatus(422, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message:
        'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      reason: 'Invalid',
      details: {
        name: 'web',
        group: 'apps',
        kind: 'Deployment',
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1', field: 'spec.replicas' }],
      },
      code: 422,
    });
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ code: 422, reason: 'Invalid', causes: [{ field: 'spec.replicas' }] });
    expect(err.message).toContain('must be greater than or equal to 0');
  });

  it('read Retry-After on 429 and fall back to the HTTP code without a Status', () => {
    expect(errorFromStatus(429, undefined, { 'retry-after': '3' })).toMatchObject({
      reason: 'TooManyRequests',
      retryAfterSeconds: 3,
    });
  });

  it('turn network failures and timeouts into ClusterUnreachableError', () => {
    const refused = toClusterError(
      Object.assign(new TypeError('fetch failed'), {
        cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:6443' },
      }),
      'list Pod',
    );
    expect(refused).toBeInstanceOf(ClusterUnreachableError);
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(
      toClusterError(
        new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
        'get Node',
      ),
    ).toMatchObject({ code: 'timeout' });
  });

  it('never carry credentials in their message', () => {
    expect(scrub('request with Authorization: Bearer eyJhbGciOi.abc.def failed')).not.toContain('eyJhbGciOi');
    expect(scrub('token: s3cr3t-value')).not.toContain('s3cr3t');
    expect(new KubeApiError(401, 'Unauthorized', 'bad token=abcdef')).toHaveProperty(
      'message',
      'bad token=[redacted]',
    );
  });
});

const kubeconfig = (
  user: string,
  cluster = 'server: https://10.0.0.1:6443\n    certificate-authority-data: Zm9v',
) => `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    ${cluster}
users:
- name: admin
  user:
${user}
contexts:
- name: prod
  context: { cluster: prod, user: admin, namespace: shop }
current-context: prod
`;

describe('loadKubeconfig', () => {
  it('accepts inline credentials and summarises where it points', () => {
    const { summary } = loadKubeconfig(kubeconfig('    token: abc'));
    expect(summary).toEqual({
      server: 'https://10.0.0.1:6443',
      context: 'prod',
      cluster: 'prod',
      namespace: 'shop',
    });
  });

  it('refuses file references and commands from a user, saying which', () => {
    expect(() =>
      loadKubeconfig(
        kubeconfig(
          '    exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: sh, args: [-c, "cat /etc/passwd"] }',
        ),
      ),
    ).toThrow(/exec \(runs a command/);
    expect(() =>
      loadKubeconfig(kubeconfig('    client-key: /root/.ssh/id_rsa\n    client-certificate-data: Zm9v')),
    ).toThrow(/client-key \(a file path/);
    expect(() =>
      loadKubeconfig(
        kubeconfig('    token: abc', 'server: https://10.0.0.1:6443\n    certificate-authority: /etc/shadow'),
      ),
    ).toThrow(KubeconfigError);
  });

  it('lets the operator use them', () => {
    expect(() =>
      loadKubeconfig(
        kubeconfig('    exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: aws }'),
        { trust: 'operator' },
      ),
    ).not.toThrow();
  });

  it('rejects text that is not a kubeconfig, without echoing it', () => {
    const err = (() => {
      try {
        loadKubeconfig('token: supersecret\n  : : [');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(KubeconfigError);
    expect(err?.message).not.toContain('supersecret');
    expect(() =>
      loadKubeconfig('apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n'),
    ).toThrow(/current-context/);
  });
});
