/**
 * The files of an application's environment directory: one YAML file per rendered object, a
 * `kustomization.yaml` listing them (with Berth's revision and render hash as annotations), and
 * the `berth.yaml` spec — and the reverse: the objects of a directory read back, and the diff of
 * rendered objects a change request shows.
 */
import { toYaml, type Application, type KubeObject } from '@berth/core';
import { parse, parseAllDocuments } from 'yaml';
import { unifiedDiff } from '../apps/line-diff.js';

/** Annotation of `kustomization.yaml` naming the application revision rendered. */
export const REVISION_ANNOTATION = 'berth.dev/revision';
/** Annotation of `kustomization.yaml` holding the render hash. */
export const RENDER_HASH_ANNOTATION = 'berth.dev/render-hash';

/** A directory's files: name (relative to the directory) → text. */
export type DirectoryFiles = Map<string, string>;

/** The file name of an object: `<kind>-<name>.yaml`, lower-case. */
export function objectFileName(obj: KubeObject): string {
  return `${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`;
}

/** The directory content for a rendered revision. */
export function environmentFiles(input: {
  spec: Application;
  objects: readonly KubeObject[];
  revision: number;
  renderHash: string;
  environment: string;
}): DirectoryFiles {
  const files: DirectoryFiles = new Map();
  const names: string[] = [];
  for (const obj of input.objects) {
    let name = objectFileName(obj);
    if (files.has(name)) name = name.replace(/\.yaml$/, `-${obj.apiVersion.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.yaml`);
    files.set(name, toYaml([obj]));
    names.push(name);
  }
  files.set(
    'kustomization.yaml',
    toYaml([
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        metadata: {
          name: `${input.spec.metadata.name}-${input.environment}`,
          annotations: { [REVISION_ANNOTATION]: String(input.revision), [RENDER_HASH_ANNOTATION]: input.renderHash },
        },
        resources: names,
      } as unknown as KubeObject,
    ]),
  );
  files.set('berth.yaml', toYaml([input.spec as unknown as KubeObject]));
  return files;
}

/** What `kustomization.yaml` of a directory says about the revision in it. */
export function directoryRevision(files: ReadonlyMap<string, string>): { revision?: number; renderHash?: string } {
  const text = files.get('kustomization.yaml');
  if (!text) return {};
  const doc = (parse(text) ?? {}) as { metadata?: { annotations?: Record<string, string> } };
  const annotations = doc.metadata?.annotations ?? {};
  const revision = Number(annotations[REVISION_ANNOTATION]);
  return {
    ...(Number.isInteger(revision) && revision > 0 ? { revision } : {}),
    ...(annotations[RENDER_HASH_ANNOTATION] ? { renderHash: annotations[RENDER_HASH_ANNOTATION] } : {}),
  };
}

/** The objects of a directory (files other than kustomization.yaml and berth.yaml), by key. */
export function directoryObjects(files: ReadonlyMap<string, string>): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const [name, text] of files) {
    if (name === 'kustomization.yaml' || name === 'berth.yaml' || !name.endsWith('.yaml')) continue;
    for (const doc of parseAllDocuments(text)) {
      const obj = doc.toJS() as KubeObject | null;
      if (obj?.kind && obj.metadata?.name) out.set(objectKeyOf(obj), obj);
    }
  }
  return out;
}

/** `apiVersion/Kind/namespace/name`. */
export function objectKeyOf(obj: KubeObject): string {
  return `${obj.apiVersion}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** One changed object between the directory on the target branch and the proposal. */
export interface ObjectChange {
  change: 'added' | 'removed' | 'changed';
  kind: string;
  name: string;
  diff: string;
}

/** Added, removed and changed objects, each with a unified diff of its YAML. */
export function diffObjects(before: ReadonlyMap<string, KubeObject>, after: ReadonlyMap<string, KubeObject>): ObjectChange[] {
  const changes: ObjectChange[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(key);
    const b = after.get(key);
    const oldText = a ? toYaml([a]) : '';
    const newText = b ? toYaml([b]) : '';
    if (oldText === newText) continue;
    const obj = (b ?? a)!;
    changes.push({
      change: !a ? 'added' : !b ? 'removed' : 'changed',
      kind: obj.kind,
      name: obj.metadata.name,
      diff: unifiedDiff(oldText, newText, { from: 'target branch', to: 'proposed' }),
    });
  }
  return changes;
}

/** The description of a change request: a summary, the object changes with diffs, and a footer. */
export function changeDescription(input: { intro: string; changes: readonly ObjectChange[]; footer?: string }): string {
  const lines = [input.intro, ''];
  const count = (c: ObjectChange['change']) => input.changes.filter((x) => x.change === c).length;
  lines.push(`**Rendered objects:** ${count('added')} added, ${count('changed')} changed, ${count('removed')} removed.`, '');
  for (const change of input.changes) {
    lines.push(`### ${change.change}: ${change.kind}/${change.name}`, '', '```diff', change.diff.trimEnd(), '```', '');
  }
  if (input.changes.length === 0) lines.push('No rendered object changes.', '');
  if (input.footer) lines.push(input.footer);
  return lines.join('\n');
}
