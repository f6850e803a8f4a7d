/**
 * Semantic checks of a pod spec (ValidatePodSpec of pkg/apis/core/validation): containers and
 * their ports, env, volume mounts, probes and resources; volumes; restart policy. Used for Pods
 * and every pod template.
 */
import { ApiError, type FieldError } from '../errors.js';
import { isDns1123Label } from '../names.js';
import { canonicalQuantity, parseQuantity, QUANTITY_FORMAT_ERROR, type Quantity } from './quantity.js';
import { asObject, isEnvVarName, isValidPortName, isValidPortNum, NON_NEGATIVE, objectsOf } from './syntax.js';

type Obj = Record<string, unknown>;

/** Resource names a container may request without a domain prefix. */
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/** Checks `spec` (a PodSpec at `path`), appending to `errors`. */
export function validatePodSpec(spec: unknown, path: string, errors: FieldError[], kind = 'Pod'): void {
  const s = asObject(spec);
  if (!s) {
    errors.push({ reason: 'FieldValueRequired', field: `${path}.containers` });
    return;
  }
  const volumes = validateVolumes(s.volumes, `${path}.volumes`, errors);
  const containers = objectsOf(s.containers);
  const names = new Set<string>();
  if (!Array.isArray(s.containers) || s.containers.length === 0) errors.push({ reason: 'FieldValueRequired', field: `${path}.containers` });
  for (const [i, c] of containers) {
    const p = `${path}.containers[${i}]`;
    validateContainer(c, p, volumes, errors, kind);
    if (typeof c.name === 'string' && c.name) {
      if (names.has(c.name)) errors.push({ reason: 'FieldValueDuplicate', field: `${p}.name`, value: c.name });
      names.add(c.name);
    }
    validateProbe(c.livenessProbe, `${p}.livenessProbe`, true, errors);
    validateProbe(c.readinessProbe, `${p}.readinessProbe`, false, errors);
    validateProbe(c.startupProbe, `${p}.startupProbe`, true, errors);
  }
  for (const [i, c] of objectsOf(s.initContainers)) {
    const p = `${path}.initContainers[${i}]`;
    validateContainer(c, p, volumes, errors, kind);
    if (typeof c.name === 'string' && c.name) {
      if (names.has(c.name)) errors.push({ reason: 'FieldValueDuplicate', field: `${p}.name`, value: c.name });
      names.add(c.name);
    }
    if (c.restartPolicy === 'Always') {
      validateProbe(c.livenessProbe, `${p}.livenessProbe`, true, errors);
      validateProbe(c.readinessProbe, `${p}.readinessProbe`, false, errors);
      validateProbe(c.startupProbe, `${p}.startupProbe`, true, errors);
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[f] !== undefined && c[f] !== null) {
          errors.push({ reason: 'FieldValueForbidden', field: `${p}.${f}`, detail: 'may not be set for init containers without restartPolicy=Always' });
        }
      }
    }
  }
  const rp = s.restartPolicy;
  if (rp === '') errors.push({ reason: 'FieldValueRequired', field: `${path}.restartPolicy` });
  else if (typeof rp === 'string' && !['Always', 'OnFailure', 'Never'].includes(rp)) {
    errors.push({ reason: 'FieldValueNotSupported', field: `${path}.restartPolicy`, value: rp, supported: ['Always', 'OnFailure', 'Never'] });
  }
  if (typeof s.activeDeadlineSeconds === 'number' && (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > 2147483647)) {
    errors.push({ reason: 'FieldValueInvalid', field: `${path}.activeDeadlineSeconds`, value: s.activeDeadlineSeconds, detail: 'must be between 1 and 2147483647, inclusive' });
  }
}

/** Volumes: unique DNS-1123 label names. Returns the names a mount may reference. */
function validateVolumes(list: unknown, path: string, errors: FieldError[]): Set<string> {
  const names = new Set<string>();
  for (const [i, v] of objectsOf(list)) {
    const field = `${path}[${i}].name`;
    const name = typeof v.name === 'string' ? v.name : '';
    if (!name) errors.push({ reason: 'FieldValueRequired', field });
    else for (const m of isDns1123Label(name)) errors.push({ reason: 'FieldValueInvalid', field, value: name, detail: m });
    if (names.has(name)) errors.push({ reason: 'FieldValueDuplicate', field, value: name });
    names.add(name);
  }
  return names;
}

