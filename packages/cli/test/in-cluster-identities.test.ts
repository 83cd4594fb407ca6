// The cloud identities a pod has, each making a login through the built CLI run as the container runs
// it (see run-in-pod.ts), with nothing but what the cloud's webhook or node gives the pod: EKS IRSA
// (AWS_ROLE_ARN and a projected token file), GKE workload identity (the metadata server) and AKS
// workload identity (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE, AZURE_AUTHORITY_HOST),
// against the cloud test servers. Each server accepts only the token the file holds (or hands out a
// canary), so a login proves the file was read; a file with another token is refused.
import { randomBytes } from 'node:crypto';
import {
  type AwsTestServer,
  type AzureTestServer,
  awsChildEnv,
  FEDERATION_AUDIENCE,
  type GceMetadataServer,
  startAwsTestServer,
  startAzureServer,
  startGceMetadataServer,
} from '@pull-secret/cloud-test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSecretData, expectNoSecret } from './run-cli.js';
import { NEEDS_POD_SANDBOX, POD_SANDBOX, ProjectedVolume, spawnInPod } from './run-in-pod.js';

const SUBJECT = 'system:serviceaccount:pull-secret:pull-secret';
const auths = (stdout: string) =>
  (JSON.parse(decodeSecretData(stdout)) as { auths: Record<string, { username: string; password: string }> })
    .auths;

describe.skipIf(!POD_SANDBOX)(
  'EKS IRSA: AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE',
  NEEDS_POD_SANDBOX,
  () => {
    const ROLE = 'arn:aws:iam::111122223333:role/pull-secret';
    const ECR = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';
    const MOUNT = '/var/run/secrets/eks.amazonaws.com/serviceaccount';
    const token = `CANARY-irsa-${randomBytes(12).toString('hex')}`;
    let aws: AwsTestServer;
    beforeAll(async () => {
      aws = await startAwsTestServer({
        roles: [{ roleArn: ROLE, webIdentityToken: token }],
        password: (account, region) => `CANARY-irsa-ecr-${account}-${region}`,
      });
    });
    afterAll(() => aws?.close());

    const run = (file: ProjectedVolume) =>
      spawnInPod(['create', 'ecr-pull', '--registry', ECR, '-o', 'json'], {
        mounts: { [MOUNT]: file.dir },
        env: {
          AWS_ROLE_ARN: ROLE,
          AWS_WEB_IDENTITY_TOKEN_FILE: `${MOUNT}/token`,
          AWS_REGION: 'eu-west-1',
          ...awsChildEnv(aws.url),
        },
      });

    it("assumes the role with the file's token and logs in to ECR; a file with another token is refused", async () => {
      const login = await run(new ProjectedVolume({ token }));
      expect(login.stderr).toBe('');
      expect(login.code).toBe(0);
      expect(auths(login.stdout)[ECR]).toMatchObject({
        username: 'AWS',
        password: 'CANARY-irsa-ecr-111122223333-eu-west-1',
      });
      expect(
        aws.requests.find((request) => request.action === 'sts:AssumeRoleWithWebIdentity'),
      ).toMatchObject({
        roleArn: ROLE,
        status: 200,
      });
      const other = `CANARY-irsa-other-${randomBytes(6).toString('hex')}`;
      const refused = await run(new ProjectedVolume({ token: other }));
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expectNoSecret(login.stderr + refused.stderr, [token, other], 'stderr');
    });
  },
);

describe.skipIf(!POD_SANDBOX)('GKE workload identity: the metadata server', NEEDS_POD_SANDBOX, () => {
  const GAR = 'europe-west1-docker.pkg.dev';
  let metadata: GceMetadataServer;
  beforeAll(async () => {
    metadata = await startGceMetadataServer({
      serviceAccount: 'puller@proj.iam.gserviceaccount.com',
      projectId: 'proj',
      tokenPrefix: 'CANARY-gke-ya29.',
    });
  });
  afterAll(() => metadata?.close());

  it('logs in to Artifact Registry with the access token the metadata server hands out', async () => {
    const login = await spawnInPod(['create', 'gar-pull', '--registry', GAR, '-o', 'json'], {
      mounts: {},
      // GCE_METADATA_HOST stands for metadata.google.internal; nothing else of Google's is set.
      env: { GCE_METADATA_HOST: metadata.host },
    });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(metadata.issued).toHaveLength(1);
    expect(auths(login.stdout)[GAR]).toEqual(
      expect.objectContaining({ username: 'oauth2accesstoken', password: metadata.issued[0] }),
    );
    expect(metadata.requests.map((request) => request.path)).toContain(
      '/computeMetadata/v1/instance/service-accounts/default/token',
    );
    expectNoSecret(login.stderr, metadata.issued, 'stderr');
  });
});

describe.skipIf(!POD_SANDBOX)('AKS workload identity: AZURE_FEDERATED_TOKEN_FILE', NEEDS_POD_SANDBOX, () => {
  const MOUNT = '/var/run/secrets/azure/tokens';
  let azure: AzureTestServer;
  let ca: ProjectedVolume;
  beforeAll(async () => {
    azure = await startAzureServer({
      clients: [{ clientId: 'aks-pull', federatedSubject: SUBJECT }],
      registries: [{ name: 'shop', resourceGroup: 'rg' }],
    });
    ca = new ProjectedVolume({ 'ca.pem': azure.caPem });
  });
  afterAll(() => azure?.close());

  const run = (file: ProjectedVolume) =>
    spawnInPod(
      ['create', 'acr-pull', '--provider', 'acr', '--registry', azure.loginServer('shop'), '-o', 'json'],
      {
        mounts: { [MOUNT]: file.dir },
        // What the workload identity webhook injects, the authority host being the test server.
        env: {
          AZURE_CLIENT_ID: 'aks-pull',
          AZURE_TENANT_ID: azure.tenantId,
          AZURE_FEDERATED_TOKEN_FILE: `${MOUNT}/azure-identity-token`,
          AZURE_AUTHORITY_HOST: azure.url,
          NODE_EXTRA_CA_CERTS: `${ca.dir}/ca.pem`,
        },
      },
    );

  it("signs in with the file's token as client assertion and exchanges it for an ACR refresh token", async () => {
    const token = azure.mintIdToken({ sub: SUBJECT, aud: FEDERATION_AUDIENCE });
    const login = await run(new ProjectedVolume({ 'azure-identity-token': token }));
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(auths(login.stdout)[azure.loginServer('shop')]).toMatchObject({
      username: '00000000-0000-0000-0000-000000000000',
      password: azure.issued.refreshTokens.at(-1),
    });
    expect(azure.requests).toContainEqual(
      expect.objectContaining({ grantType: 'client_credentials', clientId: 'aks-pull', status: 200 }),
    );
    expectNoSecret(login.stderr, [token, ...azure.issued.accessTokens], 'stderr');
  });

  it('a token file for another subject: Entra ID refuses it (AADSTS700213), exit 1, no token shown', async () => {
    const token = azure.mintIdToken({ sub: 'system:serviceaccount:other:other', aud: FEDERATION_AUDIENCE });
    const refused = await run(new ProjectedVolume({ 'azure-identity-token': token }));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('AADSTS700213');
    expect(refused.stderr).toContain('system:serviceaccount:NAMESPACE:NAME');
    expectNoSecret(refused.stderr, [token], 'stderr');
  });
});
