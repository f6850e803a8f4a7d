/**
 * Synthetic container logs: deterministic lines derived from a pod's status and the clock —
 * startup lines when a container starts, a periodic line every 10 seconds while it runs, error
 * lines before a crash, an OOM line before an OOM kill. `previous` gives the last terminated
 * instance; `follow` yields new lines as (simulated) time passes.
 */
import type { Clock } from './clock.js';

/** Options of a log request, as the `/log` subresource takes them. */
export interface PodLogOptions {
  container?: string;
  tailLines?: number;
  previous?: boolean;
  follow?: boolean;
  timestamps?: boolean;
  sinceSeconds?: number;
}

/** A pod as the log generator needs it. */
export interface LoggedPod {
  metadata: { name?: string; namespace?: string };
  spec?: unknown;
  status?: unknown;
}

interface TerminatedState {
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  reason?: string;
}

interface ContainerStatusLike {
  name: string;
  image?: string;
  restartCount?: number;
  state?: { running?: { startedAt?: string }; terminated?: TerminatedState; waiting?: unknown };
  lastState?: { terminated?: TerminatedState };
}

/** One generated line. */
export interface LogLine {
  at: number;
  text: string;
}

const PERIOD_MS = 10_000;

function linesFor(pod: LoggedPod, c: ContainerStatusLike, startedAt: number, until: number, end?: TerminatedState): LogLine[] {
  const image = c.image ?? 'unknown';
  const out: LogLine[] = [
    { at: startedAt, text: `${c.name} starting (image ${image})` },
    { at: startedAt, text: `loaded configuration for ${pod.metadata.namespace}/${pod.metadata.name}` },
    { at: startedAt, text: `listening on :8080` },
  ];
  const stop = end?.finishedAt ? Date.parse(end.finishedAt) : until;
  for (let t = startedAt + PERIOD_MS, n = 1; t <= Math.min(stop, until); t += PERIOD_MS, n++) {
    out.push({ at: t, text: `heartbeat ${n}: ok (uptime ${Math.round((t - startedAt) / 1000)}s)` });
  }
  if (end && stop <= until) {
    if (end.reason === 'OOMKilled') out.push({ at: stop, text: 'fatal error: runtime: out of memory' });
    else if ((end.exitCode ?? 0) !== 0) {
      out.push({ at: stop, text: 'ERROR: unhandled exception: connection refused (dial tcp 10.96.0.10:5432)' });
      out.push({ at: stop, text: `exiting with code ${end.exitCode}` });
    } else out.push({ at: stop, text: 'work finished, exiting' });
  }
  return out;
}

/** The container named `name` (or the only one) of a pod, or a message explaining why not. */
export function findContainer(pod: LoggedPod, name: string | undefined): ContainerStatusLike | string {
  const status = (pod.status ?? {}) as { containerStatuses?: ContainerStatusLike[]; initContainerStatuses?: ContainerStatusLike[] };
  const all = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])];
  const spec = (pod.spec ?? {}) as { containers?: { name: string }[] };
  if (!name) {
    const names = (spec.containers ?? []).map((c) => c.name);
    if (names.length > 1) return `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`;
    name = names[0];
  }
  const found = all.find((c) => c.name === name);
  if (!found) return `container ${name} is not valid for pod ${pod.metadata.name}`;
  return found;
}

/** Lines of a container at `now` (without follow); a string is an error message (400 BadRequest). */
export function containerLogLines(pod: LoggedPod, options: PodLogOptions, now: number): LogLine[] | string {
  const c = findContainer(pod, options.container);
  if (typeof c === 'string') return c;
  let lines: LogLine[];
  if (options.previous) {
    const last = c.lastState?.terminated;
    if (!last?.startedAt) return `previous terminated container "${c.name}" in pod "${pod.metadata.name}" not found`;
    lines = linesFor(pod, c, Date.parse(last.startedAt), now, last);
  } else {
    const started = c.state?.running?.startedAt ?? c.state?.terminated?.startedAt;
    if (!started) return `container "${c.name}" in pod "${pod.metadata.name}" is waiting to start: ${(c.state?.waiting as { reason?: string } | undefined)?.reason ?? 'ContainerCreating'}`;
    lines = linesFor(pod, c, Date.parse(started), now, c.state?.terminated);
  }
  if (options.sinceSeconds !== undefined) lines = lines.filter((l) => l.at >= now - options.sinceSeconds! * 1000);
  if (options.tailLines !== undefined) lines = options.tailLines <= 0 ? [] : lines.slice(-options.tailLines);
  return lines;
}

/** Formats a line as the kubelet does with `timestamps=true` (RFC 3339 nano prefix). */
export function formatLine(line: LogLine, timestamps?: boolean): string {
  return timestamps ? `${new Date(line.at).toISOString().replace('Z', '000000Z')} ${line.text}\n` : `${line.text}\n`;
}

/**
 * Follows a container's log: yields the current lines, then new ones as the clock moves, until
 * the container stops running or `signal` aborts. `getPod` re-reads the pod each period.
 */
export async function* followLog(getPod: () => LoggedPod | undefined, options: PodLogOptions, clock: Clock, signal?: AbortSignal): AsyncGenerator<string> {
  let sent = -Infinity;
  let first = true;
  while (!signal?.aborted) {
    const pod = getPod();
    if (!pod) return;
    const now = clock.now();
    const lines = containerLogLines(pod, first ? options : { ...options, tailLines: undefined, sinceSeconds: undefined }, now);
    if (typeof lines === 'string') return;
    for (const l of lines) {
      if (!first && l.at <= sent) continue;
      yield formatLine(l, options.timestamps);
    }
    if (lines.length) sent = Math.max(sent, lines[lines.length - 1]!.at);
    if (first) sent = now;
    first = false;
    const c = findContainer(pod, options.container);
    if (typeof c === 'string' || !c.state?.running) return;
    await new Promise<void>((resolve) => {
      const t = clock.setTimer(PERIOD_MS, resolve);
      signal?.addEventListener('abort', () => {
        t.cancel();
        resolve();
      });
    });
  }
}
