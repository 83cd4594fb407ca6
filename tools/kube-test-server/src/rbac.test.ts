import { afterEach, describe, expect, it } from 'vitest';
import { type KubeTestServer, startKubeTestServer } from './kube-test-server.js';
import { authorize, checkRules, type PolicyRule, type User } from './rbac.js';
import { RESOURCES } from './resources.js';
import { secretBody, type TestClient, testClient } from './test-client.js';

// What pull-secret's Helm chart grants in deployment mode: Secrets without delete, namespaces to read
// and watch, Leases only in its own namespace.
const CHART_RULES: PolicyRule[] = [
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
  {
    apiGroups: ['coordination.k8s.io'],
    resources: ['leases'],
    verbs: ['get', 'create', 'update'],
    namespaces: ['pull-secret'],
  },
];

const user = (rules: PolicyRule[], namespaces?: string[]): User => ({
  name: 'system:serviceaccount:pull-secret:pull-secret',
  rules,
  ...(namespaces ? { namespaces: new Set(namespaces) } : {}),
});

function refusal(call: () => void): string {
  try {
    call();
  } catch (error) {
    return (error as Error).message;
  }
  return 'allowed';
}

describe('authorize', () => {
  it('allows what a rule grants and refuses the rest with the authorizer’s message', () => {
    const chart = user(CHART_RULES);
    expect(refusal(() => authorize(chart, 'patch', RESOURCES.secrets, 'apps', 'regcred'))).toBe('allowed');
    expect(refusal(() => authorize(chart, 'watch', RESOURCES.secrets))).toBe('allowed');
    expect(refusal(() => authorize(chart, 'delete', RESOURCES.secrets, 'x', 'regcred'))).toBe(
      'secrets "regcred" is forbidden: User "system:serviceaccount:pull-secret:pull-secret" cannot delete resource "secrets" in API group "" in the namespace "x"',
    );
    expect(refusal(() => authorize(chart, 'create', RESOURCES.namespaces))).toBe(
      'namespaces is forbidden: User "system:serviceaccount:pull-secret:pull-secret" cannot create resource "namespaces" in API group "" at the cluster scope',
    );
    expect(refusal(() => authorize(chart, 'list', RESOURCES.serviceaccounts, 'apps'))).toMatch(
      /^serviceaccounts is forbidden: .* cannot list resource "serviceaccounts" in API group "" in the namespace "apps"$/,
    );
  });

  it('tells watch from list', () => {
    const lister = user([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }]);
    expect(refusal(() => authorize(lister, 'list', RESOURCES.secrets, 'apps'))).toBe('allowed');
    expect(refusal(() => authorize(lister, 'watch', RESOURCES.secrets, 'apps'))).toMatch(
      /cannot watch resource/,
    );
  });

  it('holds a rule bound to namespaces only there, and never at cluster scope', () => {
    const chart = user(CHART_RULES);
    expect(refusal(() => authorize(chart, 'update', RESOURCES.leases, 'pull-secret', 'leader'))).toBe(
      'allowed',
    );
    expect(refusal(() => authorize(chart, 'get', RESOURCES.leases, 'apps', 'leader'))).toBe(
      'leases.coordination.k8s.io "leader" is forbidden: User "system:serviceaccount:pull-secret:pull-secret" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "apps"',
    );
    expect(refusal(() => authorize(chart, 'get', RESOURCES.leases))).toMatch(/at the cluster scope$/);
    // The token's own namespaces bind every rule there only.
    const bound = user([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], ['apps']);
    expect(refusal(() => authorize(bound, 'delete', RESOURCES.configmaps, 'apps', 'c'))).toBe('allowed');
    expect(refusal(() => authorize(bound, 'delete', RESOURCES.configmaps, 'web', 'c'))).toMatch(
      /in the namespace "web"$/,
    );
    expect(refusal(() => authorize(bound, 'list', RESOURCES.secrets))).toMatch(/at the cluster scope$/);
    // A namespace object's namespace is itself.
    expect(refusal(() => authorize(bound, 'get', RESOURCES.namespaces, undefined, 'apps'))).toBe('allowed');
  });

  it('limits a rule with resourceNames to those objects, and to verbs that name one', () => {
    const named = user([
      { apiGroups: [''], resources: ['secrets'], verbs: ['*'], resourceNames: ['regcred'] },
    ]);
    expect(refusal(() => authorize(named, 'delete', RESOURCES.secrets, 'apps', 'regcred'))).toBe('allowed');
    expect(refusal(() => authorize(named, 'delete', RESOURCES.secrets, 'apps', 'other'))).toMatch(
      /forbidden/,
    );
    expect(refusal(() => authorize(named, 'list', RESOURCES.secrets, 'apps'))).toMatch(/forbidden/);
  });

  it('keeps the namespaces-only restriction of tokens without rules', () => {
    const old: User = { name: 'ci', namespaces: new Set(['apps']) };
    expect(refusal(() => authorize(old, 'delete', RESOURCES.leases, 'apps', 'l'))).toBe('allowed');
    expect(refusal(() => authorize(old, 'get', RESOURCES.namespaces, undefined, 'apps'))).toBe('allowed');
    expect(refusal(() => authorize(old, 'list', RESOURCES.namespaces))).toMatch(/at the cluster scope$/);
    expect(refusal(() => authorize({ name: 'admin' }, 'delete', RESOURCES.namespaces, undefined, 'x'))).toBe(
      'allowed',
    );
  });

  it('rejects rules with unknown verbs or empty lists when the server starts', () => {
    expect(() => checkRules([{ apiGroups: [''], resources: ['secrets'], verbs: ['read'] }])).toThrow(
      'unknown RBAC verb "read"; use one of get, list, watch, create, update, patch, delete or *',
    );
    expect(() => checkRules([{ apiGroups: [], resources: ['secrets'], verbs: ['get'] }])).toThrow(
      /needs apiGroups/,
    );
  });
});

