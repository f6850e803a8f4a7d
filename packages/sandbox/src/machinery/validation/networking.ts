/**
 * Semantic checks of networking.k8s.io/v1 Ingress (pkg/apis/networking/validation): rule hosts,
 * path types and paths, and service backends.
 */
import { isIP } from 'node:net';
import type { FieldError } from '../errors.js';
import { isDns1123Subdomain } from '../names.js';
import { asObject, isDns1035Label, isValidPortName, isValidPortNum, objectsOf } from './syntax.js';

type Obj = Record<string, unknown>;

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];
const WILDCARD_HOST = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function isWildcardDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push('must be no more than 253 characters');
  if (!WILDCARD_HOST.test(value)) {
    errs.push(
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  }
  return errs;
}

function validateBackend(backend: Obj | undefined, path: string, errors: FieldError[]): void {
  const resource = asObject(backend?.resource);
  const service = asObject(backend?.service);
  if (resource && service) {
    errors.push({ reason: 'FieldValueInvalid', field: path, value: '', detail: 'cannot set both resource and service backends' });
    return;
  }
  if (resource) return;
  if (!service) {
    errors.push({ reason: 'FieldValueInvalid', field: path, value: '', detail: 'resource or service backend is required' });
    return;
  }
  const name = typeof service.name === 'string' ? service.name : '';
  if (!name) errors.push({ reason: 'FieldValueRequired', field: `${path}.service.name` });
  else for (const m of isDns1035Label(name)) errors.push({ reason: 'FieldValueInvalid', field: `${path}.service.name`, value: name, detail: m });
  const port = asObject(service.port) ?? {};
  const portName = typeof port.name === 'string' ? port.name : '';
  const portNumber = typeof port.number === 'number' ? port.number : 0;
  if (portName && portNumber) errors.push({ reason: 'FieldValueInvalid', field: path, value: '', detail: 'cannot set both port name & port number' });
  else if (portName) for (const m of isValidPortName(portName)) errors.push({ reason: 'FieldValueInvalid', field: `${path}.service.port.name`, value: portName, detail: m });
  else if (portNumber) for (const m of isValidPortNum(portNumber)) errors.push({ reason: 'FieldValueInvalid', field: `${path}.service.port.number`, value: portNumber, detail: m });
  else errors.push({ reason: 'FieldValueRequired', field: path, detail: 'port name or number is required' });
}

function validatePath(p: Obj, path: string, errors: FieldError[]): void {
  const pathType = p.pathType;
  if (typeof pathType !== 'string') {
    errors.push({ reason: 'FieldValueRequired', field: `${path}.pathType`, detail: 'pathType must be specified' });
    return;
  }
  const value = typeof p.path === 'string' ? p.path : '';
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) errors.push({ reason: 'FieldValueInvalid', field: `${path}.path`, value, detail: 'must be an absolute path' });
    if (value.length > 0) {
      for (const seq of INVALID_SEQUENCES) if (value.includes(seq)) errors.push({ reason: 'FieldValueInvalid', field: `${path}.path`, value, detail: `must not contain '${seq}'` });
      for (const suf of INVALID_SUFFIXES) if (value.endsWith(suf)) errors.push({ reason: 'FieldValueInvalid', field: `${path}.path`, value, detail: `cannot end with '${suf}'` });
    }
  } else if (pathType === 'ImplementationSpecific') {
    if (value.length > 0 && !value.startsWith('/')) errors.push({ reason: 'FieldValueInvalid', field: `${path}.path`, value, detail: 'must be an absolute path' });
  } else {
    errors.push({ reason: 'FieldValueNotSupported', field: `${path}.pathType`, value: pathType, supported: PATH_TYPES });
  }
  validateBackend(asObject(p.backend), `${path}.backend`, errors);
}

/** Checks an Ingress spec, appending to `errors`. */
export function validateIngressSpec(spec: Obj | undefined, errors: FieldError[]): void {
  const def = asObject(spec?.defaultBackend);
  if (def) validateBackend(def, 'spec.defaultBackend', errors);
  for (const [i, rule] of objectsOf(spec?.rules)) {
    const base = `spec.rules[${i}]`;
    const host = typeof rule.host === 'string' ? rule.host : '';
    if (host) {
      if (isIP(host) !== 0) errors.push({ reason: 'FieldValueInvalid', field: `${base}.host`, value: host, detail: 'must be a DNS name, not an IP address' });
      const msgs = host.includes('*') ? isWildcardDns1123Subdomain(host) : isDns1123Subdomain(host);
      for (const m of msgs) errors.push({ reason: 'FieldValueInvalid', field: `${base}.host`, value: host, detail: m });
    }
    const http = asObject(rule.http);
    if (!http) continue;
    const paths = objectsOf(http.paths);
    if (paths.length === 0) errors.push({ reason: 'FieldValueRequired', field: `${base}.http.paths` });
    for (const [j, p] of paths) validatePath(p, `${base}.http.paths[${j}]`, errors);
  }
}
