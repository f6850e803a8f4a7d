/**
 * Injectable faults of the simulated cluster: what goes wrong for which pods (image pulls, crash
 * loops, OOM kills, readiness, slow starts, job failures), which nodes stop posting status, and
 * which API requests fail, slow down or lose their watch. Declared at start and replaceable at
 * runtime (`set`), e.g. from the sandbox's admin endpoint; the kubelet and node simulation react
 * on their next reconcile, the HTTP layer asks {@link FaultSet.apiFault} per request.
 */

/** What a pod fault does to the matching containers. */
export type PodFaultKind =
  /** Image pull fails: ErrImagePull, then ImagePullBackOff. */
  | 'ErrImagePull'
  /** The container exits 1 after `runForMs`, restarts with back-off: CrashLoopBackOff. */
  | 'CrashLoopBackOff'
  /** The container is killed with exit code 137, reason OOMKilled, after `runForMs`. */
  | 'OOMKilled'
  /** The container runs but never becomes ready. */
  | 'NeverReady'
  /** The container stays in ContainerCreating for `delayMs` (default 60s). */
  | 'SlowStart'
  /** A run-to-completion pod (restartPolicy Never/OnFailure) exits 1 instead of 0. */
  | 'Fail';

/** Which pods a rule applies to; every given field must match. */
export interface PodMatch {
  /** Glob on the container image (`*` and `?`), e.g. `ghcr.io/acme/*:broken`. */
  image?: string;
  namespace?: string;
  /** Glob on the pod name. */
  name?: string;
  /** Label selector, in the `kubectl -l` syntax: `app=web,tier!=db,env in (a,b),!canary`. */
  labelSelector?: string;
  /** Container name; default every container. */
  container?: string;
}

/** A pod fault rule. */
export interface PodFaultRule {
  match: PodMatch;
  fault: PodFaultKind;
  /** CrashLoopBackOff / OOMKilled / Fail: how long the container runs before it dies (default 1s). */
  runForMs?: number;
  /** SlowStart: time spent in ContainerCreating (default 60s). */
  delayMs?: number;
}

/** A node fault rule. */
export interface NodeFaultRule {
  /** Glob on the node name (e.g. `edge-*`), or a pool name. */
  node?: string;
  pool?: string;
  /** NotReady: the kubelet stops posting status and renewing its lease. */
  fault: 'NotReady';
}

/** An API request as the HTTP layer describes it to {@link FaultSet.apiFault}. */
export interface ApiRequestInfo {
  verb: string;
  group?: string;
  resource?: string;
  namespace?: string;
  name?: string;
  path?: string;
  watch?: boolean;
}

/** Which requests an API fault applies to; every given field must match. */
export interface ApiMatch {
  /** get, list, watch, create, update, patch, delete, deletecollection. */
  verb?: string;
  resource?: string;
  group?: string;
  namespace?: string;
  /** Glob on the URL path. */
  path?: string;
}

/** An API fault rule, applied by the HTTP server. */
export interface ApiFaultRule {
  match?: ApiMatch;
  /** Answer with this error instead of serving the request (500, 503, 429...). */
  error?: { code: number; retryAfterSeconds?: number; message?: string };
  /** Added latency before answering, in ms. */
  latencyMs?: number;
  /** Watches: close the connection after this many ms. */
  dropWatchAfterMs?: number;
  /** Watches: answer the next `count` matching watches with 410 Gone (Expired). */
  expireNextWatches?: number;
  /** Fraction of matching requests affected, 0..1 (default 1). */
  probability?: number;
  /** Stop applying after this many hits (default: unlimited). */
  times?: number;
}

/** Every fault currently declared. */
export interface FaultSpec {
  pods?: PodFaultRule[];
  nodes?: NodeFaultRule[];
  api?: ApiFaultRule[];
}

/** What the HTTP layer must do with one request. */
export interface ApiFaultDecision {
  latencyMs: number;
  error?: { code: number; retryAfterSeconds?: number; message: string };
  /** For watches: close after this many ms. */
  dropWatchAfterMs?: number;
  /** For watches: answer 410 Gone now. */
  expire?: boolean;
}

/** Converts a glob (`*`, `?`) to an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Whether `value` matches glob `pattern`. */
export function globMatch(pattern: string, value: string): boolean {
  return globToRegExp(pattern).test(value);
}

/** Evaluates a `kubectl -l` style selector string against labels. */
export function matchLabelSelectorString(selector: string, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  // Split on commas not inside parentheses.
  const parts = selector.split(/,(?![^(]*\))/).map((p) => p.trim()).filter(Boolean);
  return parts.every((p) => {
    let m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p);
    if (m) {
      const values = m[3]!.split(',').map((v) => v.trim());
      const has = Object.hasOwn(l, m[1]!);
      return m[2] === 'in' ? has && values.includes(l[m[1]!]!) : !has || !values.includes(l[m[1]!]!);
    }
    m = /^([^\s!=]+)\s*(!=|==|=)\s*(\S*)$/.exec(p);
    if (m) return m[2] === '!=' ? l[m[1]!] !== m[3] : l[m[1]!] === m[3];
    if (p.startsWith('!')) return !Object.hasOwn(l, p.slice(1).trim());
    return Object.hasOwn(l, p);
  });
}

