/**
 * Cron schedules as the CronJob controller reads them (robfig/cron `ParseStandard`): five fields
 * (minute hour day-of-month month day-of-week) with `*`, `?`, lists, ranges, steps and names
 * (`JAN`–`DEC`, `SUN`–`SAT`), the `@yearly`/`@annually`/`@monthly`/`@weekly`/`@daily`/
 * `@midnight`/`@hourly` macros, `@every <duration>`, and a `TZ=`/`CRON_TZ=` prefix. Times are
 * evaluated in an IANA time zone (default UTC). When both day fields are restricted a day matches
 * either (classic cron); when one is `*` both must match.
 */

/** A parsed schedule. */
export interface CronSchedule {
  /** The first activation strictly after `afterMs` (epoch ms), or undefined when there is none within 5 years. */
  next(afterMs: number): number | undefined;
}

/** A schedule that does not parse (the message reads like robfig/cron's). */
export class CronSyntaxError extends Error {}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DOW_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DOW_NAMES.map((n, i) => [n, i])) },
];
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MINUTE = 60_000;
const SEARCH_LIMIT_MS = 5 * 366 * 24 * 3600_000;

/** One field: the allowed values, and whether it was written as `*`/`?` (no step). */
interface Field {
  values: Set<number>;
  star: boolean;
}

/**
 * Parses `spec`, evaluated in `timeZone` (IANA name; a `TZ=`/`CRON_TZ=` prefix in `spec` wins).
 * @throws CronSyntaxError on a malformed schedule or an unknown time zone.
 * @example parseCronSchedule('*\/15 9-17 * * MON-FRI', 'Europe/Paris').next(Date.now())
 */
export function parseCronSchedule(spec: string, timeZone?: string): CronSchedule {
  let text = spec.trim();
  let zone = timeZone ?? 'UTC';
  const tz = /^(?:CRON_)?TZ=(\S+)\s+(.*)$/.exec(text);
  if (tz) {
    zone = tz[1]!;
    text = tz[2]!.trim();
  }
  const wall = wallClock(zone);
  if (text.startsWith('@')) {
    if (text.startsWith('@every ')) return everySchedule(text.slice(7).trim());
    const macro = MACROS[text.toLowerCase()];
    if (!macro) throw new CronSyntaxError(`unrecognized descriptor: ${text}`);
    text = macro;
  }
  const parts = text.split(/\s+/).filter(Boolean);
  if (parts.length !== 5) throw new CronSyntaxError(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  const fields = parts.map((p, i) => parseField(p, FIELDS[i]!));
  return { next: (after) => nextActivation(fields, wall, after) };
}

/** Validates an IANA time zone name the way Go's `time.LoadLocation` would reject it. */
export function timeZoneError(zone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return undefined;
  } catch {
    return `unknown time zone ${zone}`;
  }
}

function parseField(text: string, b: Bounds): Field {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const r = parseRange(part, b);
    star ||= r.star;
    for (let v = r.start; v <= r.end; v += r.step) values.add(v);
  }
  return { values, star };
}

function parseRange(expr: string, b: Bounds): { start: number; end: number; step: number; star: boolean } {
  const slash = expr.split('/');
  if (slash.length > 2) throw new CronSyntaxError(`too many slashes: ${expr}`);
  const lowHigh = slash[0]!.split('-');
  if (lowHigh.length > 2) throw new CronSyntaxError(`too many hyphens: ${expr}`);
  let start: number;
  let end: number;
  let star = false;
  if (lowHigh[0] === '*' || lowHigh[0] === '?') {
    if (lowHigh.length > 1) throw new CronSyntaxError(`too many hyphens: ${expr}`);
    [start, end, star] = [b.min, b.max, true];
  } else {
    start = parseValue(lowHigh[0]!, b);
    end = lowHigh.length === 2 ? parseValue(lowHigh[1]!, b) : start;
  }
  let step = 1;
  if (slash.length === 2) {
    step = Number(slash[1]);
    if (!/^\d+$/.test(slash[1]!)) throw new CronSyntaxError(`failed to parse int from ${slash[1]}: invalid syntax`);
    if (step <= 0) throw new CronSyntaxError(`step of range should be a positive number: ${expr}`);
    if (lowHigh.length === 1 && !star) end = b.max; // "N/step" means "N-max/step"
    if (step > 1) star = false;
  }
  if (start < b.min) throw new CronSyntaxError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronSyntaxError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronSyntaxError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  return { start, end, step, star };
}

