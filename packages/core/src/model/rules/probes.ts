import type { Finding } from '../finding.js';
import { portName } from '../names.js';
import { suggestOrList } from '../suggest.js';
import { finding, has, itemsOf, recordOf, textOf, type Rule } from './view.js';

const HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;
const PROBES = ['liveness', 'readiness', 'startup'] as const;

/** Each probe has exactly one handler; a named probe port is a port of the component. */
export const probeRule: Rule = {
  id: 'probes',
  description:
    'A probe has exactly one of httpGet, tcpSocket, exec and grpc; a port given by name names a port of the component; liveness and startup probes have successThreshold 1.',
  check(app) {
    const findings: Finding[] = [];
    for (const component of app.components) {
      const probes = recordOf(component.traits.probes);
      const ports = itemsOf(component.value.ports, [...component.path, 'ports']).flatMap(
        (port) => portName(port.value) ?? [],
      );
      for (const kind of PROBES) {
        if (!has(probes, kind)) continue;
        const probe = recordOf(probes[kind]);
        const path = [...component.path, 'traits', 'probes', kind];
        const handlers = HANDLERS.filter((handler) => has(probe, handler));
        if (handlers.length === 0) {
          findings.push(
            finding(
              path,
              'probe-handler',
              `the ${kind} probe needs one check: httpGet, tcpSocket, exec or grpc`,
            ),
          );
        } else if (handlers.length > 1) {
          findings.push(
            finding(
              path,
              'probe-handler',
              `the ${kind} probe has ${handlers.map((h) => `\`${h}\``).join(' and ')}; keep exactly one`,
            ),
          );
        }
        const success = probe.successThreshold;
        if (kind !== 'readiness' && typeof success === 'number' && success !== 1) {
          findings.push(
            finding(
              [...path, 'successThreshold'],
              'probe-success-threshold',
              `the ${kind} probe's successThreshold must be 1 (one success is enough); only a readiness probe may need more`,
            ),
          );
        }
        for (const handler of ['httpGet', 'tcpSocket'] as const) {
          const port = textOf(recordOf(probe[handler]).port);
          if (port === undefined || ports.includes(port)) continue;
          findings.push(
            finding(
              [...path, handler, 'port'],
              'unknown-port',
              `no port named \`${port}\`${suggestOrList(port, ports, 'port names')}`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