/** The pod fields a {@link PodMatch} looks at. */
export interface PodFaultTarget {
  namespace?: string;
  name?: string;
  labels?: Record<string, string>;
}

/** The live, replaceable set of faults of a cluster. */
export class FaultSet {
  private spec: FaultSpec;
  private readonly hits = new Map<ApiFaultRule, number>();
  private readonly listeners: ((spec: FaultSpec) => void)[] = [];

  constructor(spec: FaultSpec = {}) {
    this.spec = normalise(spec);
  }

  /** The declared faults (a copy). */
  get(): FaultSpec {
    return structuredClone(this.spec);
  }

  /** Replaces every declared fault; listeners (the simulation) re-evaluate affected objects. */
  set(spec: FaultSpec): void {
    this.spec = normalise(spec);
    this.hits.clear();
    for (const l of this.listeners) l(this.get());
  }

  /** Called after every `set`. */
  onChange(listener: (spec: FaultSpec) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** The first pod fault rule matching this container of this pod. */
  podFault(pod: PodFaultTarget, container: { name: string; image?: string }): PodFaultRule | undefined {
    return this.spec.pods?.find((r) => {
      const m = r.match;
      if (m.namespace !== undefined && m.namespace !== pod.namespace) return false;
      if (m.name !== undefined && !globMatch(m.name, pod.name ?? '')) return false;
      if (m.container !== undefined && m.container !== container.name) return false;
      if (m.image !== undefined && !globMatch(m.image, container.image ?? '')) return false;
      if (m.labelSelector !== undefined && !matchLabelSelectorString(m.labelSelector, pod.labels)) return false;
      return true;
    });
  }

  /** Whether the node named `node` (of pool `pool`) is declared NotReady. */
  nodeNotReady(node: string, pool?: string): boolean {
    return (this.spec.nodes ?? []).some(
      (r) => r.fault === 'NotReady' && (r.node === undefined || globMatch(r.node, node)) && (r.pool === undefined || r.pool === pool),
    );
  }

  /** What to do with an API request (latency, error, watch drop or expiry); counts hits of limited rules. */
  apiFault(req: ApiRequestInfo): ApiFaultDecision {
    const decision: ApiFaultDecision = { latencyMs: 0 };
    for (const rule of this.spec.api ?? []) {
      if (!apiMatches(rule.match, req)) continue;
      if (rule.times !== undefined && (this.hits.get(rule) ?? 0) >= rule.times) continue;
      if (rule.expireNextWatches !== undefined && !req.watch) continue;
      if (rule.dropWatchAfterMs !== undefined && !req.watch && !rule.error && !rule.latencyMs) continue;
      if (rule.probability !== undefined && Math.random() >= rule.probability) continue;
      let applied = false;
      if (rule.latencyMs) {
        decision.latencyMs += rule.latencyMs;
        applied = true;
      }
      if (rule.error && !decision.error) {
        decision.error = { code: rule.error.code, message: rule.error.message ?? defaultMessage(rule.error.code) };
        if (rule.error.retryAfterSeconds !== undefined) decision.error.retryAfterSeconds = rule.error.retryAfterSeconds;
        applied = true;
      }
      if (req.watch && rule.dropWatchAfterMs !== undefined) {
        decision.dropWatchAfterMs = Math.min(decision.dropWatchAfterMs ?? Infinity, rule.dropWatchAfterMs);
        applied = true;
      }
      if (req.watch && rule.expireNextWatches !== undefined) {
        const used = this.hits.get(rule) ?? 0;
        if (used < rule.expireNextWatches) {
          decision.expire = true;
          this.hits.set(rule, used + 1);
        }
        continue;
      }
      if (applied) this.hits.set(rule, (this.hits.get(rule) ?? 0) + 1);
    }
    return decision;
  }
}

function apiMatches(m: ApiMatch | undefined, req: ApiRequestInfo): boolean {
  if (!m) return true;
  if (m.verb !== undefined && m.verb !== req.verb) return false;
  if (m.resource !== undefined && m.resource !== req.resource) return false;
  if (m.group !== undefined && m.group !== (req.group ?? '')) return false;
  if (m.namespace !== undefined && m.namespace !== req.namespace) return false;
  if (m.path !== undefined && !globMatch(m.path, req.path ?? '')) return false;
  return true;
}

function defaultMessage(code: number): string {
  if (code === 429) return 'Too many requests, please try again later.';
  if (code === 503) return 'The server is currently unable to handle the request';
  return 'Internal error occurred: injected fault';
}

function normalise(spec: FaultSpec): FaultSpec {
  return structuredClone({ pods: spec.pods ?? [], nodes: spec.nodes ?? [], api: spec.api ?? [] });
}
