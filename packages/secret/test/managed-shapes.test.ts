import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyManaged } from '../src/apply-managed.js';
import { caConfigMap } from '../src/ca-config-map.js';
import { cdiRegistrySecret } from '../src/cdi-registry-secret.js';
import type { ManagedObject, ManagedShape } from '../src/managed-shape.js';
import { REAL_CLUSTER, startTestCluster, type TestCluster } from './test-cluster.js';

const CANARY = 'CANARY-shapes-5a90';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----\n';
const cdi = (password: string) =>
  cdiRegistrySecret({ registry: 'quay.io', username: 'robot', password }, { name: 'cdi-pull' });

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster(4);
}, 60_000);
afterAll(async () => cluster?.close());

const onlyIf = (condition: boolean) => (condition ? it : it.skip);
const apply = <T extends ManagedObject>(shape: ManagedShape<T>, namespace: string, force = false) =>
  applyManaged(cluster.api, { shape, targets: { namespaces: [namespace] }, force });
const value = (data: Record<string, string> | undefined, key: string) =>
  Buffer.from(data?.[key] ?? '', 'base64').toString();

describe.each([
  ['the CDI registry Secret', 0, () => cdi(CANARY), () => cdi(`${CANARY}-2`)],
  [
    'the CA ConfigMap',
    1,
    () => caConfigMap(PEM, { name: 'registry-ca' }),
    () => caConfigMap(`${PEM}${PEM}`, { name: 'registry-ca' }),
  ],
] as const)('%s against a cluster', (_, index, first, second) => {
  const read = (namespace: string) =>
    first().resource === 'secrets'
      ? cluster.api.readSecret(namespace, first().name)
      : cluster.api.readConfigMap(namespace, first().name);

  onlyIf(!REAL_CLUSTER)(
    'creates it, sends nothing when nothing changed, and updates on a 409 by reading again',
    async () => {
      const ns = cluster.namespaces[index]!;
      const created = await apply(first() as ManagedShape<ManagedObject>, ns);
      expect(created.namespaces[0]).toMatchObject({ outcome: 'created', ok: true });
      cluster.server!.resetRequests();
      const again = await apply(first() as ManagedShape<ManagedObject>, ns);
      expect(again.namespaces[0]!.outcome).toBe('unchanged');
      expect(cluster.writes()).toBe(0);

      cluster.server!.injectConflicts(2);
      const updated = await apply(second() as ManagedShape<ManagedObject>, ns);
      expect(updated.namespaces[0]).toMatchObject({ outcome: 'updated', ok: true });
      const stored = await read(ns);
      const want = second().create(ns).desired;
      expect(stored?.data).toEqual(want.data);
      expect(JSON.stringify(updated.namespaces.map(({ manifest: _, ...rest }) => rest))).not.toContain(
        CANARY,
      );
    },
  );

  it('refuses an object pull-secret did not make unless forced', async () => {
    const ns = cluster.namespaces[2]!;
    const handmade = { ...first().create(ns).desired, metadata: { name: first().name, namespace: ns } };
    if (handmade.kind === 'Secret') await cluster.api.createSecret(ns, handmade, false);
    else await cluster.api.createConfigMap(ns, handmade, false);
    const refused = await apply(second() as ManagedShape<ManagedObject>, ns);
    expect(refused.namespaces[0]).toMatchObject({
      outcome: 'refused',
      ok: false,
      hint: expect.stringContaining('{{force}}'),
    });
    expect((await read(ns))?.data).toEqual(handmade.data);
    const forced = await apply(second() as ManagedShape<ManagedObject>, ns, true);
    expect(forced.namespaces[0]!.outcome).toBe('updated');
    expect((await read(ns))?.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'pull-secret' });
  });
});

describe('the CDI registry Secret, more', () => {
  it('is refused over a Secret of another type, even forced, and leaves it alone', async () => {
    const ns = cluster.namespaces[3]!;
    await cluster.api.createSecret(
      ns,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'cdi-pull', namespace: ns },
        type: 'kubernetes.io/basic-auth',
        data: { username: 'dQ==' },
      },
      false,
    );
    const result = await apply(cdi(CANARY), ns, true);
    expect(result.namespaces[0]).toMatchObject({
      outcome: 'refused',
      reason: expect.stringMatching(/cannot change/),
    });
    expect((await cluster.api.readSecret(ns, 'cdi-pull'))?.type).toBe('kubernetes.io/basic-auth');
  });

  it('stores accessKeyId and secretKey exactly, without a newline', async () => {
    const ns = cluster.namespaces[3]!;
    await apply(
      cdiRegistrySecret({ registry: 'q.io', username: 'u\n', password: 'p\n' }, { name: 'cdi-exact' }),
      ns,
    );
    const stored = await cluster.api.readSecret(ns, 'cdi-exact');
    expect(stored?.type).toBe('Opaque');
    expect([value(stored?.data, 'accessKeyId'), value(stored?.data, 'secretKey')]).toEqual(['u', 'p']);
  });
});
