import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KubeTestServer, kubeconfigYaml, startKubeTestServer } from '@pull-secret/kube-test-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyPullSecret } from '../src/apply-pull-secret.js';
import { connectKubeApi, type KubeApi } from '../src/kube-api.js';

// Request counts need the test server: one list of the named Secret and one of namespaces (pages of
// 500) instead of a GET per namespace.
const NAMESPACES = 1000;
const ghcr = { registry: 'ghcr.io', username: 'me', password: 'CANARY-lists-61c2' };
const restricted = Array.from({ length: 6 }, (_, i) => `ns-${i + 1}`);

let server: KubeTestServer;
let api: KubeApi;
let limitedApi: KubeApi;
beforeAll(async () => {
  server = await startKubeTestServer({
    namespaces: NAMESPACES,
    serviceAccountDelayMs: 0,
    tokens: { 'six-namespaces': { namespaces: restricted, user: 'six' } },
  });
  const dir = mkdtempSync(join(tmpdir(), 'pull-secret-lists-'));
  const connect = (token: string) => {
    const kubeconfig = join(dir, `config-${token}`);
    writeFileSync(kubeconfig, kubeconfigYaml({ server: server.url, caPem: server.caPem, token }), {
      mode: 0o600,
    });
    return connectKubeApi({ kubeconfig });
  };
  api = await connect(server.token);
  limitedApi = await connect('six-namespaces');
}, 60_000);
afterAll(() => server?.close());
beforeEach(() => server.resetRequests());

const writes = () => server.requests.filter((request) => request.method !== 'GET');
const singleReads = () =>
  server.requests.filter(
    (request) => request.method === 'GET' && /\/namespaces\/[^/]+\/\w+\/[^/]+$/.test(request.path),
  );

describe('planning from lists', () => {
  it(`${NAMESPACES} namespaces: an empty cluster costs the creates and a few lists; a no-op costs ≤ 8 requests`, async () => {
    const targets = { allNamespaces: true };
    const first = await applyPullSecret(api, {
      name: 'listed',
      credentials: [ghcr],
      targets,
      concurrency: 32,
    });
    const total = first.namespaces.length;
    expect(total).toBe(NAMESPACES + 3);
    expect(first.namespaces.every((row) => row.outcome === 'created')).toBe(true);
    expect(server.requests.length).toBeLessThanOrEqual(total + 8);
    expect(singleReads()).toEqual([]);

    server.resetRequests();
    const again = await applyPullSecret(api, {
      name: 'listed',
      credentials: [ghcr],
      targets,
      concurrency: 32,
    });
    expect(again.namespaces.every((row) => row.outcome === 'unchanged')).toBe(true);
    expect(writes()).toEqual([]);
    expect(server.requests.length).toBeLessThanOrEqual(8);
    expect(server.requests.every((request) => request.query.limit === '500')).toBe(true);
    expect(again.warnings).toEqual([]);
  }, 120_000);

  it('lists ServiceAccounts by name too: a no-op with --service-account writes nothing and reads no single object', async () => {
    const targets = { allNamespaces: true };
    await applyPullSecret(api, {
      name: 'with-sa',
      credentials: [ghcr],
      targets,
      serviceAccounts: ['default'],
      concurrency: 32,
    });
    server.resetRequests();
    const again = await applyPullSecret(api, {
      name: 'with-sa',
      credentials: [ghcr],
      targets,
      serviceAccounts: ['default'],
      concurrency: 32,
    });
    expect(again.namespaces.every((row) => row.serviceAccounts[0]?.outcome === 'present')).toBe(true);
    expect(writes()).toEqual([]);
    expect(singleReads()).toEqual([]);
    // Namespaces, Secrets and ServiceAccounts: three pages each at 1,003 items.
    expect(server.requests.length).toBeLessThanOrEqual(9);
  }, 120_000);

  it('uses a list for more than a few -n namespaces, and re-reads only the object a 409 hit', async () => {
    const targets = { namespaces: restricted };
    await applyPullSecret(api, { name: 'conflicted', credentials: [ghcr], targets });
    server.resetRequests();
    server.injectConflicts(1);
    const result = await applyPullSecret(api, {
      name: 'conflicted',
      credentials: [{ ...ghcr, password: 'CANARY-lists-new' }],
      targets,
    });
    expect(result.namespaces.map((row) => row.outcome)).toEqual(restricted.map(() => 'updated'));
    expect(singleReads()).toHaveLength(1);
    expect(server.requests.filter((request) => request.method === 'GET')).toHaveLength(2);
  });

  it('falls back to a read per namespace when the cluster-wide list is refused, and says so once', async () => {
    const warned: string[] = [];
    const result = await applyPullSecret(limitedApi, {
      name: 'fallback',
      credentials: [ghcr],
      targets: { namespaces: restricted },
      serviceAccounts: ['default'],
      onWarning: (message) => warned.push(message),
    });
    expect(result.ok).toBe(true);
    expect(result.namespaces.map((row) => row.outcome)).toEqual(restricted.map(() => 'created'));
    expect(warned).toEqual([
      'may not list secrets named fallback in all namespaces (403 Forbidden): reading each namespace instead',
    ]);
    expect(result.warnings).toEqual(warned);
    expect(server.requests.filter((request) => request.status === 403)).toHaveLength(1);
    expect(warned.join()).not.toMatch(/--|\{\{/);
  });

  it('keeps each namespace’s written Secret in its result only when asked', async () => {
    const targets = { namespaces: ['ns-7', 'ns-8'] };
    const kept = await applyPullSecret(api, { name: 'kept', credentials: [ghcr], targets });
    expect(kept.namespaces.map((row) => row.manifest?.metadata.name)).toEqual(['kept', 'kept']);
    const dropped = await applyPullSecret(api, {
      name: 'dropped',
      credentials: [ghcr],
      targets,
      keepManifests: false,
    });
    expect(dropped.namespaces.map((row) => row.outcome)).toEqual(['created', 'created']);
    expect(dropped.namespaces.map((row) => row.manifest)).toEqual([undefined, undefined]);
  });
});
