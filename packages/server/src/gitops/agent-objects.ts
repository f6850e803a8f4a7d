/**
 * The objects Berth writes into an environment's cluster so its GitOps agent syncs the
 * application's directory: an Argo CD `Application` (+ a repository Secret), or a Flux
 * `GitRepository` (+ Secret) and `Kustomization`. The Secret holds HTTP Basic credentials (an
 * embedded repository's read token; a GitHub token as `x-access-token`) or a GitHub App's
 * `githubAppID` / `githubAppInstallationID` / `githubAppPrivateKey` (Flux: with `provider: github`); and minimal CRDs of those kinds for a cluster
 * that has none (the sandbox) — real clusters with Argo CD or Flux installed already serve them.
 */
import type { KubeObject } from '@berth/core';
import type { ClusterConnection } from '../kube/cluster-connection.js';
import { ARGOCD_NAMESPACE, agentObjectName, FLUX_NAMESPACE, repositoryObjectName, type GitOpsEnvironment } from './layout.js';

/** The Argo CD Application kind. */
export const APPLICATION_KIND = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' } as const;
/** The Flux Kustomization kind. */
export const KUSTOMIZATION_KIND = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization' } as const;
/** The Flux GitRepository kind. */
export const GIT_REPOSITORY_KIND = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository' } as const;
/** Field manager of the agent objects Berth writes. */
export const GITOPS_FIELD_MANAGER = 'berth-gitops';

const LABELS = (t: GitOpsEnvironment) => ({
  'app.kubernetes.io/managed-by': 'berth',
  'berth.dev/workspace': t.workspace,
  'berth.dev/app': t.app,
  'berth.dev/environment': t.environment,
});

function crd(group: string, version: string, kind: string, plural: string, statusSubresource: boolean): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, labels: { 'app.kubernetes.io/managed-by': 'berth', 'berth.dev/minimal-crd': 'true' } },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          ...(statusSubresource ? { subresources: { status: {} } } : {}),
        },
      ],
    },
  } as KubeObject;
}

/** Minimal CRDs of the agent's kinds (Argo CD's Application has no status subresource; Flux's kinds do). */
export function agentCrds(agent: GitOpsEnvironment['agent']): KubeObject[] {
  return agent === 'argocd'
    ? [crd('argoproj.io', 'v1alpha1', 'Application', 'applications', false)]
    : [
        crd('source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'gitrepositories', true),
        crd('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations', true),
      ];
}

/** Where the agent pulls from and with what. */
export interface RepositoryAccess {
  /** Clone URL (Berth's smart HTTP URL for embedded repositories). */
  url: string;
  /** The branch the agent follows. */
  branch: string;
  /** HTTP Basic credentials (a per-repository read token for embedded repositories; `x-access-token` + a GitHub token). */
  credentials?: { username: string; password: string };
  /** A GitHub App installation instead (`enterpriseApiUrl`: GitHub Enterprise's API base). */
  gitHubApp?: { appId: number; installationId: number; privateKey: string; enterpriseApiUrl?: string };
}

/** The repository Secret's keys in Argo CD's (declarative setup) or Flux's (GitRepository `secretRef`) form. */
function secretData(agent: GitOpsEnvironment['agent'], access: RepositoryAccess): Record<string, string> | undefined {
  const app = access.gitHubApp;
  const argo = agent === 'argocd';
  const head: Record<string, string> = argo ? { type: 'git', url: access.url } : {};
  if (app)
    return {
      ...head,
      githubAppID: String(app.appId),
      githubAppInstallationID: String(app.installationId),
      githubAppPrivateKey: app.privateKey,
      ...(app.enterpriseApiUrl ? { [argo ? 'githubAppEnterpriseBaseUrl' : 'githubAppBaseURL']: app.enterpriseApiUrl } : {}),
    };
  if (access.credentials) return { ...head, username: access.credentials.username, password: access.credentials.password };
  return undefined;
}

function base64Map(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
}

/** The objects of one application environment for its agent. */
export function agentObjects(target: GitOpsEnvironment, access: RepositoryAccess): KubeObject[] {
  const name = agentObjectName(target);
  const secretName = repositoryObjectName(target.repository);
  const labels = LABELS(target);
  if (target.agent === 'argocd') {
    const objects: KubeObject[] = [];
    const data = secretData('argocd', access);
    if (data)
      objects.push({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secretName, namespace: ARGOCD_NAMESPACE, labels: { 'argocd.argoproj.io/secret-type': 'repository', 'app.kubernetes.io/managed-by': 'berth' } },
        type: 'Opaque',
        data: base64Map(data),
      } as KubeObject);
    objects.push({
      apiVersion: APPLICATION_KIND.apiVersion,
      kind: APPLICATION_KIND.kind,
      metadata: { name, namespace: ARGOCD_NAMESPACE, labels, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
      spec: {
        project: 'default',
        source: { repoURL: access.url, path: target.path, targetRevision: access.branch },
        destination: { server: 'https://kubernetes.default.svc', namespace: target.namespace },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    } as KubeObject);
    return objects;
  }
  const objects: KubeObject[] = [];
  const data = secretData('flux', access);
  if (data)
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secretName, namespace: FLUX_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'berth' } },
      type: 'Opaque',
      data: base64Map(data),
    } as KubeObject);
  objects.push({
    apiVersion: GIT_REPOSITORY_KIND.apiVersion,
    kind: GIT_REPOSITORY_KIND.kind,
    metadata: { name: secretName, namespace: FLUX_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'berth' } },
    spec: {
      interval: '1m',
      url: access.url,
      ref: { branch: access.branch },
      ...(access.gitHubApp ? { provider: 'github' } : {}),
      ...(data ? { secretRef: { name: secretName } } : {}),
    },
  } as KubeObject);
  objects.push({
    apiVersion: KUSTOMIZATION_KIND.apiVersion,
    kind: KUSTOMIZATION_KIND.kind,
    metadata: { name, namespace: FLUX_NAMESPACE, labels },
    spec: {
      interval: '5m',
      path: `./${target.path}`,
      prune: true,
      wait: true,
      timeout: '5m',
      targetNamespace: target.namespace,
      sourceRef: { kind: 'GitRepository', name: secretName },
    },
  } as KubeObject);
  return objects;
}

/** Installs the agent's CRDs when the cluster does not serve its kinds yet; returns the ones installed. */
export async function ensureAgentCrds(cluster: ClusterConnection, agent: GitOpsEnvironment['agent']): Promise<string[]> {
  const installed: string[] = [];
  for (const definition of agentCrds(agent)) {
    const existing = await cluster.get({ apiVersion: definition.apiVersion, kind: definition.kind, name: definition.metadata.name });
    if (existing) continue;
    await cluster.apply([definition], { fieldManager: GITOPS_FIELD_MANAGER });
    installed.push(definition.metadata.name);
  }
  if (installed.length > 0) await waitServed(cluster, agent);
  return installed;
}

async function waitServed(cluster: ClusterConnection, agent: GitOpsEnvironment['agent']): Promise<void> {
  const kind = agent === 'argocd' ? APPLICATION_KIND : KUSTOMIZATION_KIND;
  for (let i = 0; i < 50; i++) {
    try {
      await cluster.list(kind, { namespace: agent === 'argocd' ? ARGOCD_NAMESPACE : FLUX_NAMESPACE });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
