import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { type KubeTestServer, type KubeTestServerOptions, startKubeTestServer } from './kube-test-server.js';
import { b64, secretBody, type TestClient, testClient } from './test-client.js';

// The server around the API: TLS, tokens, discovery, the request log, faults, latency, controllers.
// Every test starts its own server; afterEach closes it.

let server: KubeTestServer | undefined;
let client: TestClient | undefined;

async function start(
  options: KubeTestServerOptions = {},
): Promise<{ server: KubeTestServer; client: TestClient }> {
  server = await startKubeTestServer(options);
  client = testClient(server);
  return { server, client };
}

afterEach(async () => {
  client?.close();
  await server?.close();
  server = undefined;
  client = undefined;
});

const namesOf = (body: { items: { metadata: { name: string } }[] }) =>
  body.items.map((item) => item.metadata.name);

describe('TLS and authentication', () => {
  it('serves HTTPS on 127.0.0.1 with a certificate from its own CA only', async () => {
    const { server } = await start();
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const untrusted = await new Promise<Error>((resolve) => {
      httpsGet(`${server.url}/version`, (response) =>
        resolve(new Error(`answered ${response.statusCode}`)),
      ).on('error', resolve);
    });
    expect((untrusted as NodeJS.ErrnoException).code).toMatch(
      /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/,
    );
  });

  it('answers 401 Unauthorized without a token or with a wrong one', async () => {
    const { client } = await start();
    for (const token of [null, 'wrong']) {
      const response = await client.get('/api/v1/namespaces', { token });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    }
    // Like the real server's system:public-info-viewer: /version and health need no token.
    expect((await client.get('/version', { token: null })).status).toBe(200);
    expect((await client.get('/readyz', { token: null })).text).toBe('ok');
    expect((await client.get('/version', { token: 'wrong' })).status).toBe(401);
  });

  it('forbids a restricted token everything outside its namespaces, with RBAC messages', async () => {
    const { client } = await start({
      namespaces: ['mine', 'theirs'],
      tokens: { limited: { namespaces: ['mine'], user: 'ci-bot' } },
    });
    const as = { token: 'limited' };
    expect((await client.post('/api/v1/namespaces/mine/secrets', secretBody('s'), as)).status).toBe(201);
    expect((await client.get('/api/v1/namespaces/mine/secrets/s', as)).status).toBe(200);
    expect((await client.get('/api/v1/namespaces/mine', as)).status).toBe(200);
    const get = await client.get('/api/v1/namespaces/theirs/secrets/s', as);
    expect(get.status).toBe(403);
    expect(get.body).toMatchObject({
      reason: 'Forbidden',
      message:
        'secrets "s" is forbidden: User "ci-bot" cannot get resource "secrets" in API group "" in the namespace "theirs"',
      details: { name: 's', kind: 'secrets' },
      code: 403,
    });
    const create = await client.post('/api/v1/namespaces/theirs/secrets', secretBody('s'), as);
    expect(create.body.message).toBe(
      'secrets is forbidden: User "ci-bot" cannot create resource "secrets" in API group "" in the namespace "theirs"',
    );
    const all = await client.get('/api/v1/secrets', as);
    expect(all.status).toBe(403);
    expect(all.body.message).toBe(
      'secrets is forbidden: User "ci-bot" cannot list resource "secrets" in API group "" at the cluster scope',
    );
    expect((await client.get('/api/v1/namespaces', as)).status).toBe(403);
    expect(
      (await client.patch('/api/v1/namespaces/theirs/serviceaccounts/default', 'merge', {}, as)).status,
    ).toBe(403);
    expect((await client.get('/api/v1/namespaces/theirs/secrets/s')).status).toBe(404);
  });
});

