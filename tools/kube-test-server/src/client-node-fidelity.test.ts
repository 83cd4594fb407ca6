import {
  ApiException,
  CoordinationV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type V1Secret,
  Watch,
} from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubeTestServer, startKubeTestServer } from './kube-test-server.js';

// @kubernetes/client-node, which pull-secret uses, against the server: the kubeconfig loads (CA,
// token), typed calls decode the answers, and errors arrive as ApiException with the Status body.

let server: KubeTestServer;
let config: KubeConfig;
let core: CoreV1Api;
let objects: KubernetesObjectApi;

beforeEach(async () => {
  server = await startKubeTestServer({
    namespaces: ['apps'],
    serviceAccountDelayMs: 0,
    watchBookmarkIntervalMs: 100,
  });
  config = new KubeConfig();
  config.loadFromString(server.kubeconfig);
  core = config.makeApiClient(CoreV1Api);
  objects = KubernetesObjectApi.makeApiClient(config);
});

afterEach(async () => {
  await server.close();
});

const secret = (name: string, extra: Partial<V1Secret> = {}): V1Secret => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, labels: { app: 'x' } },
  type: 'Opaque',
  stringData: { a: 'b' },
  ...extra,
});

async function failure(call: Promise<unknown>): Promise<ApiException<string>> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiException);
  return error as ApiException<string>;
}

