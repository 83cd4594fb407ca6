// The built `pull-secret` with the ecr provider, against the AWS test server through the SDK's own
// AWS_ENDPOINT_URL_* variables: real process, real SDK, real SigV4.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type AwsTestServer, awsChildEnv, startAwsTestServer } from '@pull-secret/cloud-test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, decodeSecretData, expectNoSecret, spawnCli } from './run-cli.js';

const KEY = {
  accessKeyId: 'AKIACLITEST000000001',
  secretAccessKey: 'CANARY-cli-secret-key-abcdefghijklmnop',
};
const ROLE = 'arn:aws:iam::444455556666:role/ci-pull';
const REGISTRY = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';

let server: AwsTestServer;
beforeAll(async () => {
  server = await startAwsTestServer({
    accessKeys: [KEY],
    roles: [{ roleArn: ROLE }],
    password: (account, region) => `CANARY-cli-ecr-${account}-${region}`,
  });
});
afterAll(() => server.close());

function awsEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    HOME: '/nonexistent',
    ...awsChildEnv(server.url, KEY),
    AWS_ENDPOINT_URL_ECR_PUBLIC: server.url,
    ...extra,
  };
}

function expectNoCanary(...outputs: string[]): void {
  for (const output of outputs) expectNoSecret(output, ['CANARY'], 'output');
}

describe('pull-secret create with ECR', () => {
  it('detects ECR from the host and prints the Secret with the token and its expiry', async () => {
    const before = Date.now();
    const result = await spawnCli(['create', 'ecr-pull', '--registry', REGISTRY, '-o', 'json'], {
      env: awsEnv(),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const secret = JSON.parse(result.stdout) as { metadata: { annotations: Record<string, string> } };
    const password = 'CANARY-cli-ecr-111122223333-eu-west-1';
    const auth = Buffer.from(`AWS:${password}`).toString('base64');
    expect(decodeSecretData(result.stdout)).toBe(
      `{"auths":{"${REGISTRY}":{"username":"AWS","password":"${password}","auth":"${auth}"}}}`,
    );
    const annotations = secret.metadata.annotations;
    expect(annotations['pull-secret.dev/provider']).toBe('ecr');
    expect(annotations['pull-secret.dev/registries']).toBe(REGISTRY);
    const expiresAt = Date.parse(annotations['pull-secret.dev/expires-at']!);
    expect(expiresAt - before).toBeGreaterThan(11.9 * 3600_000);
    expect(expiresAt - before).toBeLessThanOrEqual(12 * 3600_000 + 1000);
    expect(server.requests.at(-1)).toMatchObject({
      action: 'ecr:GetAuthorizationToken',
      region: 'eu-west-1',
    });
  });

  it('serves ECR and ECR Public in one Secret, --aws-role-arn assumed with the AWS keys', async () => {
    const result = await spawnCli(
      [
        'create',
        'both',
        '--registry',
        '444455556666.dkr.ecr.us-east-2.amazonaws.com',
        '--registry',
        'public.ecr.aws',
        '--aws-role-arn',
        ROLE,
      ],
      { env: awsEnv() },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('pull-secret.dev/provider: ecr,ecr-public');
    const actions = server.requests.slice(-4).map((entry) => entry.action);
    expect(actions.filter((action) => action === 'sts:AssumeRole')).toHaveLength(2);
    expect(actions).toContain('ecr:GetAuthorizationToken');
    expect(actions).toContain('ecr-public:GetAuthorizationToken');
    expectNoCanary(result.stderr);
  });

  it('without AWS credentials: exit 1, one sentence and how to supply them', async () => {
    const result = await spawnCli(['create', 'x', '--registry', REGISTRY], {
      env: awsEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('No AWS credentials were found to ask ECR for a token.');
    expect(result.stderr).toContain('AWS_ACCESS_KEY_ID');
    expect(result.stderr).not.toContain('    at ');
  });

  it('AccessDenied names the missing IAM action, and leaks nothing', async () => {
    server.deny('ecr:GetAuthorizationToken');
    try {
      const result = await spawnCli(['create', 'x', '--registry', REGISTRY], { env: awsEnv() });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('AWS denied ecr:GetAuthorizationToken in eu-west-1 to this identity.');
      expectNoCanary(result.stdout, result.stderr);
    } finally {
      server.allow('ecr:GetAuthorizationToken');
    }
  });

  it('a non-ECR host with --provider ecr is bad input (exit 2)', async () => {
    const result = await spawnCli(['create', 'x', '--provider', 'ecr', '--registry', 'ghcr.io'], {
      env: awsEnv(),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ghcr.io is not an Amazon ECR registry.');
  });

  it('lists the aws flags in create --help without loading the AWS SDK', async () => {
    const script = `
      import { registerHooks } from 'node:module';
      const loaded = [];
      registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
      process.argv = [process.argv[0], ${JSON.stringify(BIN)}, 'create', '--help'];
      await import(${JSON.stringify(BIN)});
      process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(loaded) + '\\n'));
    `;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', script], (error, out, err) =>
        error ? reject(error) : resolve({ stdout: out, stderr: err }),
      ),
    );
    expect(stdout).toContain('--aws-region');
    expect(stdout).toContain('--aws-role-arn');
    const loaded = JSON.parse(/LOADED (.*)/.exec(stderr)![1]!) as string[];
    const files = loaded.filter((url) => url.startsWith('file:') && url.includes('/dist/'));
    expect(files.length).toBeGreaterThan(0);
    for (const url of files) {
      const code = readFileSync(new URL(url), 'utf8');
      expect(code, url).not.toContain('AmazonEC2ContainerRegistry_V20150921');
      expect(code, url).not.toContain('SpencerFrontendService');
      expect(code, url).not.toContain('aws-sdk-js');
    }
  });
});
