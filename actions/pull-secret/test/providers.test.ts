// Providers through the Action, as the runner runs it: ECR with GitHub's OIDC token (no AWS keys at
// all; the token comes from the runner's ID-token endpoint, as @actions/core asks for it) against the
// AWS test server, and the provider inputs action.yml declares.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AwsTestServer, startAwsTestServer, startSilentServer } from '@pull-secret/cloud-test-servers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ActionRun, expectMaskedOnly, runAction } from './run-action.js';

const OIDC_TOKEN = `CANARY-oidc-${randomBytes(8).toString('hex')}`;
const REQUEST_TOKEN = `CANARY-request-${randomBytes(8).toString('hex')}`;
const ROLE = 'arn:aws:iam::111122223333:role/github-pull';
const REGISTRY = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';
const ECR_PASSWORD = (account: string, region: string) => `CANARY-action-ecr-${account}-${region}`;

let aws: AwsTestServer;
let oidc: Server;
let oidcUrl: string;
const audiences: string[] = [];
const runs: ActionRun[] = [];

beforeAll(async () => {
  aws = await startAwsTestServer({
    roles: [{ roleArn: ROLE, webIdentityToken: OIDC_TOKEN }],
    password: ECR_PASSWORD,
  });
  // The runner's ID-token service: GET the URL it gives plus &audience=…, with its bearer token.
  oidc = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.headers.authorization !== `Bearer ${REQUEST_TOKEN}`) {
      response.writeHead(401).end();
      return;
    }
    audiences.push(url.searchParams.get('audience') ?? '');
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ value: OIDC_TOKEN }));
  });
  await new Promise<void>((resolve) => oidc.listen(0, '127.0.0.1', resolve));
  oidcUrl = `http://127.0.0.1:${(oidc.address() as AddressInfo).port}/token?api-version=2.0`;
});
afterAll(async () => {
  await aws?.close();
  await new Promise((resolve) => oidc?.close(resolve));
});
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

function awsEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_ECR: aws.url,
    AWS_ENDPOINT_URL_STS: aws.url,
    ...extra,
  };
}

describe('ECR through the Action', () => {
  it('asks GitHub for the OIDC token with the audience input instead of the provider default', async () => {
    const before = audiences.length;
    const run = await runAction(
      {
        mode: 'manifest',
        registry: REGISTRY,
        'aws-role-arn': ROLE,
        'secret-name': 'ecr-pull',
        audience: 'api://custom-audience',
      },
      awsEnv({ ACTIONS_ID_TOKEN_REQUEST_URL: oidcUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN }),
    );
    runs.push(run);
    expect(run.code, run.stdout).toBe(0);
    expect(audiences.slice(before)).toEqual(['api://custom-audience']);
  });

  it('assumes aws-role-arn with GitHub OIDC, masks the token, and sets expires-at', async () => {
    const run = await runAction(
      { mode: 'manifest', registry: REGISTRY, 'aws-role-arn': ROLE, 'secret-name': 'ecr-pull' },
      awsEnv({ ACTIONS_ID_TOKEN_REQUEST_URL: oidcUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN }),
    );
    runs.push(run);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([]);
    expect(run.code).toBe(0);
    expect(audiences).toContain('sts.amazonaws.com');
    expect(run.outputs.registries).toBe(REGISTRY);
    const expiresAt = Date.parse(run.outputs['expires-at']!);
    expect(expiresAt - Date.now()).toBeGreaterThan(11 * 3600_000);
    const password = ECR_PASSWORD('111122223333', 'eu-west-1');
    expect(run.stdout.split('\n')).toContain(`::add-mask::${password}`);
    expect(run.stdout.split('\n')).toContain(`::add-mask::${OIDC_TOKEN}`);
    const leaks = [password, Buffer.from(`AWS:${password}`).toString('base64'), OIDC_TOKEN, REQUEST_TOKEN];
    expect(
      expectMaskedOnly(run.stdout + run.stderr + run.summary + run.outputFile, leaks, 'the run'),
    ).toBeUndefined();
  });

  it('fails in one line that says how to supply AWS credentials when there are none', async () => {
    const run = await runAction(
      { mode: 'manifest', registry: REGISTRY, 'secret-name': 'ecr-pull' },
      awsEnv(),
    );
    runs.push(run);
    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/AWS/);
  });

  it('refuses a provider input whose provider is not in use', async () => {
    const run = await runAction({
      mode: 'manifest',
      registry: 'ghcr.io',
      username: 'me',
      password: 'CANARY-pw-123456',
      'aws-role-arn': ROLE,
      'secret-name': 'x',
    });
    runs.push(run);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::The input aws-role-arn belongs to the ecr provider, which is not in use here.',
    );
  });

  it('rejects a bad secret-name or contradictory targets before any provider call', async () => {
    for (const [inputs, message] of [
      [{ 'secret-name': 'Bad_Name' }, /^::error::.*"Bad_Name"/m],
      [{ 'secret-name': 'ecr-pull', namespaces: 'Not/A/Namespace' }, /^::error::.*Not\/A\/Namespace/m],
      [
        { 'secret-name': 'ecr-pull', namespaces: 'apps', 'all-namespaces': 'true' },
        /^::error::.*cannot be combined with/m,
      ],
      [{ 'secret-name': 'ecr-pull', 'verify-image': 'Team/App::1' }, /^::error::.*Team\/App::1/m],
    ] as const) {
      const before = aws.requests.length;
      const oidcBefore = audiences.length;
      const run = await runAction(
        { mode: 'apply', registry: REGISTRY, 'aws-role-arn': ROLE, ...inputs },
        awsEnv({ ACTIONS_ID_TOKEN_REQUEST_URL: oidcUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN }),
      );
      runs.push(run);
      expect(run.code).toBe(1);
      expect(run.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toHaveLength(1);
      expect(run.stdout).toMatch(message);
      // Neither STS nor ECR nor the runner's token service was asked anything.
      expect(aws.requests.slice(before)).toEqual([]);
      expect(audiences.length).toBe(oidcBefore);
    }
  });
});

describe('a provider endpoint that never answers', () => {
  it('fails within request-timeout with one error line naming the endpoint', async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const run = await runAction(
        { mode: 'manifest', registry: REGISTRY, 'secret-name': 'ecr-pull', 'request-timeout': '1s' },
        awsEnv({
          AWS_ENDPOINT_URL_ECR: silent.url,
          AWS_ACCESS_KEY_ID: 'AKIAACTIONTIMEOUT001',
          AWS_SECRET_ACCESS_KEY: 'CANARY-action-timeout-secret-key-abcdefg',
        }),
      );
      runs.push(run);
      expect(Date.now() - started).toBeLessThan(8000);
      expect(run.code).toBe(1);
      const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(`No answer from ${silent.url} within 1s.`);
      expect(errors[0]).not.toContain('CANARY');
      expect(silent.connections).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  });
});
