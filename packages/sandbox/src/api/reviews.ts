/**
 * authorization.k8s.io/v1 reviews, answered by the same authorizer as every request:
 * SelfSubjectAccessReview and SubjectAccessReview (`kubectl auth can-i`), LocalSubjectAccessReview
 * and SelfSubjectRulesReview (`kubectl auth can-i --list`). Nothing is stored.
 */
import { ApiError } from '../machinery/errors.js';
import type { KubeObject } from '../store/types.js';
import type { UserInfo } from './authn.js';
import { sendJson } from './body.js';
import type { ApiContext } from './context.js';
import type { AuthorizationAttributes, PolicyRule } from './rbac.js';
import { readObject, type ResourceRequest } from './resources.js';

interface ReviewSpec {
  resourceAttributes?: { namespace?: string; verb?: string; group?: string; resource?: string; subresource?: string; name?: string };
  nonResourceAttributes?: { path?: string; verb?: string };
  user?: string;
  groups?: string[];
  uid?: string;
  namespace?: string;
}

/** True for the review resources this module serves. */
export function isReview(group: string, resource: string | undefined): boolean {
  return group === 'authorization.k8s.io' && !!resource && resource.endsWith('reviews');
}

function attributesOf(user: UserInfo, spec: ReviewSpec, kind: string): AuthorizationAttributes {
  if (spec.resourceAttributes) {
    const a = spec.resourceAttributes;
    return {
      user,
      verb: a.verb ?? '',
      isResourceRequest: true,
      apiGroup: a.group ?? '',
      resource: a.resource ?? '',
      subresource: a.subresource || undefined,
      namespace: a.namespace || undefined,
      name: a.name || undefined,
    };
  }
  if (spec.nonResourceAttributes) {
    return { user, verb: spec.nonResourceAttributes.verb ?? '', isResourceRequest: false, path: spec.nonResourceAttributes.path ?? '' };
  }
  throw ApiError.invalid({ group: 'authorization.k8s.io', name: kind }, '', [
    { reason: 'FieldValueRequired', field: 'spec.resourceAttributes', detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified' },
  ]);
}

/** Serve a POST to one of the review resources for `requester`. */
export async function serveReview(ctx: ApiContext, r: ResourceRequest, requester: UserInfo): Promise<void> {
  if (r.info.verb !== 'create') throw ApiError.methodNotAllowed({ group: r.type.group, name: r.type.resource }, r.info.verb);
  const review = await readObject(r);
  const spec = (review.spec ?? {}) as ReviewSpec;
  const kind = r.type.kind;
  const answer = (status: unknown): void =>
    sendJson(r.res, 201, { kind, apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null, ...stripMeta(review) }, spec, status }, r.pretty);

  if (kind === 'SelfSubjectRulesReview') {
    const namespace = spec.namespace ?? '';
    answer(rulesStatus(ctx.authorizer.rulesFor(requester, namespace)));
    return;
  }
  let subject = requester;
  if (kind === 'SubjectAccessReview' || kind === 'LocalSubjectAccessReview') {
    if (!spec.user && !(spec.groups?.length)) {
      throw ApiError.invalid({ group: 'authorization.k8s.io', name: kind }, '', [
        { reason: 'FieldValueRequired', field: 'spec.user', detail: 'at least one of user or group must be specified' },
      ]);
    }
    subject = { name: spec.user ?? '', groups: spec.groups ?? [] };
  }
  if (kind === 'LocalSubjectAccessReview') {
    const ns = spec.resourceAttributes?.namespace;
    if (ns !== r.info.namespace) {
      throw ApiError.badRequest(`spec.resourceAttributes.namespace must match namespace: ${r.info.namespace}`);
    }
  }
  const decision = ctx.authorizer.authorize(attributesOf(subject, spec, kind));
  answer(decision.allowed ? { allowed: true, reason: decision.reason || undefined } : { allowed: false });
}

function stripMeta(review: KubeObject): Record<string, unknown> {
  const { name, namespace } = review.metadata;
  const out: Record<string, unknown> = {};
  if (name) out.name = name;
  if (namespace) out.namespace = namespace;
  return out;
}

function rulesStatus(rules: PolicyRule[]): unknown {
  const resourceRules = rules
    .filter((r) => (r.resources?.length ?? 0) > 0)
    .map((r) => ({ verbs: r.verbs ?? [], apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) }));
  const nonResourceRules = rules
    .filter((r) => (r.nonResourceURLs?.length ?? 0) > 0)
    .map((r) => ({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs ?? [] }));
  return { resourceRules, nonResourceRules, incomplete: false };
}
