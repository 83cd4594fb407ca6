import diagnosticsChannel from 'node:diagnostics_channel';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KubeTestServer, kubeconfigYaml, startKubeTestServer } from '@pull-secret/kube-test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectKubeApi, type KubeApiInit } from './kube-api.js';
import { KubeApiError } from './kube-api-error.js';
import { pullSecretManifest } from './pull-secret-manifest.js';

const CANARY = 'CANARY-kube-api-5f0c';
let server: KubeTestServer;
let dir: string;

beforeAll(async () => {
  server = await startKubeTestServer({
    namespaces: ['apps', 'tools'],
    tokens: { 'apps-only-token': { namespaces: ['apps'], user: 'apps-bot' } },
  });
  dir = mkdtempSync(join(tmpdir(), 'pull-secret-kube-api-'));
});
afterAll(() => server.close());
afterEach(() => {
  server.setFaults({ rate: 0 });
  server.setLatency(0);
  server.resetRequests();
});

const connect = (init: KubeApiInit = {}, token = server.token) => {
  const kubeconfig = join(dir, `config-${token}`);
  writeFileSync(kubeconfig, kubeconfigYaml({ server: server.url, caPem: server.caPem, token }), {
    mode: 0o600,
  });
  return connectKubeApi({ kubeconfig, baseDelayMs: 10, maxDelayMs: 100, ...init });
};
const secret = (name: string, namespace = 'apps') =>
  pullSecretManifest({
    name,
    namespace,
    credentials: [{ registry: 'ghcr.io', username: 'me', password: CANARY }],
  });

describe('connectKubeApi', () => {
  it('writes and reads back plain API JSON; a missing Secret reads as undefined', async () => {
    const api = await connect();
    expect(await api.readSecret('apps', 'first')).toBeUndefined();
    const created = await api.createSecret('apps', secret('first'), false);
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    const read = await api.readSecret('apps', 'first');
    expect(read).toEqual(created);
    // Timestamps stay RFC 3339 strings, as kubectl shows them, not Date objects.
    expect(typeof read?.metadata.creationTimestamp).toBe('string');
    expect(read?.data?.['.dockerconfigjson']).toBe(secret('first').data?.['.dockerconfigjson']);
  });

  it('deletes a Secret only while it is the object with the given uid; false once it is gone', async () => {
    const api = await connect();
    const created = await api.createSecret('apps', secret('doomed'), false);
    const uid = created.metadata.uid as string;
    await expect(api.deleteSecret('apps', 'doomed', 'another-uid')).rejects.toMatchObject({ status: 409 });
    expect(await api.readSecret('apps', 'doomed')).toBeDefined();
    expect(await api.deleteSecret('apps', 'doomed', uid)).toBe(true);
    expect(await api.readSecret('apps', 'doomed')).toBeUndefined();
    expect(await api.deleteSecret('apps', 'doomed', uid)).toBe(false);
  });

  it('sends many requests over as many kept-alive connections as callers', async () => {
    const api = await connect();
    let connections = 0;
    const onConnected = () => {
      connections++;
    };
    diagnosticsChannel.subscribe('undici:client:connected', onConnected);
    try {
      for (let round = 0; round < 10; round++) {
        // Each of 4 callers reads, then at once reads again, as apply reads and then writes.
        await Promise.all(
          Array.from({ length: 4 }, async (_, i) => {
            await api.readSecret('apps', `missing-${i}`);
            await api.readSecret('apps', `missing-${i}`);
          }),
        );
      }
    } finally {
      diagnosticsChannel.unsubscribe('undici:client:connected', onConnected);
    }
    expect(server.requests).toHaveLength(80);
    // client-node alone opens one per request: here one per caller.
    expect(connections).toBeGreaterThan(0);
    expect(connections).toBeLessThanOrEqual(4);
  });

  it('asks for gzip and reads a compressed list', async () => {
    const api = await connect();
    for (let i = 0; i < 40; i++) {
      server.store.put({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `bulky-${i}`, namespace: 'tools' },
        data: { blob: Buffer.from('y'.repeat(4096)).toString('base64') },
      });
    }
    const encodings: string[] = [];
    const onHeaders = ({ response }: { response: { headers: Buffer[] } }) => {
      const index = response.headers.findIndex(
        (name, i) => i % 2 === 0 && /^content-encoding$/i.test(String(name)),
      );
      if (index >= 0) encodings.push(String(response.headers[index + 1]));
    };
    diagnosticsChannel.subscribe('undici:request:headers', onHeaders as (message: unknown) => void);
    let listed: Awaited<ReturnType<typeof api.listSecrets>>;
    try {
      listed = await api.listSecrets('tools');
    } finally {
      diagnosticsChannel.unsubscribe('undici:request:headers', onHeaders as (message: unknown) => void);
    }
    expect(encodings).toEqual(['gzip']);
    expect(listed.filter((s) => s.metadata.name.startsWith('bulky-'))).toHaveLength(40);
    expect(listed.find((s) => s.metadata.name === 'bulky-7')?.data?.blob).toBe(
      Buffer.from('y'.repeat(4096)).toString('base64'),
    );
  });

  it('gives every attempt its own time limit, then says the server did not answer in time', async () => {
    const api = await connect({ timeoutMs: 100, retries: 1 });
    server.setLatency(400);
    const error = await api.readSecret('apps', 'slow').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).message).toBe(
      'Could not read secret apps/slow: the API server did not answer in time.',
    );
    expect((error as KubeApiError).code).toBe('KUBE_UNREACHABLE');
    expect(server.requests.filter((request) => request.path.endsWith('/secrets/slow'))).toHaveLength(2);
  });

  it('retries dropped connections, then reports the server unreachable', async () => {
    const api = await connect({ retries: 2 });
    server.setFaults({ rate: 1, kinds: ['drop'] });
    const error = await api.listSecrets('apps').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).message).toBe(
      `Could not list secrets in apps: no answer from ${server.url}.`,
    );
    expect(server.requests).toHaveLength(3);
  });

  it('retries 429 and 500, and succeeds once the server answers', async () => {
    const api = await connect({ retries: 8 });
    server.setFaults({ rate: 0.5, kinds: ['429', '500'] });
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) => api.createSecret('tools', secret(`retried-${i}`, 'tools'), false)),
    );
    expect(created.map((s) => s.metadata.name)).toEqual(Array.from({ length: 6 }, (_, i) => `retried-${i}`));
    expect(server.requests.some((request) => request.fault !== undefined)).toBe(true);
  });

  it('keeps the status, reason and a hint of an API error, and no secret in its message', async () => {
    const api = await connect({ secrets: [CANARY] }, 'apps-only-token');
    const error = await api.createSecret('tools', secret('denied', 'tools'), false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error).toMatchObject({ status: 403, reason: 'Forbidden', code: 'KUBE_Forbidden' });
    expect((error as KubeApiError).message).toMatch(/^Could not create secret tools\/denied: /);
    expect((error as KubeApiError).hint).toMatch(/RBAC/);
    expect(JSON.stringify(error)).not.toContain(CANARY);
    expect((error as KubeApiError).message).not.toContain(CANARY);
  });
});
