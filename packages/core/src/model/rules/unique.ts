import type { Finding } from '../finding.js';
import { formatPath } from '../problem.js';
import { portName, storageName } from '../names.js';
import type { DocumentPath } from '../parse.js';
import { finding, itemsOf, numberOf, textOf, type RawComponent, type Rule } from './view.js';

/** Track first uses of a key and report later ones. */
class FirstUse {
  private readonly seen = new Map<string, DocumentPath>();
  constructor(private readonly findings: Finding[]) {}

  /** Record `key` at `path`; report a duplicate through `message(firstPath)`. */
  use(key: string, path: DocumentPath, code: string, message: (first: string) => string): void {
    const first = this.seen.get(key);
    if (first === undefined) this.seen.set(key, path);
    else this.findings.push(finding(path, code, message(formatPath(first))));
  }
}

/** Component names, and within a component container, port and volume names and port numbers, are unique. */
export const uniqueNamesRule: Rule = {
  id: 'unique-names',
  description:
    'Component names are unique; in a component, container names, port names, port numbers (per protocol) and volume names (including generated ones) are unique.',
  check(app) {
    const findings: Finding[] = [];
    const components = new FirstUse(findings);
    for (const component of app.components) {
      if (component.name !== undefined) {
        components.use(
          component.name,
          [...component.path, 'name'],
          'duplicate-name',
          (first) =>
            `component name \`${component.name}\` is already used at ${first}; component names must be unique`,
        );
      }
      checkComponent(component, findings);
    }
    return findings;
  },
};

function checkComponent(component: RawComponent, findings: Finding[]): void {
  const containers = new FirstUse(findings);
  const portNames = new FirstUse(findings);
  const portNumbers = new FirstUse(findings);
  const volumes = new FirstUse(findings);
  const servicePorts = new FirstUse(findings);
  for (const container of component.containers) {
    if (container.name !== undefined) {
      containers.use(
        container.name,
        [...container.path, 'name'],
        'duplicate-name',
        (first) =>
          `container name \`${container.name}\` is already used at ${first}; the main container is named after the component, and every container of a pod needs its own name`,
      );
    }
    if (container.kind === 'init') {
      for (const port of itemsOf(container.ports, container.portsPath)) {
        if (port.value.expose === true)
          findings.push(
            finding(
              [...port.path, 'expose'],
              'expose-init-port',
              'an init container finishes before the pod serves, so its port cannot be exposed; expose a port of the main container or of a sidecar',
            ),
          );
      }
    }
    // Init containers run one after another, so only long-running containers share ports.
    if (container.kind !== 'init') {
      for (const port of itemsOf(container.ports, container.portsPath)) {
        const name = portName(port.value);
        if (name !== undefined) {
          const generated = textOf(port.value.name) === undefined;
          const path = generated ? port.path : [...port.path, 'name'];
          portNames.use(name, path, 'duplicate-port', (first) =>
            generated
              ? `port name \`${name}\` (generated from protocol and port) is already used at ${first}; give one of the ports a \`name\``
              : `port name \`${name}\` is already used at ${first}`,
          );
        }
        const number = numberOf(port.value.port);
        const inService =
          port.value.expose === true || (component.type === 'store' && container.kind === 'main');
        const published = numberOf(port.value.servicePort) ?? number;
        if (inService && published !== undefined) {
          const protocol = textOf(port.value.protocol) ?? 'TCP';
          const where = numberOf(port.value.servicePort) === undefined ? 'port' : 'servicePort';
          servicePorts.use(
            `${published}/${protocol}`,
            [...port.path, where],
            'duplicate-service-port',
            (first) =>
              `Service port ${published}/${protocol} is already taken by ${first}; the component's Service needs each port once, so give this one another \`servicePort\``,
          );
        }
        if (number !== undefined) {
          const protocol = textOf(port.value.protocol) ?? 'TCP';
          portNumbers.use(
            `${number}/${protocol}`,
            [...port.path, 'port'],
            'duplicate-port',
            (first) =>
              `port ${number}/${protocol} is already declared at ${first}; a pod can listen on a port only once per protocol`,
          );
        }
      }
    }
    const owner = container.kind === 'main' ? undefined : container.name;
    for (const storage of itemsOf(container.storage, container.storagePath)) {
      const name = storageName(storage.value, storage.index, owner);
      const generated = textOf(storage.value.name) === undefined;
      const path = generated ? storage.path : [...storage.path, 'name'];
      volumes.use(name, path, 'duplicate-volume', (first) =>
        generated
          ? `volume name \`${name}\` (generated from type and position) is already used at ${first}; give this storage a \`name\``
          : `volume name \`${name}\` is already used at ${first}; volume names must be unique in a pod`,
      );
    }
  }
}
