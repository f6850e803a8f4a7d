import { isMap, isScalar, parseDocument, type Document } from 'yaml';

type Json = Record<string, unknown>;

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
  /** The `traits` object: trait name → its properties (a list for storage, envs, …). */
  traits: Json;
  extra: Json;
}

/** One environment as the wizard edits it. */
export interface EnvironmentForm {
  name: string;
  cluster: string;
  namespace: string;
  delivery: 'direct' | 'gitops';
  /** `gitops`: repository, branch, agent. */
  gitops: Json;
  /** `overrides`: per-component changes and policies for this environment. */
  overrides: Json;
  extra: Json;
}

/** The wizard's view of an application document. */
export interface AppForm {
  name: string;
  workspace: string;
  components: ComponentForm[];
  /** `spec.policies`. */
  policies: Json;
  environments: EnvironmentForm[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function omit(value: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));
}

/** Structural equality of plain (parsed YAML) values; key order does not matter. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    return (
      keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length &&
      keys.every((k) => same(a[k], b[k]))
    );
  }
  return false;
}

/** A deep copy of a parsed YAML value, so the form never shares objects with the document. */
const copy = (value: Json): Json => structuredClone(value);

const COMPONENT_FIELDS = ['name', 'type', 'image', 'replicas', 'ports', 'dependsOn'] as const;
const ENVIRONMENT_FIELDS = ['name', 'cluster', 'namespace', 'delivery'] as const;

/** The wizard form of an application value (parsed YAML). Fields of the wrong shape stay in `extra`. */
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
        traits: isObject(c.traits) ? copy(c.traits) : {},
        extra: omit(c, isObject(c.traits) ? [...COMPONENT_FIELDS, 'traits'] : COMPONENT_FIELDS),
      };
    }),
    policies: isObject(spec.policies) ? copy(spec.policies) : {},
    environments: environments.map((e) => {
      const own = [
        ...ENVIRONMENT_FIELDS,
        ...(['gitops', 'overrides'] as const).filter((k) => isObject(e[k])),
      ];
      return {
        name: String(e.name ?? ''),
        cluster: String(e.cluster ?? ''),
        namespace: String(e.namespace ?? ''),
        delivery: e.delivery === 'gitops' ? 'gitops' : 'direct',
        gitops: isObject(e.gitops) ? copy(e.gitops) : {},
        overrides: isObject(e.overrides) ? copy(e.overrides) : {},
        extra: omit(e, own),
      };
    }),
  };
}

/** Parses YAML text into the wizard form; `error` when the text is not readable YAML. */
export function formFromYaml(text: string): { form: AppForm } | { error: string } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { error: doc.errors[0]!.message };
  return { form: formFromValue(doc.toJS()) };
}

const nonEmpty = (value: Json | undefined): value is Json => isObject(value) && Object.keys(value).length > 0;

function componentValue(form: ComponentForm, previous: Json | undefined): Json {
  const out: Json = { name: form.name, type: form.type };
  if (form.image) out.image = form.image;
  if (form.replicas !== undefined && form.replicas !== null) out.replicas = form.replicas;
  const numbers = (form.ports ?? '')
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
  if (form.dependsOn?.length > 0) out.dependsOn = [...form.dependsOn];
  Object.assign(out, form.extra);
  if (nonEmpty(form.traits)) out.traits = form.traits;
  return out;
}

function environmentValue(form: EnvironmentForm): Json {
  const out: Json = {
    name: form.name,
    cluster: form.cluster,
    namespace: form.namespace,
    delivery: form.delivery,
  };
  if (nonEmpty(form.gitops)) out.gitops = form.gitops;
  if (nonEmpty(form.overrides)) out.overrides = form.overrides;
  return { ...out, ...form.extra };
}

/** Where a new `spec` key goes: before the keys that conventionally follow it. */
const SPEC_ORDER = ['components', 'policies', 'environments', 'workflow'];

/** Sets `spec.<key>`, in place when it exists, else in its conventional position. */
function setSpec(doc: Document, key: string, value: unknown): void {
  const spec = doc.getIn(['spec']);
  if (!isMap(spec) || spec.has(key)) {
    doc.setIn(['spec', key], doc.createNode(value));
    return;
  }
  const later = SPEC_ORDER.slice(SPEC_ORDER.indexOf(key) + 1);
  const at = spec.items.findIndex((pair) => isScalar(pair.key) && later.includes(String(pair.key.value)));
  const pair = doc.createPair(key, value);
  if (at < 0) spec.items.push(pair);
  else spec.items.splice(at, 0, pair);
}

/**
 * Writes the wizard form into YAML text. With `previous` text, everything the form does not
 * edit (workflow, labels, comments) is kept, and a section the form left as it was (components,
 * policies, environments) keeps its text, comments and layout.
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
  const components = form.components.map((c) =>
    componentValue(
      c,
      oldComponents.find((o) => o.name === c.name),
    ),
  );
  if (!same(components, spec.components)) setSpec(doc, 'components', components);
  const policies = form.policies ?? {};
  if (!same(policies, formFromValue(before).policies)) {
    if (nonEmpty(policies)) setSpec(doc, 'policies', policies);
    else doc.deleteIn(['spec', 'policies']);
  }
  if (form.environments.length > 0 || doc.hasIn(['spec', 'environments'])) {
    const environments = form.environments.map(environmentValue);
    if (!same(environments, spec.environments)) setSpec(doc, 'environments', environments);
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
