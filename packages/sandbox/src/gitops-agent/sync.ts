/**
 * The part both simulated agents share: apply a desired set of objects with a field manager,
 * prune the previously managed objects that are no longer desired (only when the live object
 * still carries the agent's tracking mark), and assess the health of what is desired.
 */
import { keyOf, applyOrder } from './manifests.js';
import type { KubeJson, KubeRest } from './kube-rest.js';
import { aggregateHealth, healthOf, type HealthStatus } from './resource-health.js';

/** A managed object's identity. */
export interface ManagedRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** Puts namespaced objects without a namespace into `namespace` (or forces it, for Flux's targetNamespace). */
export async function placeObjects(kube: KubeRest, objects: KubeJson[], namespace: string | undefined, force = false): Promise<KubeJson[]> {
  const out: KubeJson[] = [];
  for (const obj of objects) {
    const copy = structuredClone(obj);
    const namespaced = await kube.isNamespaced(copy.apiVersion, copy.kind);
    if (namespaced !== false && namespace && (force || !copy.metadata.namespace)) copy.metadata.namespace = namespace;
    out.push(copy);
  }
  return out;
}

/** Applies `desired` in order; returns the first failure's message, or undefined. */
export async function applyAll(kube: KubeRest, desired: readonly KubeJson[], fieldManager: string): Promise<string | undefined> {
  for (const obj of applyOrder(desired)) {
    try {
      await kube.apply(obj, fieldManager);
    } catch (error) {
      return `${obj.kind}/${obj.metadata.name}: ${(error as Error).message}`;
    }
  }
  return undefined;
}

/** Deletes the `previous` objects that are not `desired` and that `isOurs` recognises; returns what was deleted. */
export async function pruneMissing(
  kube: KubeRest,
  previous: readonly ManagedRef[],
  desired: readonly KubeJson[],
  isOurs: (live: KubeJson) => boolean,
): Promise<ManagedRef[]> {
  const keep = new Set(desired.map(keyOf));
  const deleted: ManagedRef[] = [];
  for (const ref of previous) {
    if (keep.has(keyOf({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: ref }))) continue;
    const live = await kube.get(ref.apiVersion, ref.kind, ref.name, ref.namespace).catch(() => undefined);
    if (!live || !isOurs(live)) continue;
    if (await kube.delete(ref.apiVersion, ref.kind, ref.name, ref.namespace)) deleted.push(ref);
  }
  return deleted;
}

/** Each desired object's live health, and the aggregate. */
export async function assess(
  kube: KubeRest,
  desired: readonly KubeJson[],
): Promise<{ health: HealthStatus; resources: Array<{ ref: ManagedRef; health: HealthStatus; present: boolean }> }> {
  const resources = [];
  for (const obj of desired) {
    const live = await kube.get(obj.apiVersion, obj.kind, obj.metadata.name, obj.metadata.namespace).catch(() => undefined);
    resources.push({ ref: refOf(obj), health: healthOf(live), present: live !== undefined });
  }
  return { health: aggregateHealth(resources.map((r) => r.health)), resources };
}

/** The reference of an object. */
export function refOf(obj: KubeJson): ManagedRef {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
  };
}

/** `apps` of `apps/v1`, empty for the core group. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `v1` of `apps/v1`. */
export function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf('/') + 1);
}
