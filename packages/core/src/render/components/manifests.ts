import { parseAllDocuments } from 'yaml';
import { RenderError } from '../errors.js';
import type { KubeObject } from '../kube.js';
import { isPlainObject } from '../merge.js';
import { isNamespaced } from './scope.js';
import type { ComponentContext, ComponentRenderer } from './types.js';

function parseYaml(ctx: ComponentContext, text: string): unknown[] {
  const path = `spec.components[${ctx.index}].manifests.yaml`;
  const out: unknown[] = [];
  for (const [index, doc] of parseAllDocuments(text).entries()) {
    if (doc.errors.length > 0) {
      throw new RenderError(
        `document ${index} of the manifests of ${ctx.component.name} is not valid YAML: ${doc.errors[0]?.message ?? ''}`,
        { path, code: 'invalid-yaml' },
      );
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

/** A ServiceAccount subject of a (Cluster)RoleBinding needs a namespace; the environment's when unwritten. */
function withSubjectNamespace(subject: unknown, namespace: string): unknown {
  if (!isPlainObject(subject) || subject.kind !== 'ServiceAccount' || typeof subject.namespace === 'string')
    return subject;
  return { ...subject, namespace };
}

function toKubeObject(ctx: ComponentContext, value: unknown, position: number): KubeObject {
  const path = `spec.components[${ctx.index}].manifests`;
  if (!isPlainObject(value))
    throw new RenderError(`object ${position} of the manifests of ${ctx.component.name} is not a mapping.`, {
      path,
      code: 'invalid-object',
    });
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  const { apiVersion, kind } = value;
  if (
    typeof apiVersion !== 'string' ||
    typeof kind !== 'string' ||
    typeof metadata.name !== 'string' ||
    metadata.name === ''
  ) {
    throw new RenderError(
      `object ${position} of the manifests of ${ctx.component.name} needs apiVersion, kind and metadata.name.`,
      { path, code: 'invalid-object' },
    );
  }
  const labels = {
    ...(isPlainObject(metadata.labels) ? (metadata.labels as Record<string, string>) : {}),
    ...ctx.labels,
  };
  const annotations = {
    ...ctx.annotations,
    ...(isPlainObject(metadata.annotations) ? (metadata.annotations as Record<string, string>) : {}),
  };
  const { namespace: _ignored, ...rest } = metadata;
  return {
    ...value,
    ...(Array.isArray(value.subjects)
      ? {
          subjects: value.subjects.map((subject) => withSubjectNamespace(subject, ctx.environment.namespace)),
        }
      : {}),
    apiVersion,
    kind,
    metadata: {
      ...rest,
      name: metadata.name,
      ...(isNamespaced(apiVersion, kind) ? { namespace: ctx.environment.namespace } : {}),
      labels,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
  };
}

/**
 * `manifests`: the user's own Kubernetes objects (inline `objects`, then the documents of
 * `yaml`), passed through: namespaced kinds are put in the environment's namespace (a
 * namespace written in the object is replaced), cluster-scoped kinds keep none, and
 * Berth's labels are added (they win over the object's own on a clash); ServiceAccount
 * subjects of role bindings without a namespace get the environment's. Selectors and
 * templates inside the objects are left alone. `path` (a kustomize directory) is rendered
 * by the GitOps agent, not here.
 */
export const manifestsRenderer: ComponentRenderer = {
  type: 'manifests',
  render: (ctx) => {
    const source = ctx.component.manifests ?? {};
    const values = [...(source.objects ?? []), ...(source.yaml ? parseYaml(ctx, source.yaml) : [])];
    return values.map((value, position) => toKubeObject(ctx, value, position));
  },
};
