import { canonicalJson } from './canonical.js';
import type { KubeObject } from './kube.js';
import { CONTENT_HASH_ANNOTATION } from './labels.js';
import { sha256Hex } from './sha256.js';

function withoutHash(object: KubeObject): KubeObject {
  const annotations = object.metadata.annotations;
  if (!annotations || !(CONTENT_HASH_ANNOTATION in annotations)) return object;
  const { [CONTENT_HASH_ANNOTATION]: _hash, ...rest } = annotations;
  const metadata = { ...object.metadata };
  if (Object.keys(rest).length > 0) metadata.annotations = rest;
  else delete metadata.annotations;
  return { ...object, metadata };
}

/** SHA-256 of an object's canonical JSON (sorted keys), ignoring its own content-hash annotation. */
export function contentHash(object: KubeObject): string {
  return sha256Hex(canonicalJson(withoutHash(object)));
}

/** A copy of the object annotated with `berth.dev/content-hash`. */
export function withContentHash(object: KubeObject): KubeObject {
  const hash = contentHash(object);
  return {
    ...object,
    metadata: {
      ...object.metadata,
      annotations: { ...object.metadata.annotations, [CONTENT_HASH_ANNOTATION]: hash },
    },
  };
}

/** A stable identity of an object: `apiVersion/kind/namespace/name` (namespace empty when cluster-scoped). */
export function objectKey(object: KubeObject): string {
  return `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/**
 * SHA-256 over the identities and content hashes of a list of objects, in order. An
 * object's `berth.dev/content-hash` annotation is trusted when present (render writes it).
 */
export function setHash(objects: readonly KubeObject[]): string {
  return sha256Hex(
    objects
      .map(
        (object) =>
          `${objectKey(object)}=${object.metadata.annotations?.[CONTENT_HASH_ANNOTATION] ?? contentHash(object)}\n`,
      )
      .join(''),
  );
}
