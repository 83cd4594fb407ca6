import type { RegistryCredential } from '@pull-secret/dockerconfigjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPullSecret } from '../src/apply-pull-secret.js';
import type { SecretManifest } from '../src/manifest-types.js';
import { listManagedPullSecrets } from '../src/pull-secret-status.js';
import { readCredentialSources } from '../src/read-credential-sources.js';
import { REAL_CLUSTER, startTestCluster, type TestCluster } from './test-cluster.js';

// The same suite runs against kube-test-server, or a real cluster when PULL_SECRET_E2E_KUBECONFIG is set.
const CANARY = 'CANARY-apply-cluster-2f7d';
const ghcr: RegistryCredential = { registry: 'ghcr.io', username: 'me', password: CANARY };
const quay: RegistryCredential = { registry: 'quay.io', username: 'robot', password: `${CANARY}-quay` };

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster(6);
}, 60_000);
afterAll(async () => cluster?.close());

const registriesIn = async (namespace: string, name: string) => {
  const secret = await cluster.api.readSecret(namespace, name);
  if (!secret) return undefined;
  return readCredentialSources(JSON.stringify(secret), 'cluster')[0]!
    .credentials.map((c) => c.registry)
    .sort();
};
const publicView = (value: unknown) =>
  JSON.stringify(value, (key, v) => (key === 'manifest' ? undefined : v));
// Request counts, faults and injected conflicts need the test server.
const onlyIf = (condition: boolean) => (condition ? it : it.skip);

