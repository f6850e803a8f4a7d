/**
 * What a directory of the repository asks for: the `resources` of its `kustomization.yaml`
 * (files only — no bases, patches or generators), or every YAML file when it has none; each
 * file may hold several documents.
 */
import { parseAllDocuments, parse } from 'yaml';
import type { KubeJson } from './kube-rest.js';

/** The objects of a directory's files (relative path → text); throws on unparsable YAML. */
export function manifestsOf(files: ReadonlyMap<string, string>): KubeJson[] {
  const kustomization = files.get('kustomization.yaml') ?? files.get('kustomization.yml');
  let names: string[];
  if (kustomization !== undefined) {
    const doc = (parse(kustomization) ?? {}) as { resources?: unknown };
    names = Array.isArray(doc.resources) ? doc.resources.map(String) : [];
  } else {
    names = [...files.keys()].filter((n) => /\.ya?ml$/.test(n) && !n.includes('/')).sort();
  }
  const objects: KubeJson[] = [];
  for (const name of names) {
    const text = files.get(name.replace(/^\.\//, ''));
    if (text === undefined) throw new Error(`kustomization.yaml lists ${name}, which does not exist`);
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new Error(`${name}: ${doc.errors[0]!.message}`);
      const value = doc.toJS() as KubeJson | null;
      if (!value) continue;
      if (!value.apiVersion || !value.kind || !value.metadata?.name) throw new Error(`${name}: an object without apiVersion, kind or metadata.name`);
      objects.push(value);
    }
  }
  return objects;
}

const FIRST = ['Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'Secret', 'ConfigMap', 'PersistentVolumeClaim', 'Service'];

/** Apply order: namespaces and definitions, then configuration, then workloads. */
export function applyOrder(objects: readonly KubeJson[]): KubeJson[] {
  const rank = (o: KubeJson) => {
    const i = FIRST.indexOf(o.kind);
    return i < 0 ? FIRST.length : i;
  };
  return [...objects].sort((a, b) => rank(a) - rank(b));
}

/** `group/Kind/namespace/name`. */
export function keyOf(obj: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): string {
  const slash = obj.apiVersion.indexOf('/');
  return `${slash < 0 ? '' : obj.apiVersion.slice(0, slash)}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}
