import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AwsTestServer, startAwsTestServer } from '@pull-secret/cloud-test-servers';
import {
  CredentialUnavailableError,
  InvalidInputError,
  PullSecretError,
} from '@pull-secret/dockerconfigjson';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromEcr } from '../src/from-ecr.js';
import { fromEcrPublic } from '../src/from-ecr-public.js';
import { ACCESS_KEY, stubAwsEnv } from './aws-test-env.js';

const ROLE = 'arn:aws:iam::444455556666:role/gha-pull';
const OIDC_TOKEN = 'CANARY-oidc-eyJhbGciOiJSUzI1NiJ9.payload.signature';
const HOUR = 3600_000;

let server: AwsTestServer;
const errors: string[] = [];
beforeAll(async () => {
  server = await startAwsTestServer({
    accessKeys: [ACCESS_KEY],
    roles: [{ roleArn: ROLE, webIdentityToken: OIDC_TOKEN }],
    password: (account, region) => `CANARY-ecr-password-${account}-${region}:with:colons`,
  });
});
afterAll(() => server.close());
beforeEach(() => {
  stubAwsEnv(server);
  server.requests.length = 0;
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** The rejection of `promise`, recorded for the canary check at the end. */
async function failure(promise: Promise<unknown>): Promise<PullSecretError> {
  const error = await promise.then(
    () => expect.fail('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PullSecretError);
  const { message, hint, code } = error as PullSecretError;
  errors.push(JSON.stringify({ message, hint, code }));
  return error as PullSecretError;
}

describe('fromEcr against the AWS test server', () => {
  it('fetches several accounts and regions, one call per region, keyed by the hosts given', async () => {
    const provider = fromEcr({
      registries: [
        '111122223333.dkr.ecr.us-east-1.amazonaws.com',
        'https://444455556666.dkr.ecr.us-east-1.amazonaws.com/team/',
        '777788889999.dkr-ecr.eu-west-1.on.aws',
      ],
    });
    const credentials = await provider();
    expect(credentials.map(({ expiresAt, ...rest }) => rest)).toEqual([
      {
        registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com',
        username: 'AWS',
        password: 'CANARY-ecr-password-111122223333-us-east-1:with:colons',
      },
      {
        registry: '444455556666.dkr.ecr.us-east-1.amazonaws.com/team',
        username: 'AWS',
        password: 'CANARY-ecr-password-444455556666-us-east-1:with:colons',
      },
      {
        registry: '777788889999.dkr-ecr.eu-west-1.on.aws',
        username: 'AWS',
        password: 'CANARY-ecr-password-777788889999-eu-west-1:with:colons',
      },
    ]);
    for (const { expiresAt } of credentials) {
      expect(expiresAt!.getTime() - Date.now()).toBeGreaterThan(11.9 * HOUR);
      expect(expiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(12 * HOUR);
    }
    const calls = server.requests.map(({ action, region, service, registryIds }) => ({
      action,
      region,
      service,
      registryIds,
    }));
    expect(calls).toHaveLength(2);
    expect(calls).toEqual(
      expect.arrayContaining([
        {
          action: 'ecr:GetAuthorizationToken',
          region: 'us-east-1',
          service: 'ecr',
          registryIds: ['111122223333', '444455556666'],
        },
        {
          action: 'ecr:GetAuthorizationToken',
          region: 'eu-west-1',
          service: 'ecr',
          registryIds: ['777788889999'],
        },
      ]),
    );
  });

  it('asks again only after half the token lifetime (memoized)', async () => {
    const provider = fromEcr({ registries: ['111122223333.dkr.ecr.us-west-2.amazonaws.com'] });
    const [first] = await provider();
    const [second] = await provider();
    expect(second).toEqual(first);
    expect(server.requests).toHaveLength(1);
  });

  it('without registries, serves the caller’s own registry in the region given', async () => {
    const credentials = await fromEcr({ region: 'ap-south-1' })();
    expect(credentials).toMatchObject([
      {
        registry: '123456789012.dkr.ecr.ap-south-1.amazonaws.com',
        username: 'AWS',
        password: 'CANARY-ecr-password-123456789012-ap-south-1:with:colons',
      },
    ]);
    expect(server.requests[0]).toMatchObject({ region: 'ap-south-1' });
    expect(server.requests[0]!.registryIds).toBeUndefined();
  });

  it('signs for the region of a FIPS host', async () => {
    const [credential] = await fromEcr({
      registries: ['111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com'],
    })();
    expect(credential!.password).toBe('CANARY-ecr-password-111122223333-us-gov-west-1:with:colons');
    expect(server.requests[0]).toMatchObject({ region: 'us-gov-west-1', service: 'ecr' });
  });

  it('assumes a role with a web identity token from a supplier, needing no AWS keys', async () => {
    stubAwsEnv(server, { keys: false });
    const audiences: string[] = [];
    const provider = fromEcr({
      registries: [
        '444455556666.dkr.ecr.us-east-1.amazonaws.com',
        '444455556666.dkr.ecr.eu-central-1.amazonaws.com',
      ],
      roleArn: ROLE,
      webIdentityToken: async () => {
        audiences.push('called');
        return OIDC_TOKEN;
      },
    });
    const credentials = await provider();
    expect(credentials.map((c) => c.password)).toEqual([
      'CANARY-ecr-password-444455556666-us-east-1:with:colons',
      'CANARY-ecr-password-444455556666-eu-central-1:with:colons',
    ]);
    // One STS call serves both regions.
    expect(audiences).toHaveLength(1);
    const assume = server.requests.filter((entry) => entry.action === 'sts:AssumeRoleWithWebIdentity');
    expect(assume).toMatchObject([{ roleArn: ROLE, status: 200 }]);
    const ecrCalls = server.requests.filter((entry) => entry.action === 'ecr:GetAuthorizationToken');
    expect(ecrCalls).toHaveLength(2);
    for (const call of ecrCalls) expect(call.accessKeyId).toMatch(/^ASIA/);
  });

  it('assumes a role with a web identity token file', async () => {
    stubAwsEnv(server, { keys: false });
    const file = join(mkdtempSync(join(tmpdir(), 'ecr-oidc-')), 'token');
    writeFileSync(file, OIDC_TOKEN);
    const [credential] = await fromEcr({
      registries: ['444455556666.dkr.ecr.us-east-1.amazonaws.com'],
      roleArn: ROLE,
      webIdentityTokenFile: file,
    })();
    expect(credential!.password).toBe('CANARY-ecr-password-444455556666-us-east-1:with:colons');
    expect(server.requests.map((entry) => entry.action)).toEqual([
      'sts:AssumeRoleWithWebIdentity',
      'ecr:GetAuthorizationToken',
    ]);
  });

  it('assumes a role with the default credentials when there is no web identity token', async () => {
    const [credential] = await fromEcr({
      registries: ['444455556666.dkr.ecr.us-east-1.amazonaws.com'],
      roleArn: ROLE,
      roleSessionName: 'ci-run',
    })();
    expect(credential!.password).toContain('444455556666-us-east-1');
    expect(server.requests[0]).toMatchObject({
      action: 'sts:AssumeRole',
      accessKeyId: ACCESS_KEY.accessKeyId,
      service: 'sts',
    });
    expect(server.requests[1]!.accessKeyId).toMatch(/^ASIA/);
  });
});

describe('fromEcrPublic against the AWS test server', () => {
  it('gets the token from us-east-1 whatever the configured region', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    const credentials = await fromEcrPublic()();
    expect(credentials).toMatchObject([
      {
        registry: 'public.ecr.aws',
        username: 'AWS',
        password: 'CANARY-ecr-password-123456789012-us-east-1:with:colons',
      },
    ]);
    expect(credentials[0]!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 11.9 * HOUR);
    expect(server.requests).toMatchObject([
      { action: 'ecr-public:GetAuthorizationToken', region: 'us-east-1', service: 'ecr-public' },
    ]);
  });

  it('keys every ECR Public registry given', async () => {
    const credentials = await fromEcrPublic({ registries: ['public.ecr.aws/acme', 'ecr-public.aws.com'] })();
    expect(credentials.map((c) => c.registry)).toEqual(['public.ecr.aws/acme', 'ecr-public.aws.com']);
    expect(server.requests).toHaveLength(1);
  });

  it('names both permissions ECR Public needs when denied', async () => {
    server.deny('sts:GetServiceBearerToken');
    try {
      const error = await failure(fromEcrPublic()());
      expect(error.code).toBe('ECR_ACCESS_DENIED');
      expect(error.message).toBe(
        'AWS denied ecr-public:GetAuthorizationToken in us-east-1 to this identity.',
      );
      expect(error.hint).toContain('sts:GetServiceBearerToken');
    } finally {
      server.allow('sts:GetServiceBearerToken');
    }
  });
});

describe('fromEcr errors', () => {
  it('without any AWS credentials: CredentialUnavailableError saying how to supply them', async () => {
    stubAwsEnv(server, { keys: false });
    const started = Date.now();
    const error = await failure(fromEcr({ registries: ['111122223333.dkr.ecr.us-east-1.amazonaws.com'] })());
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.code).toBe('ECR_NO_AWS_CREDENTIALS');
    expect(error.message).toBe('No AWS credentials were found to ask ECR for a token.');
    expect(error.render((option) => `--${option}`).hint).toMatch(
      /AWS_ACCESS_KEY_ID.*AWS_PROFILE.*--aws-role-arn.*id-token: write/,
    );
    expect(error.hint).not.toContain('--');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.requests).toHaveLength(0);
  });

  it('AccessDenied: names the IAM action that is missing', async () => {
    server.deny('ecr:GetAuthorizationToken');
    try {
      const error = await failure(
        fromEcr({ registries: ['111122223333.dkr.ecr.us-east-1.amazonaws.com'] })(),
      );
      expect(error.code).toBe('ECR_ACCESS_DENIED');
      expect(error.message).toBe('AWS denied ecr:GetAuthorizationToken in us-east-1 to this identity.');
      expect(error.hint).toMatch(/ecr:GetAuthorizationToken.*ecr:BatchGetImage.*ecr:GetDownloadUrlForLayer/);
    } finally {
      server.allow('ecr:GetAuthorizationToken');
    }
  });

  it('a role whose trust policy refuses the token', async () => {
    stubAwsEnv(server, { keys: false });
    const error = await failure(
      fromEcr({
        registries: ['444455556666.dkr.ecr.us-east-1.amazonaws.com'],
        roleArn: 'arn:aws:iam::444455556666:role/not-trusted',
        webIdentityToken: OIDC_TOKEN,
      })(),
    );
    expect(error.code).toBe('ECR_ASSUME_ROLE_DENIED');
    expect(error.message).toBe(
      'AWS STS refused sts:AssumeRoleWithWebIdentity on arn:aws:iam::444455556666:role/not-trusted (AccessDenied).',
    );
    expect(error.hint).toContain('sts.amazonaws.com');
  });

  it('a web identity token STS refuses (InvalidIdentityTokenException): an OIDC hint, not a network one', async () => {
    stubAwsEnv(server, { keys: false });
    const error = await failure(
      fromEcr({
        registries: ['444455556666.dkr.ecr.us-east-1.amazonaws.com'],
        roleArn: ROLE,
        webIdentityToken: 'CANARY-not-the-trusted-oidc-token',
      })(),
    );
    expect(error.code).toBe('ECR_WEB_IDENTITY_TOKEN_REFUSED');
    expect(error.message).toBe(
      `AWS STS refused the web identity token for sts:AssumeRoleWithWebIdentity on ${ROLE} (InvalidIdentityTokenException).`,
    );
    expect(error.hint).toContain('IAM OIDC identity provider');
    expect(error.hint).toContain('sts.amazonaws.com');
    expect(error.hint).not.toMatch(/network/i);
    expect(`${error.message} ${error.hint}`).not.toContain('CANARY-not-the-trusted-oidc-token');
  });

  it('the same refusal through the SDK default chain (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE)', async () => {
    stubAwsEnv(server, { keys: false });
    const tokenFile = join(mkdtempSync(join(tmpdir(), 'ecr-web-identity-')), 'token');
    writeFileSync(tokenFile, 'CANARY-not-the-trusted-oidc-token');
    vi.stubEnv('AWS_ROLE_ARN', ROLE);
    vi.stubEnv('AWS_WEB_IDENTITY_TOKEN_FILE', tokenFile);
    const error = await failure(fromEcr({ registries: ['444455556666.dkr.ecr.us-east-1.amazonaws.com'] })());
    expect(error.code).toBe('ECR_WEB_IDENTITY_TOKEN_REFUSED');
    expect(error.message).toMatch(
      /^AWS STS refused the web identity token for sts:AssumeRoleWithWebIdentity \(InvalidIdentityToken(Exception)?\)\.$/,
    );
  });

  it('a wrong secret key', async () => {
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'CANARY-wrong-secret-key');
    const error = await failure(fromEcr({ registries: ['111122223333.dkr.ecr.us-east-1.amazonaws.com'] })());
    expect(error.code).toBe('ECR_AWS_CREDENTIALS_REJECTED');
    expect(error.message).toBe(
      'AWS rejected the credentials for ecr:GetAuthorizationToken in us-east-1 (InvalidSignatureException).',
    );
  });

  it('no region for the default registry', async () => {
    const error = await failure(fromEcr()());
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.code).toBe('ECR_NO_REGION');
  });

  it('a host that is not ECR, at once', () => {
    expect(() => fromEcr({ registries: ['ghcr.io'] })).toThrow(
      expect.objectContaining({
        code: 'ECR_NOT_AN_ECR_REGISTRY',
        message: 'ghcr.io is not an Amazon ECR registry.',
      }),
    );
    let publicHost: PullSecretError | undefined;
    try {
      fromEcr({ registries: ['public.ecr.aws'] });
    } catch (error) {
      publicHost = error as PullSecretError;
    }
    expect(publicHost?.render((option) => `--${option}`).hint).toBe(
      'ECR Public has its own provider: use --provider ecr-public.',
    );
    expect(publicHost?.hint).not.toContain('--');
    expect(() => fromEcrPublic({ registries: ['111122223333.dkr.ecr.us-east-1.amazonaws.com'] })).toThrow(
      expect.objectContaining({ code: 'ECR_NOT_AN_ECR_PUBLIC_REGISTRY' }),
    );
  });

  it('canary: no password, secret key or OIDC token in any error or in the server log', () => {
    expect(errors.length).toBeGreaterThanOrEqual(5);
    const everything = [...errors, JSON.stringify(server.requests)].join('\n');
    expect(everything).not.toContain('CANARY');
  });
});