function validateContainer(c: Obj, p: string, volumes: Set<string>, errors: FieldError[], kind: string): void {
  if (!c.name) errors.push({ reason: 'FieldValueRequired', field: `${p}.name` });
  else if (typeof c.name === 'string') {
    for (const m of isDns1123Label(c.name)) errors.push({ reason: 'FieldValueInvalid', field: `${p}.name`, value: c.name, detail: m });
  }
  if (!c.image) errors.push({ reason: 'FieldValueRequired', field: `${p}.image` });
  else if (typeof c.image === 'string' && c.image !== c.image.trim()) {
    errors.push({ reason: 'FieldValueInvalid', field: `${p}.image`, value: c.image, detail: 'must not have leading or trailing whitespace' });
  }
  validatePorts(c.ports, `${p}.ports`, errors);
  validateEnv(c.env, `${p}.env`, errors);
  validateVolumeMounts(c.volumeMounts, `${p}.volumeMounts`, volumes, errors);
  validateResources(asObject(c.resources), `${p}.resources`, errors, kind);
}

function validatePorts(list: unknown, path: string, errors: FieldError[]): void {
  const names = new Set<string>();
  for (const [i, port] of objectsOf(list)) {
    const p = `${path}[${i}]`;
    if (typeof port.name === 'string' && port.name.length > 0) {
      const msgs = isValidPortName(port.name);
      for (const m of msgs) errors.push({ reason: 'FieldValueInvalid', field: `${p}.name`, value: port.name, detail: m });
      if (msgs.length === 0 && names.has(port.name)) errors.push({ reason: 'FieldValueDuplicate', field: `${p}.name`, value: port.name });
      names.add(port.name);
    }
    if (port.containerPort === 0 || port.containerPort === undefined) errors.push({ reason: 'FieldValueRequired', field: `${p}.containerPort` });
    else if (typeof port.containerPort === 'number') {
      for (const m of isValidPortNum(port.containerPort)) errors.push({ reason: 'FieldValueInvalid', field: `${p}.containerPort`, value: port.containerPort, detail: m });
    }
    if (typeof port.hostPort === 'number' && port.hostPort !== 0) {
      for (const m of isValidPortNum(port.hostPort)) errors.push({ reason: 'FieldValueInvalid', field: `${p}.hostPort`, value: port.hostPort, detail: m });
    }
    const proto = port.protocol;
    if (typeof proto === 'string' && !['SCTP', 'TCP', 'UDP'].includes(proto)) {
      errors.push({ reason: 'FieldValueNotSupported', field: `${p}.protocol`, value: proto, supported: ['SCTP', 'TCP', 'UDP'] });
    }
  }
}

function validateEnv(list: unknown, path: string, errors: FieldError[]): void {
  for (const [i, ev] of objectsOf(list)) {
    const p = `${path}[${i}]`;
    if (typeof ev.name !== 'string' || ev.name.length === 0) errors.push({ reason: 'FieldValueRequired', field: `${p}.name` });
    else for (const m of isEnvVarName(ev.name)) errors.push({ reason: 'FieldValueInvalid', field: `${p}.name`, value: ev.name, detail: m });
    const from = asObject(ev.valueFrom);
    if (!from) continue;
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => asObject(from[k]));
    const vf = `${p}.valueFrom`;
    if (sources.length === 0) {
      errors.push({ reason: 'FieldValueInvalid', field: vf, value: '', detail: 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`' });
    } else if (typeof ev.value === 'string' && ev.value !== '') {
      errors.push({ reason: 'FieldValueInvalid', field: vf, value: '', detail: 'may not be specified when `value` is not empty' });
    } else if (sources.length > 1) {
      errors.push({ reason: 'FieldValueInvalid', field: vf, value: '', detail: 'may not have more than one field specified at a time' });
    }
  }
}

function validateVolumeMounts(list: unknown, path: string, volumes: Set<string>, errors: FieldError[]): void {
  const mountPaths = new Set<string>();
  for (const [i, m] of objectsOf(list)) {
    const p = `${path}[${i}]`;
    const name = typeof m.name === 'string' ? m.name : '';
    if (!name) errors.push({ reason: 'FieldValueRequired', field: `${p}.name` });
    if (!volumes.has(name)) errors.push({ reason: 'FieldValueNotFound', field: `${p}.name`, value: name });
    const mountPath = typeof m.mountPath === 'string' ? m.mountPath : '';
    if (!mountPath) errors.push({ reason: 'FieldValueRequired', field: `${p}.mountPath` });
    if (mountPaths.has(mountPath)) errors.push({ reason: 'FieldValueInvalid', field: `${p}.mountPath`, value: mountPath, detail: 'must be unique' });
    mountPaths.add(mountPath);
  }
}

/** A quantity of a resource list, or a 400 like the apiserver's decoder for a malformed one. */
function quantityOf(raw: unknown, kind: string): Quantity {
  const q = parseQuantity(raw);
  if (!q) throw ApiError.badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: ${QUANTITY_FORMAT_ERROR}`);
  return q;
}

function validateResourceName(name: string, field: string, errors: FieldError[]): void {
  if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
    errors.push({ reason: 'FieldValueInvalid', field, value: name, detail: 'must be a standard resource for containers' });
  }
}

/** Requests and limits: standard names, non-negative, requests ≤ limits. */
function validateResources(res: Obj | undefined, path: string, errors: FieldError[], kind: string): void {
  if (!res) return;
  const limits = asObject(res.limits) ?? {};
  const requests = asObject(res.requests) ?? {};
  const limitQ = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(limits)) {
    const q = quantityOf(raw, kind);
    limitQ.set(name, q);
    const field = `${path}.limits[${name}]`;
    validateResourceName(name, field, errors);
    if (q.nano < 0n) errors.push({ reason: 'FieldValueInvalid', field, value: canonicalQuantity(q), detail: NON_NEGATIVE });
  }
  for (const [name, raw] of Object.entries(requests)) {
    const q = quantityOf(raw, kind);
    const field = `${path}.requests[${name}]`;
    validateResourceName(name, field, errors);
    if (q.nano < 0n) errors.push({ reason: 'FieldValueInvalid', field, value: canonicalQuantity(q), detail: NON_NEGATIVE });
    const limit = limitQ.get(name);
    if (!limit) continue;
    // IsOvercommitAllowed: native resources other than hugepages.
    const overcommit = (!name.includes('/') || name.includes('kubernetes.io/')) && !name.startsWith('hugepages-');
    if (q.nano !== limit.nano && !overcommit) {
      errors.push({ reason: 'FieldValueInvalid', field: `${path}.requests`, value: canonicalQuantity(q), detail: `must be equal to ${name} limit of ${canonicalQuantity(limit)}` });
    } else if (q.nano > limit.nano) {
      errors.push({ reason: 'FieldValueInvalid', field: `${path}.requests`, value: canonicalQuantity(q), detail: `must be less than or equal to ${name} limit of ${canonicalQuantity(limit)}` });
    }
  }
}

