import { isMap, parseDocument, stringify, type Document } from 'yaml';

/** One component as the wizard edits it; fields the form has no control for are kept in `extra`. */
export interface ComponentForm {
  name: string;
  type: string;
  image: string;
  replicas?: number | undefined;
  /** Container ports, e.g. `8080, 9090`. */
  ports: string;
  /** Expose the ports through the component Service. */
  expose: boolean;
  dependsOn: string[];
  /** The `traits` object as YAML text ('' for none). */
  traits: string;
  extra: Record<string, unknown>;
}

/** One environment as the wizard edits it. */
export interface EnvironmentForm {
  name: string;
  cluster: string;
  namespace: string;
  delivery: 'direct' | 'gitops';
  extra: Record<string, unknown>;
}

/** The wizard's view of an application document. */
export interface AppForm {
  name: string;
  workspace: string;
  components: ComponentForm[];
  environments: EnvironmentForm[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function omit(value: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));
}

const COMPONENT_FIELDS = ['name', 'type', 'image', 'replicas', 'ports', 'dependsOn', 'traits'] as const;
const ENVIRONMENT_FIELDS = ['name', 'cluster', 'namespace', 'delivery'] as const;

/** The wizard form of an application value (parsed YAML). */
export function formFromValue(value: unknown): AppForm {
  const doc = isObject(value) ? value : {};
  const metadata = isObject(doc.metadata) ? doc.metadata : {};
  const spec = isObject(doc.spec) ? doc.spec : {};
  const components = Array.isArray(spec.components) ? spec.components.filter(isObject) : [];
  const environments = Array.isArray(spec.environments) ? spec.environments.filter(isObject) : [];
  return {
    name: String(metadata.name ?? ''),
    workspace: String(metadata.workspace ?? ''),
    components: components.map((c) => {
      const ports = Array.isArray(c.ports) ? c.ports.filter(isObject) : [];
      return {
        name: String(c.name ?? ''),
        type: String(c.type ?? 'webservice'),
        image: String(c.image ?? ''),
        replicas: typeof c.replicas === 'number' ? c.replicas : undefined,
        ports: ports.map((p) => String(p.port)).join(', '),
        expose: ports.length > 0 && ports.some((p) => p.expose === true),
        dependsOn: Array.isArray(c.dependsOn) ? c.dependsOn.map(String) : [],
        traits: isObject(c.traits) && Object.keys(c.traits).length > 0 ? stringify(c.traits).trimEnd() : '',
        extra: omit(c, COMPONENT_FIELDS),
      };
    }),
    environments: environments.map((e) => ({
      name: String(e.name ?? ''),
      cluster: String(e.cluster ?? ''),
      namespace: String(e.namespace ?? ''),
      delivery: e.delivery === 'gitops' ? 'gitops' : 'direct',
      extra: omit(e, ENVIRONMENT_FIELDS),
    })),
  };
}

/** Parses YAML text into the wizard form; `error` when the text is not readable YAML. */
export function formFromYaml(text: string): { form: AppForm } | { error: string } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { error: doc.errors[0]!.message };
  return { form: formFromValue(doc.toJS()) };
}

function componentValue(form: ComponentForm, previous: Json | undefined): Json {
  const out: Json = { name: form.name, type: form.type };
  if (form.image) out.image = form.image;
  if (form.replicas !== undefined && form.replicas !== null) out.replicas = form.replicas;
  const numbers = form.ports
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map(Number);
  if (numbers.length > 0) {
    const old = Array.isArray(previous?.ports) ? previous.ports.filter(isObject) : [];
    const oldExpose = old.length > 0 && old.some((p) => p.expose === true);
    out.ports = numbers.map((port) => {
      const kept = old.find((p) => p.port === port);
      const base: Json = kept ? { ...kept, port } : { port };
      // Keep per-port settings unless the expose switch was changed in the form.
      if (!kept || form.expose !== oldExpose) {
        if (form.expose) base.expose = true;
        else delete base.expose;
      }
      return base;
    });
  }
  if (form.dependsOn.length > 0) out.dependsOn = [...form.dependsOn];
  Object.assign(out, form.extra);
  const traits = form.traits.trim() ? (parseDocument(form.traits).toJS() as unknown) : undefined;
  if (isObject(traits) && Object.keys(traits).length > 0) out.traits = traits;
  return out;
}

/**
 * Writes the wizard form into YAML text. With `previous` text, everything the form does not
 * edit (policies, workflow, labels, comments outside components and environments) is kept.
 */
export function yamlFromForm(form: AppForm, previous = ''): string {
  let doc: Document = parseDocument(previous);
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    doc = parseDocument('apiVersion: berth.dev/v1alpha1\nkind: Application\n');
  }
  const before = (doc.toJS() ?? {}) as Json;
  const spec = isObject(before.spec) ? before.spec : {};
  const oldComponents = Array.isArray(spec.components) ? spec.components.filter(isObject) : [];
  doc.setIn(['metadata', 'name'], form.name);
  if (form.workspace) doc.setIn(['metadata', 'workspace'], form.workspace);
  else if (doc.hasIn(['metadata', 'workspace'])) doc.deleteIn(['metadata', 'workspace']);
  doc.setIn(
    ['spec', 'components'],
    doc.createNode(form.components.map((c) => componentValue(c, oldComponents.find((o) => o.name === c.name)))),
  );
  if (form.environments.length > 0 || doc.hasIn(['spec', 'environments'])) {
    doc.setIn(
      ['spec', 'environments'],
      doc.createNode(
        form.environments.map((e) => ({ name: e.name, cluster: e.cluster, namespace: e.namespace, delivery: e.delivery, ...e.extra })),
      ),
    );
  }
  return doc.toString({ lineWidth: 0 });
}

/** A new application's starting text: the Web + Worker + Redis example of the seed. */
export const STARTER_YAML = `apiVersion: berth.dev/v1alpha1
kind: Application
metadata:
  name: shop
  workspace: default
spec:
  components:
    - name: redis
      type: store
      image: redis:7
      ports: [{ port: 6379 }]
    - name: web
      type: webservice
      image: ghcr.io/acme/shop:1.4.0
      replicas: 2
      ports: [{ port: 8080, expose: true }]
      dependsOn: [redis]
    - name: worker
      type: worker
      image: ghcr.io/acme/shop-worker:1.4.0
      dependsOn: [redis]
  environments:
    - { name: dev, cluster: sandbox, namespace: shop-dev, delivery: direct }
`;
