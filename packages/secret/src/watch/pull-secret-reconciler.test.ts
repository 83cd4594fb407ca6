// The reconciler against kube-test-server with a fake clock for its refresh timers and a recipe
// resolver standing in for the provider plugins (the CLI's tests run the whole process).
import type { CredentialRecipe, RegistryCredential } from '@pull-secret/dockerconfigjson';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../test/test-cluster.js';
import type { SecretManifest } from '../manifest-types.js';
import { fakeClock } from './fake-clock.js';
import { type PullSecretReconciler, startPullSecretReconciler } from './pull-secret-reconciler.js';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const T0 = Date.parse('2030-06-01T00:00:00Z');
const HOUR = 3600_000;

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster(2);
}, 60_000);
afterAll(async () => cluster?.close());
let reconciler: PullSecretReconciler | undefined;
afterEach(async () => {
  await reconciler?.stop();
  reconciler = undefined;
});

async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - start > 5_000) throw new Error(`${what}: not within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

function stored(secret: SecretManifest | undefined) {
  const config = JSON.parse(Buffer.from(secret!.data!['.dockerconfigjson']!, 'base64').toString('utf8'));
  const meta = JSON.parse(secret!.metadata.annotations!['pull-secret.dev/credentials']!);
  return { password: config.auths[ECR]?.password as string, issuedAt: meta[ECR]?.issuedAt as string };
}

describe('startPullSecretReconciler refresh timers', () => {
  it('makes each login again at its refresh point (half-life), not before, and retries a failed login later', async () => {
    const clock = fakeClock(T0);
    const calls: { recipe: CredentialRecipe; registries: readonly string[]; at: number }[] = [];
    let failing = false;
    const resolve = async (recipe: CredentialRecipe, registries: readonly string[]) => {
      calls.push({ recipe, registries, at: clock.now() });
      if (failing) throw new Error('ecr refused: no identity');
      return registries.map((registry) => ({
        registry,
        username: 'AWS',
        password: `CANARY-${clock.now()}`,
        expiresAt: new Date(clock.now() + 12 * HOUR),
      }));
    };
    const first: RegistryCredential = {
      registry: ECR,
      username: 'AWS',
      password: 'CANARY-first',
      issuedAt: new Date(T0),
      expiresAt: new Date(T0 + 12 * HOUR),
    };
    const namespace = cluster.namespaces[0]!;
    const log: string[] = [];
    reconciler = await startPullSecretReconciler(cluster.api, {
      apply: {
        name: 'timed',
        credentials: [first],
        recipes: { [ECR]: { provider: 'ecr', options: { 'aws-region': 'eu-west-1' } } },
      },
      targets: { namespaces: [namespace] },
      resolve,
      clock,
      log: (line) => log.push(line),
      retry: { baseMs: 60_000, maxMs: 60_000, random: () => 0.999999 },
    });
    reconciler.setLeader(true);
    const read = () => cluster.api.readSecret(namespace, 'timed');
    await eventually(async () => ((await read()) ? true : undefined), 'the first write');
    expect(stored(await read()).password).toBe('CANARY-first');

    clock.advance(6 * HOUR - 1);
    await settle();
    expect(calls).toEqual([]);
    clock.advance(1);
    await eventually(
      async () => (stored(await read()).password === `CANARY-${T0 + 6 * HOUR}` ? true : undefined),
      'the refresh at half-life',
    );
    expect(calls).toEqual([
      {
        recipe: { provider: 'ecr', options: { 'aws-region': 'eu-west-1' } },
        registries: [ECR],
        at: T0 + 6 * HOUR,
      },
    ]);
    expect(stored(await read()).issuedAt).toBe('2030-06-01T06:00:00Z');
    expect(reconciler.counts()).toMatchObject({ refreshes: 1, refreshFailures: 0 });

    // The new login's refresh point is half of its own lifetime later; there the provider fails.
    failing = true;
    clock.advance(6 * HOUR);
    await eventually(
      async () => (reconciler!.counts().refreshFailures === 1 ? true : undefined),
      'the failure counted',
    );
    expect(stored(await read()).password).toBe(`CANARY-${T0 + 6 * HOUR}`);
    failing = false;
    clock.advance(59_000);
    await settle();
    expect(calls).toHaveLength(2);
    clock.advance(1_000);
    await eventually(
      async () => (stored(await read()).password === `CANARY-${T0 + 12 * HOUR + 60_000}` ? true : undefined),
      'the retry',
    );
    expect(reconciler.counts()).toMatchObject({ refreshes: 2, refreshFailures: 1 });
    expect(log.join('\n')).not.toMatch(/CANARY/);
    // Seconds until expiry, as /metrics shows them: the new login's 12 hours.
    expect(reconciler.expiries()).toEqual([
      { namespace, secret: 'timed', registry: ECR, secondsLeft: 12 * 3600 },
    ]);
  });

  it('does not write while not the leader, and writes everywhere once it leads', async () => {
    const namespace = cluster.namespaces[1]!;
    reconciler = await startPullSecretReconciler(cluster.api, {
      apply: {
        name: 'follower',
        credentials: [{ registry: 'quay.io', username: 'robot', password: 'CANARY-quay' }],
      },
      targets: { namespaces: [namespace] },
      resolve: async () => [],
    });
    await settle();
    expect(reconciler.ready()).toBe(true);
    expect(await cluster.api.readSecret(namespace, 'follower')).toBeUndefined();
    reconciler.setLeader(true);
    await eventually(() => cluster.api.readSecret(namespace, 'follower'), 'the write once leading');
  });
});
