/**
 * Kubernetes resource quantities (`500m`, `0.5`, `1Gi`, `20`, `1e3`).
 *
 * Grammar (k8s.io/apimachinery `resource.Quantity`):
 * `<signedNumber><suffix>`, where a number is `digits`, `digits.digits`, `digits.` or `.digits`,
 * and the suffix is a binary SI unit (`Ki Mi Gi Ti Pi Ei`), a decimal SI unit
 * (`n u m "" k M G T P E`) or a decimal exponent (`e<int>` / `E<int>`).
 */

const QUANTITY_PATTERN = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/**
 * The numeric value of a quantity (approximate, for comparisons), or `undefined` when `input`
 * is not a quantity. Numbers are accepted as they are (YAML `cpu: 0.5`).
 */
export function parseQuantity(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined;
  if (typeof input !== 'string') return undefined;
  const match = QUANTITY_PATTERN.exec(input);
  if (match === null) return undefined;
  const [, sign, digits, suffix = ''] = match;
  let multiplier = MULTIPLIERS[suffix];
  if (multiplier === undefined) multiplier = 10 ** Number(suffix.slice(1));
  const value = Number(digits) * multiplier;
  if (!Number.isFinite(value)) return undefined;
  return sign === '-' ? -value : value;
}

/** Why `input` is not a valid quantity for a resource amount (must be ≥ 0), or `undefined`. */
export function quantityError(input: unknown): string | undefined {
  const value = parseQuantity(input);
  if (value === undefined) {
    const hint = typeof input === 'string' ? quantityHint(input) : '';
    return `\`${String(input)}\` is not a Kubernetes quantity; write a number with an optional unit, e.g. 500m, 0.5, 512Mi or 1Gi${hint}`;
  }
  if (value < 0) return `must not be negative (got ${String(input)})`;
  return undefined;
}

function quantityHint(input: string): string {
  const unit = /^\s*[\d.]+\s*([a-zA-Z]+)\s*$/.exec(input)?.[1];
  if (unit === undefined) return '';
  const fixes: Record<string, string> = {
    kb: 'k',
    kib: 'Ki',
    mb: 'M',
    mib: 'Mi',
    gb: 'G',
    gib: 'Gi',
    tb: 'T',
    tib: 'Ti',
    ki: 'Ki',
    mi: 'Mi',
    gi: 'Gi',
    ti: 'Ti',
    g: 'G',
  };
  const fix = fixes[unit.toLowerCase()];
  if (fix === undefined || fix === unit) return /\s/.test(input) ? ' (without spaces)' : '';
  return ` (\`${unit}\` is written \`${fix}\`${/i$/.test(fix) ? '' : `, or \`${fix}i\` for powers of 1024`})`;
}
