/**
 * Exact resource quantities (k8s.io/apimachinery/pkg/api/resource) for validation: parsing in
 * nano-units with BigInt, comparison, and the canonical form `Quantity.String()` prints
 * (`1000m` → `1`, `0.5` → `500m`, `1024Mi` → `1Gi`).
 */

/** The decoder's message for a malformed quantity (400 from the apiserver). */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL).map(([s, e]) => [e, s]));
const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

/** A parsed quantity: its value in nano-units and the format it canonicalises to. */
export interface Quantity {
  nano: bigint;
  format: 'BinarySI' | 'DecimalSI' | 'DecimalExponent';
}

const NANO = 10n ** 9n;

/** Parses a quantity (a JSON string or number); undefined when malformed. */
export function parseQuantity(raw: unknown): Quantity | undefined {
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string') return undefined;
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign, num, suffix = ''] = m as unknown as [string, string, string, string | undefined];
  const [intPart = '', fracPart = ''] = num.split('.');
  // digits × 10^(exp10 - fracLen), in nano units (× 10^9).
  let digits = BigInt((intPart || '0') + fracPart);
  let exp10 = -fracPart.length + 9;
  let format: Quantity['format'] = 'DecimalSI';
  if (suffix in BINARY) {
    digits *= 1024n ** BigInt(BINARY[suffix]!);
    format = 'BinarySI';
  } else if (/^[eE]/.test(suffix)) {
    exp10 += Number(suffix.slice(1));
    format = 'DecimalExponent';
  } else exp10 += DECIMAL[suffix]!;
  // Values below a nano-unit round up, as the apiserver does.
  let nano: bigint;
  if (exp10 >= 0) nano = digits * 10n ** BigInt(exp10);
  else {
    const div = 10n ** BigInt(-exp10);
    nano = digits / div + (digits % div === 0n ? 0n : 1n);
  }
  return { nano: sign === '-' ? -nano : nano, format };
}

/** The canonical string of a quantity (`Quantity.String()`). */
export function canonicalQuantity(q: Quantity): string {
  const neg = q.nano < 0n;
  const abs = neg ? -q.nano : q.nano;
  const sign = neg ? '-' : '';
  if (abs === 0n) return '0';
  if (q.format === 'BinarySI' && abs >= 1024n * NANO && abs % NANO === 0n) {
    let n = abs / NANO;
    let k = 0;
    while (k < 6 && n % 1024n === 0n) {
      n /= 1024n;
      k++;
    }
    return `${sign}${n}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][k]}`;
  }
  // Decimal: the largest exponent (a multiple of 3) leaving an integer mantissa.
  for (let e = 18; e >= -9; e -= 3) {
    const div = 10n ** BigInt(e + 9);
    if (abs % div === 0n) {
      const mantissa = abs / div;
      if (q.format === 'DecimalExponent') return `${sign}${mantissa}${e === 0 ? '' : `e${e}`}`;
      return `${sign}${mantissa}${DECIMAL_SUFFIX.get(e)}`;
    }
  }
  return `${sign}${abs}n`;
}
