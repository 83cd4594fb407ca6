import type { ResourceDefinition } from './resource-definition.js';
import { forbidden } from './status.js';

// RBAC as far as a client can tell: a request is allowed when a rule grants its verb on its resource
// in its namespace, and refused with the authorizer's Forbidden Status otherwise.

/** The verbs the server authorises; watch is its own verb, distinct from list, as in RBAC. */
export const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;
export type Verb = (typeof VERBS)[number];

/** One PolicyRule of a Role or ClusterRole, with where it is bound. */
export interface PolicyRule {
  /** '' is the core group (secrets, serviceaccounts, configmaps, namespaces); '*' any group. */
  apiGroups: string[];
  /** Resource names such as 'secrets' or 'leases'; '*' any. */
  resources: string[];
  /** From VERBS, or '*'. */
  verbs: string[];
  /** Only these objects; such a rule grants get, update, patch and delete of them, never list, watch or create. */
  resourceNames?: string[];
  /**
   * The namespaces the rule is bound in, as a Role with a RoleBinding in each; absent: everywhere,
   * cluster scope included, as a ClusterRole with a ClusterRoleBinding.
   */
  namespaces?: string[];
}

/** Who a bearer token authenticates as, and what it may do. */
export interface User {
  name: string;
  /** Without rules: the namespaces whose namespaced resources (and own object, to get) it may use. */
  namespaces?: ReadonlySet<string>;
  /** When set, exactly what the rules grant (bound only in `namespaces` when both are set). */
  rules?: readonly PolicyRule[];
}

/** Checks rules given in the server options, so a typo fails the test that wrote it, not a request. */
export function checkRules(rules: readonly PolicyRule[]): void {
  for (const rule of rules) {
    for (const verb of rule.verbs) {
      if (verb !== '*' && !(VERBS as readonly string[]).includes(verb))
        throw new RangeError(
          `unknown RBAC verb ${JSON.stringify(verb)}; use one of ${VERBS.join(', ')} or *`,
        );
    }
    for (const field of ['apiGroups', 'resources', 'verbs'] as const) {
      if (!Array.isArray(rule[field]) || rule[field].length === 0)
        throw new RangeError(`an RBAC rule needs ${field} (an empty list grants nothing)`);
    }
  }
}

/**
 * Allows the request or throws 403 with the message the real authorizer gives, e.g. `secrets "s" is
 * forbidden: User "ci" cannot delete resource "secrets" in API group "" in the namespace "x"`. For a
 * namespace object, RBAC's namespace attribute is the namespace's own name.
 */
export function authorize(
  user: User,
  verb: Verb,
  resource: ResourceDefinition,
  namespace?: string,
  name?: string,
): void {
  const scope = resource.namespaced ? namespace : resource.name === 'namespaces' ? name : undefined;
  if (allows(user, verb, resource, scope, name)) return;
  const where = scope === undefined ? 'at the cluster scope' : `in the namespace "${scope}"`;
  throw forbidden(
    resource,
    name ?? '',
    `User "${user.name}" cannot ${verb} resource "${resource.name}" in API group "${resource.group}" ${where}`,
  );
}

function allows(
  user: User,
  verb: Verb,
  resource: ResourceDefinition,
  scope: string | undefined,
  name: string | undefined,
): boolean {
  const bound = user.namespaces;
  if (user.rules === undefined) {
    if (bound === undefined) return true;
    if (resource.namespaced) return scope !== undefined && bound.has(scope);
    return resource.name === 'namespaces' && verb === 'get' && scope !== undefined && bound.has(scope);
  }
  // A token bound to namespaces holds its rules only there, as RoleBindings would.
  if (bound !== undefined && (scope === undefined || !bound.has(scope))) return false;
  return user.rules.some((rule) => grants(rule, verb, resource, scope, name));
}

function grants(
  rule: PolicyRule,
  verb: Verb,
  resource: ResourceDefinition,
  scope: string | undefined,
  name: string | undefined,
): boolean {
  const has = (list: readonly string[], value: string) => list.includes('*') || list.includes(value);
  if (!has(rule.verbs, verb) || !has(rule.apiGroups, resource.group) || !has(rule.resources, resource.name))
    return false;
  if (rule.namespaces !== undefined && (scope === undefined || !rule.namespaces.includes(scope)))
    return false;
  if (rule.resourceNames !== undefined && rule.resourceNames.length > 0)
    return name !== undefined && rule.resourceNames.includes(name);
  return true;
}
