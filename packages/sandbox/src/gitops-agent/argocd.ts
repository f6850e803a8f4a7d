/**
 * SIMULATION of the Argo CD application controller for one `Application`
 * (argoproj.io/v1alpha1): resolve `spec.source.targetRevision`, read `spec.source.path`, apply
 * with field manager `argocd-controller` and the `argocd.argoproj.io/tracking-id` annotation,
 * prune, and write `status` the way Argo CD does (sync, health, operationState, history,
 * resources). Honours `resources-finalizer.argocd.argoproj.io` (cascading delete).
 */
import type { AgentContext } from './context.js';
import type { KubeJson } from './kube-rest.js';
import { manifestsOf } from './manifests.js';
import { applyAll, assess, groupOf, placeObjects, pruneMissing, versionOf, type ManagedRef } from './sync.js';

/** The Application kind. */
export const ARGO_APPLICATION = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' } as const;
/** Annotation Argo CD tracks its resources by. */
export const TRACKING_ID = 'argocd.argoproj.io/tracking-id';
/** Finalizer that makes deleting an Application delete its resources. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
const FIELD_MANAGER = 'argocd-controller';
const HISTORY_LIMIT = 10;

interface ArgoStatus {
  sync?: { status?: string; revision?: string; comparedTo?: unknown };
  health?: { status?: string; message?: string };
  operationState?: { phase?: string; message?: string; syncResult?: { revision?: string } };
  history?: Array<{ id: number; revision: string; deployedAt: string; deployStartedAt?: string; source?: unknown }>;
  resources?: Array<{ group: string; version: string; kind: string; namespace?: string; name: string; status: string; health?: { status: string } }>;
  conditions?: Array<{ type: string; message: string; lastTransitionTime?: string }>;
  [key: string]: unknown;
}

function trackingId(app: string, ref: ManagedRef): string {
  return `${app}:${groupOf(ref.apiVersion)}/${ref.kind}:${ref.namespace ?? ''}/${ref.name}`;
}

function managedRefs(status: ArgoStatus): ManagedRef[] {
  return (status.resources ?? []).map((r) => ({
    apiVersion: r.group ? `${r.group}/${r.version}` : r.version,
    kind: r.kind,
    name: r.name,
    ...(r.namespace ? { namespace: r.namespace } : {}),
  }));
}

/** Reconciles one Application; never throws (errors become status conditions). */
export async function reconcileArgoApplication(ctx: AgentContext, app: KubeJson): Promise<void> {
  const name = app.metadata.name;
  const status = (app.status ?? {}) as ArgoStatus;
  const isOurs = (live: KubeJson) => (live.metadata.annotations?.[TRACKING_ID] ?? '').startsWith(`${name}:`);
  if (app.metadata.deletionTimestamp) {
    if (app.metadata.finalizers?.includes(RESOURCES_FINALIZER)) {
      await pruneMissing(ctx.kube, managedRefs(status), [], isOurs);
      await ctx.kube.mergePatch(app, { metadata: { finalizers: app.metadata.finalizers.filter((f) => f !== RESOURCES_FINALIZER) } });
    }
    return;
  }
  const spec = (app.spec ?? {}) as {
    source?: { repoURL?: string; path?: string; targetRevision?: string };
    destination?: { namespace?: string };
    syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean } };
  };
  const source = spec.source ?? {};
  const at = ctx.now().toISOString();
  const comparisonError = async (message: string) => {
    const next: ArgoStatus = {
      ...status,
      sync: { ...(status.sync ?? {}), status: 'Unknown' },
      conditions: [{ type: 'ComparisonError', message, lastTransitionTime: at }],
      reconciledAt: at,
    };
    if (JSON.stringify(status.conditions) !== JSON.stringify(next.conditions) || status.sync?.status !== 'Unknown')
      await ctx.kube.mergePatch(app, { status: next });
  };
  if (!source.repoURL) return comparisonError('spec.source.repoURL is required');

  let sha: string | undefined;
  let files: Map<string, string> | undefined;
  try {
    const gitDir = await ctx.fetchRepository(source.repoURL, app.metadata.namespace ?? '');
    sha = await ctx.mirrors.resolve(gitDir, source.targetRevision ?? 'HEAD');
    if (!sha) return comparisonError(`Unable to resolve '${source.targetRevision ?? 'HEAD'}' to a commit SHA`);
    files = await ctx.mirrors.readDirectory(gitDir, sha, source.path ?? '.');
  } catch (error) {
    return comparisonError(`rpc error: failed to fetch ${source.repoURL}: ${(error as Error).message}`);
  }
  if (!files) return comparisonError(`${source.path}: app path does not exist`);
  let desired: KubeJson[];
  try {
    desired = await placeObjects(ctx.kube, manifestsOf(files), spec.destination?.namespace);
  } catch (error) {
    return comparisonError(`Failed to load target state: ${(error as Error).message}`);
  }
  for (const obj of desired) {
    const ref = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}) };
    obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [TRACKING_ID]: trackingId(name, ref) };
  }

  let before = await assess(ctx.kube, desired);
  const missing = before.resources.some((r) => !r.present);
  const automated = spec.syncPolicy?.automated;
  const next: ArgoStatus = { ...status, reconciledAt: at, sourceType: files.has('kustomization.yaml') ? 'Kustomize' : 'Directory' };
  delete next.conditions;
  const lastSynced = status.operationState?.syncResult?.revision;
  const needsSync = lastSynced !== sha || status.operationState?.phase !== 'Succeeded' || (missing && automated?.selfHeal !== false);
  if (automated && needsSync) {
    const failure = await applyAll(ctx.kube, desired, FIELD_MANAGER);
    if (!failure && automated.prune) await pruneMissing(ctx.kube, managedRefs(status), desired, isOurs);
    next.operationState = {
      operation: { sync: { revision: sha }, initiatedBy: { automated: true } },
      phase: failure ? 'Failed' : 'Succeeded',
      message: failure ?? 'successfully synced (all tasks run)',
      startedAt: at,
      finishedAt: ctx.now().toISOString(),
      syncResult: {
        revision: sha,
        source,
        resources: desired.map((o) => ({
          group: groupOf(o.apiVersion),
          version: versionOf(o.apiVersion),
          kind: o.kind,
          namespace: o.metadata.namespace ?? '',
          name: o.metadata.name,
          status: failure ? 'SyncFailed' : 'Synced',
          message: failure ? failure : `${o.kind.toLowerCase()}/${o.metadata.name} configured`,
          syncPhase: 'Sync',
        })),
      },
    } as ArgoStatus['operationState'];
    if (!failure) {
      const history = [...(status.history ?? [])];
      const id = (history.at(-1)?.id ?? -1) + 1;
      history.push({ id, revision: sha, deployStartedAt: at, deployedAt: ctx.now().toISOString(), source });
      next.history = history.slice(-HISTORY_LIMIT);
      before = await assess(ctx.kube, desired);
    }
  }
  const synced = next.operationState?.syncResult?.revision === sha && next.operationState?.phase === 'Succeeded' && before.resources.every((r) => r.present);
  next.sync = {
    status: synced ? 'Synced' : 'OutOfSync',
    revision: sha,
    comparedTo: { source, destination: spec.destination ?? {} },
  };
  next.health = { status: before.health };
  next.resources = before.resources.map((r) => ({
    group: groupOf(r.ref.apiVersion),
    version: versionOf(r.ref.apiVersion),
    kind: r.ref.kind,
    ...(r.ref.namespace ? { namespace: r.ref.namespace } : {}),
    name: r.ref.name,
    status: r.present && synced ? 'Synced' : 'OutOfSync',
    health: { status: r.health },
  }));
  const comparable = (s: ArgoStatus) => JSON.stringify({ ...s, reconciledAt: undefined });
  if (comparable(next) !== comparable(status)) {
    if (status.conditions && !next.conditions) (next as Record<string, unknown>).conditions = null;
    await ctx.kube.mergePatch(app, { status: next });
  }
}
