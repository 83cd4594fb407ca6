// refreshPullSecrets against kube-test-server with an injected clock and a recipe resolver that stands
// in for the provider plugins (the CLI's tests run the real ones against the cloud test servers).
import type { CredentialRecipe, RegistryCredential } from '@pull-secret/dockerconfigjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../test/test-cluster.js';
import { applyPullSecret } from './apply-pull-secret.js';
import type { SecretManifest } from './manifest-types.js';
import { isDue, type RecipeResolver, refreshPullSecrets } from './refresh-pull-secrets.js';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const GAR = 'europe-docker.pkg.dev';
const T0 = Date.parse('2030-06-01T00:00:00Z');
const at = (hours: number) => new Date(T0 + hours * 3600_000);
const LIFETIME: Record<string, number> = { ecr: 12, gcr: 1 };

/** Logins that last 12 h (ecr) or 1 h (gcr) from the fake clock; counts calls per recipe. */
function fakeProviders(clock: () => Date) {
  const calls: { recipe: CredentialRecipe; registries: readonly string[] }[] = [];
  const failing = new Set<string>();
  const resolve: RecipeResolver = async (recipe, registries) => {
    calls.push({ recipe, registries });
    if (failing.has(recipe.provider)) throw new Error(`${recipe.provider} refused: no identity`);
    const now = clock().getTime();
    return registries.map((registry) => ({
      registry,
      username: recipe.provider === 'ecr' ? 'AWS' : 'oauth2accesstoken',
      password: `CANARY-${recipe.provider}-${now}`,
      expiresAt: new Date(now + LIFETIME[recipe.provider]! * 3600_000),
    }));
  };
  return { calls, failing, resolve };
}

const recipes = {
  [ECR]: { provider: 'ecr', options: { 'aws-region': 'eu-west-1' } },
  [GAR]: { provider: 'gcr' },
};
const login = (registry: string, password: string, issued: Date, hours: number): RegistryCredential => ({
  registry,
  username: 'u',
  password,
  issuedAt: issued,
  expiresAt: new Date(issued.getTime() + hours * 3600_000),
});
const quay: RegistryCredential = { registry: 'quay.io', username: 'robot', password: 'CANARY-quay' };

function passwords(secret: SecretManifest | undefined): Record<string, string> {
  const config = JSON.parse(Buffer.from(secret!.data!['.dockerconfigjson']!, 'base64').toString('utf8'));
  return Object.fromEntries(
    Object.entries(config.auths as Record<string, { password: string }>).map(([k, v]) => [k, v.password]),
  );
}
const recorded = (secret: SecretManifest | undefined) =>
  JSON.parse(secret!.metadata.annotations!['pull-secret.dev/credentials']!) as Record<
    string,
    { provider: string; expiresAt?: string; issuedAt?: string }
  >;

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster(3);
}, 60_000);
afterAll(async () => cluster?.close());

async function seed(namespace: string, name: string, credentials: RegistryCredential[]) {
  const result = await applyPullSecret(cluster.api, {
    name,
    credentials,
    recipes,
    targets: { namespaces: [namespace] },
  });
  expect(result.ok).toBe(true);
}

describe('isDue', () => {
  const entry = { issuedAt: at(0).toISOString(), expiresAt: at(12).toISOString() };
  it('is due past the share of the lifetime, or within the duration, and never without expiry', () => {
    expect(isDue(entry, { fraction: 0.5 }, at(5.9))).toBe(false);
    expect(isDue(entry, { fraction: 0.5 }, at(6))).toBe(true);
    expect(isDue(entry, { withinMs: 1800_000 }, at(11.4))).toBe(false);
    expect(isDue(entry, { withinMs: 1800_000 }, at(11.5))).toBe(true);
    expect(isDue({}, { fraction: 0.5 }, at(100))).toBe(false);
  });
  it('takes an entry without an issue time as due by share, once, and by duration as usual', () => {
    const legacy = { expiresAt: at(12).toISOString() };
    expect(isDue(legacy, { fraction: 0.5 }, at(0))).toBe(true);
    expect(isDue(legacy, { withinMs: 1800_000 }, at(0))).toBe(false);
  });
});

