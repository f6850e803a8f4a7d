/**
 * SIMULATION of Flux's source-controller (GitRepository, source.toolkit.fluxcd.io/v1) and
 * kustomize-controller (Kustomization, kustomize.toolkit.fluxcd.io/v1): fetch the branch,
 * record the artifact revision as `<branch>@sha1:<sha>`, apply `spec.path` with field manager
 * `kustomize-controller` and the `kustomize.toolkit.fluxcd.io/name|namespace` labels, prune
 * the inventory, and write Ready conditions, `lastAppliedRevision` and
 * `lastAttemptedRevision` like Flux does. Adds and honours the `finalizers.fluxcd.io` finalizer.
 */
import type { AgentContext } from './context.js';
import type { KubeJson } from './kube-rest.js';
import { manifestsOf } from './manifests.js';
import { applyAll, assess, groupOf, placeObjects, pruneMissing, versionOf, type ManagedRef } from './sync.js';

/** The Flux kinds the simulation serves. */
export const FLUX_GIT_REPOSITORY = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository' } as const;
export const FLUX_KUSTOMIZATION = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization' } as const;
const FINALIZER = 'finalizers.fluxcd.io';
const NAME_LABEL = 'kustomize.toolkit.fluxcd.io/name';
const NAMESPACE_LABEL = 'kustomize.toolkit.fluxcd.io/namespace';
const FIELD_MANAGER = 'kustomize-controller';

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** The artifact a GitRepository produced in this pass: its git dir and revision. */
export interface FluxArtifact {
  gitDir: string;
  sha: string;
  revision: string;
}

async function writeStatus(ctx: AgentContext, obj: KubeJson, status: Record<string, unknown>): Promise<void> {
  const old = (obj.status ?? {}) as Record<string, unknown>;
  const strip = (s: Record<string, unknown>) =>
    JSON.stringify({ ...s, conditions: ((s.conditions as Condition[] | undefined) ?? []).map((c) => ({ ...c, lastTransitionTime: undefined })) });
  if (strip(old) === strip(status)) return;
  try {
    await ctx.kube.mergePatch(obj, { status }, 'status');
  } catch {
    await ctx.kube.mergePatch(obj, { status });
  }
}

function ready(status: Condition['status'], reason: string, message: string, generation: number, at: string): Condition {
  return { type: 'Ready', status, reason, message, observedGeneration: generation, lastTransitionTime: at };
}

/** Reconciles a GitRepository; returns its artifact, or undefined when fetching failed. */
export async function reconcileGitRepository(ctx: AgentContext, repo: KubeJson): Promise<FluxArtifact | undefined> {
  const spec = (repo.spec ?? {}) as { url?: string; ref?: { branch?: string; tag?: string; commit?: string }; secretRef?: { name?: string } };
  const generation = repo.metadata.generation ?? 1;
  const at = ctx.now().toISOString();
  const branch = spec.ref?.branch ?? 'master';
  try {
    if (!spec.url) throw new Error('spec.url is required');
    const gitDir = await ctx.fetchRepository(spec.url, repo.metadata.namespace ?? '', spec.secretRef?.name);
    const wanted = spec.ref?.commit ?? spec.ref?.tag ?? branch;
    const sha = await ctx.mirrors.resolve(gitDir, wanted);
    if (!sha) throw new Error(`unable to resolve '${wanted}'`);
    const revision = `${spec.ref?.tag ?? branch}@sha1:${sha}`;
    await writeStatus(ctx, repo, {
      observedGeneration: generation,
      artifact: { revision, path: `gitrepository/${repo.metadata.namespace}/${repo.metadata.name}/${sha}.tar.gz` },
      conditions: [
        ready('True', 'Succeeded', `stored artifact for revision '${revision}'`, generation, at),
        { type: 'ArtifactInStorage', status: 'True', reason: 'Succeeded', message: `stored artifact for revision '${revision}'`, lastTransitionTime: at },
      ],
    });
    return { gitDir, sha, revision };
  } catch (error) {
    await writeStatus(ctx, repo, {
      observedGeneration: generation,
      conditions: [ready('False', 'GitOperationFailed', (error as Error).message, generation, at)],
    });
    return undefined;
  }
}

interface Inventory {
  entries?: Array<{ id: string; v: string }>;
}

function inventoryOf(refs: readonly ManagedRef[]): Inventory {
  return { entries: refs.map((r) => ({ id: `${r.namespace ?? ''}_${r.name}_${groupOf(r.apiVersion)}_${r.kind}`, v: versionOf(r.apiVersion) })) };
}

