import type { PolicyRule } from '@pull-secret/kube-test-server';

// The rendered chart's RBAC as kube-test-server rules for one ServiceAccount's token: what a real API
// server would let that account do, so a run under it meets the chart's grants and nothing more.

// biome-ignore lint/suspicious/noExplicitAny: rendered objects are read field by field, as YAML gave them.
type KubeObject = Record<string, any>;

/**
 * The rules the bindings give `namespace/account`: a ClusterRole bound by a ClusterRoleBinding acts
 * everywhere; a Role (or a ClusterRole) bound by a RoleBinding acts in the binding's namespace only.
 */
export function chartPolicyRules(objects: KubeObject[], namespace: string, account: string): PolicyRule[] {
  const roles = new Map<string, KubeObject>();
  for (const object of objects) {
    if (object.kind === 'Role')
      roles.set(`Role/${object.metadata.namespace}/${object.metadata.name}`, object);
    if (object.kind === 'ClusterRole') roles.set(`ClusterRole//${object.metadata.name}`, object);
  }
  const rules: PolicyRule[] = [];
  for (const binding of objects) {
    if (binding.kind !== 'RoleBinding' && binding.kind !== 'ClusterRoleBinding') continue;
    const bound = (binding.subjects ?? []).some(
      (s: KubeObject) => s.kind === 'ServiceAccount' && s.name === account && s.namespace === namespace,
    );
    if (!bound) continue;
    const scope = binding.kind === 'RoleBinding' ? binding.metadata.namespace : '';
    const ref = binding.roleRef;
    const role = roles.get(ref.kind === 'Role' ? `Role/${scope}/${ref.name}` : `ClusterRole//${ref.name}`);
    if (!role)
      throw new Error(`${binding.kind} ${binding.metadata.name}: no ${ref.kind} ${ref.name} rendered`);
    for (const rule of role.rules ?? []) {
      rules.push({
        apiGroups: rule.apiGroups,
        resources: rule.resources,
        verbs: rule.verbs,
        ...(rule.resourceNames ? { resourceNames: rule.resourceNames } : {}),
        ...(scope ? { namespaces: [scope] } : {}),
      });
    }
  }
  return rules;
}
