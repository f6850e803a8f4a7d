/**
 * Kubernetes name rules and the names Berth generates when a user leaves one out.
 * Both the validator and `withDefaults` use these functions, so what is checked is what is
 * rendered.
 */

/** A DNS-1123 label: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters. */
export const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Longest DNS-1123 label. */
export const DNS_LABEL_MAX = 63;
/** A DNS-1123 subdomain (ConfigMap and Secret names): labels joined by dots, at most 253 characters. */
export const DNS_SUBDOMAIN_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Environment variable names as Kubernetes validates them (`IsEnvVarName`). */
export const ENV_NAME_PATTERN = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Why `name` is not a DNS-1123 label, or `undefined` when it is one. */
export function dnsLabelError(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > DNS_LABEL_MAX)
    return `must be at most ${DNS_LABEL_MAX} characters (it has ${name.length})`;
  if (DNS_LABEL_PATTERN.test(name)) return undefined;
  const suggestion = toDnsLabel(name);
  const hint = suggestion !== '' && suggestion !== name ? `, e.g. \`${suggestion}\`` : '';
  return `must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit${hint}`;
}

/** Why `name` is not a DNS-1123 subdomain, or `undefined`. */
export function dnsSubdomainError(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > 253) return `must be at most 253 characters (it has ${name.length})`;
  if (DNS_SUBDOMAIN_PATTERN.test(name)) return undefined;
  return 'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit';
}

/**
 * Why `name` is not a valid container port name (IANA service name, as Kubernetes checks it:
 * at most 15 characters of `[-a-z0-9]`, at least one letter, no `--`, no leading or trailing `-`).
 */
export function portNameError(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > 15)
    return `must be at most 15 characters (it has ${name.length}); Kubernetes port names are IANA service names`;
  if (!/^[-a-z0-9]+$/.test(name)) return 'may contain only lower-case letters, digits and "-"';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter';
  if (name.includes('--')) return 'must not contain "--"';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not start or end with "-"';
  return undefined;
}

/** Why `name` is not a valid environment variable name, or `undefined`. */
export function envNameError(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (ENV_NAME_PATTERN.test(name)) return undefined;
  return 'must consist of letters, digits, "_", "-" and ".", and must not start with a digit (e.g. `MY_VAR`)';
}

/** Lower-case `text` and replace what a DNS label cannot hold by `-` (for suggestions). */
export function toDnsLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, DNS_LABEL_MAX)
    .replace(/-+$/, '');
}

/**
 * The name of a port without one: `<protocol>-<port>` lower-cased, e.g. `tcp-8080`.
 * `protocol` defaults to TCP.
 */
export function defaultPortName(port: number, protocol: string = 'TCP'): string {
  return `${protocol.toLowerCase()}-${port}`;
}

/**
 * The volume name of a storage entry without one: `<type>-<index>` for the component's own
 * storage (`traits.storage[1]` of type persistent → `persistent-1`), and
 * `<container>-<type>-<index>` for storage owned by an init or sidecar container, so names
 * generated for different containers of one pod never collide.
 */
export function defaultStorageName(type: string, index: number, container?: string): string {
  return container === undefined ? `${type}-${index}` : `${container}-${type}-${index}`;
}

/** The volume name a storage entry gets: its own `name`, or {@link defaultStorageName}. */
export function storageName(
  storage: { name?: unknown; type?: unknown },
  index: number,
  container?: string,
): string {
  if (typeof storage.name === 'string' && storage.name !== '') return storage.name;
  return defaultStorageName(typeof storage.type === 'string' ? storage.type : 'volume', index, container);
}

/** The name a port gets: its own `name`, or {@link defaultPortName}. */
export function portName(port: { name?: unknown; port?: unknown; protocol?: unknown }): string | undefined {
  if (typeof port.name === 'string' && port.name !== '') return port.name;
  if (typeof port.port !== 'number') return undefined;
  return defaultPortName(port.port, typeof port.protocol === 'string' ? port.protocol : 'TCP');
}

const LABEL_NAME_PATTERN = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Why `key` is not a Kubernetes qualified name (a label or annotation key): an optional
 * DNS-1123 subdomain prefix and `/`, then a name of at most 63 letters, digits, `-`, `_`
 * and `.` that starts and ends with a letter or digit. `undefined` when it is one.
 */
export function qualifiedNameError(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'may contain at most one "/" (a prefix such as `example.com/` and a name)';
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (dnsSubdomainError(prefix) !== undefined)
      return `has prefix \`${prefix}\`, which must be a lower-case DNS-1123 subdomain such as example.com`;
  }
  if (name.length === 0) return 'needs a name (after the prefix)';
  if (name.length > DNS_LABEL_MAX)
    return `has a name of ${name.length} characters; at most ${DNS_LABEL_MAX} are allowed`;
  if (!LABEL_NAME_PATTERN.test(name))
    return 'must consist of letters, digits, "-", "_" and ".", starting and ending with a letter or digit (e.g. `app.kubernetes.io/name`)';
  return undefined;
}

/**
 * Why `value` is not a valid label value (at most 63 letters, digits, `-`, `_` and `.`,
 * starting and ending with a letter or digit, or empty), or `undefined`.
 */
export function labelValueError(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > DNS_LABEL_MAX)
    return `must be at most ${DNS_LABEL_MAX} characters (it has ${value.length})`;
  if (!LABEL_NAME_PATTERN.test(value))
    return 'must consist of letters, digits, "-", "_" and ".", starting and ending with a letter or digit; put free text in an annotation instead';
  return undefined;
}

/** A DNS-1035 label (Service names): a DNS-1123 label that starts with a letter. */
export function dnsServiceNameError(name: string): string | undefined {
  const error = dnsLabelError(name);
  if (error !== undefined) return error;
  if (!/^[a-z]/.test(name)) return 'must start with a letter, because it names a Service (a DNS-1035 label)';
  return undefined;
}