function refsOf(inventory: Inventory | undefined): ManagedRef[] {
  return (inventory?.entries ?? []).map((e) => {
    const [namespace, name, group, kind] = e.id.split('_') as [string, string, string, string];
    return { apiVersion: group ? `${group}/${e.v}` : e.v, kind, name, ...(namespace ? { namespace } : {}) };
  });
}

/** Reconciles a Kustomization against the artifacts of this pass (GitRepository namespace/name → artifact). */
export async function reconcileKustomization(ctx: AgentContext, ks: KubeJson, artifacts: ReadonlyMap<string, FluxArtifact | undefined>): Promise<void> {
  const spec = (ks.spec ?? {}) as {
    path?: string;
    prune?: boolean;
    wait?: boolean;
    suspend?: boolean;
    targetNamespace?: string;
    sourceRef?: { kind?: string; name?: string; namespace?: string };
  };
  const status = (ks.status ?? {}) as { inventory?: Inventory; lastAppliedRevision?: string; [k: string]: unknown };
  const ns = ks.metadata.namespace ?? '';
  const isOurs = (live: KubeJson) => live.metadata.labels?.[NAME_LABEL] === ks.metadata.name && live.metadata.labels?.[NAMESPACE_LABEL] === ns;
  const finalizers = ks.metadata.finalizers ?? [];
  if (ks.metadata.deletionTimestamp) {
    if (finalizers.includes(FINALIZER)) {
      if (spec.prune) await pruneMissing(ctx.kube, refsOf(status.inventory), [], isOurs);
      await ctx.kube.mergePatch(ks, { metadata: { finalizers: finalizers.filter((f) => f !== FINALIZER) } });
    }
    return;
  }
  if (spec.suspend) return;
  if (!finalizers.includes(FINALIZER)) await ctx.kube.mergePatch(ks, { metadata: { finalizers: [...finalizers, FINALIZER] } });
  const generation = ks.metadata.generation ?? 1;
  const at = ctx.now().toISOString();
  const artifact = artifacts.get(`${spec.sourceRef?.namespace ?? ns}/${spec.sourceRef?.name ?? ''}`);
  const fail = (reason: string, message: string, attempted?: string) =>
    writeStatus(ctx, ks, {
      ...status,
      observedGeneration: generation,
      ...(attempted ? { lastAttemptedRevision: attempted } : {}),
      conditions: [ready('False', reason, message, generation, at)],
    });
  if (!artifact) return fail('ArtifactFailed', `Source artifact not found, retrying in 30s`);
  const files = await ctx.mirrors.readDirectory(artifact.gitDir, artifact.sha, spec.path ?? '.');
  if (!files) return fail('BuildFailed', `kustomization path not found: ${spec.path}`, artifact.revision);
  let desired: KubeJson[];
  try {
    desired = await placeObjects(ctx.kube, manifestsOf(files), spec.targetNamespace, true);
  } catch (error) {
    return fail('BuildFailed', (error as Error).message, artifact.revision);
  }
  for (const obj of desired) obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [NAME_LABEL]: ks.metadata.name, [NAMESPACE_LABEL]: ns };
  const failure = await applyAll(ctx.kube, desired, FIELD_MANAGER);
  if (failure) return fail('ReconciliationFailed', failure, artifact.revision);
  if (spec.prune) await pruneMissing(ctx.kube, refsOf(status.inventory), desired, isOurs);
  const health = await assess(ctx.kube, desired);
  const inventory = inventoryOf(health.resources.map((r) => r.ref));
  const base = { observedGeneration: generation, inventory, lastAttemptedRevision: artifact.revision };
  if (spec.wait && health.health !== 'Healthy') {
    const degraded = health.health === 'Degraded';
    return writeStatus(ctx, ks, {
      ...status,
      ...base,
      conditions: [
        ready(degraded ? 'False' : 'Unknown', degraded ? 'HealthCheckFailed' : 'Progressing', degraded ? 'health check failed' : 'Health check in progress', generation, at),
        { type: 'Reconciling', status: 'True', reason: 'Progressing', message: `Applied revision: ${artifact.revision}`, lastTransitionTime: at },
      ],
    });
  }
  await writeStatus(ctx, ks, {
    ...status,
    ...base,
    lastAppliedRevision: artifact.revision,
    conditions: [
      ready('True', 'ReconciliationSucceeded', `Applied revision: ${artifact.revision}`, generation, at),
      { type: 'Healthy', status: 'True', reason: 'Succeeded', message: 'Health check passed', lastTransitionTime: at },
    ],
  });
}