/** A probe: exactly one handler, non-negative timings, successThreshold 1 for liveness/startup. */
function validateProbe(raw: unknown, path: string, successMustBeOne: boolean, errors: FieldError[]): void {
  const probe = asObject(raw);
  if (!probe) return;
  let handlers = 0;
  for (const h of PROBE_HANDLERS) {
    const action = asObject(probe[h]);
    if (!action) continue;
    if (handlers > 0) {
      errors.push({ reason: 'FieldValueForbidden', field: `${path}.${h}`, detail: 'may not specify more than 1 handler type' });
      continue;
    }
    handlers++;
    validateAction(h, action, `${path}.${h}`, errors);
  }
  if (handlers === 0) errors.push({ reason: 'FieldValueRequired', field: path, detail: 'must specify a handler type' });
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds']) {
    const v = probe[f];
    if (typeof v === 'number' && v < 0) errors.push({ reason: 'FieldValueInvalid', field: `${path}.${f}`, value: v, detail: NON_NEGATIVE });
  }
  if (successMustBeOne && typeof probe.successThreshold === 'number' && probe.successThreshold !== 1) {
    errors.push({ reason: 'FieldValueInvalid', field: `${path}.successThreshold`, value: probe.successThreshold, detail: 'must be 1' });
  }
}

function validateAction(kind: (typeof PROBE_HANDLERS)[number], action: Obj, path: string, errors: FieldError[]): void {
  if (kind === 'exec') {
    if (!Array.isArray(action.command) || action.command.length === 0) errors.push({ reason: 'FieldValueRequired', field: `${path}.command` });
    return;
  }
  if (kind === 'grpc') {
    if (typeof action.port === 'number') for (const m of isValidPortNum(action.port)) errors.push({ reason: 'FieldValueInvalid', field: `${path}.port`, value: action.port, detail: m });
    return;
  }
  const port = action.port;
  if (typeof port === 'number') {
    for (const m of isValidPortNum(port)) errors.push({ reason: 'FieldValueInvalid', field: `${path}.port`, value: port, detail: m });
  } else if (typeof port === 'string') {
    for (const m of isValidPortName(port)) errors.push({ reason: 'FieldValueInvalid', field: `${path}.port`, value: port, detail: m });
  }
  if (kind === 'httpGet' && typeof action.scheme === 'string' && !['HTTP', 'HTTPS'].includes(action.scheme)) {
    errors.push({ reason: 'FieldValueNotSupported', field: `${path}.scheme`, value: action.scheme, supported: ['HTTP', 'HTTPS'] });
  }
}
