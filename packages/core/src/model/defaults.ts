import { defaultPortName, storageName } from './names.js';
import type { Application, Component, ExtraContainer, Port, Storage } from './schema.js';

const SCALED_TYPES = new Set(['webservice', 'worker', 'store']);

/**
 * The application with every default written out, so the renderer need not know them.
 * Pure: the input is not changed.
 *
 * - `replicas: 1` on webservice, worker and store components without replicas or autoscale
 *   (with autoscale, the first replica count is `autoscale.min`);
 * - ports: `protocol: TCP`, `name` from {@link defaultPortName} (`tcp-8080`), `servicePort` = `port`,
 *   `expose: false`;
 * - storage: `name` from `defaultStorageName` (`persistent-0`, or `<container>-<type>-<index>`
 *   for init/sidecar storage), `readOnly` true for config/secret and false otherwise,
 *   `sourceName` = `name` for config/secret;
 * - environments: `delivery: direct`;
 * - policies: `restartPolicy: OnFailure` (it applies to job and cronjob pods only);
 * - workflow: `mode: serial`.
 */
export function withDefaults(app: Application): Application {
  const policies = app.spec.policies ?? {};
  const spec: Application['spec'] = {
    ...app.spec,
    components: app.spec.components.map(componentWithDefaults),
    policies: { ...policies, restartPolicy: policies.restartPolicy ?? 'OnFailure' },
  };
  if (app.spec.environments !== undefined) {
    spec.environments = app.spec.environments.map((environment) => ({
      ...environment,
      delivery: environment.delivery ?? 'direct',
    }));
  }
  if (app.spec.workflow !== undefined)
    spec.workflow = { ...app.spec.workflow, mode: app.spec.workflow.mode ?? 'serial' };
  return { ...app, spec };
}

function componentWithDefaults(component: Component): Component {
  const out: Component = { ...component };
  if (SCALED_TYPES.has(component.type) && component.replicas === undefined) {
    out.replicas = component.traits?.autoscale?.min ?? 1;
  }
  if (component.ports !== undefined) out.ports = component.ports.map(portWithDefaults);
  if (component.traits !== undefined) {
    const traits = { ...component.traits };
    if (traits.storage !== undefined)
      traits.storage = traits.storage.map((storage, index) => storageWithDefaults(storage, index));
    if (traits.init !== undefined) traits.init = traits.init.map(containerWithDefaults);
    if (traits.sidecar !== undefined) traits.sidecar = traits.sidecar.map(containerWithDefaults);
    out.traits = traits;
  }
  return out;
}

function containerWithDefaults(container: ExtraContainer): ExtraContainer {
  const out: ExtraContainer = { ...container };
  if (container.ports !== undefined) out.ports = container.ports.map(portWithDefaults);
  if (container.storage !== undefined)
    out.storage = container.storage.map((storage, index) =>
      storageWithDefaults(storage, index, container.name),
    );
  return out;
}

function portWithDefaults(port: Port): Port {
  const protocol = port.protocol ?? 'TCP';
  return {
    ...port,
    name: port.name ?? defaultPortName(port.port, protocol),
    protocol,
    servicePort: port.servicePort ?? port.port,
    expose: port.expose ?? false,
  };
}

function storageWithDefaults(storage: Storage, index: number, container?: string): Storage {
  const source = storage.type === 'config' || storage.type === 'secret';
  const name = storageName(storage, index, container);
  const out: Storage = { ...storage, name, readOnly: storage.readOnly ?? source };
  if (source && storage.sourceName === undefined) out.sourceName = name;
  return out;
}
