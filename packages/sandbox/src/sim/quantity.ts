/**
 * Kubernetes resource quantities (`500m`, `1.5`, `16Gi`, `1e3`) as numbers, for scheduling and
 * quota arithmetic. CPU is counted in millicores, everything else in base units.
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Parses a quantity into its value in base units (`500m` → 0.5, `1Gi` → 1073741824). NaN when malformed. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q;
  const m = /^([+-]?[0-9.]+)(?:[eE]([+-]?[0-9]+))?([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return NaN;
  const base = Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1);
  const suffix = m[3] ?? '';
  const mult = BINARY[suffix] ?? DECIMAL[suffix];
  return mult === undefined ? NaN : base * mult;
}

/** The amount of a named resource in the unit the scheduler counts: millicores for cpu, base units otherwise. */
export function resourceAmount(name: string, q: string | number | undefined): number {
  const v = parseQuantity(q);
  if (Number.isNaN(v)) return 0;
  return name === 'cpu' ? Math.round(v * 1000) : Math.ceil(v);
}

/** Formats millicores back into a quantity string (`1500` → `1500m`, `2000` → `2`). */
export function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Formats a byte count the way the apiserver canonicalises it (`Ki`/`Mi`/`Gi` when exact, else bytes). */
export function formatBytes(bytes: number): string {
  for (const [suffix, mult] of Object.entries(BINARY).reverse()) {
    if (bytes !== 0 && bytes % mult === 0) return `${bytes / mult}${suffix}`;
  }
  return String(bytes);
}

/** Formats an amount of a named resource (inverse of {@link resourceAmount}). */
export function formatAmount(name: string, amount: number): string {
  if (name === 'cpu' || name.endsWith('.cpu')) return formatCpu(amount);
  if (name === 'memory' || name.endsWith('.memory') || name.includes('storage')) return formatBytes(amount);
  return String(amount);
}
