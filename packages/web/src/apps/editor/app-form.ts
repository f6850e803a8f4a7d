import { isMap, isScalar, parseDocument, type Document } from 'yaml';

type Json = Record<string, unknown>;

/**
 * One container port as the wizard edits it. A field holds the document's value as written
 * (so `expose: false` stays written); fields the form has no control for (`servicePort`), or
 * of a type its control cannot show, are kept in `extra`.
 */
export interface PortForm {
  port?: number | null | undefined;
  name?: string | undefined;
  protocol?: string | undefined;
  expose?: boolean | undefined;
  extra: Json;
}

/**
 * One environment variable (`traits.envs[]`) as written: the form edits `name` and `value`,
 * and keeps every other key (`valueFrom`) of the entry unchanged.
 */
export type EnvVarForm = Json & { name?: string; value?: string; valueFrom?: unknown };

/** `traits.resources` as written: requests `cpu`, `memory` and `limits.{cpu,memory}`, Kubernetes quantities. */
export type ResourcesForm = Json & {
  cpu?: string | number;
  memory?: string | number;
  limits?: Json & { cpu?: string | number; memory?: string | number };
};

/** One component as the wizard edits it; fields the form has no control for are kept in `extra`. */
export interface ComponentForm {
  name: string;
  type: string;
  image: string;
  replicas?: number | undefined;
  /** Container ports, one row each. */
  ports: PortForm[];
  dependsOn: string[];
  /** `traits.envs`, when it is a list of entries (else it stays in `traits`). */
  env: EnvVarForm[];
  /** `traits.resources`, when it is an object (else it stays in `traits`). */
  resources?: ResourcesForm | undefined;
  /** The other traits: trait name → its properties (a list for storage, …). */
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

const COMPONENT_FIELDS = ['name', 'type', 'image', 'replicas', 'dependsOn'] as const;

/** A non-empty list of objects (what a list of form rows can show), else `undefined`. */
const rowsOf = (value: unknown): Json[] | undefined =>
  Array.isArray(value) && value.length > 0 && value.every(isObject) ? value : undefined;

const isQuantity = (v: unknown) => v === undefined || typeof v === 'string' || typeof v === 'number';

/** `resources` when the form's four quantity fields can show it, else `undefined` (kept as written). */
function resourcesOf(value: unknown): ResourcesForm | undefined {
  if (!isObject(value) || !isQuantity(value.cpu) || !isQuantity(value.memory)) return undefined;
  if (value.limits === undefined) return copy(value) as ResourcesForm;
  const limits = value.limits;
  return isObject(limits) && isQuantity(limits.cpu) && isQuantity(limits.memory)
    ? (copy(value) as ResourcesForm)
    : undefined;
}

/** The form of one port entry; a field of a type its control cannot show stays in `extra`. */
function portForm(port: Json): PortForm {
  const shown = {
    port: typeof port.port === 'number' ? port.port : undefined,
    name: typeof port.name === 'string' ? port.name : undefined,
    protocol: typeof port.protocol === 'string' ? port.protocol : undefined,
    expose: typeof port.expose === 'boolean' ? port.expose : undefined,
  };
  const extra = Object.fromEntries(
    Object.entries(port).filter(([k]) => !(k in shown) || shown[k as keyof typeof shown] === undefined),
  );
  return { ...shown, extra };
}

/** The form of a component's traits: `envs` and `resources` get controls of their own when they fit. */
function traitsForm(c: Json): Pick<ComponentForm, 'env' | 'resources' | 'traits'> {
  if (!isObject(c.traits)) return { env: [], traits: {} };
  const env = rowsOf(c.traits.envs);
  const resources = resourcesOf(c.traits.resources);
  const own = [...(env ? ['envs'] : []), ...(resources ? ['resources'] : [])];
  return {
    env: env ? (structuredClone(env) as EnvVarForm[]) : [],
    resources,
    traits: copy(omit(c.traits, own)),
  };
}
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
      const ports = rowsOf(c.ports);
      const own = [
        ...COMPONENT_FIELDS,
        ...(ports ? ['ports'] : []),
        ...(isObject(c.traits) ? ['traits'] : []),
      ];
      return {
        name: String(c.name ?? ''),
        type: String(c.type ?? 'webservice'),
        image: String(c.image ?? ''),
        replicas: typeof c.replicas === 'number' ? c.replicas : undefined,
        ports: (ports ?? []).map(portForm),
        dependsOn: Array.isArray(c.dependsOn) ? c.dependsOn.map(String) : [],
        ...traitsForm(c),
        extra: omit(c, own),
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

/** `out` plus the `extra` keys it does not set (a control's value wins over a kept one). */
function withKept(out: Json, extra: Json | undefined): Json {
  for (const [key, value] of Object.entries(extra ?? {})) if (!(key in out)) out[key] = value;
  return out;
}

/** A value without the keys a form control cleared (set to `undefined`, or `null` by a number input). */
function withoutCleared(value: Json): Json {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null));
}

function portValue(form: PortForm): Json {
  const out = withoutCleared({
    port: form.port,
    name: form.name,
    protocol: form.protocol,
    expose: form.expose,
  });
  return withKept(out, form.extra);
}

/**
 * The resources the form holds, with the fields it cleared removed; `limits` (and then
 * `resources`) is dropped when clearing its last field emptied it. Objects written empty stay.
 */
function resourcesValue(form: ResourcesForm | undefined): Json | undefined {
  if (!isObject(form)) return undefined;
  const out = withoutCleared(form);
  if (isObject(form.limits)) {
    const limits = withoutCleared(form.limits);
    if (Object.keys(limits).length > 0 || Object.keys(form.limits).length === 0) out.limits = limits;
    else delete out.limits;
  }
  return Object.keys(out).length > 0 || Object.keys(form).length === 0 ? out : undefined;
}

function componentValue(form: ComponentForm): Json {
  const out: Json = { name: form.name, type: form.type };
  if (form.image) out.image = form.image;
  if (form.replicas !== undefined && form.replicas !== null) out.replicas = form.replicas;
  const ports = (form.ports ?? []).filter(isObject).map(portValue);
  if (ports.length > 0) out.ports = ports;
  if (form.dependsOn?.length > 0) out.dependsOn = [...form.dependsOn];
  const traits: Json = { ...form.traits };
  const env = (form.env ?? []).filter(isObject).map(withoutCleared);
  if (env.length > 0) traits.envs = env;
  const resources = resourcesValue(form.resources);
  if (resources !== undefined) traits.resources = resources;
  if (nonEmpty(traits)) out.traits = traits;
  return withKept(out, form.extra);
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
  doc.setIn(['metadata', 'name'], form.name);
  if (form.workspace) doc.setIn(['metadata', 'workspace'], form.workspace);
  else if (doc.hasIn(['metadata', 'workspace'])) doc.deleteIn(['metadata', 'workspace']);
  const components = form.components.map(componentValue);
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
