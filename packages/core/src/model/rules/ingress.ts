import type { Finding } from '../finding.js';
import { dnsSubdomainError, portName } from '../names.js';
import type { DocumentPath } from '../parse.js';
import { finding, has, itemsOf, numberOf, recordOf, textOf, type Rule } from './view.js';

const INGRESS_TYPES = new Set(['webservice', 'store']);

/** An ingress routes to an exposed port of a webservice or store. */
export const ingressRule: Rule = {
  id: 'ingress',
  description:
    'ingress only on webservice and store components, which need a port with `expose: true`; ingress.port names an exposed port (by name, container port or Service port); host is a DNS name and path absolute.',
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
      const exposed = component.containers
        .filter((container) => container.kind !== 'init')
        .flatMap((container) => itemsOf(container.ports, container.portsPath))
        .filter((port) => port.value.expose === true);
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
      findings.push(...checkHostAndPath(ingress, path));
      const wanted = ingress.port;
      if (wanted === undefined) continue;
      const matches = exposed.some((port) =>
        typeof wanted === 'number'
          ? numberOf(port.value.port) === wanted || numberOf(port.value.servicePort) === wanted
          : portName(port.value) === textOf(wanted),
      );
      if (!matches) {
        const choices = exposed
          .map((port) => {
            const service = numberOf(port.value.servicePort);
            const number =
              service === undefined
                ? String(port.value.port)
                : `${String(service)}→${String(port.value.port)}`;
            return `${number} (${portName(port.value) ?? '?'})`;
          })
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

/** Why `host` is not an Ingress host (a DNS name, optionally `*.` + a DNS name; no scheme, port or IP), or undefined. */
export function ingressHostError(host: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host))
    return `must be a host name without a scheme, e.g. \`${host.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[:/].*$/, '')}\``;
  if (/^[0-9.]+$/.test(host) || host.includes(':'))
    return 'must be a DNS name, not an IP address or host:port';
  const name = host.startsWith('*.') ? host.slice(2) : host;
  if (dnsSubdomainError(name) !== undefined)
    return 'must be a lower-case DNS name such as shop.example.com (optionally starting with `*.`)';
  return undefined;
}

function checkHostAndPath(ingress: Record<string, unknown>, path: DocumentPath): ReturnType<Rule['check']> {
  const findings: Finding[] = [];
  const host = textOf(ingress.host);
  const hostError = host === undefined ? undefined : ingressHostError(host);
  if (hostError !== undefined)
    findings.push(
      finding([...path, 'host'], 'invalid-ingress-host', `ingress.host \`${host ?? ''}\` ${hostError}`),
    );
  const routePath = textOf(ingress.path);
  if (routePath !== undefined && !routePath.startsWith('/'))
    findings.push(
      finding(
        [...path, 'path'],
        'invalid-ingress-path',
        `ingress.path \`${routePath}\` must be an absolute path, e.g. \`/${routePath.replace(/^\.?\/*/, '')}\``,
      ),
    );
  return findings;
}