describe('discovery', () => {
  it('serves /version, /api, /api/v1 and /apis', async () => {
    const { server, client } = await start();
    expect((await client.get('/version')).body).toMatchObject({
      major: '1',
      minor: '32',
      gitVersion: 'v1.32.0',
    });
    expect((await client.get('/api')).body).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [
        { clientCIDR: '0.0.0.0/0', serverAddress: server.url.slice('https://'.length) },
      ],
    });
    // The one API group served besides the core group is coordination.k8s.io (Leases).
    expect((await client.get('/apis')).body).toEqual({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [
        {
          name: 'coordination.k8s.io',
          versions: [{ groupVersion: 'coordination.k8s.io/v1', version: 'v1' }],
          preferredVersion: { groupVersion: 'coordination.k8s.io/v1', version: 'v1' },
        },
      ],
    });
    const resources = (await client.get('/api/v1')).body;
    expect(resources.kind).toBe('APIResourceList');
    expect(resources.groupVersion).toBe('v1');
    expect(resources.resources).toEqual([
      expect.objectContaining({
        name: 'namespaces',
        namespaced: false,
        kind: 'Namespace',
        shortNames: ['ns'],
      }),
      expect.objectContaining({ name: 'secrets', namespaced: true, kind: 'Secret' }),
      expect.objectContaining({
        name: 'serviceaccounts',
        namespaced: true,
        kind: 'ServiceAccount',
        shortNames: ['sa'],
      }),
      // Served since issue 10 (the CA ConfigMap shape).
      expect.objectContaining({
        name: 'configmaps',
        namespaced: true,
        kind: 'ConfigMap',
        shortNames: ['cm'],
      }),
    ]);
    // watch joined the verbs when the server learnt it.
    expect(resources.resources[1].verbs).toEqual([
      'create',
      'delete',
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ]);
  });

  it('serves the OpenAPI v3 kubectl checks for fieldValidation, and no OpenAPI v2', async () => {
    const { client } = await start();
    const root = await client.get('/openapi/v3');
    const url = root.body.paths['api/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
    const document = (await client.get(url)).body;
    const secretPatch = document.paths['/api/v1/namespaces/{namespace}/secrets/{name}'].patch;
    expect(secretPatch['x-kubernetes-group-version-kind']).toEqual({
      group: '',
      version: 'v1',
      kind: 'Secret',
    });
    expect(secretPatch.parameters.map((parameter: { name: string }) => parameter.name)).toContain(
      'fieldValidation',
    );
    expect((await client.get('/openapi/v2')).status).toBe(404);
  });
});

describe('request log', () => {
  it('records method, path, query, status and time of every request, until reset', async () => {
    const { server, client } = await start({ namespaces: ['apps'] });
    const before = Date.now();
    await client.post('/api/v1/namespaces/apps/secrets?dryRun=All', secretBody('s'));
    await client.post('/api/v1/namespaces/apps/secrets', secretBody('s'));
    await client.get('/api/v1/namespaces/apps/secrets/s');
    await client.get('/api/v1/namespaces/apps/secrets/missing');
    expect(server.requests).toEqual([
      {
        method: 'POST',
        path: '/api/v1/namespaces/apps/secrets',
        query: { dryRun: 'All' },
        status: 201,
        time: expect.any(Number),
      },
      {
        method: 'POST',
        path: '/api/v1/namespaces/apps/secrets',
        query: {},
        status: 201,
        time: expect.any(Number),
      },
      {
        method: 'GET',
        path: '/api/v1/namespaces/apps/secrets/s',
        query: {},
        status: 200,
        time: expect.any(Number),
      },
      {
        method: 'GET',
        path: '/api/v1/namespaces/apps/secrets/missing',
        query: {},
        status: 404,
        time: expect.any(Number),
      },
    ]);
    expect(server.requests[0]?.time).toBeGreaterThanOrEqual(before);
    server.resetRequests();
    expect(server.requests).toEqual([]);
  });
});

