// `pull-secret` inside a GitHub Actions job: with the runner's ID-token variables set, providers get
// the job's OIDC token, as they do in the Action. ECR with --aws-role-arn and no AWS keys at all,
// against the AWS test server that only accepts that token, through the built binary.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AwsTestServer, awsChildEnv, startAwsTestServer } from '@pull-secret/cloud-test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSecretData, expectNoSecret, spawnCli } from './run-cli.js';

const OIDC_TOKEN = `CANARY-cli-oidc-${randomBytes(8).toString('hex')}`;
const REQUEST_TOKEN = `CANARY-cli-request-${randomBytes(8).toString('hex')}`;
const ROLE = 'arn:aws:iam::111122223333:role/github-pull';
const REGISTRY = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';

let aws: AwsTestServer;
let oidc: Server;
let oidcUrl: string;
let answer: { status: number; body: unknown } = { status: 200, body: { value: OIDC_TOKEN } };
const audiences: string[] = [];

beforeAll(async () => {
  aws = await startAwsTestServer({
    roles: [{ roleArn: ROLE, webIdentityToken: OIDC_TOKEN }],
    password: (account, region) => `CANARY-cli-oidc-ecr-${account}-${region}`,
  });
  oidc = createServer((request, response) => {
    if (request.headers.authorization !== `Bearer ${REQUEST_TOKEN}`) {
      response.writeHead(401).end();
      return;
    }
    audiences.push(new URL(request.url ?? '/', 'http://x').searchParams.get('audience') ?? '');
    response
      .writeHead(answer.status, { 'content-type': 'application/json' })
      .end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => oidc.listen(0, '127.0.0.1', resolve));
  oidcUrl = `http://127.0.0.1:${(oidc.address() as AddressInfo).port}/token?api-version=2.0`;
});
afterAll(async () => {
  await aws?.close();
  await new Promise((resolve) => oidc?.close(resolve));
});

function env(): NodeJS.ProcessEnv {
  return {
    HOME: '/nonexistent',
    ...awsChildEnv(aws.url),
    ACTIONS_ID_TOKEN_REQUEST_URL: oidcUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
  };
}

describe('GitHub OIDC in the CLI', () => {
  it('assumes --aws-role-arn with the job token from the runner, and prints no token', async () => {
    answer = { status: 200, body: { value: OIDC_TOKEN } };
    const result = await spawnCli(
      ['create', 'ecr-pull', '--registry', REGISTRY, '--aws-role-arn', ROLE, '-o', 'json'],
      {
        env: env(),
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(audiences.at(-1)).toBe('sts.amazonaws.com');
    expect(decodeSecretData(result.stdout)).toContain('CANARY-cli-oidc-ecr-111122223333-eu-west-1');
    expectNoSecret(result.stdout, [OIDC_TOKEN], 'result.stdout');
    expectNoSecret(result.stdout, [REQUEST_TOKEN], 'result.stdout');
  });

  it('a job token STS refuses: exit 1, the OIDC set-up hint (not a network one), no token shown', async () => {
    const untrusted = `CANARY-cli-untrusted-oidc-${randomBytes(8).toString('hex')}`;
    answer = { status: 200, body: { value: untrusted } };
    const result = await spawnCli(['create', 'ecr-pull', '--registry', REGISTRY, '--aws-role-arn', ROLE], {
      env: env(),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `error: AWS STS refused the web identity token for sts:AssumeRoleWithWebIdentity on ${ROLE} (InvalidIdentityTokenException).`,
    );
    expect(lines[1]).toMatch(
      /^hint: Check the OIDC set-up: .*IAM OIDC identity provider.*sts\.amazonaws\.com/,
    );
    expect(result.stderr).not.toMatch(/network|proxy|reach/i);
    expectNoSecret(result.stderr, [untrusted, OIDC_TOKEN, REQUEST_TOKEN], 'result.stderr');
  });

  it('fails in one sentence with the permission to add when the runner refuses', async () => {
    answer = { status: 403, body: { message: 'no id-token permission' } };
    const result = await spawnCli(['create', 'ecr-pull', '--registry', REGISTRY, '--aws-role-arn', ROLE], {
      env: env(),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('id-token: write');
    expectNoSecret(result.stderr, [REQUEST_TOKEN], 'result.stderr');
    expect(result.stderr).not.toContain('    at ');
  });
});