describe('RBAC over HTTPS', () => {
  let server: KubeTestServer;
  let client: TestClient;

  afterEach(async () => {
    client.close();
    await server.close();
  });

  it('answers 403 for what the chart’s rules do not grant, on every verb', async () => {
    server = await startKubeTestServer({
      namespaces: ['apps', 'pull-secret'],
      serviceAccountDelayMs: 0,
      tokens: { chart: { user: 'system:serviceaccount:pull-secret:pull-secret', rules: CHART_RULES } },
    });
    client = testClient(server);
    const as = { token: 'chart' };
    const secrets = '/api/v1/namespaces/apps/secrets';
    expect((await client.post(secrets, secretBody('regcred'), as)).status).toBe(201);
    expect(
      (await client.patch(`${secrets}/regcred`, 'merge', { metadata: { labels: { a: 'b' } } }, as)).status,
    ).toBe(200);
    expect((await client.get('/api/v1/secrets', as)).status).toBe(200);
    const watched = await client.get('/api/v1/namespaces?watch=1&timeoutSeconds=1', as);
    expect(watched.status).toBe(200);
    const deleted = await client.delete(`${secrets}/regcred`, as);
    expect(deleted.status).toBe(403);
    expect(deleted.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'secrets "regcred" is forbidden: User "system:serviceaccount:pull-secret:pull-secret" cannot delete resource "secrets" in API group "" in the namespace "apps"',
      reason: 'Forbidden',
      details: { name: 'regcred', kind: 'secrets' },
      code: 403,
    });
    expect(server.store.get('secrets', 'apps', 'regcred')).toBeDefined();
    const account = await client.patch('/api/v1/namespaces/apps/serviceaccounts/default', 'merge', {}, as);
    expect(account.status).toBe(403);
    const leases = '/apis/coordination.k8s.io/v1/namespaces';
    const lease = { metadata: { name: 'leader' }, spec: { holderIdentity: 'a' } };
    expect((await client.post(`${leases}/pull-secret/leases`, lease, as)).status).toBe(201);
    const elsewhere = await client.post(`${leases}/apps/leases`, lease, as);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.message).toBe(
      'leases.coordination.k8s.io is forbidden: User "system:serviceaccount:pull-secret:pull-secret" cannot create resource "leases" in API group "coordination.k8s.io" in the namespace "apps"',
    );
    expect(elsewhere.body.details).toEqual({ group: 'coordination.k8s.io', kind: 'leases' });
    expect((await client.delete(`${leases}/pull-secret/leases/leader`, as)).status).toBe(403);
    // Discovery stays open to every authenticated user, as system:discovery allows.
    expect((await client.get('/apis/coordination.k8s.io/v1', as)).status).toBe(200);
  });

  it('refuses to start with a rule that names an unknown verb', async () => {
    await expect(
      startKubeTestServer({
        tokens: { t: { rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['read'] }] } },
      }),
    ).rejects.toThrow(/unknown RBAC verb "read"/);
    server = await startKubeTestServer();
    client = testClient(server);
  });
});
