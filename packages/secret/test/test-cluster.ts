import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KubeTestServer, startKubeTestServer } from '@pull-secret/kube-test-server';
import { connectKubeApi, type KubeApi } from '../src/kube-api.js';

/** A cluster for one test file: kube-test-server, or the real one PULL_SECRET_E2E_KUBECONFIG names. */
export interface TestCluster {
  kubeconfig: string;
  api: KubeApi;
  /** Fresh namespaces for this file. */
  namespaces: string[];
  /** The test server; undefined on a real cluster, where request counts and faults are unavailable. */
  server: KubeTestServer | undefined;
  /** Write requests (POST, PUT, PATCH, DELETE) the server received since the last reset. */
  writes(): number;
  createNamespace(name: string, labels?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export const REAL_CLUSTER = process.env.PULL_SECRET_E2E_KUBECONFIG;

export async function startTestCluster(namespaceCount: number): Promise<TestCluster> {
  const prefix = `pull-secret-e2e-${randomBytes(3).toString('hex')}`;
  const namespaces = Array.from({ length: namespaceCount }, (_, i) => `${prefix}-${i + 1}`);
  let server: KubeTestServer | undefined;
  let kubeconfig: string;
  if (REAL_CLUSTER) {
    kubeconfig = REAL_CLUSTER;
  } else {
    server = await startKubeTestServer({ namespaces: [] });
    kubeconfig = join(mkdtempSync(join(tmpdir(), 'pull-secret-test-')), 'kubeconfig');
    writeFileSync(kubeconfig, server.kubeconfig, { mode: 0o600 });
  }
  const api = await connectKubeApi({ kubeconfig, retries: 8, baseDelayMs: 20, maxDelayMs: 500 });
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  config.loadFromFile(kubeconfig);
  const core = config.makeApiClient(k8s.CoreV1Api);
  const created: string[] = [];
  const cluster: TestCluster = {
    kubeconfig,
    api,
    namespaces,
    server,
    writes: () => server?.requests.filter((request) => request.method !== 'GET').length ?? Number.NaN,
    async createNamespace(name, labels = {}) {
      await core.createNamespace({ body: { metadata: { name, labels } } });
      created.push(name);
    },
    async close() {
      if (REAL_CLUSTER) {
        await Promise.allSettled(created.map((name) => core.deleteNamespace({ name })));
      }
      await server?.close();
    },
  };
  for (const namespace of namespaces) await cluster.createNamespace(namespace, { 'pull-secret-e2e': prefix });
  return cluster;
}
