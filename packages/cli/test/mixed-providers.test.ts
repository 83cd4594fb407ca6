// One Secret fed by two providers and a static login, through the built CLI with the real AWS SDK and
// google-auth-library against the cloud test servers: each registry keeps its own provider, recipe and
// expiry through re-applies and merges, and `expires-at` stays the earliest of them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AwsTestServer,
  type GoogleTestServer,
  generateServiceAccountKey,
  startAwsTestServer,
  startGoogleTestServer,
} from '@pull-secret/cloud-test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecret, type KubeCliHarness, startKubeCli } from './kube-cli.js';

const ECR = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';
const GAR = 'europe-west1-docker.pkg.dev';
const AWS_KEY = {
  accessKeyId: 'AKIAMIXEDTEST0000001',
  secretAccessKey: 'CANARY-mixed-aws-secret-0123456789',
};
const source = generateServiceAccountKey('puller@mixed-project.iam.gserviceaccount.com');
const dir = mkdtempSync(join(tmpdir(), 'mixed-providers-'));
const keyFile = join(dir, 'key.json');
const caFile = join(dir, 'ca.pem');
writeFileSync(keyFile, source.keyJson);

let aws: AwsTestServer;
let google: GoogleTestServer;
let kube: KubeCliHarness;
beforeAll(async () => {
  aws = await startAwsTestServer({
    accessKeys: [AWS_KEY],
    password: (account, region) => `CANARY-mixed-ecr-${account}-${region}`,
    tokenLifetimeMs: 12 * 3600_000,
  });
  google = await startGoogleTestServer({
    serviceAccounts: [source],
    tokenPrefix: 'CANARY-mixed-ya29.',
    expiresInSeconds: 1800,
  });
  writeFileSync(caFile, google.caPem);
  kube = await startKubeCli({ namespaces: ['apps'] });
});
afterAll(async () => {
  await Promise.all([aws?.close(), google?.close(), kube?.close()]);
});

/** Both clouds' test servers as the SDKs' endpoints; only Google's HTTPS goes through its proxy. */
const cloudEnv = {
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
  METADATA_SERVER_DETECTION: 'none',
};

interface CredentialsAnnotation {
  [registry: string]: { provider: string; options?: Record<string, string>; expiresAt?: string };
}

async function annotations(): Promise<Record<string, string>> {
  const secret = kube.server.store.get('secrets', 'apps', 'mixed') as
    | { metadata: { annotations?: Record<string, string> } }
    | undefined;
  return secret?.metadata.annotations ?? {};
}

describe('one Secret, several providers', () => {
  it('keeps each registry’s provider and expiry through re-applies and a static merge', async () => {
    const env = (extra: Record<string, string>) => ({ ...cloudEnv, ...extra });
    const ecrEnv = env({
      AWS_ENDPOINT_URL_ECR: aws.url,
      AWS_ENDPOINT_URL_STS: aws.url,
      AWS_ACCESS_KEY_ID: AWS_KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: AWS_KEY.secretAccessKey,
    });
    const googleEnv = env({
      HTTPS_PROXY: google.url,
      NO_PROXY: '127.0.0.1,localhost',
      NODE_EXTRA_CA_CERTS: caFile,
      GOOGLE_APPLICATION_CREDENTIALS: keyFile,
    });

    const first = await kube.run(
      ['apply', 'mixed', '-n', 'apps', '--registry', ECR, '--aws-region', 'eu-west-1'],
      undefined,
      ecrEnv,
    );
    expect(first.stderr).not.toMatch(/error|warning/);
    expect(first.code).toBe(0);
    const ecrFirst = JSON.parse((await annotations())['pull-secret.dev/credentials']!)[ECR];
    const ecrExpiry = ecrFirst.expiresAt;
    // When the login was asked for, recorded so that a refresh can act at a share of its lifetime.
    const ecrIssued = ecrFirst.issuedAt;
    expect(Date.parse(ecrExpiry) - Date.parse(ecrIssued)).toBeGreaterThanOrEqual(12 * 3600_000 - 1000);

    const second = await kube.run(['apply', 'mixed', '-n', 'apps', '--registry', GAR], undefined, googleEnv);
    expect(second.code).toBe(0);
    let metadata = JSON.parse((await annotations())['pull-secret.dev/credentials']!) as CredentialsAnnotation;
    expect(metadata[ECR]).toEqual({
      provider: 'ecr',
      options: { 'aws-region': 'eu-west-1' },
      expiresAt: ecrExpiry,
      issuedAt: ecrIssued,
    });
    expect(metadata[GAR]).toMatchObject({ provider: 'gcr' });
    expect(metadata[GAR]!.options).toBeUndefined();
    const garExpiry = metadata[GAR]!.expiresAt!;
    expect(Date.parse(garExpiry)).toBeLessThan(Date.parse(ecrExpiry));
    expect((await annotations())['pull-secret.dev/expires-at']).toBe(garExpiry);

    // ECR again: its entry gets a new expiry, Google's stays as it was, and still expires first.
    const third = await kube.run(
      ['apply', 'mixed', '-n', 'apps', '--registry', ECR, '--aws-region', 'eu-west-1'],
      undefined,
      ecrEnv,
    );
    expect(third.code).toBe(0);
    metadata = JSON.parse((await annotations())['pull-secret.dev/credentials']!);
    expect(metadata[GAR]).toMatchObject({ provider: 'gcr', expiresAt: garExpiry });
    expect(metadata[ECR]).toMatchObject({ provider: 'ecr' });
    expect((await annotations())['pull-secret.dev/expires-at']).toBe(garExpiry);

    // A static login merged in does not expire, and takes nothing from the others.
    const fourth = await kube.run(
      ['apply', 'mixed', '-n', 'apps', '--server', 'ghcr.io', '--username', 'me', '--password-stdin'],
      'CANARY-mixed-ghcr-token',
    );
    expect(fourth.code).toBe(0);
    metadata = JSON.parse((await annotations())['pull-secret.dev/credentials']!);
    expect(Object.keys(metadata)).toEqual(expect.arrayContaining([ECR, GAR, 'ghcr.io']));
    expect(metadata['ghcr.io']).toEqual({ provider: 'static' });
    expect(metadata[GAR]).toMatchObject({ provider: 'gcr', expiresAt: garExpiry });
    expect((await annotations())['pull-secret.dev/expires-at']).toBe(garExpiry);
    const all = await annotations();
    expectNoSecret(JSON.stringify(all), ['CANARY'], 'annotations');
    for (const run of [first, second, third, fourth])
      expectNoSecret(run.stdout + run.stderr, ['CANARY'], 'output');
  });
});