function parseValue(text: string, b: Bounds): number {
  const named = b.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(text)) throw new CronSyntaxError(`failed to parse int from ${text}: invalid syntax`);
  return Number(text);
}

/** `@every 1h30m`: a constant delay in whole seconds (at least one). */
function everySchedule(text: string): CronSchedule {
  const m = /^((?:\d+(?:\.\d+)?(?:h|m|s|ms|us|µs|ns))+)$/.exec(text);
  if (!m) throw new CronSyntaxError(`failed to parse duration @every ${text}: time: invalid duration "${text}"`);
  const unit: Record<string, number> = { h: 3600_000, m: MINUTE, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  let ms = 0;
  for (const [, n, u] of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) ms += Number(n) * unit[u!]!;
  const delay = Math.max(1000, ms - (ms % 1000));
  return { next: (after) => after - (after % 1000) + delay };
}

/** Wall-clock fields of an instant in a zone, and the inverse. */
interface WallClock {
  /** The wall time of `instant`, as if it were UTC (epoch ms). */
  toWall(instant: number): number;
  /** The instant whose wall time is `wall` (for a wall time in a DST gap: an instant after the gap). */
  toInstant(wall: number): number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(zone: string): WallClock {
  if (zone === 'UTC' || zone === 'Etc/UTC') return { toWall: (t) => t, toInstant: (w) => w };
  let fmt = formatters.get(zone);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    } catch {
      throw new CronSyntaxError(`provided bad location ${zone}: unknown time zone ${zone}`);
    }
    formatters.set(zone, fmt);
  }
  const f = fmt;
  const toWall = (t: number): number => {
    const p: Record<string, number> = {};
    for (const part of f.formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) + (t % 1000);
  };
  return {
    toWall,
    toInstant(w) {
      const guess = w - (toWall(w) - w);
      return w - (toWall(guess) - guess);
    },
  };
}

function nextActivation(fields: Field[], wall: WallClock, after: number): number | undefined {
  const [minute, hour, dom, month, dow] = fields as [Field, Field, Field, Field, Field];
  const dayMatches = (d: Date): boolean => {
    const a = dom.values.has(d.getUTCDate());
    const b = dow.values.has(d.getUTCDay());
    return dom.star || dow.star ? a && b : a || b;
  };
  let instant = Math.floor(after / MINUTE) * MINUTE + MINUTE;
  const limit = after + SEARCH_LIMIT_MS;
  while (instant <= limit) {
    const w = new Date(Math.floor(wall.toWall(instant) / MINUTE) * MINUTE);
    let skipTo: number | undefined;
    if (!month.values.has(w.getUTCMonth() + 1)) skipTo = Date.UTC(w.getUTCFullYear(), w.getUTCMonth() + 1, 1);
    else if (!dayMatches(w)) skipTo = Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate() + 1);
    else if (!hour.values.has(w.getUTCHours())) skipTo = Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), w.getUTCHours() + 1);
    else if (!minute.values.has(w.getUTCMinutes())) skipTo = w.getTime() + MINUTE;
    if (skipTo === undefined) return instant;
    const nextInstant = wall.toInstant(skipTo);
    // Never go backwards (DST fall-back repeats an hour of wall time).
    instant = nextInstant > instant ? nextInstant : instant + MINUTE;
  }
  return undefined;
}
