/**
 * The RBAC authorizer: evaluates Roles, ClusterRoles and their bindings from the store, as the
 * apiserver's RBAC authorizer does (verbs, apiGroups, resources incl. `pods/log`, resourceNames,
 * nonResourceURLs with trailing `*`, `*` wildcards). `system:masters` may do everything.
 */
import type { KubeObject, ObjectStore, ResourceRegistry } from '../store/types.js';
import type { UserInfo } from './authn.js';

/** What a request wants to do, as the authorizer sees it. */
export interface AuthorizationAttributes {
  user: UserInfo;
  verb: string;
  isResourceRequest: boolean;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** For non-resource requests. */
  path?: string;
}

/** The outcome of a decision, with the apiserver's reason text when allowed. */
export interface AuthorizationDecision {
  allowed: boolean;
  reason: string;
}

/** A PolicyRule of a Role or ClusterRole. */
export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** Evaluates RBAC rules; `enabled: false` allows everything. */
export interface Authorizer {
  readonly enabled: boolean;
  authorize(attributes: AuthorizationAttributes): AuthorizationDecision;
  /** The rules that apply to a user in a namespace (for SelfSubjectRulesReview). */
  rulesFor(user: UserInfo, namespace: string): PolicyRule[];
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

interface Binding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace?: string;
  roleRef: { kind: string; name: string };
  subjects: Subject[];
}

function subjectMatches(subject: Subject, user: UserInfo, bindingNamespace?: string): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      return user.name === `system:serviceaccount:${ns}:${subject.name}`;
    }
    default:
      return false;
  }
}

function has(list: string[] | undefined, value: string): boolean {
  return !!list && (list.includes('*') || list.includes(value));
}

/** Whether one PolicyRule allows the attributes. */
export function ruleAllows(rule: PolicyRule, a: AuthorizationAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.isResourceRequest) {
    const path = a.path ?? '';
    return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
  }
  if (!has(rule.apiGroups, a.apiGroup ?? '')) return false;
  const resources = rule.resources ?? [];
  const wanted = a.subresource ? `${a.resource}/${a.subresource}` : a.resource ?? '';
  const resourceOk =
    resources.includes('*') ||
    resources.includes(wanted) ||
    (a.subresource !== undefined && resources.includes(`*/${a.subresource}`));
  if (!resourceOk) return false;
  if (rule.resourceNames && rule.resourceNames.length > 0) return !!a.name && rule.resourceNames.includes(a.name);
  return true;
}

function describeSubject(user: UserInfo, subject: Subject): string {
  if (subject.kind === 'Group') return `Group "${subject.name}"`;
  if (subject.kind === 'ServiceAccount') return `ServiceAccount "${subject.name}/${subject.namespace ?? ''}"`;
  return `User "${user.name}"`;
}

/** Create the authorizer reading RBAC objects from the store. */
export function createAuthorizer(deps: { store: ObjectStore; registry: ResourceRegistry; enabled: boolean }): Authorizer {
  const kind = (k: string) => deps.registry.byKind('rbac.authorization.k8s.io/v1', k);

  function bindings(namespace: string | undefined): Binding[] {
    const out: Binding[] = [];
    const crb = kind('ClusterRoleBinding');
    if (crb) for (const b of deps.store.list(crb).items) out.push(asBinding(b, 'ClusterRoleBinding'));
    const rb = kind('RoleBinding');
    if (rb && namespace) for (const b of deps.store.list(rb, { namespace }).items) out.push(asBinding(b, 'RoleBinding'));
    return out;
  }

  function rulesOf(binding: Binding): PolicyRule[] {
    const ref = binding.roleRef;
    const type = kind(ref.kind === 'ClusterRole' ? 'ClusterRole' : 'Role');
    if (!type) return [];
    const role = deps.store.stored(type, ref.kind === 'ClusterRole' ? undefined : binding.namespace, ref.name);
    return ((role?.rules as PolicyRule[] | undefined) ?? []).filter((r) => r && typeof r === 'object');
  }

  function* applicable(user: UserInfo, namespace: string | undefined): Generator<{ binding: Binding; subject: Subject; rules: PolicyRule[] }> {
    for (const binding of bindings(namespace)) {
      const subject = binding.subjects.find((s) => subjectMatches(s, user, binding.namespace));
      if (subject) yield { binding, subject, rules: rulesOf(binding) };
    }
  }

  return {
    enabled: deps.enabled,
    authorize(a) {
      if (!deps.enabled) return { allowed: true, reason: '' };
      if (a.user.groups.includes('system:masters')) return { allowed: true, reason: '' };
      for (const { binding, subject, rules } of applicable(a.user, a.isResourceRequest ? a.namespace : undefined)) {
        if (rules.some((r) => ruleAllows(r, a))) {
          const where = binding.kind === 'RoleBinding' ? `RoleBinding "${binding.name}/${binding.namespace}"` : `ClusterRoleBinding "${binding.name}"`;
          return { allowed: true, reason: `RBAC: allowed by ${where} of ${binding.roleRef.kind} "${binding.roleRef.name}" to ${describeSubject(a.user, subject)}` };
        }
      }
      return { allowed: false, reason: '' };
    },
    rulesFor(user, namespace) {
      if (!deps.enabled || user.groups.includes('system:masters')) {
        return [
          { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
          { verbs: ['*'], nonResourceURLs: ['*'] },
        ];
      }
      const rules: PolicyRule[] = [];
      for (const { rules: r } of applicable(user, namespace)) rules.push(...r);
      return rules;
    },
  };
}

function asBinding(obj: KubeObject, kind: Binding['kind']): Binding {
  const roleRef = (obj.roleRef ?? {}) as Binding['roleRef'];
  return {
    kind,
    name: obj.metadata.name ?? '',
    namespace: obj.metadata.namespace,
    roleRef,
    subjects: Array.isArray(obj.subjects) ? (obj.subjects as Subject[]) : [],
  };
}
