import type { Finding } from '../finding.js';
import { portName } from '../names.js';
import { finding, has, itemsOf, numberOf, recordOf, textOf, type Rule } from './view.js';

const INGRESS_TYPES = new Set(['webservice', 'store']);

/** An ingress routes to an exposed port of a webservice or store. */
export const ingressRule: Rule = {
  id: 'ingress',
  description:
    'ingress only on webservice and store components, which need a port with `expose: true`; ingress.port names an exposed port.',
  check(app) {
    const findings: Finding[] = [];
    for (const component of app.components) {
      if (!has(component.traits, 'ingress')) continue;
      const path = [...component.path, 'traits', 'ingress'];
      const name = component.name ?? 'this component';
      if (component.type !== undefined && !INGRESS_TYPES.has(component.type)) {
        findings.push(
          finding(
            path,
            'trait-not-applicable',
            `ingress applies to webservice and store components, and ${name} is a ${component.type}; it has no Service to route to`,
          ),
        );
        continue;
      }
      const exposed = itemsOf(component.value.ports, [...component.path, 'ports']).filter(
        (port) => port.value.expose === true,
      );
      if (exposed.length === 0) {
        findings.push(
          finding(
            path,
            'ingress-needs-port',
            `ingress needs a port with \`expose: true\` on ${name}; e.g. \`ports: [{ port: 8080, expose: true }]\``,
          ),
        );
        continue;
      }
      const ingress = recordOf(component.traits.ingress);
      const wanted = ingress.port;
      if (wanted === undefined) continue;
      const matches = exposed.some((port) =>
        typeof wanted === 'number'
          ? numberOf(port.value.port) === wanted
          : portName(port.value) === textOf(wanted),
      );
      if (!matches) {
        const choices = exposed
          .map((port) => `${String(port.value.port)} (${portName(port.value) ?? '?'})`)
          .join(', ');
        findings.push(
          finding(
            [...path, 'port'],
            'ingress-port',
            `ingress.port \`${String(wanted)}\` is not an exposed port of ${name}; exposed ports are ${choices}`,
          ),
        );
      }
    }
    return findings;
  },
};
