// `pull-secret refresh` through the built CLI, with the real AWS SDK and google-auth-library against
// the cloud test servers and kube-test-server, on real expiry times: entries past their refresh point
// are made again from their recipes, fresh and static ones are left, a failing provider keeps the old
// entry, a second run writes nothing, overlapping runs lose no entry, bad input is refused up front.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AwsTestServer,
  awsChildEnv,
  type GoogleTestServer,
  generateServiceAccountKey,
  startAwsTestServer,
  startGoogleTestServer,
} from '@pull-secret/cloud-test-servers';
import type { RegistryCredential } from '@pull-secret/dockerconfigjson';
import { applyPullSecret, connectKubeApi, type KubeApi } from '@pull-secret/secret';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecret, type KubeCliHarness, startKubeCli, storedDockerConfig } from './kube-cli.js';

const ECR = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';
const GAR = 'europe-west1-docker.pkg.dev';
const ECR_PASSWORD = 'CANARY-refresh-ecr-111122223333-eu-west-1';
const AWS_KEY = { accessKeyId: 'AKIAREFRESHTEST00001', secretAccessKey: 'CANARY-refresh-aws-secret-0123' };
const source = generateServiceAccountKey('puller@refresh-project.iam.gserviceaccount.com');
const dir = mkdtempSync(join(tmpdir(), 'refresh-'));
const keyFile = join(dir, 'key.json');
const caFile = join(dir, 'ca.pem');
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(keyFile, source.keyJson);

let aws: AwsTestServer;
let google: GoogleTestServer;
let kube: KubeCliHarness;
let api: KubeApi;
beforeAll(async () => {
  aws = await startAwsTestServer({
    accessKeys: [AWS_KEY],
    password: (account, region) => `CANARY-refresh-ecr-${account}-${region}`,
    tokenLifetimeMs: 12 * 3600_000,
  });
  // Google's tokens last 20 minutes here: inside a 30-minute refresh point the moment they are made.
  google = await startGoogleTestServer({
    serviceAccounts: [source],
    tokenPrefix: 'CANARY-refresh-ya29.',
    expiresInSeconds: 1200,
  });
  writeFileSync(caFile, google.caPem);
  kube = await startKubeCli({ namespaces: ['apps', 'race', 'mixed'] });
  await kube.server.writeKubeconfig(kubeconfig);
  api = await connectKubeApi({ kubeconfig });
});
afterAll(async () => {
  await Promise.all([aws?.close(), google?.close(), kube?.close()]);
});

const cloudEnv = {
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
  METADATA_SERVER_DETECTION: 'none',
};
const ecrEnv = (key = AWS_KEY) => ({ ...cloudEnv, ...awsChildEnv(aws.url, key) });
const googleEnv = () => ({
  ...cloudEnv,
  HTTPS_PROXY: google.url,
  NO_PROXY: '127.0.0.1,localhost',
  NODE_EXTRA_CA_CERTS: caFile,
  GOOGLE_APPLICATION_CREDENTIALS: keyFile,
});
const ecrRecipe = { provider: 'ecr', options: { 'aws-region': 'eu-west-1' } };

/** An ECR login as a run `hoursAgo` hours ago would have made it (12 hours' lifetime). */
function ecrLogin(password: string, hoursAgo: number): RegistryCredential {
  const issuedAt = new Date(Date.now() - hoursAgo * 3600_000);
  return {
    registry: ECR,
    username: 'AWS',
    password,
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + 12 * 3600_000),
  };
}
const quay: RegistryCredential = { registry: 'quay.io', username: 'robot', password: 'CANARY-refresh-quay' };

async function seed(namespace: string, name: string, credentials: RegistryCredential[]): Promise<void> {
  const result = await applyPullSecret(api, {
    name,
    credentials,
    recipes: { [ECR]: ecrRecipe },
    targets: { namespaces: [namespace] },
  });
  expect(result.ok).toBe(true);
}

function passwords(namespace: string, name: string): Record<string, string> {
  const config = storedDockerConfig(kube.server.store.get('secrets', namespace, name)) as {
    auths: Record<string, { password: string }>;
  };
  return Object.fromEntries(Object.entries(config.auths).map(([key, value]) => [key, value.password]));
}