describe('faults', () => {
  async function sample(server: KubeTestServer, client: TestClient, count: number) {
    const outcomes: string[] = [];
    for (let index = 0; index < count; index++) {
      try {
        const response = await client.get('/api/v1/namespaces/default');
        outcomes.push(String(response.status));
      } catch (error) {
        outcomes.push((error as NodeJS.ErrnoException).code ?? 'error');
      }
    }
    return { outcomes, faults: server.requests.filter((entry) => entry.fault) };
  }

  it('fails about faultRate of the requests, with each kind, the same way for the same seed', async () => {
    const first = await start({ faultRate: 0.3, seed: 7 });
    const { outcomes, faults } = await sample(first.server, first.client, 300);
    expect(faults.length).toBeGreaterThan(60);
    expect(faults.length).toBeLessThan(120);
    expect(new Set(faults.map((entry) => entry.fault))).toEqual(new Set(['500', '429', 'drop']));
    expect(outcomes.filter((outcome) => outcome === '500').length).toBe(
      faults.filter((entry) => entry.fault === '500').length,
    );
    expect(outcomes.filter((outcome) => outcome === 'ECONNRESET').length).toBe(
      faults.filter((entry) => entry.fault === 'drop').length,
    );
    expect(faults.filter((entry) => entry.fault === 'drop').every((entry) => entry.status === 0)).toBe(true);
    first.client.close();
    await first.server.close();

    const again = await start({ faultRate: 0.3, seed: 7 });
    expect((await sample(again.server, again.client, 300)).outcomes).toEqual(outcomes);
  });

  it('answers 429 with Retry-After and 500 with InternalError Statuses', async () => {
    const { server, client } = await start({ faultRate: 1, faults: ['429'] });
    const limited = await client.get('/api/v1/namespaces');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body).toMatchObject({
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 1 },
      code: 429,
    });
    server.setFaults({ rate: 1, kinds: ['500'] });
    const failed = await client.get('/api/v1/namespaces');
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ status: 'Failure', reason: 'InternalError', code: 500 });
    server.setFaults({ rate: 0 });
    expect((await client.get('/api/v1/namespaces')).status).toBe(200);
    expect(() => server.setFaults({ rate: 2 })).toThrow(RangeError);
  });

  it('never fails discovery', async () => {
    const { client } = await start({ faultRate: 1 });
    for (const path of ['/version', '/api', '/api/v1', '/apis', '/openapi/v3']) {
      expect((await client.get(path)).status, path).toBe(200);
    }
  });
});

describe('latency', () => {
  it('delays every request by latencyMs, changeable while running', async () => {
    const { server, client } = await start({ latencyMs: 80 });
    let started = performance.now();
    await client.get('/api/v1/namespaces');
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    server.setLatency(0);
    started = performance.now();
    await client.get('/api/v1/namespaces');
    expect(performance.now() - started).toBeLessThan(75);
  });
});

describe('namespaces and their ServiceAccounts', () => {
  it('starts with default, kube-system, kube-public and ns-1…ns-N, each with its default ServiceAccount', async () => {
    const { server, client } = await start({ namespaces: 3 });
    const namespaces = (await client.get('/api/v1/namespaces')).body;
    expect(namesOf(namespaces)).toEqual(['default', 'kube-public', 'kube-system', 'ns-1', 'ns-2', 'ns-3']);
    expect(server.store.list('serviceaccounts').map((account) => account.metadata.namespace)).toEqual(
      namesOf(namespaces),
    );
  });

  it('gives a new namespace its default ServiceAccount a moment later, and again if it is deleted', async () => {
    const { client } = await start({ serviceAccountDelayMs: 60 });
    await client.post('/api/v1/namespaces', { metadata: { name: 'fresh' } });
    const path = '/api/v1/namespaces/fresh/serviceaccounts/default';
    expect((await client.get(path)).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await client.get(path)).status).toBe(200);
    await client.delete(path);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await client.get(path)).status).toBe(200);
  });

  it('markNamespaceTerminating sets the phase and deletionTimestamp, and keeps the namespace', async () => {
    const { server, client } = await start({ namespaces: ['going'] });
    server.markNamespaceTerminating('going');
    const namespace = (await client.get('/api/v1/namespaces/going')).body;
    expect(namespace.status.phase).toBe('Terminating');
    expect(namespace.metadata.deletionTimestamp).toMatch(/Z$/);
    const selected = await client.get('/api/v1/namespaces?fieldSelector=status.phase%3DTerminating');
    expect(namesOf(selected.body)).toEqual(['going']);
    expect(() => server.markNamespaceTerminating('missing')).toThrow();
  });
});

