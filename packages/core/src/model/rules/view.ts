import { isRecord, type Finding } from '../finding.js';
import type { DocumentPath } from '../parse.js';

/** A mapping found at `path` of the raw document. */
export interface RawItem {
  path: DocumentPath;
  index: number;
  value: Record<string, unknown>;
  /** `value.name` when it is a string. */
  name?: string;
}

/** A component of the raw document, with the fields rules look at most, read defensively. */
export interface RawComponent extends RawItem {
  /** `value.type` when it is a string. */
  type?: string;
  /** `value.traits` when it is a mapping, else `{}`. */
  traits: Record<string, unknown>;
  /** The main container and every init and sidecar container of the component's pod. */
  containers: RawContainer[];
}

/** One container of a component's pod, as written in the document. */
export interface RawContainer {
  kind: 'main' | 'init' | 'sidecar';
  /** The container name: the component name for the main container. */
  name?: string;
  /** Path of the container definition (the component itself for the main container). */
  path: DocumentPath;
  /** Where this container's env list, ports, resources and storage live. */
  envPath: DocumentPath;
  portsPath: DocumentPath;
  resourcesPath: DocumentPath;
  storagePath: DocumentPath;
  env: unknown;
  ports: unknown;
  resources: unknown;
  storage: unknown;
  /** Init/sidecar only: mounts of component volumes. */
  mounts: unknown;
}

/**
 * The raw (unvalidated) application as rules see it. Every accessor guards its input, so a
 * rule can run on a document the schema rejected and still report what it can.
 */
export interface ApplicationView {
  root: Record<string, unknown>;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
  components: RawComponent[];
  environments: RawItem[];
  steps: RawItem[];
}

/** A semantic rule: a pure function from the raw application to findings. Never throws. */
export interface Rule {
  /** Stable identifier, e.g. `depends-on`. */
  id: string;
  /** One line for documentation and `berth validate --explain`. */
  description: string;
  check(app: ApplicationView): Finding[];
}

/** Build the view of a raw document (anything at all). */
export function viewOf(input: unknown): ApplicationView {
  const root = isRecord(input) ? input : {};
  const metadata = recordOf(root.metadata);
  const spec = recordOf(root.spec);
  const components = itemsOf(spec.components, ['spec', 'components']).map(componentView);
  const environments = itemsOf(spec.environments, ['spec', 'environments']);
  const workflow = recordOf(spec.workflow);
  const steps = itemsOf(workflow.steps, ['spec', 'workflow', 'steps']);
  return { root, metadata, spec, components, environments, steps };
}

function componentView(item: RawItem): RawComponent {
  const traits = recordOf(item.value.traits);
  const traitsPath = [...item.path, 'traits'];
  const main: RawContainer = {
    kind: 'main',
    path: item.path,
    envPath: [...traitsPath, 'envs'],
    portsPath: [...item.path, 'ports'],
    resourcesPath: [...traitsPath, 'resources'],
    storagePath: [...traitsPath, 'storage'],
    env: traits.envs,
    ports: item.value.ports,
    resources: traits.resources,
    storage: traits.storage,
    mounts: undefined,
  };
  if (item.name !== undefined) main.name = item.name;
  const extra = (['init', 'sidecar'] as const).flatMap((kind) =>
    itemsOf(traits[kind], [...traitsPath, kind]).map((container): RawContainer => {
      const view: RawContainer = {
        kind,
        path: container.path,
        envPath: [...container.path, 'env'],
        portsPath: [...container.path, 'ports'],
        resourcesPath: [...container.path, 'resources'],
        storagePath: [...container.path, 'storage'],
        env: container.value.env,
        ports: container.value.ports,
        resources: container.value.resources,
        storage: container.value.storage,
        mounts: container.value.mounts,
      };
      if (container.name !== undefined) view.name = container.name;
      return view;
    }),
  );
  const component: RawComponent = { ...item, traits, containers: [main, ...extra] };
  const type = textOf(item.value.type);
  if (type !== undefined) component.type = type;
  return component;
}

/** The mappings of a list (non-mapping entries are skipped; their index is kept). */
export function itemsOf(list: unknown, path: DocumentPath): RawItem[] {
  if (!Array.isArray(list)) return [];
  const items: RawItem[] = [];
  list.forEach((value, index) => {
    if (!isRecord(value)) return;
    const item: RawItem = { path: [...path, index], index, value };
    const name = textOf(value.name);
    if (name !== undefined) item.name = name;
    items.push(item);
  });
  return items;
}

/** `value` when it is a mapping, else an empty one. */
export function recordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** `value` when it is a string, else `undefined`. */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `value` when it is a finite number, else `undefined`. */
export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The strings of a list, with their index (other entries skipped). */
export function stringsOf(list: unknown): Array<{ index: number; value: string }> {
  if (!Array.isArray(list)) return [];
  return list.flatMap((value, index) => (typeof value === 'string' ? [{ index, value }] : []));
}

/** `true` when `key` is written in the mapping (even as null). */
export function has(record: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key) && record[key] !== undefined;
}

/** The names of the components, in document order (unnamed ones skipped). */
export function componentNames(app: ApplicationView): string[] {
  return app.components.flatMap((component) => (component.name === undefined ? [] : [component.name]));
}

/** Shorthand for an error finding. */
export function finding(
  path: DocumentPath,
  code: string,
  message: string,
  severity: Finding['severity'] = 'error',
): Finding {
  return { path, code, message, severity };
}
