import { execFile, spawnSync } from 'node:child_process';
import type { CredentialRecipe, RegistryCredential } from '@pull-secret/dockerconfigjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPullSecret } from '../src/apply-pull-secret.js';
import type { SecretManifest } from '../src/manifest-types.js';
import { startTestCluster, type TestCluster } from './test-cluster.js';

// kubectl is the oracle when it is installed: what it reads back is what the API server stored.
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const CANARY = 'CANARY-per-registry-8e3a';
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const GCR = 'europe-docker.pkg.dev';
const base = Date.parse('2030-06-01T00:00:00Z');
const hours = (n: number) => new Date(base + n * 3600_000);
const ecr = (expiresAt: Date): RegistryCredential => ({
  registry: ECR,
  username: 'AWS',
  password: `${CANARY}-ecr`,
  expiresAt,
});
const gcr: RegistryCredential = {
  registry: GCR,
  username: 'oauth2accesstoken',
  password: `${CANARY}-gcr`,
  expiresAt: hours(1),
};
const quay: RegistryCredential = { registry: 'quay.io', username: 'robot', password: `${CANARY}-quay` };
const ecrRecipe = { provider: 'ecr', options: { 'aws-region': 'eu-west-1' } };
const gcrRecipe = { provider: 'gcr' };

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster(1);
}, 60_000);
afterAll(async () => cluster?.close());

async function readBack(namespace: string, name: string): Promise<SecretManifest> {
  if (!hasKubectl) return (await cluster.api.readSecret(namespace, name))!;
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      'kubectl',
      ['--kubeconfig', cluster.kubeconfig, 'get', 'secret', name, '-n', namespace, '-o', 'json'],
      { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: cluster.kubeconfig.replace(/\/[^/]+$/, '') } },
      (error, out, stderr) => (error ? reject(new Error(stderr)) : resolve(out)),
    ),
  );
  return JSON.parse(stdout) as SecretManifest;
}

const recorded = (secret: SecretManifest) =>
  JSON.parse(secret.metadata.annotations!['pull-secret.dev/credentials']!) as Record<string, unknown>;

describe('per-registry metadata against a cluster', () => {
  it('an ECR + Google Secret keeps both registries’ provider and expiry through re-applies', async () => {
    const [ns] = cluster.namespaces as [string];
    const apply = (credentials: RegistryCredential[], recipes: Record<string, CredentialRecipe> = {}) =>
      applyPullSecret(cluster.api, { name: 'clouds', credentials, recipes, targets: { namespaces: [ns] } });

    // 1. ECR (12 h) and Google (1 h) in one Secret.
    expect((await apply([ecr(hours(12)), gcr], { [ECR]: ecrRecipe, [GCR]: gcrRecipe })).ok).toBe(true);
    let secret = await readBack(ns, 'clouds');
    expect(recorded(secret)).toEqual({
      [ECR]: { provider: 'ecr', options: { 'aws-region': 'eu-west-1' }, expiresAt: '2030-06-01T12:00:00Z' },
      [GCR]: { provider: 'gcr', expiresAt: '2030-06-01T01:00:00Z' },
    });
    expect(secret.metadata.annotations).toMatchObject({
      'pull-secret.dev/expires-at': '2030-06-01T01:00:00Z',
      'pull-secret.dev/provider': 'ecr,gcr',
      'pull-secret.dev/registries': `${ECR},${GCR}`,
    });

    // 2. ECR alone again, with a new token and expiry: Google's entry is untouched.
    const second = await apply([{ ...ecr(hours(13)), password: `${CANARY}-ecr-2` }], { [ECR]: ecrRecipe });
    expect(second.namespaces[0]!.outcome).toBe('updated');
    secret = await readBack(ns, 'clouds');
    expect(recorded(secret)).toEqual({
      [ECR]: { provider: 'ecr', options: { 'aws-region': 'eu-west-1' }, expiresAt: '2030-06-01T13:00:00Z' },
      [GCR]: { provider: 'gcr', expiresAt: '2030-06-01T01:00:00Z' },
    });
    expect(secret.metadata.annotations!['pull-secret.dev/expires-at']).toBe('2030-06-01T01:00:00Z');

    // 3. A static login merged in: both cloud entries keep provider and expiry, and expires-at stays.
    expect((await apply([quay])).ok).toBe(true);
    secret = await readBack(ns, 'clouds');
    expect(recorded(secret)).toEqual({
      [ECR]: { provider: 'ecr', options: { 'aws-region': 'eu-west-1' }, expiresAt: '2030-06-01T13:00:00Z' },
      [GCR]: { provider: 'gcr', expiresAt: '2030-06-01T01:00:00Z' },
      'quay.io': { provider: 'static' },
    });
    expect(secret.metadata.annotations).toMatchObject({
      'pull-secret.dev/expires-at': '2030-06-01T01:00:00Z',
      'pull-secret.dev/provider': 'ecr,gcr,static',
      'pull-secret.dev/registries': `${ECR},${GCR},quay.io`,
    });
    expect(JSON.stringify(secret.metadata)).not.toContain(CANARY);

    // And a re-run of the same static login sends no write.
    cluster.server?.resetRequests();
    const again = await apply([quay]);
    expect(again.namespaces[0]!.outcome).toBe('unchanged');
    if (cluster.server) expect(cluster.writes()).toBe(0);
  });
});
