import { describe, expect, it } from 'vitest';
import { rbacProblems } from './rbac-check.js';

const role = (rules: object[], namespace = 'apps', kind = 'Role') => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name: 'keeper', namespace },
  rules,
});
const secrets = {
  apiGroups: [''],
  resources: ['secrets'],
  verbs: ['get', 'list', 'create', 'update', 'patch'],
};

describe('rbacProblems, the check the chart test applies to rendered Roles', () => {
  it('accepts the grants the issue lists', () => {
    expect(rbacProblems([role([secrets])], {}, 'tools')).toEqual([]);
  });

  it.each([
    ['delete on Secrets', [{ ...secrets, verbs: [...secrets.verbs, 'delete'] }], {}],
    ['a wildcard verb', [{ ...secrets, verbs: ['*'] }], {}],
    ['a wildcard resource', [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }], {}],
    ['ConfigMaps', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }], {}],
    [
      'ServiceAccounts no one asked for',
      [{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get'] }],
      {},
    ],
    [
      'create on ServiceAccounts',
      [{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['create'] }],
      { serviceAccounts: ['default'] },
    ],
    [
      'delete on ServiceAccounts',
      [{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['delete'] }],
      { serviceAccounts: ['default'] },
    ],
    [
      'list on ServiceAccounts in a Role',
      [{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['list'] }],
      { serviceAccounts: ['default'] },
    ],
    [
      'Leases in cronjob mode',
      [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get'] }],
      {},
    ],
    ['watch in cronjob mode', [{ ...secrets, verbs: ['watch'] }], {}],
  ])('finds %s', (_, rules, values) => {
    expect(rbacProblems([role(rules)], values, 'tools')).not.toEqual([]);
  });

  it('finds a ClusterRole for namespaced targets and Leases outside the release namespace', () => {
    expect(rbacProblems([role([secrets], '', 'ClusterRole')], {}, 'tools')).not.toEqual([]);
    const lease = { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get'] };
    expect(rbacProblems([role([lease], 'apps')], { mode: 'deployment' }, 'tools')).not.toEqual([]);
    expect(rbacProblems([role([lease], 'tools')], { mode: 'deployment' }, 'tools')).toEqual([]);
  });
});