describe('refreshPullSecrets', () => {
  it('refreshes entries past half-life, leaves fresh and static ones, and a second run writes nothing', async () => {
    const ns = cluster.namespaces[0]!;
    // ECR made at 0 (12 h), Google at 0 (1 h), a static login: at 0:45 only Google is past half-life.
    await seed(ns, 'mixed', [
      login(ECR, 'CANARY-old-ecr', at(0), 12),
      login(GAR, 'CANARY-old-gar', at(0), 1),
      quay,
    ]);
    let clock = at(0.75);
    const fake = fakeProviders(() => clock);
    cluster.server?.resetRequests();
    const result = await refreshPullSecrets(cluster.api, {
      targets: { namespaces: [ns] },
      resolve: fake.resolve,
      now: () => clock,
    });
    expect(result.ok).toBe(true);
    expect(fake.calls).toEqual([{ recipe: { provider: 'gcr' }, registries: [GAR] }]);
    const row = result.secrets.find((s) => s.name === 'mixed')!;
    expect(row.outcome).toBe('refreshed');
    expect(Object.fromEntries(row.entries.map((e) => [e.registry, e.outcome]))).toEqual({
      [ECR]: 'fresh',
      [GAR]: 'refreshed',
      'quay.io': 'static',
    });
    const stored = await cluster.api.readSecret(ns, 'mixed');
    expect(passwords(stored)).toEqual({
      [ECR]: 'CANARY-old-ecr',
      [GAR]: `CANARY-gcr-${at(0.75).getTime()}`,
      'quay.io': 'CANARY-quay',
    });
    expect(recorded(stored)[GAR]).toEqual({
      provider: 'gcr',
      expiresAt: '2030-06-01T01:45:00Z',
      issuedAt: '2030-06-01T00:45:00Z',
    });
    expect(recorded(stored)[ECR]!.issuedAt).toBe('2030-06-01T00:00:00Z');
    expect(cluster.writes()).toBe(1);

    // Right after: nothing is due, nothing is written, no provider is called.
    cluster.server?.resetRequests();
    clock = at(0.8);
    const again = await refreshPullSecrets(cluster.api, {
      targets: { namespaces: [ns] },
      resolve: fake.resolve,
      now: () => clock,
    });
    expect(again.ok).toBe(true);
    expect(again.secrets.every((s) => s.outcome === 'unchanged')).toBe(true);
    expect(fake.calls).toHaveLength(1);
    expect(cluster.writes()).toBe(0);
  });

  it('with 30 minutes refreshes only the entry expiring within them', async () => {
    const ns = cluster.namespaces[1]!;
    await seed(ns, 'clouds', [
      login(ECR, 'CANARY-old-ecr', at(0), 12),
      login(GAR, 'CANARY-old-gar', at(0), 1),
    ]);
    const clock = () => at(0.6);
    const fake = fakeProviders(clock);
    const result = await refreshPullSecrets(cluster.api, {
      targets: { namespaces: [ns] },
      before: { withinMs: 1800_000 },
      resolve: fake.resolve,
      now: clock,
    });
    expect(result.ok).toBe(true);
    expect(fake.calls.map((call) => call.recipe.provider)).toEqual(['gcr']);
    expect(passwords(await cluster.api.readSecret(ns, 'clouds'))[ECR]).toBe('CANARY-old-ecr');
  });

  it('resolves a recipe once for all Secrets, keeps the old entry when its provider fails, and reports it', async () => {
    const ns = cluster.namespaces[2]!;
    for (const name of ['one', 'two']) {
      await seed(ns, name, [
        login(ECR, `CANARY-old-ecr-${name}`, at(0), 12),
        login(GAR, 'CANARY-old-gar', at(0), 1),
      ]);
    }
    const clock = () => at(7);
    const fake = fakeProviders(clock);
    fake.failing.add('ecr');
    const result = await refreshPullSecrets(cluster.api, {
      targets: { allNamespaces: true },
      resolve: fake.resolve,
      now: clock,
    });
    expect(result.ok).toBe(false);
    expect(fake.calls.map((call) => call.recipe.provider).sort()).toEqual(['ecr', 'gcr']);
    expect(result.resolved).toBe(2);
    for (const name of ['one', 'two']) {
      const row = result.secrets.find((s) => s.namespace === ns && s.name === name)!;
      expect(row.outcome).toBe('failed');
      expect(row.entries.find((e) => e.registry === ECR)).toMatchObject({
        outcome: 'failed',
        reason: 'ecr refused: no identity',
      });
      expect(row.entries.find((e) => e.registry === GAR)!.outcome).toBe('refreshed');
      const stored = passwords(await cluster.api.readSecret(ns, name));
      expect(stored[ECR]).toBe(`CANARY-old-ecr-${name}`);
      expect(stored[GAR]).toBe(`CANARY-gcr-${at(7).getTime()}`);
    }
  });

  it('two runs at once and an apply in between lose no entry', async () => {
    const ns = cluster.namespaces[0]!;
    await seed(ns, 'race', [login(ECR, 'CANARY-old-ecr', at(0), 12), login(GAR, 'CANARY-old-gar', at(0), 1)]);
    const clock = () => at(8);
    const run = () =>
      refreshPullSecrets(cluster.api, {
        targets: { namespaces: [ns] },
        secret: 'race',
        resolve: fakeProviders(clock).resolve,
        now: clock,
      });
    const [a, b] = await Promise.all([
      run(),
      run(),
      applyPullSecret(cluster.api, {
        name: 'race',
        credentials: [quay],
        targets: { namespaces: [ns] },
      }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const stored = passwords(await cluster.api.readSecret(ns, 'race'));
    expect(Object.keys(stored).sort()).toEqual([GAR, ECR, 'quay.io'].sort());
    expect(stored[ECR]).toBe(`CANARY-ecr-${at(8).getTime()}`);
  });

  it('lists once per namespace named, or once for all namespaces', async () => {
    const clock = () => at(0);
    const lists = async (targets: Parameters<typeof refreshPullSecrets>[1]['targets']) => {
      cluster.server?.resetRequests();
      await refreshPullSecrets(cluster.api, { targets, resolve: fakeProviders(clock).resolve, now: clock });
      return (cluster.server?.requests ?? [])
        .filter((request) => request.method === 'GET')
        .map((request) => request.path)
        .sort();
    };
    const [a, b] = cluster.namespaces as [string, string];
    expect(await lists({ namespaces: [a, b] })).toEqual(
      [`/api/v1/namespaces/${a}/secrets`, `/api/v1/namespaces/${b}/secrets`].sort(),
    );
    expect(await lists({ allNamespaces: true })).toEqual(['/api/v1/secrets']);
    expect(await lists({ namespaceSelector: 'pull-secret-e2e' })).toEqual([
      '/api/v1/namespaces',
      '/api/v1/secrets',
    ]);
  });

  it('refuses a bad refresh point or Secret name before any call', async () => {
    const base = { targets: { namespaces: ['x'] }, resolve: fakeProviders(() => at(0)).resolve };
    cluster.server?.resetRequests();
    await expect(refreshPullSecrets(cluster.api, { ...base, before: { fraction: 1.5 } })).rejects.toThrow(
      /refresh point/,
    );
    await expect(refreshPullSecrets(cluster.api, { ...base, secret: 'Bad_Name' })).rejects.toThrow();
    expect(cluster.server?.requests ?? []).toHaveLength(0);
  });
});
