/**
 * Durations as people write them in a workflow: `30s`, `10m`, `1h`, `1h30m`, `500ms`, `2d`.
 */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;

/** The pattern of a duration: one or more `<integer><unit>` parts, units in the order d, h, m, s, ms. */
export const DURATION_PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds of a duration such as `30s` or `1h30m`; `undefined` when it is not one (or is empty). */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match || text.trim() === '') return undefined;
  const [, d, h, m, s, ms] = match;
  const parts: Array<[string | undefined, number]> = [
    [d, UNIT_MS.d],
    [h, UNIT_MS.h],
    [m, UNIT_MS.m],
    [s, UNIT_MS.s],
    [ms, UNIT_MS.ms],
  ];
  let total = 0;
  for (const [value, unit] of parts) if (value !== undefined) total += Number(value) * unit;
  return Number.isSafeInteger(total) ? total : undefined;
}

/** A duration in milliseconds written back the short way: 90_000 → `1m30s`. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const count = Math.floor(rest / size);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * size;
  }
  return out;
}
