import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsTestServer, startAwsTestServer } from './aws-test-server.js';

const KEY = {
  accessKeyId: 'AKIATESTSERVER000001',
  secretAccessKey: 'CANARY-aws-secret-0123456789abcdefghij',
};
const AWS_CLI = ['/root/.pyenv/shims/aws', '/usr/local/bin/aws', '/usr/bin/aws'].find((path) =>
  existsSync(path),
);

let server: AwsTestServer;
beforeAll(async () => {
  server = await startAwsTestServer({
    accessKeys: [KEY],
    password: (account, region) => `CANARY-pw-${account}-${region}`,
  });
});
afterAll(() => server.close());

function ecrClient(secretAccessKey = KEY.secretAccessKey, region = 'eu-west-1') {
  return new ECRClient({
    region,
    endpoint: server.url,
    credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey },
  });
}

describe('the AWS test server, called by the real SDK', () => {
  it('serves GetAuthorizationToken for the registries asked, scoped to the signing region', async () => {
    const output = await ecrClient().send(
      new GetAuthorizationTokenCommand({ registryIds: ['210987654321'] }),
    );
    const [data] = output.authorizationData!;
    expect(Buffer.from(data!.authorizationToken!, 'base64').toString()).toBe(
      'AWS:CANARY-pw-210987654321-eu-west-1',
    );
    expect(data!.proxyEndpoint).toBe('https://210987654321.dkr.ecr.eu-west-1.amazonaws.com');
    expect(data!.expiresAt!.getTime() - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    expect(server.requests.at(-1)).toMatchObject({
      action: 'ecr:GetAuthorizationToken',
      region: 'eu-west-1',
      service: 'ecr',
      status: 200,
    });
  });

  it('rejects a wrong secret key with InvalidSignatureException', async () => {
    await expect(ecrClient('wrong-secret').send(new GetAuthorizationTokenCommand({}))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('answers AccessDeniedException for a denied action', async () => {
    server.deny('ecr:GetAuthorizationToken');
    try {
      await expect(ecrClient().send(new GetAuthorizationTokenCommand({}))).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringContaining('ecr:GetAuthorizationToken'),
      });
    } finally {
      server.allow('ecr:GetAuthorizationToken');
    }
  });

  it('keeps no secret in its request log', () => {
    expect(JSON.stringify(server.requests)).not.toMatch(/CANARY/);
  });
});

describe('the AWS test server, called by the aws CLI', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        AWS_CLI!,
        args,
        { env: { PATH: process.env.PATH, HOME: '/nonexistent', ...env } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  const env = {
    AWS_ACCESS_KEY_ID: KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  };

  it.runIf(AWS_CLI)('prints the password for aws ecr get-login-password', async () => {
    const result = await run(
      ['ecr', 'get-login-password', '--region', 'us-west-2', '--endpoint-url', server.url],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('CANARY-pw-123456789012-us-west-2');
    expect(server.requests.at(-1)).toMatchObject({ region: 'us-west-2', service: 'ecr', status: 200 });
  });

  it.runIf(AWS_CLI)('fails aws ecr get-login-password with a wrong secret key', async () => {
    const result = await run(
      ['ecr', 'get-login-password', '--region', 'us-west-2', '--endpoint-url', server.url],
      {
        ...env,
        AWS_SECRET_ACCESS_KEY: 'wrong-secret',
      },
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('InvalidSignatureException');
  });

  it.skipIf(AWS_CLI)('needs the aws CLI', () => {
    console.warn('The aws CLI is not installed: the AWS test server was not checked against it.');
  });
});
