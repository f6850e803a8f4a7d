/**
 * Kubeconfigs arrive as TEXT (pasted by a user, stored encrypted). A kubeconfig can make a
 * client read local files or run commands (`exec`, `auth-provider`, `*-file` fields), so one
 * from an API user must carry its credentials inline; only an operator's own kubeconfig may
 * use those features.
 */
import { KubeConfig, type Cluster } from '@kubernetes/client-node';
import { KubeconfigError } from './errors.js';

/** Who wrote the kubeconfig. `user` (default) forbids local files and commands. */
export interface KubeconfigTrust {
  trust?: 'user' | 'operator';
}

/** Where a parsed kubeconfig points, for display (no credentials). */
export interface KubeconfigSummary {
  server: string;
  context: string;
  cluster: string;
  namespace?: string;
}

/**
 * Parse kubeconfig text into a client KubeConfig using its current context (or its only
 * context). Rejects text that does not parse, has no usable context, or — unless trusted as
 * the operator's — refers to files or commands. `http://` servers get TLS verification
 * skipped, which the client requires and which means nothing without TLS.
 */
export function loadKubeconfig(
  text: string,
  options: KubeconfigTrust = {},
): { config: KubeConfig; summary: KubeconfigSummary } {
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (err) {
    const reason =
      err instanceof Error && /yaml|YAML/.test(err.name + err.message)
        ? 'it is not valid YAML'
        : 'it is not a valid kubeconfig';
    throw new KubeconfigError(`The kubeconfig cannot be read: ${reason}.`);
  }
  if (!kc.currentContext && kc.contexts.length === 1) kc.setCurrentContext(kc.contexts[0]!.name);
  const context = kc.getContextObject(kc.currentContext);
  if (!context)
    throw new KubeconfigError(
      'The kubeconfig has no current-context (or it names a context that does not exist).',
    );
  const cluster = kc.getCluster(context.cluster);
  if (!cluster?.server)
    throw new KubeconfigError(
      `The kubeconfig's context "${context.name}" names no cluster with a server address.`,
    );
  const user = kc.getUser(context.user);
  if (options.trust !== 'operator') {
    const local: string[] = [];
    if (cluster.caFile) local.push('certificate-authority (a file path; use certificate-authority-data)');
    if (user?.certFile) local.push('client-certificate (a file path; use client-certificate-data)');
    if (user?.keyFile) local.push('client-key (a file path; use client-key-data)');
    if (user?.exec) local.push('exec (runs a command; use a token)');
    if (user?.authProvider) local.push('auth-provider (runs a plugin; use a token)');
    if (local.length > 0)
      throw new KubeconfigError(
        `The kubeconfig must carry its credentials inline; it uses ${local.join(', ')}.`,
      );
  }
  if (cluster.server.startsWith('http://') && !cluster.skipTLSVerify) {
    const clusters: Cluster[] = kc.clusters.map((c) =>
      c.name === cluster.name ? { ...c, skipTLSVerify: true } : c,
    );
    kc.loadFromOptions({
      clusters,
      contexts: kc.contexts,
      users: kc.users,
      currentContext: kc.currentContext,
    });
  }
  const summary: KubeconfigSummary = { server: cluster.server, context: context.name, cluster: cluster.name };
  if (context.namespace) summary.namespace = context.namespace;
  return { config: kc, summary };
}
