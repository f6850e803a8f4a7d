/**
 * Semantic checks of core/v1 Service (ValidateService): ports (names, numbers, protocols,
 * duplicates), target ports, type and selector.
 */
import type { FieldError } from '../errors.js';
import { isDns1123Label, isQualifiedName, isValidLabelValue } from '../names.js';
import { asObject, isValidPortName, isValidPortNum, objectsOf } from './syntax.js';

type Obj = Record<string, unknown>;

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

/** Go `%#v` of the (protocol, port) key the apiserver reports for a duplicate port. */
function portKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

/** Checks a Service spec, appending to `errors`. */
export function validateServiceSpec(spec: Obj | undefined, errors: FieldError[]): void {
  const s = spec ?? {};
  const ports = objectsOf(s.ports);
  const headless = s.clusterIP === 'None';
  if (s.type !== 'ExternalName' && !headless && ports.length === 0) errors.push({ reason: 'FieldValueRequired', field: 'spec.ports' });
  const names = new Set<string>();
  for (const [i, port] of ports) {
    const p = `spec.ports[${i}]`;
    const name = typeof port.name === 'string' ? port.name : '';
    if (ports.length > 1 && name === '') errors.push({ reason: 'FieldValueRequired', field: `${p}.name` });
    else if (name !== '') {
      for (const m of isDns1123Label(name)) errors.push({ reason: 'FieldValueInvalid', field: `${p}.name`, value: name, detail: m });
      if (names.has(name)) errors.push({ reason: 'FieldValueDuplicate', field: `${p}.name`, value: name });
      names.add(name);
    }
    if (typeof port.port === 'number') for (const m of isValidPortNum(port.port)) errors.push({ reason: 'FieldValueInvalid', field: `${p}.port`, value: port.port, detail: m });
    if (typeof port.protocol === 'string' && !PROTOCOLS.includes(port.protocol)) {
      errors.push({ reason: 'FieldValueNotSupported', field: `${p}.protocol`, value: port.protocol, supported: PROTOCOLS });
    }
    const tp = port.targetPort;
    if (typeof tp === 'number') for (const m of isValidPortNum(tp)) errors.push({ reason: 'FieldValueInvalid', field: `${p}.targetPort`, value: tp, detail: m });
    else if (typeof tp === 'string') for (const m of isValidPortName(tp)) errors.push({ reason: 'FieldValueInvalid', field: `${p}.targetPort`, value: tp, detail: m });
  }
  const selector = asObject(s.selector);
  if (selector) {
    for (const [k, v] of Object.entries(selector)) {
      for (const m of isQualifiedName(k)) errors.push({ reason: 'FieldValueInvalid', field: 'spec.selector', value: k, detail: m });
      if (typeof v === 'string') for (const m of isValidLabelValue(v)) errors.push({ reason: 'FieldValueInvalid', field: 'spec.selector', value: v, detail: m });
    }
  }
  if (typeof s.type === 'string' && !TYPES.includes(s.type)) errors.push({ reason: 'FieldValueNotSupported', field: 'spec.type', value: s.type, supported: TYPES });
  const seen = new Set<string>();
  for (const [i, port] of ports) {
    if (typeof port.port !== 'number') continue;
    const protocol = typeof port.protocol === 'string' ? port.protocol : 'TCP';
    const key = `${protocol}/${port.port}`;
    if (seen.has(key)) errors.push({ reason: 'FieldValueDuplicate', field: `spec.ports[${i}]`, rawValue: portKey(protocol, port.port) });
    seen.add(key);
  }
}
