// A cloud endpoint that accepts the connection and never answers must not hang `pull-secret`: the
// built binary, the real AWS SDK, ECR pointed at a silent loopback server through AWS_ENDPOINT_URL_ECR.
import { type SilentServer, startSilentServer } from '@pull-secret/cloud-test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecret, spawnCli } from './run-cli.js';

const KEY = {
  accessKeyId: 'AKIACLITIMEOUT000001',
  secretAccessKey: 'CANARY-cli-timeout-secret-key-abcdefgh',
};
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

let silent: SilentServer;
beforeAll(async () => {
  silent = await startSilentServer();
});
afterAll(() => silent?.close());

function awsEnv(): NodeJS.ProcessEnv {
  return {
    HOME: '/nonexistent',
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_ECR: silent.url,
    AWS_ACCESS_KEY_ID: KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
  };
}

describe('a provider endpoint that never answers', () => {
  it('create --request-timeout 2s exits 1 within a few seconds, one line naming the endpoint', async () => {
    const before = silent.connections;
    const started = Date.now();
    const result = await spawnCli(['create', 'ecr-pull', '--registry', REGISTRY, '--request-timeout', '2s'], {
      env: awsEnv(),
    });
    const elapsed = Date.now() - started;
    expect(result.code).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(6000);
    expect(silent.connections).toBeGreaterThan(before);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`error: No answer from ${silent.url} within 2s.`);
    expect(lines.slice(1).every((line) => line.startsWith('hint: '))).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('--request-timeout');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expectNoSecret(result.stderr, [KEY.secretAccessKey, 'CANARY'], 'stderr');
  });

  it('refuses a bad --request-timeout as a usage error, before any network call', async () => {
    const before = silent.connections;
    const bad = await spawnCli(['create', 'ecr-pull', '--registry', REGISTRY, '--request-timeout', 'soon'], {
      env: awsEnv(),
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--request-timeout must be a duration such as 30s, 1m30s or 500ms, not "soon".',
    );
    expect(silent.connections).toBe(before);
  });

  it.each([
    [['apply', 'ecr-pull', '--registry', REGISTRY, '--qps', 'abc'], '--qps'],
    [
      ['create', 'ecr-pull', '--registry', REGISTRY, '--verify-ca-file', 'ca.pem'],
      '--verify-ca-file needs --verify',
    ],
    [['create', 'ecr-pull', '--registry', REGISTRY, '--verify', 'Team/App::1'], 'Team/App::1'],
  ])('checks %j before the provider is called', async (args, message) => {
    const before = silent.connections;
    const run = await spawnCli(args, { env: awsEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(silent.connections).toBe(before);
  });
});