describe('@kubernetes/client-node against kube-test-server', () => {
  it('lists namespaces and reads the default ServiceAccount', async () => {
    const list = await core.listNamespace();
    expect(list.items.map((namespace) => namespace.metadata?.name)).toEqual([
      'apps',
      'default',
      'kube-public',
      'kube-system',
    ]);
    const account = await core.readNamespacedServiceAccount({ name: 'default', namespace: 'apps' });
    expect(account.metadata?.creationTimestamp).toBeInstanceOf(Date);
  });

  it('creates, reads, replaces with a precondition, and sees 409 and 404 as ApiException', async () => {
    const created = await core.createNamespacedSecret({ namespace: 'apps', body: secret('regcred') });
    expect(created.data).toEqual({ a: Buffer.from('b').toString('base64') });
    const read = await core.readNamespacedSecret({ name: 'regcred', namespace: 'apps' });
    const updated = await core.replaceNamespacedSecret({
      name: 'regcred',
      namespace: 'apps',
      body: { ...read, data: { a: Buffer.from('c').toString('base64') } },
    });
    expect(updated.metadata?.resourceVersion).not.toBe(read.metadata?.resourceVersion);

    const stale = await failure(
      core.replaceNamespacedSecret({ name: 'regcred', namespace: 'apps', body: read }),
    );
    expect(stale.code).toBe(409);
    expect(JSON.parse(stale.body)).toMatchObject({ reason: 'Conflict', code: 409 });
    const exists = await failure(core.createNamespacedSecret({ namespace: 'apps', body: secret('regcred') }));
    expect(JSON.parse(exists.body)).toMatchObject({ reason: 'AlreadyExists' });
    const missing = await failure(core.readNamespacedSecret({ name: 'nope', namespace: 'apps' }));
    expect(missing.code).toBe(404);
    const invalid = await failure(core.createNamespacedSecret({ namespace: 'apps', body: secret('Bad') }));
    expect(invalid.code).toBe(422);
  });

  it('lists with label selectors across namespaces, and honours dryRun', async () => {
    await core.createNamespacedSecret({ namespace: 'apps', body: secret('one') });
    await core.createNamespacedSecret({
      namespace: 'default',
      body: secret('two', { metadata: { name: 'two' } }),
    });
    const selected = await core.listSecretForAllNamespaces({ labelSelector: 'app=x' });
    expect(selected.items.map((item) => item.metadata?.name)).toEqual(['one']);
    await core.createNamespacedSecret({ namespace: 'apps', body: secret('dry'), dryRun: 'All' });
    expect(server.store.get('secrets', 'apps', 'dry')).toBeUndefined();
  });

  it('patches with each patch type it offers', async () => {
    await core.createNamespacedSecret({ namespace: 'apps', body: secret('s') });
    const merged = await core.patchNamespacedSecret(
      { name: 's', namespace: 'apps', body: { metadata: { labels: { tier: 'web' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.metadata?.labels).toEqual({ app: 'x', tier: 'web' });
    const strategic = await core.patchNamespacedServiceAccount(
      { name: 'default', namespace: 'apps', body: { imagePullSecrets: [{ name: 'regcred' }] } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    const json = await core.patchNamespacedSecret({
      name: 's',
      namespace: 'apps',
      body: [{ op: 'remove', path: '/metadata/labels/tier' }],
    });
    expect(json.metadata?.labels).toEqual({ app: 'x' });
    // The generic client reads the discovery documents to find the resource for a kind.
    const generic = await objects.read({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'apps' },
    });
    expect(generic.metadata?.name).toBe('s');
  });

  it('Watch streams events and bookmarks from a list’s resourceVersion, and ends on server shutdown', async () => {
    const list = await core.listNamespacedSecret({ namespace: 'apps' });
    const seen: string[] = [];
    let ended: (error: unknown) => void = () => {};
    const done = new Promise((resolve) => {
      ended = resolve;
    });
    const watch = new Watch(config);
    const controller = await watch.watch(
      '/api/v1/namespaces/apps/secrets',
      { allowWatchBookmarks: true, resourceVersion: list.metadata?.resourceVersion },
      (type, object) => {
        if (type === 'BOOKMARK') {
          if (!seen.includes('BOOKMARK')) seen.push('BOOKMARK');
        } else seen.push(`${type} ${object.metadata.name}`);
      },
      (error) => ended(error),
    );
    await core.createNamespacedSecret({ namespace: 'apps', body: secret('w') });
    await core.deleteNamespacedSecret({ name: 'w', namespace: 'apps' });
    for (let attempt = 0; attempt < 100 && seen.length < 3; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect([...seen].sort()).toEqual(['ADDED w', 'BOOKMARK', 'DELETED w']);
    expect(seen.indexOf('ADDED w')).toBeLessThan(seen.indexOf('DELETED w'));
    server.closeWatches();
    expect(await done).toBeNull();
    controller.abort();
  });

  it('Watch hands the 410 Expired Status of a compacted resourceVersion to the callback as an ERROR', async () => {
    const list = await core.listNamespacedSecret({ namespace: 'apps' });
    await core.createNamespacedSecret({ namespace: 'apps', body: secret('w') });
    server.compactWatchHistory();
    const events: [string, { code?: number; reason?: string }][] = [];
    const done = new Promise((resolve) => {
      void new Watch(config).watch(
        '/api/v1/namespaces/apps/secrets',
        { resourceVersion: list.metadata?.resourceVersion },
        (type, object) => events.push([type, object]),
        resolve,
      );
    });
    expect(await done).toBeNull();
    expect(events).toEqual([['ERROR', expect.objectContaining({ code: 410, reason: 'Expired' })]]);
  });

  it('CoordinationV1Api creates, replaces and reads Leases, and a stale replace is a 409 ApiException', async () => {
    const coordination = config.makeApiClient(CoordinationV1Api);
    const created = await coordination.createNamespacedLease({
      namespace: 'apps',
      body: { metadata: { name: 'leader' }, spec: { holderIdentity: 'pod-a', leaseDurationSeconds: 15 } },
    });
    expect(created.spec?.holderIdentity).toBe('pod-a');
    const replaced = await coordination.replaceNamespacedLease({
      name: 'leader',
      namespace: 'apps',
      body: { ...created, spec: { ...created.spec, holderIdentity: 'pod-b', leaseTransitions: 1 } },
    });
    expect(replaced.spec?.leaseTransitions).toBe(1);
    const stale = await failure(
      coordination.replaceNamespacedLease({ name: 'leader', namespace: 'apps', body: created }),
    );
    expect(stale.code).toBe(409);
    expect(JSON.parse(stale.body).reason).toBe('Conflict');
    const list = await coordination.listNamespacedLease({ namespace: 'apps' });
    expect(list.items.map((item) => item.spec?.holderIdentity)).toEqual(['pod-b']);
    const generic = await objects.read({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'leader', namespace: 'apps' },
    });
    expect(generic.metadata?.name).toBe('leader');
  });
});