describe('applyPullSecret against a cluster', () => {
  it('creates, then merges another registry in, keeping the first', async () => {
    const [ns] = cluster.namespaces;
    const first = await applyPullSecret(cluster.api, {
      name: 'merge',
      credentials: [ghcr],
      targets: { namespaces: [ns!] },
    });
    expect(first.namespaces[0]).toMatchObject({ namespace: ns, outcome: 'created', registries: ['ghcr.io'] });
    const second = await applyPullSecret(cluster.api, {
      name: 'merge',
      credentials: [quay],
      targets: { namespaces: [ns!] },
    });
    expect(second.namespaces[0]!.outcome).toBe('updated');
    expect(await registriesIn(ns!, 'merge')).toEqual(['ghcr.io', 'quay.io']);
    expect(publicView([first, second])).not.toContain(CANARY);
  });

  onlyIf(!REAL_CLUSTER)('sends no write when applying the same thing again', async () => {
    const targets = { namespaces: cluster.namespaces.slice(0, 3) };
    await applyPullSecret(cluster.api, { name: 'same', credentials: [ghcr], targets });
    cluster.server!.resetRequests();
    const again = await applyPullSecret(cluster.api, { name: 'same', credentials: [ghcr], targets });
    expect(again.namespaces.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(cluster.writes()).toBe(0);
  });

  it('20 concurrent appliers, each adding its own registry to one secret, end with all 20', async () => {
    const ns = cluster.namespaces[1]!;
    const registries = Array.from(
      { length: 20 },
      (_, i) => `registry-${String(i).padStart(2, '0')}.example.com`,
    );
    const results = await Promise.all(
      registries.map((registry) =>
        applyPullSecret(cluster.api, {
          name: 'crowd',
          credentials: [{ registry, username: 'u', password: CANARY }],
          targets: { namespaces: [ns] },
        }),
      ),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(await registriesIn(ns, 'crowd')).toEqual(registries);
  });

  onlyIf(!REAL_CLUSTER)('finishes correctly under a 20 % fault rate', async () => {
    const server = cluster.server!;
    server.setFaults({ rate: 0.2, kinds: ['500', '429', 'drop'] });
    try {
      const result = await applyPullSecret(cluster.api, {
        name: 'faulty',
        credentials: [ghcr],
        targets: { namespaces: cluster.namespaces },
        serviceAccounts: ['default'],
      });
      expect(result.ok).toBe(true);
      expect(result.namespaces.map((r) => r.outcome)).toEqual(cluster.namespaces.map(() => 'created'));
    } finally {
      server.setFaults({ rate: 0 });
    }
    for (const ns of cluster.namespaces) expect(await registriesIn(ns, 'faulty')).toEqual(['ghcr.io']);
  });

  onlyIf(!REAL_CLUSTER)('re-reads and merges when another writer gets in between', async () => {
    const ns = cluster.namespaces[2]!;
    await applyPullSecret(cluster.api, {
      name: 'racy',
      credentials: [quay],
      targets: { namespaces: [ns] },
    });
    cluster.server!.injectConflicts(2);
    const result = await applyPullSecret(cluster.api, {
      name: 'racy',
      credentials: [ghcr],
      targets: { namespaces: [ns] },
    });
    expect(result.namespaces[0]!.outcome).toBe('updated');
    expect(await registriesIn(ns, 'racy')).toEqual(['ghcr.io', 'quay.io']);
  });

  it('refuses a Secret it did not create, then takes it over with force, keeping its entries', async () => {
    const ns = cluster.namespaces[3]!;
    const handmade: SecretManifest = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'handmade', namespace: ns },
      type: 'kubernetes.io/dockerconfigjson',
      data: {
        '.dockerconfigjson': Buffer.from(
          JSON.stringify({ auths: { 'quay.io': { username: 'x', password: 'y' } } }),
        ).toString('base64'),
      },
    };
    await cluster.api.createSecret(ns, handmade, false);
    const refused = await applyPullSecret(cluster.api, {
      name: 'handmade',
      credentials: [ghcr],
      targets: { namespaces: [ns] },
    });
    expect(refused.ok).toBe(false);
    expect(refused.namespaces[0]).toMatchObject({ outcome: 'refused' });
    expect(await registriesIn(ns, 'handmade')).toEqual(['quay.io']);
    const forced = await applyPullSecret(cluster.api, {
      name: 'handmade',
      credentials: [ghcr],
      targets: { namespaces: [ns] },
      force: true,
    });
    expect(forced.namespaces[0]!.outcome).toBe('updated');
    expect(await registriesIn(ns, 'handmade')).toEqual(['ghcr.io', 'quay.io']);
    const secret = await cluster.api.readSecret(ns, 'handmade');
    expect(secret!.metadata.labels!['app.kubernetes.io/managed-by']).toBe('pull-secret');
  });

  it('reports a Secret of another type instead of overwriting it', async () => {
    const ns = cluster.namespaces[3]!;
    await cluster.api.createSecret(
      ns,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'opaque', namespace: ns },
        type: 'Opaque',
        data: { a: 'Yg==' },
      },
      false,
    );
    const result = await applyPullSecret(cluster.api, {
      name: 'opaque',
      credentials: [ghcr],
      targets: { namespaces: [ns] },
      force: true,
    });
    expect(result.namespaces[0]).toMatchObject({
      outcome: 'refused',
      reason: expect.stringMatching(/type Opaque/),
    });
  });

  it('adds the Secret to a ServiceAccount once, keeping its other entries', async () => {
    const ns = cluster.namespaces[4]!;
    let account = await cluster.api.readServiceAccount(ns, 'default');
    for (let i = 0; !account && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      account = await cluster.api.readServiceAccount(ns, 'default');
    }
    await cluster.api.patchServiceAccountPullSecrets(
      ns,
      { ...account!, imagePullSecrets: [{ name: 'other' }] },
      false,
    );
    for (let run = 0; run < 2; run++) {
      const result = await applyPullSecret(cluster.api, {
        name: 'sa-pull',
        credentials: [ghcr],
        targets: { namespaces: [ns] },
        serviceAccounts: ['default'],
      });
      expect(result.namespaces[0]!.serviceAccounts).toEqual([
        { name: 'default', outcome: run === 0 ? 'added' : 'present' },
      ]);
    }
    const after = await cluster.api.readServiceAccount(ns, 'default');
    expect(after!.imagePullSecrets).toEqual([{ name: 'other' }, { name: 'sa-pull' }]);
    const status = await listManagedPullSecrets(cluster.api, ns);
    expect(status.find((row) => row.name === 'sa-pull')).toMatchObject({
      registries: ['ghcr.io'],
      serviceAccounts: ['default'],
    });
  });

  onlyIf(!REAL_CLUSTER)(
    'patches a ServiceAccount with the resourceVersion it read: a concurrent write is a 409, then a retry on top of it',
    async () => {
      const ns = cluster.namespaces[5]!;
      let account = await cluster.api.readServiceAccount(ns, 'default');
      for (let i = 0; !account && i < 50; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        account = await cluster.api.readServiceAccount(ns, 'default');
      }
      cluster.server!.resetRequests();
      cluster.server!.injectConflicts(1);
      const result = await applyPullSecret(cluster.api, {
        name: 'sa-race',
        credentials: [ghcr],
        targets: { namespaces: [ns] },
        serviceAccounts: ['default'],
      });
      expect(result.namespaces[0]!.serviceAccounts).toEqual([{ name: 'default', outcome: 'added' }]);
      const patches = cluster.server!.requests.filter(
        (r) => r.method === 'PATCH' && r.path.endsWith(`/namespaces/${ns}/serviceaccounts/default`),
      );
      expect(patches.map((r) => r.status)).toEqual([409, 200]);
      const stored = await cluster.api.readServiceAccount(ns, 'default');
      // The concurrent writer's change survived the retry.
      expect(Object.keys(stored!.metadata.annotations ?? {}).length).toBeGreaterThan(0);
      expect(stored!.imagePullSecrets).toContainEqual({ name: 'sa-race' });
    },
  );

  it('waits for the default ServiceAccount of a brand-new namespace', async () => {
    const ns = `${cluster.namespaces[0]}-fresh`;
    await cluster.createNamespace(ns);
    const result = await applyPullSecret(cluster.api, {
      name: 'fresh',
      credentials: [ghcr],
      targets: { namespaces: [ns] },
      serviceAccounts: ['default'],
    });
    expect(result.namespaces[0]).toMatchObject({
      outcome: 'created',
      serviceAccounts: [{ name: 'default', outcome: 'added' }],
    });
  });

  it('dry runs write nothing', async () => {
    const ns = cluster.namespaces[5]!;
    for (const dryRun of ['client', 'server'] as const) {
      const result = await applyPullSecret(cluster.api, {
        name: `dry-${dryRun}`,
        credentials: [ghcr],
        targets: { namespaces: [ns] },
        dryRun,
      });
      expect(result.namespaces[0]!.outcome).toBe('created');
      expect(await cluster.api.readSecret(ns, `dry-${dryRun}`)).toBeUndefined();
    }
  });

  it('one missing namespace fails alone; the others are written', async () => {
    const result = await applyPullSecret(cluster.api, {
      name: 'partial',
      credentials: [ghcr],
      targets: { namespaces: [cluster.namespaces[0]!, `${cluster.namespaces[0]}-missing`] },
    });
    expect(result.ok).toBe(false);
    expect(result.namespaces.map((r) => r.outcome)).toEqual(['created', 'failed']);
    expect(result.namespaces[1]!.reason).toMatch(/not found/);
    expect(publicView(result)).not.toContain(CANARY);
  });

  onlyIf(!REAL_CLUSTER)('skips namespaces being deleted when selecting all', async () => {
    const doomed = `${cluster.namespaces[0]}-doomed`;
    await cluster.createNamespace(doomed, { doomed: 'yes' });
    cluster.server!.markNamespaceTerminating(doomed);
    const result = await applyPullSecret(cluster.api, {
      name: 'selected',
      credentials: [ghcr],
      targets: { namespaceSelector: 'doomed=yes' },
    });
    expect(result.namespaces).toEqual([expect.objectContaining({ namespace: doomed, outcome: 'skipped' })]);
    expect(result.ok).toBe(true);
  });

  onlyIf(!REAL_CLUSTER)(
    'skips a named namespace being deleted, without touching its ServiceAccounts',
    async () => {
      const doomed = `${cluster.namespaces[0]}-doomed-named`;
      await cluster.createNamespace(doomed);
      cluster.server!.markNamespaceTerminating(doomed);
      cluster.server!.resetRequests();
      const result = await applyPullSecret(cluster.api, {
        name: 'named-doomed',
        credentials: [ghcr],
        targets: { namespaces: [doomed] },
        serviceAccounts: ['default'],
      });
      expect(result.namespaces).toEqual([
        expect.objectContaining({ namespace: doomed, outcome: 'skipped', ok: true, serviceAccounts: [] }),
      ]);
      expect(result.ok).toBe(true);
      expect(cluster.server!.requests.filter((r) => r.path.includes('serviceaccounts'))).toEqual([]);
    },
  );
});