function recorded(
  namespace: string,
  name: string,
): Record<string, { expiresAt?: string; issuedAt?: string }> {
  const secret = kube.server.store.get('secrets', namespace, name) as {
    metadata: { annotations: Record<string, string> };
  };
  return JSON.parse(secret.metadata.annotations['pull-secret.dev/credentials']!);
}

describe('pull-secret refresh', () => {
  it('refreshes entries past half-life, leaves fresh and static ones, and a second run writes nothing', async () => {
    await seed('apps', 'stale', [ecrLogin('CANARY-old-stale', 7), quay]);
    await seed('apps', 'fresh', [ecrLogin('CANARY-old-fresh', 1)]);

    const first = await kube.run(['refresh', '-n', 'apps'], undefined, ecrEnv());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.writes).toEqual([
      expect.objectContaining({ method: 'PUT', path: '/api/v1/namespaces/apps/secrets/stale' }),
    ]);
    expect(passwords('apps', 'stale')).toEqual({ [ECR]: ECR_PASSWORD, 'quay.io': 'CANARY-refresh-quay' });
    expect(passwords('apps', 'fresh')).toEqual({ [ECR]: 'CANARY-old-fresh' });
    const entry = recorded('apps', 'stale')[ECR]!;
    expect(Date.parse(entry.issuedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(entry.expiresAt!) - Date.parse(entry.issuedAt!)).toBeGreaterThan(11 * 3600_000);
    expect(first.stdout).toMatch(/^NAMESPACE\s+NAME\s+REGISTRY\s+PROVIDER\s+RESULT\s+EXPIRES-AT$/m);
    expect(first.stdout).toMatch(/^apps\s+stale\s+111122223333\S+\s+ecr\s+refreshed\s/m);
    expect(first.stdout).toMatch(/^apps\s+stale\s+quay\.io\s+static\s+static\s*$/m);
    expect(first.stdout).toMatch(/^apps\s+fresh\s+111122223333\S+\s+ecr\s+fresh\s/m);
    expect(first.stdout).toContain('2 secrets: 1 refreshed, 1 unchanged, 0 failed');

    const second = await kube.run(['refresh', '-n', 'apps'], undefined, ecrEnv());
    expect(second.code).toBe(0);
    expect(second.writes).toEqual([]);
    expect(second.stdout).toContain('2 secrets: 0 refreshed, 2 unchanged, 0 failed');
    for (const run of [first, second]) expectNoSecret(run.stdout + run.stderr, ['CANARY'], 'output');
  });

  it('an ECR + Google Secret refreshes only the Google entry with --before 30m', async () => {
    const applied = await kube.run(
      ['apply', 'clouds', '-n', 'mixed', '--registry', ECR, '--aws-region', 'eu-west-1'],
      undefined,
      ecrEnv(),
    );
    expect(applied.code).toBe(0);
    expect(
      (await kube.run(['apply', 'clouds', '-n', 'mixed', '--registry', GAR], undefined, googleEnv())).code,
    ).toBe(0);
    const before = recorded('mixed', 'clouds');
    // Only Google's identity is given: were ECR's entry tried, it would fail and the run would say so.
    const run = await kube.run(
      ['refresh', '-n', 'mixed', '--secret', 'clouds', '--before', '30m', '-o', 'json'],
      undefined,
      googleEnv(),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: true, resolved: 1, dryRun: 'none' });
    expect(report.secrets).toHaveLength(1);
    const outcomes = Object.fromEntries(
      report.secrets[0].entries.map((e: { registry: string; outcome: string }) => [e.registry, e.outcome]),
    );
    expect(outcomes).toEqual({ [ECR]: 'fresh', [GAR]: 'refreshed' });
    const after = recorded('mixed', 'clouds');
    expect(after[ECR]).toEqual(before[ECR]);
    expect(after[GAR]!.issuedAt).toBeDefined();
    expect(run.writes).toHaveLength(1);
    expectNoSecret(run.stdout + run.stderr, ['CANARY'], 'output');
  });

  it('right after apply, writes nothing: apply records when the login was asked for', async () => {
    const applied = await kube.run(
      ['apply', 'just-made', '-n', 'apps', '--registry', ECR, '--aws-region', 'eu-west-1'],
      undefined,
      ecrEnv(),
    );
    expect(applied.code).toBe(0);
    expect(recorded('apps', 'just-made')[ECR]!.issuedAt).toBeDefined();
    const run = await kube.run(['refresh', '-n', 'apps', '--secret', 'just-made'], undefined, ecrEnv());
    expect(run.code).toBe(0);
    expect(run.writes).toEqual([]);
    expect(run.stdout).toMatch(/^apps\s+just-made\s+111122223333\S+\s+ecr\s+fresh\s/m);
  });

  it('--dry-run=client reports what it would refresh and writes nothing', async () => {
    await seed('apps', 'dry', [ecrLogin('CANARY-old-dry', 9)]);
    const run = await kube.run(
      ['refresh', '-n', 'apps', '--secret', 'dry', '--dry-run=client'],
      undefined,
      ecrEnv(),
    );
    expect(run.code).toBe(0);
    expect(run.writes).toEqual([]);
    expect(run.stdout).toMatch(/^apps\s+dry\s+111122223333\S+\s+ecr\s+refreshed\s/m);
    expect(run.stdout).toContain('1 secret: 1 refreshed, 0 unchanged, 0 failed (dry run: nothing written)');
    expect(passwords('apps', 'dry')).toEqual({ [ECR]: 'CANARY-old-dry' });
  });

  it('keeps the old entry when the recipe’s provider now fails, names it, and exits 1', async () => {
    await seed('apps', 'broken', [ecrLogin('CANARY-old-broken', 11), quay]);
    const wrongKey = { accessKeyId: 'AKIAREFRESHWRONG0001', secretAccessKey: 'CANARY-refresh-wrong-secret' };
    const run = await kube.run(['refresh', '-n', 'apps', '--secret', 'broken'], undefined, ecrEnv(wrongKey));
    expect(run.code).toBe(1);
    expect(run.writes).toEqual([]);
    expect(run.stderr).toMatch(
      /^error: secret apps\/broken, 111122223333\.dkr\.ecr\.eu-west-1\.amazonaws\.com: .+; its entry is kept as it was\.\nhint: .+$/m,
    );
    expect(run.stdout).toMatch(/^apps\s+broken\s+111122223333\S+\s+ecr\s+failed\s/m);
    expect(passwords('apps', 'broken')).toEqual({
      [ECR]: 'CANARY-old-broken',
      'quay.io': 'CANARY-refresh-quay',
    });
    expectNoSecret(run.stdout + run.stderr, ['CANARY'], 'output');
  });

  it('two refreshes and an apply at once lose no entry', async () => {
    for (let round = 0; round < 3; round++) {
      const name = `race-${round}`;
      await seed('race', name, [ecrLogin(`CANARY-old-race-${round}`, 8)]);
      const runs = await Promise.all([
        kube.run(['refresh', '-n', 'race', '--secret', name], undefined, ecrEnv()),
        kube.run(['refresh', '-n', 'race', '--secret', name], undefined, ecrEnv()),
        kube.run(
          ['apply', name, '-n', 'race', '--server', 'ghcr.io', '--username', 'me', '--password-stdin'],
          'CANARY-refresh-ghcr',
        ),
      ]);
      for (const run of runs) expect(run.code).toBe(0);
      expect(passwords('race', name)).toEqual({ [ECR]: ECR_PASSWORD, 'ghcr.io': 'CANARY-refresh-ghcr' });
    }
  });

  it.each([
    [
      ['--before', '150%'],
      /^error: --before must be a share of the lifetime above 0% and below 100%, not "150%"\.\nhint: /,
    ],
    [['--before', 'x'], /^error: .*--before.*\nhint: /],
    [['--secret', 'Bad_Name'], /^error: .*Bad_Name.*\nhint: /],
    [['-n', 'apps', '-A'], /^error: .*\nhint: /],
    [['--dry-run=maybe'], /^error: --dry-run must be client, server or none/],
  ])('refuses %j with exit 2 before any call', async (args, message) => {
    const run = await kube.run(['refresh', ...args], undefined, ecrEnv());
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(kube.server.requests).toEqual([]);
  });
});
