import { DomainError } from '../http/errors.js';
import { ClusterUnreachableError, KubeApiError, KubeconfigError } from '../kube/errors.js';

/** The kubeconfig was refused (does not parse, no current context, local files) — 422. */
export class KubeconfigRejectedError extends DomainError {
  readonly status = 422;
  readonly title = 'Invalid kubeconfig';
}

/** The cluster did not answer the connectivity and version check — 502, with what went wrong. */
export class ClusterCheckFailedError extends DomainError {
  readonly status = 502;
  readonly title = 'Cluster check failed';
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name could not be resolved',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  timeout: 'no answer in time',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate (add certificate-authority-data)',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate (add certificate-authority-data)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate cannot be verified (add certificate-authority-data)',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate is for another host name',
};

/**
 * One sentence for a failed cluster call, naming the server but never a credential, e.g.
 * `cannot reach https://10.0.0.1:6443: connection refused`.
 */
export function describeClusterFailure(server: string, error: unknown): string {
  if (error instanceof ClusterUnreachableError) {
    const detail = /\(([^()]*)\)\s*$/.exec(error.message)?.[1];
    const reason = NETWORK_REASONS[error.code] ?? detail ?? error.code.toLowerCase().replace(/_/g, ' ');
    return `cannot reach ${server}: ${reason}`;
  }
  if (error instanceof KubeApiError) {
    if (error.code === 401) return `${server} refused the credentials of the kubeconfig (401 Unauthorized)`;
    if (error.code === 403)
      return `${server} does not allow this kubeconfig's user to do this (403 Forbidden)`;
    return `${server} answered ${error.code} ${error.reason}: ${error.message}`;
  }
  if (error instanceof KubeconfigError) return error.message;
  return `cannot reach ${server}: unexpected error`;
}
