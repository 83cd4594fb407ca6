// What the chart may grant, from the issue: Secrets get/list/watch/create/update/patch (never delete);
// ServiceAccounts only when asked; namespaces get/list/watch; Leases in its own namespace, in
// deployment mode only; cluster-wide only when the targets are. One addition to the list:
// ServiceAccounts get list for cluster-wide targets only (one list of every namespace's instead of a
// read in each).
const ALLOWED: Record<string, readonly string[]> = {
  '/secrets': ['get', 'list', 'watch', 'create', 'update', 'patch'],
  '/serviceaccounts': ['get', 'list', 'patch'],
  '/namespaces': ['get', 'list', 'watch'],
  'coordination.k8s.io/leases': ['get', 'create', 'update'],
};

// biome-ignore lint/suspicious/noExplicitAny: rendered objects are read field by field, as YAML gave them.
type KubeObject = Record<string, any>;

interface ChartValues {
  mode?: string;
  serviceAccounts?: string[];
  targets?: { allNamespaces?: boolean; namespaceSelector?: string };
}

/** Every grant of the rendered Roles and ClusterRoles beyond what the values ask for, one line each. */
export function rbacProblems(objects: KubeObject[], values: ChartValues, releaseNamespace: string): string[] {
  const problems: string[] = [];
  const clusterWide = Boolean(values.targets?.allNamespaces || values.targets?.namespaceSelector);
  const deployment = values.mode === 'deployment';
  const askedForAccounts = (values.serviceAccounts ?? []).length > 0;
  for (const object of objects) {
    if (object.kind !== 'Role' && object.kind !== 'ClusterRole') continue;
    const at = `${object.kind} ${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
    if (object.kind === 'ClusterRole' && !clusterWide)
      problems.push(`${at}: a ClusterRole for namespaced targets`);
    if (object.aggregationRule) problems.push(`${at}: aggregates other roles`);
    for (const rule of object.rules ?? []) {
      if (rule.nonResourceURLs) problems.push(`${at}: grants non-resource URLs`);
      for (const group of rule.apiGroups ?? []) {
        for (const resource of rule.resources ?? []) {
          const key = `${group}/${resource}`;
          const allowed = ALLOWED[key];
          if (!allowed) {
            problems.push(`${at}: grants ${key}`);
            continue;
          }
          for (const verb of rule.verbs ?? []) {
            if (!allowed.includes(verb)) problems.push(`${at}: grants ${verb} on ${key}`);
          }
          if (resource === 'serviceaccounts' && !askedForAccounts) {
            problems.push(`${at}: grants ServiceAccounts though none were asked for`);
          }
          if (
            resource === 'serviceaccounts' &&
            rule.verbs?.includes('list') &&
            object.kind !== 'ClusterRole'
          ) {
            problems.push(`${at}: lists ServiceAccounts for namespaced targets`);
          }
          if (resource === 'namespaces' && object.kind !== 'ClusterRole') {
            problems.push(`${at}: namespaces in a Role grant nothing`);
          }
          if (
            resource === 'leases' &&
            (!deployment || object.kind !== 'Role' || object.metadata.namespace !== releaseNamespace)
          ) {
            problems.push(`${at}: Leases outside deployment mode's own namespace`);
          }
          if (rule.verbs?.includes('watch') && !deployment)
            problems.push(`${at}: watch on ${key} in cronjob mode`);
        }
      }
    }
  }
  return problems;
}
