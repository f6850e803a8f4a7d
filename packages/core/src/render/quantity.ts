/** A Kubernetes quantity as a string: numbers keep their decimal form (`0.5` → "0.5"). */
export function quantity(value: string | number): string {
  return typeof value === 'number' ? String(value) : value.trim();
}

/**
 * A storage size: a bare number (or a string of digits) means gibibytes, as in the seed's
 * `"size": "20"`; anything else is a Kubernetes quantity kept as written.
 */
export function storageSize(value: string | number): string {
  const text = quantity(value);
  return /^\d+(\.\d+)?$/.test(text) ? `${text}Gi` : text;
}