describe('store', () => {
  it('reads, seeds and deletes objects directly, with API defaults and a new resourceVersion', async () => {
    const { server, client } = await start({ namespaces: ['apps'], serviceAccountDelayMs: 0 });
    const version = Number(server.store.resourceVersion);
    const seeded = server.store.put({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'seeded', namespace: 'apps' },
      stringData: { a: 'b' },
    });
    expect(seeded.metadata.resourceVersion).toBe(String(version + 1));
    expect(seeded.data).toEqual({ a: b64('b') });
    expect((await client.get('/api/v1/namespaces/apps/secrets/seeded')).body).toEqual(seeded);
    const copy = server.store.get('secrets', 'apps', 'seeded');
    if (copy) copy.metadata.name = 'changed';
    expect(server.store.get('secrets', 'apps', 'seeded')?.metadata.name).toBe('seeded');
    server.store.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'put-ns' } });
    expect(server.store.get('serviceaccounts', 'put-ns', 'default')).toBeDefined();
    expect(server.store.list('namespaces').map((namespace) => namespace.metadata.name)).toContain('put-ns');
    expect(server.store.delete('secrets', 'apps', 'seeded')).toBe(true);
    expect(server.store.delete('secrets', 'apps', 'seeded')).toBe(false);
    expect(() => server.store.put({ kind: 'Pod', metadata: { name: 'p' } })).toThrow(/not Pod/);
  });
});

describe('compression', () => {
  it('gzips an answer over 128 KiB when the client accepts gzip, as the real server does', async () => {
    const { server, client } = await start({ namespaces: ['apps'] });
    for (let i = 0; i < 40; i++) {
      server.store.put({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `big-${i}`, namespace: 'apps' },
        data: { blob: b64('x'.repeat(4096)) },
      });
    }
    const list = '/api/v1/namespaces/apps/secrets';
    const zipped = await client.get(list, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    const items = JSON.parse(gunzipSync(zipped.bytes).toString('utf8')).items;
    expect(items).toHaveLength(40);
    expect(JSON.stringify(items).length).toBeGreaterThan(128 * 1024);
    expect((await client.get(list)).headers['content-encoding']).toBeUndefined();
    const one = await client.get(`${list}/big-1`, { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    expect(one.headers['content-encoding']).toBeUndefined();
    expect(one.body).toMatchObject({ metadata: { name: 'big-1' } });
  });
});

describe('kubeconfig', () => {
  it('describes the server with its CA, token and a current context, and is written with mode 0600', async () => {
    const { server } = await start();
    expect(server.kubeconfig).toContain(`server: "${server.url}"`);
    expect(server.kubeconfig).toContain(
      `certificate-authority-data: "${Buffer.from(server.caPem).toString('base64')}"`,
    );
    expect(server.kubeconfig).toContain(`token: "${server.token}"`);
    expect(server.kubeconfig).toContain('current-context: "kube-test"');
    const path = join(await mkdtemp(join(tmpdir(), 'kube-test-')), 'config');
    await writeFile(path, 'old', { mode: 0o644 });
    await server.writeKubeconfig(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe(server.kubeconfig);
  });
});

describe('scale', () => {
  it('writes a Secret to 1,000 namespaces at concurrency 32 with 10 ms latency, over kept-alive connections', async () => {
    const { server, client } = await start({ namespaces: 1000, latencyMs: 10 });
    const started = performance.now();
    let next = 1;
    const worker = async () => {
      while (next <= 1000) {
        const namespace = `ns-${next++}`;
        const response = await client.post(
          `/api/v1/namespaces/${namespace}/secrets`,
          secretBody('regcred', { stringData: { a: 'b' } }),
        );
        expect(response.status).toBe(201);
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    const elapsed = performance.now() - started;
    // Ideal: 1,000 / 32 × 10 ms ≈ 313 ms. Generous, for a busy two-core machine.
    expect(elapsed).toBeLessThan(5000);
    const all = await client.get('/api/v1/secrets?labelSelector=');
    expect(all.body.items.length).toBe(1000);
    expect(server.requests.filter((entry) => entry.method === 'POST').length).toBe(1000);
  });

  it('serves hundreds of concurrent connections', async () => {
    const { client } = await start({ latencyMs: 50 });
    const responses = await Promise.all(
      Array.from({ length: 300 }, () => client.get('/api/v1/namespaces/default')),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
  });
});
